# Producer_02_Sync: 同步 (Synchronous) 發佈訊息
# Python版本的Kafka client (confluent-kafka)的底層函式庫是librdkafka (用C/C++開發)。
# Librdkafka都是使用"異步(async)"的手法來與kafka溝通, 它不支援"同步(sync)"的發佈!!
# 所以我們在每一次produce()之後呼叫flush(), 等到這筆訊息的發佈結果回來(callback被觸發)才送下一筆,
# 用這個方式來模擬同步的發佈 (throughput會很低, 因為每一筆都要等Broker的回覆)
from confluent_kafka import Producer
import sys


# 用來接收從Producer instance發出的error訊息
def error_cb(err):
    print('Error: %s' % err)


# Optional per-message delivery callback (triggered by poll() or flush())
# when a message has been successfully delivered or permanently
# failed delivery (after retries).
def delivery_callback(err, msg):
    if err:
        sys.stderr.write('%% Message failed delivery: %s\n' % err)
    else:
        # 為了不讓打印訊息拖慢速度，我們每1萬打印一筆recordMetadata來看
        if int(msg.key())%10000==0:
            sys.stderr.write('%% Message delivered to topic:[%s]-partition:[%d] @ offset[%d]\n' %
                             (msg.topic(), msg.partition(), msg.offset()))


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        # Kafka集群在那裡?
        'bootstrap.servers': 'localhost:9092',    # <-- 置換成要連接的Kafka集群
        'error_cb': error_cb                    # 設定接收error訊息的callback函數
    }
    # 步驟2. 產生一個Kafka的Producer的實例
    producer = Producer(**props)
    # 步驟3. 指定想要發佈訊息的topic名稱
    topicName = 'ak03.test'
    msgCount = 100000  # 10萬筆
    try:
        print('Start sending messages ...')
        # 步驟4. 產生要發佈到Kafka的訊息
        # produce(topic, [value], [key], [partition], [on_delivery], [timestamp], [headers])

        # ** 示範: Synchronous Send **
        # 每送出一筆訊息就呼叫flush(), 等待Broker回覆這筆訊息的ack結果之後才繼續

        for i in range(0, msgCount):
            producer.produce(topicName, key=str(i), value='msg_'+str(i), callback=delivery_callback)
            producer.flush() # 等待Buffer裡的訊息都送出去並收到結果 (會觸發callback)

        print('Send ' + str(msgCount) + ' messages to Kafka')
    except BufferError as e:
        # 錯誤處理
        sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try again\n' % len(producer))
    except Exception as e:
        print(e)
    # 步驟5. 確認所有在Buffer裡的訊息都已經送出去給Kafka了
    producer.flush(10)
    print('Message sending completed!')
