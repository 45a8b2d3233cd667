# Consumer_lag: 計算ConsumerGroup的lag (還有多少訊息沒有被讀取並commit)
# lag = partition最後一筆訊息的下一個offset (high watermark, 也就是end offset) - 這個group已經commit的offset
# 如果這個group還沒有commit過某個partition, 那整個partition的訊息都還沒讀: lag = high - low
# 這個程式不加入group (沒有subscribe), 只用group.id查詢這個group commit的offset, 每5秒更新一次。
from confluent_kafka import Consumer, TopicPartition, OFFSET_INVALID
import sys
import time


# 用來接收從Consumer instance發出的error訊息
def error_cb(err):
    print('Error: %s' % err)


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        'bootstrap.servers': 'localhost:9092',      # Kafka集群在那裡? (置換成要連接的Kafka集群)
        'group.id': 'tdea',                        # 要查詢lag的ConsumerGroup的名稱
        'enable.auto.commit': False,               # 這個程式只查詢, 不commit
        'error_cb': error_cb                       # 設定接收error訊息的callback函數
    }
    # 步驟2. 產生一個Kafka的Consumer的實例
    consumer = Consumer(props)
    # 步驟3. 指定想要查詢的topic名稱
    topicName = 'ak03.fourpartition'
    # 步驟4. 取得這個topic所有的partition
    metadata = consumer.list_topics(topicName, timeout=10)
    partitions = [TopicPartition(topicName, p) for p in sorted(metadata.topics[topicName].partitions)]

    # 步驟5. 每5秒計算一次每個partition的lag
    try:
        while True:
            total_lag = 0
            # 這個group在每個partition已經commit的offset
            committed = consumer.committed(partitions, timeout=10)
            for tp in committed:
                # 這個partition的low與high watermark (high = end offset)
                low, high = consumer.get_watermark_offsets(tp, timeout=10)
                if tp.offset == OFFSET_INVALID:
                    committed_offset = '-'
                    lag = high - low
                else:
                    committed_offset = str(tp.offset)
                    lag = high - tp.offset
                total_lag += lag
                print('%s-%d : committed=%s, end=%d, lag=%d' % (tp.topic, tp.partition, committed_offset, high, lag))
            print('Total lag: %d' % total_lag)
            time.sleep(5) # 讓主執行緒停個5秒
    except KeyboardInterrupt:
        sys.stderr.write('Aborted by user\n')
    except Exception as e:
        print(e)
    finally:
        # 步驟6. 關掉Consumer實例的連線
        consumer.close()
