package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.streams.state.StateSerde;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the published {@link ProspectProfile} and the {@link FollowupProfile} the notifier keeps
 * of it, and the profile store's serde.
 */
public final class FollowupProfiles {
  private static final Logger LOG = LoggerFactory.getLogger(FollowupProfiles.class);

  private FollowupProfiles() {}

  /** The fields the sequence rules and the triggers read, nothing else. */
  public static FollowupProfile of(ProspectProfile p) {
    Map<String, String> consent = new HashMap<>();
    Map<String, ChannelConsent> raw = p.getTraits() == null ? Map.of() : p.getTraits().getConsent();
    raw.forEach((channel, c) -> consent.put(channel, c.getStatus().name()));
    return new FollowupProfile(
        p.getUserId(),
        consent,
        p.getTraits() == null ? null : p.getTraits().getTimezone(),
        p.getEngagement() == null ? 0.0 : p.getEngagement().getValue(),
        p.getSegments(),
        p.getStatedReason(),
        p.getStatedReasonAt(),
        p.getLastSeen(),
        p.getStage() == null ? null : p.getStage().name(),
        leadTypes(p.getLeadTypes()),
        p.getFit() == null ? 0.0 : p.getFit().getValue(),
        p.getInfluence() == null ? 0.0 : p.getInfluence().getValue());
  }

  /** As strategy audiences name them: {@code dimension:VALUE}. */
  static List<String> leadTypes(LeadTypes t) {
    if (t == null) {
      return List.of();
    }
    return List.of(
        "purchaseFrequency:" + t.getPurchaseFrequency(),
        "purchaseVolume:" + t.getPurchaseVolume(),
        "influence:" + t.getInfluence(),
        "profileFit:" + t.getProfileFit());
  }

  /**
   * The profile store's serde: {@link StateSerde} (Smile). Stores and changelogs of a notifier
   * upgraded in place still hold whole Avro profiles written by {@code former} (the profiles
   * topic's serde, registry wire format starting with byte 0, never Smile's ":)\n"): they are read
   * with it and reduced, and rewritten as Smile with the visitor's next profile. Bytes that neither
   * reads are treated as no profile (logged, not fatal): the policy then sends nothing that needs
   * consent until the next profile arrives, which is the safe side.
   */
  static Serde<FollowupProfile> serde(Deserializer<ProspectProfile> former) {
    Serde<FollowupProfile> current = StateSerde.of(FollowupProfile.class);
    Deserializer<FollowupProfile> smile = current.deserializer();
    return Serdes.serdeFrom(
        current.serializer(),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          if (StateSerde.isSmile(bytes)) {
            return smile.deserialize(topic, bytes);
          }
          try {
            ProspectProfile old = former.deserialize(topic, bytes);
            return old == null ? null : of(old);
          } catch (SchemaRegistryUnavailableException e) {
            throw e; // the copy is fine, the registry is not: wait for it (ManagedStreams)
          } catch (RuntimeException e) {
            // No visitor data in the log: the bytes are personal data, the exception names the
            // problem.
            LOG.warn(
                "unreadable profile copy in {} ignored until the visitor's next profile: {}",
                topic,
                e.toString());
            return null;
          }
        });
  }
}
