package io.leadpipe.ingest.replay;

import io.leadpipe.service.security.KeyRing;
import io.leadpipe.service.security.RunMode;
import io.leadpipe.service.security.SecretSetting;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The admin keys of ingest's admin API, checked when the service starts (a {@link Context} bean):
 * outside local mode a missing, demo or short key stops start-up naming {@code LEADPIPE_ADMIN_KEY};
 * local mode falls back to the documented demo key.
 */
@Context
public class IngestAccess {

  private final KeyRing adminKeys;

  public IngestAccess(
      RunMode mode, @Property(name = "leadpipe.security.admin-keys") @Nullable List<String> keys) {
    this.adminKeys = SecretSetting.ADMIN_KEYS.ring(mode, keys);
  }

  public KeyRing adminKeys() {
    return adminKeys;
  }
}
