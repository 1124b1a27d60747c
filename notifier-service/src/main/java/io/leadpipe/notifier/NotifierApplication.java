package io.leadpipe.notifier;

import io.micronaut.runtime.Micronaut;

/** Follows up hesitating buyers: the follow-up topology, its decisions and signed webhooks. */
public final class NotifierApplication {
  private NotifierApplication() {}

  public static void main(String[] args) {
    Micronaut.run(NotifierApplication.class, args);
  }
}
