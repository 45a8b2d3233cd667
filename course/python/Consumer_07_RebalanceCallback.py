# Consumer_07_RebalanceCallback: 在Rebalance發生時commit已經處理過的offset (Rebalance callback)
# 如果知道這個Consumer即將失去某些partition的所有權, 就應該先commit最後處理完的訊息的offset。
# subscribe()可以傳入callback函數: on_assign (partition被assign之後) 與 on_revoke (partition被收回之前)。
# 在on_revoke裡面commit, 平常的Rebalance (有Consumer加入或正常關閉) 就不會造成重覆處理的訊息。
from confluent_kafka import Consumer, KafkaException
import sys

# 記錄每一個partition最後處理完的訊息 (key: "topic-partition", value: 訊息)
offsets_dict = {}


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


# 當發生Rebalance時, 有partition被assign給這個Consumer時被呼叫
def print_assignment(consumer, partitions):
    result = '[' + ', '.join('{}-{}'.format(p.topic, p.partition) for p in partitions) + ']'
    print('Setting newly assigned partitions: ' + result)


# 當Rebalance被觸發後, Commit現在process的offsets
def commit_on_revoke(consumer, partitions):
    global offsets_dict

    result = '['
    is_first = True
    for p in partitions:
        if is_first:
            result = result + '{}-{}'.format(p.topic, p.partition)
            is_first = False
        else:
            result = result + ', {}-{}'.format(p.topic, p.partition)
    result = result + ']'
    print('Revoking previously assigned partitions: ' + result)

    for k, v in offsets_dict.items():
        consumer.commit(v) # 進行異步的commit
    # 這些partition已經不屬於這個Consumer了: 清掉記錄, 以免下一次Rebalance時又把舊的offset commit回去
    offsets_dict.clear()


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
    topicName = 'ak03.fourpartition'
    # 步驟4. 讓Consumer向Kafka集群訂閱指定的topic
    consumer.subscribe([topicName]
        , on_assign=print_assignment
        , on_revoke=commit_on_revoke)

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

                # 記下這個partition最後處理完的訊息, Rebalance時commit_on_revoke會commit它的offset+1
                offsets_dict['{}-{}'.format(topic, partition)] = record
    except KeyboardInterrupt:
        sys.stderr.write('Aborted by user\n')
    except Exception as e:
        print(e)
    finally:
        # 步驟6. 關掉Consumer實例的連線 (close()會先觸發on_revoke, 所以commit_on_revoke也會commit)
        consumer.close()
