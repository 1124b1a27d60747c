package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.routing.KeyOwnerRouter;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.http.HttpHeaders;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One profile by visitor id: read from this instance's store when it owns the key, otherwise
 * forwarded once to the owner by the {@link KeyOwnerRouter} and its answer relayed.
 */
@Singleton
public class ProfileLookup {

  /** Either this instance's answer or the owner's, relayed. */
  public sealed interface Answer {}

  /** Read here; empty when no such profile exists. */
  public record Local(Optional<Map<String, Object>> profile, String servedBy) implements Answer {}

  /** The owner's HTTP answer, passed on unchanged. */
  public record Relayed(HttpResponse<String> response) implements Answer {}

  private final LocalProfiles profiles;
  private final KeyOwnerRouter router;

  public ProfileLookup(
      LocalProfiles profiles,
      @Named(Stores.SCORING) ManagedStreams scoring,
      QuerySettings settings) {
    this.profiles = profiles;
    this.router =
        new KeyOwnerRouter(
            scoring::streams,
            scoring::self,
            settings.peerTimeout(),
            QueryUnavailableException::new);
  }

  /**
   * @param forwarded the request was already forwarded by another instance: answer from here or not
   *     at all
   * @param authorization the caller's Authorization header, passed on so the read token holds on
   *     the owner too
   */
  public Answer find(String visitorId, boolean forwarded, String authorization) {
    KeyOwnerRouter.Route route = router.route(Stores.PROFILE_STORE, visitorId, forwarded);
    if (route instanceof KeyOwnerRouter.Here here) {
      Optional<ProspectProfile> profile = profiles.get(visitorId, here.partition());
      return new Local(profile.map(ProfileViews::full), router.self());
    }
    Map<String, String> headers = new HashMap<>();
    headers.put(HttpHeaders.AUTHORIZATION, authorization);
    return new Relayed(
        router.forward(
            ((KeyOwnerRouter.There) route).owner(),
            "/v1/profiles/" + KeyOwnerRouter.encode(visitorId),
            headers));
  }
}
