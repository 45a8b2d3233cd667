# 講義004 手動commit的consumer_demo: kafka-python (版本3.0.12)
# enable_auto_commit=False, 每處理完一筆訊息就commit一次:
# commit()是同步的, commit這個Consumer讀到的位置 (最後一筆的offset+1)。
from kafka import KafkaConsumer
import json


def consumer_demo():
    consumer = KafkaConsumer(
        'kafka_demo',
        bootstrap_servers=':9092',
        group_id='test',
        enable_auto_commit=False
    )
    for message in consumer:
        print("receive, key: {}, value: {}".format(
            json.loads(message.key.decode()),
            json.loads(message.value.decode())
            )
        )
        consumer.commit()


if __name__ == '__main__':
    consumer_demo()
