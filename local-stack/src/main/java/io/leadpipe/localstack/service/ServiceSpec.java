package io.leadpipe.localstack.service;

import java.util.Map;

/**
 * A leadpipe service as the launcher starts it: the Maven module it is built in, its main class,
 * its HTTP port, and the configuration passed as system properties (Micronaut reads them).
 */
public record ServiceSpec(String name, String module, String mainClass, int httpPort, Map<String, String> properties) {}
