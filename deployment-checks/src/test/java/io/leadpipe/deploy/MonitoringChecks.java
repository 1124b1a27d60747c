package io.leadpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.deploy.ComposeFile.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that Prometheus scrapes every service instance where Micrometer serves (/prometheus on the
 * default port) and nothing that does not exist, and that the Grafana dashboard queries metrics the
 * services register, through the provisioned data source.
 */
final class MonitoringChecks {

  static final String METRICS_PATH = "/prometheus";

  /** What Prometheus appends to a Micrometer name: unit, counter and summary/histogram series. */
  private static final Pattern PROMETHEUS_SUFFIX =
      Pattern.compile("(_seconds|_bytes)?(_total|_count|_sum|_max|_bucket)?$");

  private static final Pattern LEADPIPE_METRIC = Pattern.compile("\\bleadpipe_[a-z0-9_]+");

  private MonitoringChecks() {}

  static List<String> prometheus(
      Map<String, Object> config, ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    Set<String> servicesScraped = new HashSet<>();
    Set<String> hostnames =
        compose.services().stream().map(Service::hostname).collect(Collectors.toSet());
    for (Object job : Yamls.asList(config.get("scrape_configs"), "scrape_configs")) {
      Map<String, Object> scrape = Yamls.asMap(job, "scrape_configs[]");
      String name = String.valueOf(scrape.get("job_name"));
      String path = Yamls.text(scrape, "metrics_path").orElse("/metrics");
      for (Object staticConfig :
          Yamls.asList(scrape.get("static_configs"), name + ".static_configs")) {
        for (Object target :
            Yamls.asList(Yamls.asMap(staticConfig, name).get("targets"), name + ".targets")) {
          String host = String.valueOf(target).split(":")[0];
          if (!host.equals("localhost") && !hostnames.contains(host)) {
            problems.add(
                "prometheus job " + name + ": target " + target + " is no compose service");
          }
          if (path.equals(METRICS_PATH)) {
            servicesScraped.add(String.valueOf(target));
          }
        }
      }
    }
    for (ServiceModule module : modules) {
      for (Service instance : compose.builtFrom(module.name())) {
        String target = instance.hostname() + ":" + module.defaultHttpPort();
        if (!servicesScraped.contains(target)) {
          problems.add(
              "prometheus: does not scrape "
                  + target
                  + METRICS_PATH
                  + " ("
                  + instance.name()
                  + ")");
        }
      }
    }
    return problems;
  }

  static List<String> grafana(
      JsonNode dashboard, Map<String, Object> datasources, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    Set<String> provisioned = new HashSet<>();
    for (Object ds : Yamls.asList(datasources.get("datasources"), "datasources")) {
      Yamls.text(Yamls.asMap(ds, "datasources[]"), "uid").ifPresent(provisioned::add);
    }
    Set<String> registered =
        modules.stream()
            .flatMap(m -> m.meterNames().stream())
            .map(MonitoringChecks::prometheusBase)
            .collect(Collectors.toSet());
    Set<String> unknownMetrics = new TreeSet<>();
    for (JsonNode datasource : dashboard.findValues("datasource")) {
      String uid = datasource.path("uid").asText("");
      if (!provisioned.contains(uid)) {
        problems.add(
            "grafana dashboard: data source uid '" + uid + "' is not provisioned " + provisioned);
      }
    }
    for (JsonNode expr : dashboard.findValues("expr")) {
      Matcher m = LEADPIPE_METRIC.matcher(expr.asText());
      while (m.find()) {
        if (!registered.contains(prometheusBase(m.group()))) {
          unknownMetrics.add(m.group());
        }
      }
    }
    unknownMetrics.forEach(
        metric ->
            problems.add(
                "grafana dashboard: "
                    + metric
                    + " matches no meter name in the services' sources"));
    return problems;
  }

  /**
   * {@code leadpipe.ingest.dead-letters.failed} and {@code
   * leadpipe_ingest_dead_letters_failed_total} alike.
   */
  static String prometheusBase(String name) {
    String underscored = name.replace('.', '_').replace('-', '_');
    return PROMETHEUS_SUFFIX.matcher(underscored).replaceFirst("");
  }
}
