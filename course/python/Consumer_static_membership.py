# Consumer_static_membership: 靜態成員 (Static Group Membership, KIP-345)
# 設定了group.instance.id的Consumer是靜態成員: close()的時候不會送出LeaveGroup,
# Broker會保留它的partition直到session.timeout.ms到期。只要在這段時間內用同一個group.instance.id重新啟動,
# 就不會觸發Rebalance, 而且會拿回原本的partition (在它離開的這段時間, 沒有人讀取這些partition)。
# 每一個instance都要有自己唯一的group.instance.id, 例如: python Consumer_static_membership.py c1
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
    # 這個instance的靜態成員ID (從命令列參數取得)
    instanceId = sys.argv[1] if len(sys.argv) > 1 else 'c1'

    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        'bootstrap.servers': 'localhost:9092',      # Kafka集群在那裡? (置換成要連接的Kafka集群)
        'group.id': 'tdea',                        # ConsumerGroup的名稱 (置換成你/妳的學員ID)
        'group.instance.id': instanceId,           # 靜態成員的ID (在group裡必須是唯一的)
        'session.timeout.ms': 30000,               # 靜態成員離開超過這個時間, 才會觸發Rebalance
        'auto.offset.reset': 'earliest',           # 是否從這個ConsumerGroup尚未讀取的partition/offset開始讀
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
        # 步驟6. 關掉Consumer實例的連線 (靜態成員不會送出LeaveGroup, 所以不會馬上Rebalance)
        consumer.close()
