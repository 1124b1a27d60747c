package io.leadpipe.streams.runtime;

/**
 * What the service does when a Streams application has stopped for good (ERROR): by default the
 * process exits non-zero so a supervisor restarts it ({@link ProcessExit}); tests swap in their
 * own.
 */
@FunctionalInterface
public interface FatalErrorAction {

  void onFatalError(String application, String reason);
}
