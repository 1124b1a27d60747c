package io.leadpipe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineStatsTest {

  /** user nice system idle iowait irq softirq steal guest guest_nice. */
  private static List<String> stat(long user, long system, long idle, long iowait, int cpus) {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("cpu  " + user + " 0 " + system + " " + idle + " " + iowait + " 0 0 0 7 0");
    for (int i = 0; i < cpus; i++) {
      lines.add("cpu" + i + " 1 0 1 1 0 0 0 0 0 0");
    }
    lines.add("intr 12345 0 0");
    lines.add("ctxt 999");
    return lines;
  }

  @Test
  void busyTicksAreAllButIdleAndIoWaitAndTheCpusAreThePerCpuLines() {
    long[] ticks = MachineStats.cpuTicks(stat(300, 100, 500, 100, 2));

    // guest (7) is already in user: not added to the total.
    assertThat(ticks).containsExactly(400, 1_000, 2);
  }

  @Test
  void coresBusyAreTheBusyShareOfTheTicksTimesTheCpus() {
    long[] before = MachineStats.cpuTicks(stat(300, 100, 500, 100, 2));
    long[] after = MachineStats.cpuTicks(stat(600, 250, 650, 100, 2));
    MachineStats first = new MachineStats((int) before[2], before[0], before[1], -1, 0);
    MachineStats second = new MachineStats((int) after[2], after[0], after[1], -1, 1);

    // 450 of 600 ticks busy on 2 CPUs.
    assertThat(second.coresBusySince(first)).isEqualTo(1.5);
    assertThat(second.cpuWaitShareSince(first)).isNaN();
  }

  @Test
  void withoutTheCpuLineOrInAnotherFormatTheFiguresAreLeftOut() {
    assertThat(MachineStats.cpuTicks(List.of())).containsExactly(-1, -1, 0);
    assertThat(MachineStats.cpuTicks(List.of("cpu  a b c d e"))).containsExactly(-1, -1, 0);
    MachineStats unknown = new MachineStats(0, -1, -1, -1, 0);
    assertThat(unknown.coresBusySince(unknown)).isNaN();
  }

  @Test
  void theCpuWaitShareIsTheSomeTotalOverTheTimeBetweenTheReadings() {
    List<String> before =
        List.of(
            "some avg10=1.00 avg60=0.50 avg300=0.10 total=1000000",
            "full avg10=0.00 avg60=0.00 avg300=0.00 total=5");
    List<String> after = List.of("some avg10=9.00 avg60=5.00 avg300=1.00 total=1250000");
    MachineStats first = new MachineStats(2, 0, 1, MachineStats.cpuWaitMicros(before), 0);
    MachineStats second =
        new MachineStats(2, 0, 2, MachineStats.cpuWaitMicros(after), 1_000_000_000L);

    // 250 ms of the second waited.
    assertThat(second.cpuWaitShareSince(first)).isEqualTo(0.25);
    assertThat(MachineStats.cpuWaitMicros(List.of())).isEqualTo(-1);
    assertThat(MachineStats.cpuWaitMicros(List.of("some total=x"))).isEqualTo(-1);
  }

  @Test
  void onLinuxTheMachinesOwnFiguresAreRead() {
    assumeTrue(Files.isReadable(Path.of("/proc/stat")), "/proc/stat is Linux's");

    MachineStats now = MachineStats.now();

    assertThat(now.cpus()).isPositive();
    assertThat(now.busyTicks()).isPositive().isLessThanOrEqualTo(now.totalTicks());
  }
}
