package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyQueryMetadata;

/**
 * One profile by visitor id: read from this instance's store when it owns the key, otherwise forwarded once to
 * the owner ({@code application.server} from the Streams metadata) and its answer relayed.
 */
@Singleton
public class ProfileLookup {

  /** Either this instance's answer or the owner's, relayed. */
  public sealed interface Answer {
  }

  /** Read here; empty when no such profile exists. */
  public record Local(Optional<Map<String, Object>> profile, String servedBy) implements Answer {
  }

  /** The owner's HTTP answer, passed on unchanged. */
  public record Relayed(HttpResponse<String> response) implements Answer {
  }

  private final LocalProfiles profiles;
  private final Peers peers;

  public ProfileLookup(LocalProfiles profiles, Peers peers) {
    this.profiles = profiles;
    this.peers = peers;
  }

  /**
   * @param forwarded the request was already forwarded by another instance: answer from here or not at all
   */
  public Answer find(String visitorId, boolean forwarded, String authorization) {
    KeyQueryMetadata owner = profiles.ownerOf(visitorId);
    if (owner.activeHost().equals(profiles.self())) {
      Optional<ProspectProfile> profile = profiles.get(visitorId, owner.partition());
      return new Local(profile.map(ProfileViews::full), Peers.address(profiles.self()));
    }
    if (forwarded) {
      // Ownership moved between the two instances' views of the metadata: the caller retries.
      throw new QueryUnavailableException("this profile is moving between instances");
    }
    return new Relayed(peers.forward(owner.activeHost(), "/v1/profiles/" + encode(visitorId), authorization));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
