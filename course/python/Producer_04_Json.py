# Producer_04_Json: 把物件序列化成JSON字串之後再發佈 (序列化的概念)
# Kafka只保存bytes: produce()會把JSON字串以UTF-8編碼成bytes, Consumer要自己用json.loads()還原
from confluent_kafka import Producer
import sys
import json
import time


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


# 員工資料 (要被序列化成JSON的物件)
class Employee:
    def __init__(self, id, firstName, lastName, deptId, hireDate, wage, sex):
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.deptId = deptId
        self.hireDate = hireDate
        self.wage = wage
        self.sex = sex


# 取得現在時間的epoch毫秒數 (milliseconds since 1970-01-01 UTC)
def epoch_now_mills():
    return int(time.time() * 1000)


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
        for i in range(0, msgCount):
            fakeNumber = str(i)
            # 讓我們產生假的Employee資料
            employee = Employee(id='empid_'+fakeNumber,
                                firstName='fn_'+fakeNumber,
                                lastName='ln_'+fakeNumber,
                                deptId='deptid_'+str(i%10),
                                hireDate=epoch_now_mills(),
                                wage=float(i),
                                sex=True
                                )

            # 轉換成JSON字串
            employeeJson = json.dumps(employee.__dict__)

            # 送出訊息
            producer.produce(topicName, key=str(i), value=employeeJson, callback=delivery_callback)

            producer.poll(0) # 呼叫poll來讓client程式去檢查內部的Buffer, 並觸發callback

        print('Send ' + str(msgCount) + ' messages to Kafka')
    except BufferError as e:
        # 錯誤處理
        sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try again\n' % len(producer))
    except Exception as e:
        print(e)
    # 步驟5. 確認所有在Buffer裡的訊息都已經送出去給Kafka了 (也會觸發還沒執行的callback)
    producer.flush(10)
    print('Message sending completed!')
