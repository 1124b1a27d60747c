package io.leadpipe.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: each with its unit, and where it has one, the limit it is compared with
 * (a figure measured in the same run), the ratio and the target. Printed as a table and written as
 * JSON and Markdown.
 */
final class Report {

  /**
   * One figure. {@code ratio} and {@code target} are null when the figure is reported on its own.
   */
  record Row(
      String section,
      String figure,
      double value,
      String unit,
      String comparedWith,
      Double ratio,
      String target,
      Boolean met) {}

  private final Map<String, Object> run = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();

  void setting(String name, Object value) {
    run.put(name, value);
  }

  void figure(String section, String figure, double value, String unit) {
    rows.add(new Row(section, figure, value, unit, null, null, null, null));
  }

  /** A figure with a target on its own value: {@code atMost} true for latencies and sizes. */
  void figure(
      String section, String figure, double value, String unit, double target, boolean atMost) {
    boolean met = atMost ? value <= target : value >= target;
    rows.add(
        new Row(
            section,
            figure,
            value,
            unit,
            null,
            null,
            (atMost ? "≤ " : "≥ ") + format(target),
            met));
  }

  /** A figure divided by a limit measured in the same run, with a minimum ratio as target. */
  void ratio(
      String section,
      String figure,
      double value,
      String unit,
      String comparedWith,
      double limit,
      double minRatio) {
    ratio(section, figure, value, unit, comparedWith, limit, minRatio, false);
  }

  /**
   * A figure divided by one measured in the same run; {@code atMost} true when the ratio must stay
   * below the target (a latency compared with the same latency unloaded).
   */
  void ratio(
      String section,
      String figure,
      double value,
      String unit,
      String comparedWith,
      double limit,
      double target,
      boolean atMost) {
    double ratio = value / limit;
    rows.add(
        new Row(
            section,
            figure,
            value,
            unit,
            comparedWith,
            ratio,
            (atMost ? "≤ " : "≥ ") + format(target),
            atMost ? ratio <= target : ratio >= target));
  }

  List<Row> rows() {
    return rows;
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-10s %-58s %14s %-8s %-34s %7s %-8s %s%n",
            "section",
            "figure",
            "value",
            "unit",
            "compared with",
            "ratio",
            "target",
            "met"));
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %-58s %14s %-8s %-34s %7s %-8s %s%n",
              r.section(),
              r.figure(),
              format(r.value()),
              r.unit(),
              r.comparedWith() == null ? "" : r.comparedWith(),
              r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()),
              r.target() == null ? "" : r.target(),
              r.met() == null ? "" : (r.met() ? "yes" : "NO")));
    }
    return out.toString();
  }

  String markdown() {
    StringBuilder out =
        new StringBuilder(
            "| section | figure | value | unit | compared with | ratio | target | met |\n");
    out.append("|---|---|---:|---|---|---:|---|---|\n");
    for (Row r : rows) {
      out.append("| ")
          .append(r.section())
          .append(" | ")
          .append(r.figure())
          .append(" | ")
          .append(format(r.value()))
          .append(" | ")
          .append(r.unit())
          .append(" | ")
          .append(r.comparedWith() == null ? "" : r.comparedWith())
          .append(" | ")
          .append(r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()))
          .append(" | ")
          .append(r.target() == null ? "" : r.target())
          .append(" | ")
          .append(r.met() == null ? "" : (r.met() ? "yes" : "**no**"))
          .append(" |\n");
    }
    out.append("\nSettings: ");
    run.forEach((k, v) -> out.append('`').append(k).append('=').append(v).append("` "));
    return out.append('\n').toString();
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run", run);
    json.put("figures", rows);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("results.json").toFile(), json);
    Files.writeString(dir.resolve("results.md"), markdown());
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
