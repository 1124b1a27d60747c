package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.routing.KeyOwnerRouter;
import io.leadpipe.service.routing.StoreLags;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.http.HttpHeaders;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One profile by visitor id, from the best copy that answers ({@link KeyOwnerRouter#answer}): the
 * active one (read here, or forwarded once to its instance and the answer relayed), else a standby
 * (this instance's own, else forwarded), so lookups keep answering while an instance restarts. An
 * answer from a copy that may lag says so.
 */
@Singleton
public class ProfileLookup implements AutoCloseable {

  /** Either this instance's answer or another's, relayed. */
  public sealed interface Answer {}

  /**
   * Read here; empty when no such profile exists (in the copy read).
   *
   * @param stale read from a copy that may lag
   * @param lag how many changelog records that copy was behind, when measured recently
   */
  public record Local(
      Optional<Map<String, Object>> profile, String servedBy, boolean stale, OptionalLong lag)
      implements Answer {}

  /** Another instance's HTTP answer, passed on unchanged. */
  public record Relayed(HttpResponse<String> response) implements Answer {}

  private final LocalProfiles profiles;
  private final KeyOwnerRouter router;
  private final StoreLags lags;

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
    this.lags = new StoreLags(scoring::streams, settings.staleLagMaxAge());
  }

  /**
   * @param forwarded the request was already forwarded by another instance: answer from a copy here
   *     or not at all
   * @param authorization the caller's Authorization header, passed on so the read token holds on
   *     the other instance too
   */
  public Answer find(String visitorId, boolean forwarded, String authorization) {
    Map<String, String> headers = new HashMap<>();
    headers.put(HttpHeaders.AUTHORIZATION, authorization);
    KeyOwnerRouter.Answer<Optional<ProspectProfile>> answer =
        router.answer(
            Stores.PROFILE_STORE,
            visitorId,
            forwarded,
            (partition, stale) -> profiles.get(visitorId, partition, stale),
            "/v1/profiles/" + KeyOwnerRouter.encode(visitorId),
            headers);
    if (answer instanceof KeyOwnerRouter.Relayed<Optional<ProspectProfile>> relayed) {
      return new Relayed(relayed.response());
    }
    KeyOwnerRouter.Read<Optional<ProspectProfile>> read =
        (KeyOwnerRouter.Read<Optional<ProspectProfile>>) answer;
    return new Local(
        read.value().map(ProfileViews::full),
        router.self(),
        read.stale(),
        read.stale() ? lags.of(Stores.PROFILE_STORE, read.partition()) : OptionalLong.empty());
  }

  @PreDestroy
  @Override
  public void close() {
    lags.close();
  }
}
