#!/usr/bin/env bash
# Creates leadpipe's topics on the compose cluster, as the catalogue io.leadpipe.schemas.topics.Topics defines
# them (name, partitions, cleanup policy, and retention where the catalogue sets one). Visitor-keyed topics get
# VISITOR_PARTITIONS partitions (the deployment's LEADPIPE_VISITOR_PARTITIONS); the others keep the catalogue's
# fixed count. Existing topics are left as they are: changing the partitions of a visitor-keyed topic would move
# visitors to other partitions (docs/deployment.md#add-partitions). deployment-checks fails when this list and
# Topics drift apart.
set -euo pipefail

: "${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS must name the brokers, e.g. kafka-1:19092,kafka-2:19092}"
: "${VISITOR_PARTITIONS:?VISITOR_PARTITIONS must give the partitions of visitor-keyed topics (LEADPIPE_VISITOR_PARTITIONS)}"
# Three replicas, two in sync for an acknowledged write: one broker may be down without losing or refusing writes.
REPLICATION_FACTOR="${REPLICATION_FACTOR:-3}"
MIN_INSYNC_REPLICAS="${MIN_INSYNC_REPLICAS:-2}"
# The apache/kafka image's tools; point elsewhere to run it with a local Kafka distribution.
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

positive_integer() {
  if ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then
    echo "$1 must be a positive integer, is '$2'" >&2
    exit 2
  fi
}
positive_integer VISITOR_PARTITIONS "$VISITOR_PARTITIONS"
positive_integer REPLICATION_FACTOR "$REPLICATION_FACTOR"
positive_integer MIN_INSYNC_REPLICAS "$MIN_INSYNC_REPLICAS"
if (( MIN_INSYNC_REPLICAS > REPLICATION_FACTOR )); then
  echo "MIN_INSYNC_REPLICAS ($MIN_INSYNC_REPLICAS) exceeds REPLICATION_FACTOR ($REPLICATION_FACTOR): no write could succeed" >&2
  exit 2
fi

create_topic() {
  local topic="$1" partitions="$2" cleanup_policy="$3" retention_ms="${4:-}"
  local configs=(--config "cleanup.policy=$cleanup_policy" --config "min.insync.replicas=$MIN_INSYNC_REPLICAS")
  if [[ -n "$retention_ms" ]]; then
    configs+=(--config "retention.ms=$retention_ms")
  fi
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" "${configs[@]}"
}

#            topic                          partitions             cleanup.policy  [retention.ms]
create_topic leadpipe.web-events            "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.social-events         "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.identities            "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.prospect-profiles     "$VISITOR_PARTITIONS"  compact
create_topic leadpipe.segment-changes       "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.hesitations           "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.followup-triggers     "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.followup-decisions    "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.followup-deliveries   "$VISITOR_PARTITIONS"  delete
create_topic leadpipe.strategy-exposures    1                      delete
create_topic leadpipe.strategy-results      1                      compact
create_topic leadpipe.segment-definitions   1                      compact
create_topic leadpipe.followup-strategies   1                      compact
create_topic leadpipe.dead-letters          3                      delete
create_topic leadpipe.dead-letter-replays   1                      compact
create_topic leadpipe.identity-merges       1                      compact
create_topic leadpipe.identity-commands     1                      delete
create_topic leadpipe.privacy-requests      1                      compact
create_topic leadpipe.privacy-erasures      "$VISITOR_PARTITIONS"  delete          604800000
# propensity (docs/scoring.md)
create_topic leadpipe.propensity-examples   1                      delete
create_topic leadpipe.propensity-models     1                      compact

echo "leadpipe topics ready on $BOOTSTRAP_SERVERS"
