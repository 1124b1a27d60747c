package io.leadpipe.streams.runtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Starts every Streams application of the service once the HTTP server listens: only then is this
 * instance's port known (tests use random ports), and it becomes the {@code application.server}
 * other instances forward queries to. One starter per JVM, whichever modules contribute
 * applications, so each is started exactly once.
 */
@Singleton
@Requires(beans = StreamsHost.class)
public class StreamsStarter {

  private final List<ManagedStreams> applications;
  private final StreamsHost host;

  public StreamsStarter(List<ManagedStreams> applications, StreamsHost host) {
    this.applications = applications;
    this.host = host;
  }

  @EventListener
  void onStartup(ServerStartupEvent event) {
    HostInfo self = host.self(event.getSource().getPort());
    host.prepare();
    applications.forEach(app -> app.start(self));
  }
}
