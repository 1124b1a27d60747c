package io.leadpipe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy the whole machine is, from Linux's /proc: the broker, both services, the load generator
 * and the watchers share its cores, so a latency run that fails may measure the machine rather than
 * the pipeline. Read once before and once after a run ({@link #now()}), then compared.
 *
 * @param cpus the CPUs /proc/stat counts (its "cpuN" lines): the ones its ticks add up, which in a
 *     container may be more than the JVM's available processors
 * @param busyTicks clock ticks all CPUs spent on anything but idle and I/O wait (/proc/stat)
 * @param totalTicks clock ticks of all CPUs
 * @param cpuWaitMicros time in which at least one runnable task waited for a CPU (/proc/pressure/
 *     cpu, "some"); -1 where the kernel keeps no pressure figures
 * @param atNanos when it was read (System.nanoTime)
 */
record MachineStats(int cpus, long busyTicks, long totalTicks, long cpuWaitMicros, long atNanos) {

  private static final Path STAT = Path.of("/proc/stat");
  private static final Path CPU_PRESSURE = Path.of("/proc/pressure/cpu");

  /** /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal ... */
  private static final int IDLE = 3;

  private static final int IOWAIT = 4;

  /** The fields that add up to the CPUs' time; guest time is already counted in user. */
  private static final int TIME_FIELDS = 8;

  static MachineStats now() {
    long[] ticks = cpuTicks(readLines(STAT));
    return new MachineStats(
        (int) ticks[2],
        ticks[0],
        ticks[1],
        cpuWaitMicros(readLines(CPU_PRESSURE)),
        System.nanoTime());
  }

  /** Cores busy on average since {@code before}: busy share of all CPUs' time × their count. */
  double coresBusySince(MachineStats before) {
    long total = totalTicks - before.totalTicks;
    if (total <= 0 || busyTicks < 0 || before.busyTicks < 0) {
      return Double.NaN;
    }
    return (double) (busyTicks - before.busyTicks) / total * cpus;
  }

  /**
   * Share of the time since {@code before} in which some runnable task waited for a CPU (0..1):
   * near 1, every thread of the pipeline queues for the cores; NaN without pressure figures.
   */
  double cpuWaitShareSince(MachineStats before) {
    if (cpuWaitMicros < 0 || before.cpuWaitMicros < 0 || atNanos <= before.atNanos) {
      return Double.NaN;
    }
    return (cpuWaitMicros - before.cpuWaitMicros) * 1_000.0 / (atNanos - before.atNanos);
  }

  /** The file's lines; none where it cannot be read (not Linux, or no pressure figures). */
  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * {busy, total} ticks of all CPUs and their count from /proc/stat's lines; {-1, -1, 0} without
   * its "cpu" line or in an unexpected format.
   */
  static long[] cpuTicks(List<String> stat) {
    long[] ticks = {-1, -1, 0};
    try {
      for (String line : stat) {
        if (line.startsWith("cpu ")) {
          String[] f = line.substring(4).trim().split("\\s+");
          long total = 0;
          for (int i = 0; i < Math.min(TIME_FIELDS, f.length); i++) {
            total += Long.parseLong(f[i]);
          }
          long idle = Long.parseLong(f[IDLE]) + Long.parseLong(f[IOWAIT]);
          ticks[0] = total - idle;
          ticks[1] = total;
        } else if (line.startsWith("cpu")) {
          ticks[2]++;
        }
      }
    } catch (RuntimeException e) {
      // An unexpected format: the figures are left out (NaN).
      return new long[] {-1, -1, 0};
    }
    return ticks[1] < 0 ? new long[] {-1, -1, 0} : ticks;
  }

  /**
   * The "some" total of /proc/pressure/cpu's lines in microseconds; -1 without it (kernels built
   * without pressure stall information have no such file).
   */
  static long cpuWaitMicros(List<String> pressure) {
    for (String line : pressure) {
      if (line.startsWith("some ")) {
        for (String field : line.split("\\s+")) {
          if (field.startsWith("total=")) {
            try {
              return Long.parseLong(field.substring("total=".length()));
            } catch (NumberFormatException e) {
              return -1;
            }
          }
        }
      }
    }
    return -1;
  }
}
