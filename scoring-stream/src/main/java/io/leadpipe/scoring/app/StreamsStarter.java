package io.leadpipe.scoring.app;

import io.leadpipe.scoring.app.config.InstanceSettings;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Starts every Streams application once the HTTP server listens: only then is this instance's port known
 * (tests use random ports), and it becomes the {@code application.server} other instances forward queries to.
 */
@Singleton
public class StreamsStarter {

  private final List<ManagedStreams> applications;
  private final TopicProvisioning topics;
  private final InstanceSettings instance;

  public StreamsStarter(List<ManagedStreams> applications, TopicProvisioning topics, InstanceSettings instance) {
    this.applications = applications;
    this.topics = topics;
    this.instance = instance;
  }

  @EventListener
  void onStartup(ServerStartupEvent event) {
    int port = instance.advertisedPort() > 0 ? instance.advertisedPort() : event.getSource().getPort();
    HostInfo self = new HostInfo(instance.advertisedHost(), port);
    topics.ensureProvisioned();
    applications.forEach(app -> app.start(self));
  }
}
