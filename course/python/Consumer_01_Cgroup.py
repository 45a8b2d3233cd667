# Consumer_01_Cgroup: Consumer與ConsumerGroup實驗
# 先執行Producer_05_CGroup (每3秒發佈一筆訊息到有4個partitions的topic "ak03.fourpartition"),
# 然後用同一個group.id ('tdea') 依序啟動第1, 2, 3, 4, 5個instance, 觀察Console的log:
# 每一次有instance加入或離開, 就會觸發Rebalance, partition會被重新分配 (預設的分配策略是range)。
# 同一個partition只會分配給group裡的一個Consumer, 所以第5個instance會分不到任何partition。
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


# 把partition的清單轉換成 "[topic-partition, ...]" 的字串
def partition_list(partitions):
    return '[' + ', '.join('{}-{}'.format(p.topic, p.partition) for p in partitions) + ']'


# 當發生Rebalance時, 有partition被assign給這個Consumer時被呼叫
def print_assignment(consumer, partitions):
    print('Setting newly assigned partitions: ' + partition_list(partitions))


# 當發生Rebalance時, 之前被assign的partition要被收回時被呼叫
def print_revoke(consumer, partitions):
    print('Revoking previously assigned partitions: ' + partition_list(partitions))


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        'bootstrap.servers': 'localhost:9092',
        'group.id': 'tdea',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 6000,
        'error_cb': error_cb
    }
    # 步驟2. 產生一個Kafka的Consumer的實例
    consumer = Consumer(props)
    # 步驟3. 指定想要訂閱訊息的topic名稱
    topicName = 'ak03.fourpartition'
    # 步驟4. 讓Consumer向Kafka集群訂閱指定的topic
    consumer.subscribe([topicName], on_assign=print_assignment, on_revoke=print_revoke)

    # 步驟5. 持續的拉取Kafka有進來的訊息
    try:
        print('Start listen incoming messages ...')
        while True:
            # 請求Kafka把新的訊息吐出來
            records = consumer.consume(num_messages=500, timeout=1.0) # 批次讀取
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
        # 步驟6. 關掉Consumer實例的連線 (會送出LeaveGroup, 讓group馬上Rebalance)
        consumer.close()
