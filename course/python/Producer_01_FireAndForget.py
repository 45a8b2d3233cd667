# Producer_01_FireAndForget: 發佈訊息後不檢查結果 (Fire-and-forget)
# 我們只把訊息交給client的Buffer, 不去確認Broker是否收到, 所以不知道訊息是否發佈成功
from confluent_kafka import Producer
import sys


# 用來接收從Producer instance發出的error訊息
def error_cb(err):
    print('Error: %s' % err)


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

        # ** 示範: Fire - and -forget **
        # 在以下的"produce()"過程, 我們並沒有去檢查訊息發佈的結果
        # 因此這種方法的throughput最高, 但也知道訊息是否發佈成功或失敗

        for i in range(0, msgCount):
            producer.produce(topicName, key=str(i), value='msg_'+str(i))
            producer.poll(0) # <-- (重要) 呼叫poll來讓client程式去檢查內部的Buffer

        print('Send ' + str(msgCount) + ' messages to Kafka')
    except BufferError as e:
        # 錯誤處理
        sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try again\n' % len(producer))
    except Exception as e:
        print(e)
    # 步驟5. 確認所有在Buffer裡的訊息都已經送出去給Kafka了
    producer.flush(10)
    print('Message sending completed!')
