# Producer_acks: Producer最重要的參數之一 "acks"
#   acks=0   : 不等待Broker的回應, Producer送出就當作成功 (訊息可能遺失, 也不會知道它被寫在哪個offset)
#   acks=1   : leader replica寫入之後就回應成功
#   acks=all : 所有in-sync replicas都寫入之後才回應成功 (librdkafka的預設值, 等同於 -1)
from confluent_kafka import Producer
import sys


# 用來接收從Producer instance發出的error訊息
def error_cb(err):
    print('Error: %s' % err)


# Optional per-message delivery callback (triggered by poll() or flush())
# when a message has been successfully delivered or permanently
# failed delivery (after retries).
# acks=0時Broker不會回覆, msg.offset()沒有真正的offset, 通常是None (用%s打印, 因為%d不接受None)
def delivery_callback(err, msg):
    if err:
        sys.stderr.write('%% Message failed delivery: %s\n' % err)
    else:
        # 為了不讓打印訊息拖慢速度，我們每1萬打印一筆recordMetadata來看
        if int(msg.key())%10000==0:
            sys.stderr.write('%% Message delivered to topic:[%s]-partition:[%d] @ offset[%s]\n' %
                             (msg.topic(), msg.partition(), msg.offset()))


# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        # Kafka集群在那裡?
        'bootstrap.servers': '10.34.4.109:9092',    # <-- 置換成要連接的Kafka集群
        'acks': 0,                                  # 不等待Broker的回應
        # 'acks': 1,                                # 等待leader replica寫入後的回應
        # 'acks': 'all',                            # 等待所有in-sync replicas寫入後的回應
        'error_cb': error_cb                        # 設定接收error訊息的callback函數
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
        for i in range(0, msgCount):
            producer.produce(topicName, key=str(i), value='msg_'+str(i), callback=delivery_callback)
            producer.poll(0) # 呼叫poll來讓client程式去檢查內部的Buffer，並觸發callback

        print('Send ' + str(msgCount) + ' messages to Kafka')
    except BufferError as e:
        # 錯誤處理
        sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try again\n' % len(producer))
    except Exception as e:
        print(e)
    # 步驟5. 確認所有在Buffer裡的訊息都已經送出去給Kafka了 (也會觸發還沒執行的callback)
    producer.flush(10)
    print('Message sending completed!')
