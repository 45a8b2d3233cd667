# Consumer_at_most_once: 由Consumer_03_CommitSync改寫, 差別只有commit的位置: 先commit, 再處理 (At-most-once)
# consume()拉回一批訊息之後, 馬上呼叫commit(asynchronous=False), commit這一批最後一筆的offset+1, 然後才一筆一筆處理。
# 如果程式在處理這一批的途中當機, 這一批剩下還沒處理的訊息已經commit了: 重新啟動之後不會再讀到它們, 這些訊息就遺失了。
# Consumer_03是相反的順序 (先處理, 再commit = At-least-once): 當機時會重複處理, 但不會遺失。
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


# 打印SyncCommit的結果
def print_sync_commit_result(partitions):
    if partitions is None:
        print('# Failed to commit offsets')
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
            # 請求Kafka把新的訊息吐出來
            records = consumer.consume(num_messages=500, timeout=1.0) # 批次讀取

            # 在處理之前, 先同步地commit這一批 (At-most-once)
            if(records):
                offsets = consumer.commit(asynchronous=False)
                print_sync_commit_result(offsets)

            for record in records:
                # 檢查是否有錯誤
                if record.error():
                    raise KafkaException(record.error())
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
    except KeyboardInterrupt:
        sys.stderr.write('Aborted by user\n')
    except Exception as e:
        print(e)
    finally:
        # 步驟6. 關掉Consumer實例的連線 (enable.auto.commit=False: close()不會commit任何offset)
        consumer.close()
