//! Compiles `csrc/assignor_harness.c`, the differential test's entry point into librdkafka's own
//! assignors, against the internal headers of the librdkafka that `rdkafka-sys` built. Its build
//! script prints `cargo:root=<out>` (`links = "rdkafka"`), which reaches this one as
//! `DEP_RDKAFKA_ROOT`: `<out>/src` holds the configured source and `librdkafka.a`, `<out>` the
//! `config.h` that `src/rd.h` includes as `../config.h`. The internal symbols the harness
//! calls are in that static library, which `rdkafka-sys` links already.

use std::env;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(
        env::var("DEP_RDKAFKA_ROOT").expect("rdkafka-sys prints cargo:root (links = \"rdkafka\")"),
    );
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/assignor_harness.c")
        .include("csrc")
        // As system headers: librdkafka's own headers are not warning-clean under `-Wextra`,
        // the harness is.
        .flag("-isystem")
        .flag(root.join("src").to_str().expect("UTF-8 build path"))
        .flag("-isystem")
        .flag(root.to_str().expect("UTF-8 build path"))
        .compile("assignor_harness");
}
