package io.leadpipe.dashboard.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentMembershipsTest {

  @Test
  void enteredAndExitedChangesGiveTheVisitorsCurrentSegments() {
    SegmentMemberships m = new SegmentMemberships(10, 10);
    m.entered("v1", "hot", "Hot prospects");
    m.entered("v1", "bargain", "Bargain hunters");
    m.exited("v1", "hot", "Hot prospects");

    assertThat(m.segmentsOf("v1")).containsExactly("bargain");
    assertThat(m.segmentsOf("unknown")).isEmpty();
    assertThat(m.nameOf("hot")).isEqualTo("Hot prospects");
    assertThat(m.nameOf("never-seen")).isEqualTo("never-seen");
  }

  @Test
  void aVisitorInNoSegmentIsNotKept() {
    SegmentMemberships m = new SegmentMemberships(10, 10);
    m.entered("v1", "hot", null);
    m.exited("v1", "hot", null);
    m.exited("v2", "hot", null);

    assertThat(m.trackedVisitors()).isZero();
    assertThat(m.nameOf("hot")).isEqualTo("hot");
  }

  @Test
  void beyondTheBoundTheLeastRecentVisitorIsForgotten() {
    SegmentMemberships m = new SegmentMemberships(2, 10);
    m.entered("v1", "hot", null);
    m.entered("v2", "hot", null);
    m.segmentsOf("v1");
    m.entered("v3", "hot", null);

    assertThat(m.segmentsOf("v2")).isEmpty();
    assertThat(m.segmentsOf("v1")).containsExactly("hot");
    assertThat(m.trackedVisitors()).isEqualTo(2);
    assertThat(m.forgottenVisitors()).isEqualTo(1);
  }
}
