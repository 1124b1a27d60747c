"""Drives Confluent's own Python registry client and Avro framing against a registry URL.

Usage: confluent_client_check.py <registry-url> <hex of a Java-serialized Lead on topic 'leads'>
Prints one JSON object with what it observed; exits non-zero on any failure.
"""
import binascii
import json
import sys

from confluent_kafka import avro
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

LEAD_V1 = avro.loads('{"type":"record","name":"Lead","namespace":"io.leadpipe.registry.testdata",'
                     '"fields":[{"name":"email","type":"string"},{"name":"score","type":"int"}]}')
LEAD_V2 = avro.loads('{"type":"record","name":"Lead","namespace":"io.leadpipe.registry.testdata",'
                     '"fields":[{"name":"email","type":"string"},{"name":"score","type":"int"},'
                     '{"name":"segment","type":"string","default":"unknown"}]}')
LEAD_REQUIRED = avro.loads('{"type":"record","name":"Lead","namespace":"io.leadpipe.registry.testdata",'
                           '"fields":[{"name":"email","type":"string"},{"name":"score","type":"int"},'
                           '{"name":"owner","type":"string"}]}')

url, java_hex = sys.argv[1], sys.argv[2]
client = CachedSchemaRegistryClient(url)
out = {}
out["registered_id"] = client.register("py-leads-value", LEAD_V1)
out["by_id_matches"] = client.get_by_id(out["registered_id"]) == LEAD_V1
latest_id, latest_schema, latest_version = client.get_latest_schema("py-leads-value")
out["latest"] = {"id": latest_id, "version": latest_version, "matches": latest_schema == LEAD_V1}
out["compatible_v2"] = client.test_compatibility("py-leads-value", LEAD_V2)
out["compatible_required"] = client.test_compatibility("py-leads-value", LEAD_REQUIRED)
out["global_level"] = client.get_compatibility()
out["subject_level_set"] = client.update_compatibility("FULL", "py-leads-value")
out["subject_level"] = client.get_compatibility("py-leads-value")

serializer = MessageSerializer(client)
decoded = serializer.decode_message(binascii.unhexlify(java_hex))
out["decoded_from_java"] = {"email": decoded["email"], "score": decoded["score"]}
encoded = serializer.encode_record_with_schema("leads", LEAD_V1, {"email": "from@python", "score": 9})
out["encoded_hex"] = binascii.hexlify(encoded).decode("ascii")
print(json.dumps(out))
