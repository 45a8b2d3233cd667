# 改寫自Producer_03_Async.py (derived from Producer_03_Async.py): props只多了queue.buffering.max.messages (5筆), 其他都一樣
# Producer_03_QueueFull: Buffer滿了: produce()丟出BufferError
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
        'queue.buffering.max.messages': 5,      # Buffer最多放5筆訊息 (預設100000)
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

        # ** 示範: Asynchronous Send **
        # 透過一個Callback函式我們可以非同步地取得由Broker回覆訊息發佈的ack結果
        # 這種方法可以取得Broker回覆訊息發佈的ack結果，同時又可以取得好的throughput (建議的作法)

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
