# Consumer_cooperative: 漸進式的Rebalance (Incremental Cooperative Rebalancing, KIP-429)
# partition.assignment.strategy設成cooperative-sticky之後, Rebalance時Consumer不必先放棄所有的partition:
#   - on_revoke只會收到 "要移給別人" 的partition, 其他partition繼續讀取, 不會停下來;
#   - on_assign只會收到 "新增" 的partition (可能是空的清單);
#   - 有partition要搬家時會有兩次Rebalance: 第一次原本的Consumer先交出partition, 第二次再分配給新的Consumer。
# 同一個group裡的所有Consumer都要使用cooperative的策略 (librdkafka不允許把cooperative與eager的策略混在一起設定)。
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


# 當發生Rebalance時, 有新增的partition被assign給這個Consumer時被呼叫
def print_assignment(consumer, partitions):
    print('Setting newly assigned partitions: ' + partition_list(partitions))


# 當發生Rebalance時, 有partition要從這個Consumer收回時被呼叫
def print_revoke(consumer, partitions):
    print('Revoking previously assigned partitions: ' + partition_list(partitions))


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        'bootstrap.servers': 'localhost:9092',      # Kafka集群在那裡? (置換成要連接的Kafka集群)
        'group.id': 'tdea',                        # ConsumerGroup的名稱 (置換成你/妳的學員ID)
        'auto.offset.reset': 'earliest',           # 是否從這個ConsumerGroup尚未讀取的partition/offset開始讀
        'partition.assignment.strategy': 'cooperative-sticky',  # 使用漸進式的Rebalance
        'error_cb': error_cb                       # 設定接收error訊息的callback函數
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
        # 步驟6. 關掉Consumer實例的連線
        consumer.close()
