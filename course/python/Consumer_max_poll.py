# Consumer_max_poll: 由Consumer_01_Cgroup改寫, 差別是: 每一筆訊息的處理要花processingTime秒, max.poll.interval.ms設成10秒,
# 多了on_lost callback, record.error()時印出錯誤後繼續 (continue), 不丟出例外,
# 而且像Consumer_04_CommitAsync一樣, 每處理完一批就非同步地commit, 結果由on_commit (print_commit_result) 通知。
# 兩次consume()之間如果超過max.poll.interval.ms (librdkafka預設300000, 也就是5分鐘; 這裡設成10秒, 不必等5分鐘),
# librdkafka會在stderr印出MAXPOLL的log, 送出LeaveGroup離開group, 並把partition當成「遺失」(lost): 呼叫on_lost
# (沒有設定on_lost時, confluent-kafka-python會改呼叫on_revoke)。下一次consume()會收到_MAX_POLL_EXCEEDED的錯誤, 然後重新加入group。
# 執行方式: python Consumer_max_poll.py [每一筆的處理秒數, 預設12]
from confluent_kafka import Consumer, KafkaException
import sys
import time


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


# 當發生commit時被呼叫
def print_commit_result(err, partitions):
    if err is not None:
        print('# Failed to commit offsets: %s: %s' % (err, partitions))
    else:
        for p in partitions:
            print('# Committed offsets for: %s-%s {offset=%s}' % (p.topic, p.partition, p.offset))


# 當發生Rebalance時, 有partition被assign給這個Consumer時被呼叫
def print_assignment(consumer, partitions):
    print('Setting newly assigned partitions: ' + partition_list(partitions))


# 當發生Rebalance時, 之前被assign的partition要被收回時被呼叫
def print_revoke(consumer, partitions):
    print('Revoking previously assigned partitions: ' + partition_list(partitions))


# 當Consumer因為超過max.poll.interval.ms而離開group時被呼叫: 它的partition可能已經被分給別人 (不能再commit)
def print_lost(consumer, partitions):
    print('Lost previously assigned partitions: ' + partition_list(partitions))


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        'bootstrap.servers': 'localhost:9092',
        'group.id': 'tdea',
        'auto.offset.reset': 'earliest',
        'session.timeout.ms': 6000,
        'enable.auto.commit': False,
        'on_commit': print_commit_result,
        'max.poll.interval.ms': 10000,   # 兩次consume()之間最多可以隔多久 (毫秒)
        'error_cb': error_cb
    }
    # 步驟2. 產生一個Kafka的Consumer的實例
    consumer = Consumer(props)
    # 步驟3. 指定想要訂閱訊息的topic名稱
    topicName = 'ak03.fourpartition'
    # 每一筆訊息要處理幾秒 (可以從命令列指定)
    processingTime = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    # 步驟4. 讓Consumer向Kafka集群訂閱指定的topic
    consumer.subscribe([topicName], on_assign=print_assignment, on_revoke=print_revoke, on_lost=print_lost)

    # 步驟5. 持續的拉取Kafka有進來的訊息
    try:
        print('Start listen incoming messages ...')
        while True:
            records_pulled = False  # 用來檢查是否有有效的record被取出來

            # 請求Kafka把新的訊息吐出來
            records = consumer.consume(num_messages=500, timeout=1.0) # 批次讀取
            for record in records:
                # 檢查是否有錯誤
                if record.error():
                    print('Error: %s' % record.error())
                    continue
                records_pulled = True
                # ** 在這裡進行商業邏輯與訊息處理 ** (用sleep模擬很花時間的處理)
                time.sleep(processingTime)
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

            # 非同步地執行commit (Async commit)
            if(records_pulled):
                consumer.commit()
    except KeyboardInterrupt:
        sys.stderr.write('Aborted by user\n')
    except Exception as e:
        print(e)
    finally:
        # 步驟6. 關掉Consumer實例的連線 (會送出LeaveGroup, 讓group馬上Rebalance)
        consumer.close()
