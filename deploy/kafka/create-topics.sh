#!/usr/bin/env bash
# Creates leadpipe's topics on the compose broker, as the catalogue io.leadpipe.schemas.topics.Topics defines
# them (name, partitions, cleanup policy, and retention where the catalogue sets one). Existing topics are left
# as they are: changing the partitions of a visitor-keyed topic would move visitors to other partitions.
# deployment-checks fails when this list and Topics drift apart.
set -euo pipefail

: "${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS must name the broker, e.g. kafka:19092}"
REPLICATION_FACTOR="${REPLICATION_FACTOR:-1}"
# The apache/kafka image's tools; point elsewhere to run it with a local Kafka distribution.
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

create_topic() {
  local topic="$1" partitions="$2" cleanup_policy="$3" retention_ms="${4:-}"
  local configs=(--config "cleanup.policy=$cleanup_policy")
  if [[ -n "$retention_ms" ]]; then
    configs+=(--config "retention.ms=$retention_ms")
  fi
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" "${configs[@]}"
}

#            topic                          partitions  cleanup.policy  [retention.ms]
create_topic leadpipe.web-events            6           delete
create_topic leadpipe.social-events         6           delete
create_topic leadpipe.identities            6           delete
create_topic leadpipe.prospect-profiles     6           compact
create_topic leadpipe.segment-changes       6           delete
create_topic leadpipe.hesitations           6           delete
create_topic leadpipe.followup-triggers     6           delete
create_topic leadpipe.followup-decisions    6           delete
create_topic leadpipe.segment-definitions   1           compact
create_topic leadpipe.followup-strategies   1           compact
create_topic leadpipe.dead-letters          3           delete
create_topic leadpipe.identity-merges       1           compact
create_topic leadpipe.identity-commands     1           delete
create_topic leadpipe.privacy-requests      1           compact
create_topic leadpipe.privacy-erasures      6           delete          604800000

echo "leadpipe topics ready on $BOOTSTRAP_SERVERS"
