# 講義004 consumer_demo: 用kafka-python (pip install kafka-python, 版本3.0.12) 讀取訊息
# KafkaConsumer用for迴圈迭代: 一批訊息用完時, 迭代器才再呼叫poll();
# 自動commit (enable_auto_commit=True, 每auto_commit_interval_ms=5000) 也只在poll()裡執行。
# 講義的程式沒有處理時間; 這裡在迴圈最後加上一行sleep, 模擬每筆訊息要處理2秒。
from kafka import KafkaConsumer
import json
import time


def consumer_demo():
    consumer = KafkaConsumer(
        'kafka_demo',
        bootstrap_servers=':9092',
        group_id='test'
    )
    for message in consumer:
        print("receive, key: {}, value: {}".format(
            json.loads(message.key.decode()),
            json.loads(message.value.decode())
            )
        )
        time.sleep(2)  # 模擬處理這筆訊息要2秒


if __name__ == '__main__':
    consumer_demo()
