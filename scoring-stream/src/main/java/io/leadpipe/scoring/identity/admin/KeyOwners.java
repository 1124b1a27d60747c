package io.leadpipe.scoring.identity.admin;

import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.routing.KeyOwnerRouter;
import io.leadpipe.service.security.AdminKeyCheck;
import io.leadpipe.service.security.Credentials;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Admin reads answered by the instance that hosts the key, wherever they are asked (docs/queries.md
 * does the same for profiles): the identity graph's stores live on the one partition of its key, a
 * profile on its visitor's. Routing is the shared {@link KeyOwnerRouter} (one hop, 503 instead of a
 * second); this adds what an admin request carries on: the caller's admin key and operator.
 */
@Singleton
public class KeyOwners {

  private final KeyOwnerRouter router;

  public KeyOwners(@Named(Stores.SCORING) ManagedStreams scoring, IdentitySettings settings) {
    this.router =
        new KeyOwnerRouter(
            scoring::streams,
            scoring::self,
            settings.writeTimeout(),
            IdentityUnavailableException::new);
  }

  /**
   * Empty when this instance hosts {@code key} of {@code store} (read it here), else the instance
   * that does.
   *
   * @param forwarded the request was forwarded here already: this instance answers, or 503, never
   *     passes it on
   */
  public Optional<HostInfo> elsewhere(String store, String key, boolean forwarded) {
    return router.route(store, key, forwarded) instanceof KeyOwnerRouter.There there
        ? Optional.of(there.owner())
        : Optional.empty();
  }

  /** A GET of {@code pathAndQuery} on {@code owner}, with the caller's admin key and operator. */
  public java.net.http.HttpResponse<String> get(
      HostInfo owner, String pathAndQuery, HttpRequest<?> request) {
    Map<String, String> headers = new HashMap<>();
    headers.put(
        AdminKeyCheck.ADMIN_KEY_HEADER,
        String.valueOf(Credentials.presented(request, AdminKeyCheck.ADMIN_KEY_HEADER)));
    headers.put(
        MergesController.OPERATOR_HEADER,
        request.getHeaders().get(MergesController.OPERATOR_HEADER));
    return router.forward(owner, pathAndQuery, headers);
  }

  /**
   * This instance's address, for {@link KeyOwnerRouter#SERVED_BY_HEADER} on what it answers itself.
   */
  public String self() {
    return router.self();
  }
}
