package io.leadpipe.ingest.event;

import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.service.problem.Violation;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One incoming event after validation and mapping: a record to publish, or a rejection with its
 * reasons.
 */
public sealed interface MappedEvent {

  /** Position in the request (0 for single calls). */
  int index();

  /** What kind of call it was: track, page, identify, alias, social (metrics tag). */
  String callType();

  /**
   * @param topic the catalogue topic it goes to
   * @param key the visitor id
   * @param value the contract record
   */
  record Accepted(int index, String callType, Topic<?> topic, String key, SpecificRecord value)
      implements MappedEvent {}

  /**
   * @param messageId the client's message id when it sent a usable one (to report back), else null
   * @param key the visitor id when one could be read (dead-letter key), else null
   * @param reason machine-readable: invalid-event, event-too-large, unsupported-type
   * @param original the event's original JSON bytes
   */
  record Rejected(
      int index,
      String callType,
      String messageId,
      String key,
      String reason,
      List<Violation> violations,
      byte[] original)
      implements MappedEvent {}
}
