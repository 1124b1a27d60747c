package io.leadpipe.streams.runtime;

import org.apache.kafka.streams.state.HostInfo;

/**
 * What the service running Streams applications tells {@link StreamsStarter}: where other instances
 * reach this one, and what must exist before the applications start. Each service provides one; a
 * module that may also run inside another service marks its own {@code @Secondary}, so the hosting
 * service's wins.
 */
public interface StreamsHost {

  /**
   * This instance's {@code application.server} (and name in its consumer group); {@code serverPort}
   * is the HTTP port.
   */
  HostInfo self(int serverPort);

  /** Runs once before any application starts, e.g. creates the missing catalogue topics. */
  void prepare();
}
