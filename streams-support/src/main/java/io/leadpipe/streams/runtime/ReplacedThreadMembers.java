package io.leadpipe.streams.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a replaced stream thread's static member out of the consumer group once the thread is gone.
 *
 * <p>Kafka Streams replaces a dead thread with one of a new index, hence a new {@code
 * group.instance.id} ({@code <id>-<thread index>}), and the dead thread's consumer does not leave
 * the group: its partitions would wait for its session to expire (45 s by default) before the
 * replacement gets them, after every thread failure and every schema registry outage. Removing the
 * member, as {@code KafkaStreams.removeStreamThread} does for static members, hands them over at
 * once.
 */
final class ReplacedThreadMembers {

  private static final Logger LOG = LoggerFactory.getLogger(ReplacedThreadMembers.class);
  private static final Pattern THREAD_INDEX = Pattern.compile("-StreamThread-(\\d+)$");

  private final String name;
  private final String groupId;
  private final String staticMemberBase;
  private final Map<String, Object> adminConfig;
  private final Duration timeout;

  /**
   * @param staticMemberBase the application's {@code group.instance.id}, or null for dynamic
   *     members (whose sessions Kafka offers no way to end from outside)
   */
  ReplacedThreadMembers(
      String name,
      String groupId,
      String staticMemberBase,
      Map<String, Object> adminConfig,
      Duration timeout) {
    this.name = name;
    this.groupId = groupId;
    this.staticMemberBase = staticMemberBase;
    this.adminConfig = adminConfig;
    this.timeout = timeout;
  }

  /** The group member of the stream thread named {@code threadName}, if it is a static member. */
  static Optional<String> memberOf(String staticMemberBase, String threadName) {
    if (staticMemberBase == null) {
      return Optional.empty();
    }
    Matcher index = THREAD_INDEX.matcher(threadName);
    return index.find() ? Optional.of(staticMemberBase + "-" + index.group(1)) : Optional.empty();
  }

  /** Called on the dying thread: removes its member in the background once it has stopped. */
  void removeOnceStopped(Thread dying) {
    memberOf(staticMemberBase, dying.getName())
        .ifPresent(
            member -> {
              Thread remover = new Thread(() -> remove(dying, member), name + "-member-removal");
              remover.setDaemon(true);
              remover.start();
            });
  }

  private void remove(Thread dying, String member) {
    try {
      dying.join(timeout.toMillis());
      try (Admin admin = Admin.create(adminConfig)) {
        admin
            .removeMembersFromConsumerGroup(
                groupId,
                new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(member))))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      LOG.info("{}: the replaced stream thread's member {} left the group", name, member);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Gone already (its session expired, or it left), or Kafka unreachable: its session ends it.
      LOG.info(
          "{}: the replaced stream thread's member {} not removed ({}); its partitions move when"
              + " its session expires",
          name,
          member,
          e.getMessage());
    }
  }
}
