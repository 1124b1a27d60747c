package io.leadpipe.devkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Options for the JVMs our tests and the local stack start: serial GC and the C1 compiler only.
 * These JVMs live seconds to minutes on a two-core machine that runs several at once, where C2's
 * background compiling and G1's worker threads cost more CPU than they give back: a module's tests
 * used about 30–45 % less CPU with them (docs/development.md, "Test run time"). The root pom gives
 * the same options to every test JVM of Surefire and Failsafe ({@code argLine}).
 */
public final class LeanJvm {

  public static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private LeanJvm() {}

  /** {@link #OPTIONS} with a maximum heap, e.g. {@code "384m"}. */
  public static List<String> withHeap(String maxHeap) {
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + maxHeap);
    options.addAll(OPTIONS);
    return List.copyOf(options);
  }
}
