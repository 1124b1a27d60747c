package io.leadpipe.dashboard.prospects;

import io.leadpipe.schemas.profile.LifecycleStage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who the "top prospects" list shows when no single stage is chosen: potential customers (have not
 * bought yet) or customers (have bought, including those at risk or lapsed). The query API filters
 * one stage at a time, so a group is answered by asking for each of its stages and merging the
 * rankings ({@link ProspectMerge}).
 */
public enum StageGroup {
  POTENTIAL(
      List.of(
          LifecycleStage.VISITOR,
          LifecycleStage.ENGAGED_PROSPECT,
          LifecycleStage.HESITATING_BUYER)),
  CUSTOMERS(
      List.of(
          LifecycleStage.CUSTOMER,
          LifecycleStage.REPEAT_CUSTOMER,
          LifecycleStage.AT_RISK,
          LifecycleStage.LAPSED));

  private final List<LifecycleStage> stages;

  StageGroup(List<LifecycleStage> stages) {
    this.stages = stages;
  }

  public List<LifecycleStage> stages() {
    return stages;
  }

  /** The parameter value naming this group: {@code potential} or {@code customers}. */
  public String parameter() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The group a {@code stage} parameter names, if it names one (any case). */
  public static Optional<StageGroup> of(String stage) {
    if (stage == null) {
      return Optional.empty();
    }
    return Arrays.stream(values())
        .filter(g -> g.name().equalsIgnoreCase(stage.strip()))
        .findFirst();
  }
}
