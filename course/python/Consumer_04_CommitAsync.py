# Consumer_04_CommitAsync: 非同步commit (Asynchronous Commit)
# commit()預設就是非同步的 (asynchronous=True): 送出commit請求之後馬上返回, 不等待Broker的回覆;
# commit的結果會在之後呼叫consume()的時候, 透過on_commit設定的callback函數 (print_commit_result) 通知。
from confluent_kafka import Consumer, KafkaException
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


# 當發生commit時被呼叫
def print_commit_result(err, partitions):
    if err is not None:
        print('# Failed to commit offsets: %s: %s' % (err, partitions))
    else:
        for p in partitions:
            print('# Committed offsets for: %s-%s {offset=%s}' % (p.topic, p.partition, p.offset))


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        'bootstrap.servers': 'localhost:9092',      # Kafka集群在那裡? (置換成要連接的Kafka集群)
        'group.id': 'tdea',                        # ConsumerGroup的名稱 (置換成你/妳的學員ID)
        'auto.offset.reset': 'earliest',           # 是否從這個ConsumerGroup尚未讀取的partition/offset開始讀
        'enable.auto.commit': False,               # 是否啟動自動commit
        'on_commit': print_commit_result,          # 設定接收commit訊息的callback函數
        'error_cb': error_cb                       # 設定接收error訊息的callback函數
    }
    # 步驟2. 產生一個Kafka的Consumer的實例
    consumer = Consumer(props)
    # 步驟3. 指定想要訂閱訊息的topic名稱
    topicName = 'ak03.test'
    # 步驟4. 讓Consumer向Kafka集群訂閱指定的topic
    consumer.subscribe([topicName])

    # 步驟5. 持續的拉取Kafka有進來的訊息
    try:
        print('Start listen incoming messages ...')
        while True:
            recrods_pulled = False  # 用來檢查是否有有效的record被取出來

            # 請求Kafka把新的訊息吐出來
            records = consumer.consume(num_messages=500, timeout=1.0) # 批次讀取
            for record in records:
                # 檢查是否有錯誤
                if record.error():
                    raise KafkaException(record.error())
                recrods_pulled = True
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
            # 異步地執行commit (Async commit)
            if(recrods_pulled):
                consumer.commit()
    except KeyboardInterrupt:
        sys.stderr.write('Aborted by user\n')
    except Exception as e:
        print(e)
    finally:
        # 步驟6. 關掉Consumer實例的連線 (enable.auto.commit=False: close()不會commit任何offset)
        consumer.close()
