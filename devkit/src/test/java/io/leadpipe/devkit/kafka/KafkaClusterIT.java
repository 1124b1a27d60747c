package io.leadpipe.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.ClusterKafkaTestEnvironment;
import io.leadpipe.devkit.test.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Given the three-node cluster and a topic with three replicas, when the node leading its partition
 * is killed with SIGKILL, then writes with acks=all go on (two replicas stay in sync), every
 * acknowledged record can be read, and the node, started again, catches up (back in every ISR).
 */
@WithKafkaCluster
class KafkaClusterIT {

  private static final int RECORDS = 50;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void acknowledgedRecordsSurviveTheLeaderBeingKilled(ClusterKafkaTestEnvironment env)
      throws Exception {
    KafkaCluster cluster = env.cluster();
    String topic = env.createUniqueTopic("cluster-kill", 1);
    TopicPartitionInfo partition = partition(env, topic);
    assertThat(partition.replicas()).hasSize(KafkaCluster.REPLICATION_FACTOR);
    int leader = partition.leader().id();
    List<String> acknowledged = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        env.producer(new StringSerializer(), new StringSerializer())) {
      send(producer, topic, "before", acknowledged);

      cluster.kill(leader);
      send(producer, topic, "during", acknowledged);

      cluster.restart(leader);
      Duration catchUp = cluster.awaitAllReplicasInSync(WAIT);
      System.out.println("[cluster] node " + leader + " back in every ISR after " + catchUp);
      send(producer, topic, "after", acknowledged);
    }

    List<ConsumerRecord<String, String>> read =
        env.consume(topic, acknowledged.size(), new StringDeserializer(), new StringDeserializer());
    assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(acknowledged);
    assertThat(partition(env, topic).isr()).hasSize(KafkaCluster.REPLICATION_FACTOR);
  }

  private static void send(
      KafkaProducer<String, String> producer, String topic, String phase, List<String> acked)
      throws Exception {
    for (int i = 0; i < RECORDS; i++) {
      String value = phase + "-" + i;
      producer
          .send(new ProducerRecord<>(topic, value, value))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      acked.add(value);
    }
  }

  private static TopicPartitionInfo partition(ClusterKafkaTestEnvironment env, String topic)
      throws Exception {
    return env.admin()
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .get(0);
  }
}
