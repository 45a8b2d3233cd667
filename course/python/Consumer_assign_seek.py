# Consumer_assign_seek: 不加入ConsumerGroup的Standalone Consumer, 自己指定partition與offset
# assign()直接指定要讀的partition與開始的offset: 這個Consumer不是group的成員, 不會觸發也不會參與Rebalance;
# group.id只用在commit offset (這裡不commit)。
# seek()可以把一個正在讀取的partition的讀取位置移到指定的offset (例如重新讀一次)。
from confluent_kafka import Consumer, KafkaException, TopicPartition
import sys


# 用來接收從Consumer instance發出的error訊息
def error_cb(err):
    print('Error: %s' % err)


# 轉換msgKey或msgValue成為utf-8的字串
def try_decode_utf8(data):
    if data:
        return data.decode('utf-8')
    else:
        return None


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        'bootstrap.servers': 'localhost:9092',      # Kafka集群在那裡? (置換成要連接的Kafka集群)
        'group.id': 'tdea',                        # ConsumerGroup的名稱 (置換成你/妳的學員ID)
        'enable.auto.commit': False,               # 是否啟動自動commit
        'error_cb': error_cb                       # 設定接收error訊息的callback函數
    }
    # 步驟2. 產生一個Kafka的Consumer的實例
    consumer = Consumer(props)
    # 步驟3. 指定想要讀取訊息的topic名稱
    topicName = 'ak03.test'
    # 步驟4. 不用subscribe(), 直接指定要讀取的partition與開始的offset (從partition 0的offset 0開始)
    consumer.assign([TopicPartition(topicName, 0, 0)])

    # 步驟5. 持續的拉取Kafka有進來的訊息
    try:
        print('Start listen incoming messages ...')
        rewound = False  # 是否已經用seek()回到開頭重新讀過一次
        while True:
            records_pulled = False  # 用來檢查是否有有效的record被取出來

            # 請求Kafka把新的訊息吐出來
            records = consumer.consume(num_messages=500, timeout=1.0) # 批次讀取
            for record in records:
                # 檢查是否有錯誤
                if record.error():
                    raise KafkaException(record.error())
                records_pulled = True
                # ** 在這裡進行商業邏輯與訊息處理 **
                # 取出相關的metadata
                topic = record.topic()
                partition = record.partition()
                offset = record.offset()
                timestamp = record.timestamp()
                # 取出msgKey與msgValue
                msgKey = try_decode_utf8(record.key())
                msgValue = try_decode_utf8(record.value())

                # 秀出metadata與msgKey & msgValue訊息
                print('%s-%d-%d : (%s , %s)' % (topic, partition, offset, msgKey, msgValue))

            # 讀完第一批訊息之後, 用seek()把讀取位置移回offset 0, 再讀一次
            if records_pulled and not rewound:
                print('Seeking to %s-%d {offset=%d}' % (topicName, 0, 0))
                consumer.seek(TopicPartition(topicName, 0, 0))
                rewound = True
    except KeyboardInterrupt:
        sys.stderr.write('Aborted by user\n')
    except Exception as e:
        print(e)
    finally:
        # 步驟6. 關掉Consumer實例的連線
        consumer.close()
