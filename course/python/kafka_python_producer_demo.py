# 講義004 producer_demo: 用kafka-python (pip install kafka-python, 版本3.0.12) 送出訊息
# key和value都用json序列化: key='count_num'送出去的是JSON文字"count_num" (包含引號)。
# 每次send()之後用future.get()等這一筆的結果才送下一筆: 每筆訊息一個produce request。
# 注意: kafka_errors是一個dict (錯誤碼 -> 例外類別), 不是例外類別;
# 送出失敗時, except kafka_errors本身會丟出TypeError。
from kafka import KafkaProducer
from kafka.errors import kafka_errors
import traceback
import json


def producer_demo():
    producer = KafkaProducer(
        bootstrap_servers=['localhost:9092'],
        key_serializer=lambda k: json.dumps(k).encode(),
        value_serializer=lambda v: json.dumps(v).encode())
    # 送出三筆訊息, 同一個key, 指定送到partition 1
    for i in range(0, 3):
        future = producer.send(
            'kafka_demo',
            key='count_num',
            value=str(i),
            partition=1)
        print("send {}".format(str(i)))
        try:
            future.get(timeout=10)  # 等待這一筆送出的結果
        except kafka_errors:
            traceback.format_exc()


if __name__ == '__main__':
    producer_demo()
