# 講義004 查看kafka堆積剩餘量: kafka-python (版本3.0.12)
# kafka left = 每個partition的end offset加總 - group已經commit的offset加總 (沒有commit過的partition算0)
from kafka import KafkaConsumer, TopicPartition

topic = 'kafka_demo'
kwargs = {'bootstrap_servers': ':9092', 'group_id': 'test'}

consumer = KafkaConsumer(topic, **kwargs)
partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]

print("start to cal offset:")

# total
toff = consumer.end_offsets(partitions)
toff = [(key.partition, toff[key]) for key in toff.keys()]
toff.sort()
print("total offset: {}".format(str(toff)))

# current
coff = [(x.partition, consumer.committed(x)) for x in partitions]
coff.sort()
print("current offset: {}".format(str(coff)))

# cal sum and left
toff_sum = sum([x[1] for x in toff])
cur_sum = sum([x[1] for x in coff if x[1] is not None])
left_sum = toff_sum - cur_sum
print("kafka left: {}".format(left_sum))
