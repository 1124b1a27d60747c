package io.leadpipe.service.security;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The service's {@link RunMode} from {@code leadpipe.mode}, production unless set. */
@Factory
public class RunModeFactory {

  @Singleton
  RunMode runMode(@Value("${" + RunMode.SETTING + ":production}") String mode) {
    return RunMode.parse(mode);
  }
}
