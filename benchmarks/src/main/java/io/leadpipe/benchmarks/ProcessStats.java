package io.leadpipe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process from Linux's /proc (the harness runs on Linux): CPU as
 * cores used over an interval, RSS now and at its peak.
 */
final class ProcessStats {

  /**
   * Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux we run on (getconf
   * CLK_TCK).
   */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long pid;

  ProcessStats(long pid) {
    this.pid = pid;
  }

  /** user + system CPU seconds consumed so far. */
  double cpuSeconds() {
    try {
      return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** user + system CPU seconds of a /proc stat line (a process's or one of its threads'). */
  private static double ticks(String stat) {
    // Fields after the command name (which may contain spaces) start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /**
   * user + system CPU seconds the JVM's JIT compiler threads consumed so far (their names start
   * {@code C1 CompilerThre} or {@code C2 CompilerThre} in /proc, cut at 15 characters): whether a
   * figure measured a service still compiling. A compiler thread the JVM stopped in between takes
   * its time with it, so the difference over an interval may fall short, never exceed.
   */
  double compilerCpuSeconds() {
    double seconds = 0;
    try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String stat = Files.readString(thread.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
          seconds += ticks(stat);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return seconds;
  }

  long rssBytes() {
    return statusKb("VmRSS:") * 1024;
  }

  long peakRssBytes() {
    return statusKb("VmHWM:") * 1024;
  }

  private long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
