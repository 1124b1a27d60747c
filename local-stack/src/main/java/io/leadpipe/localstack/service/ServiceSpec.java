package io.leadpipe.localstack.service;

import java.util.Map;

/**
 * A leadpipe service as the launcher starts it: which one, its HTTP port, and its configuration as
 * system properties (Micronaut reads them ahead of application.yml).
 */
public record ServiceSpec(LeadpipeService service, int httpPort, Map<String, String> properties) {

  public String name() {
    return service.module();
  }
}
