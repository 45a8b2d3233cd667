fn main() {
    kafka_lab::start();
}
