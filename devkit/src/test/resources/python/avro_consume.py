"""Decode Confluent-framed Avro with Confluent's own Python client, through our dev registry.

Usage: avro_consume.py BOOTSTRAP REGISTRY_URL TOPIC COUNT TIMEOUT_S
Prints one line per record: key<TAB>messageId<TAB>type. Exit code 2 when fewer arrived in time.
"""
import sys
import time

from confluent_kafka.avro import AvroConsumer

bootstrap, registry, topic, count, timeout_s = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
consumer = AvroConsumer({
    "bootstrap.servers": bootstrap,
    "group.id": "python-avro-" + str(time.time()),
    "auto.offset.reset": "earliest",
    "schema.registry.url": registry,
}, reader_key_schema=None)
consumer.subscribe([topic])
seen = 0
deadline = time.time() + timeout_s
while seen < count and time.time() < deadline:
    msg = consumer.poll(0.5)
    if msg is None:
        continue
    if msg.error():
        print("error: %s" % msg.error(), file=sys.stderr)
        continue
    value = msg.value()
    print("%s\t%s\t%s" % (msg.key(), value["messageId"], value["type"]), flush=True)
    seen += 1
consumer.close()
sys.exit(0 if seen >= count else 2)
