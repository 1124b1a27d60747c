package io.leadpipe.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplacedThreadMembersTest {

  @Test
  void aStaticMembersThreadIsTheApplicationsIdSuffixedWithTheThreadIndexAsKafkaStreamsNamesIt() {
    assertThat(
            ReplacedThreadMembers.memberOf(
                "scoring-1-8082", "leadpipe-scoring-6f1c0b2e-1a2b-StreamThread-12"))
        .contains("scoring-1-8082-12");
  }

  @Test
  void dynamicMembersAndOtherThreadsHaveNoMemberToRemove() {
    assertThat(ReplacedThreadMembers.memberOf(null, "app-StreamThread-1")).isEmpty();
    assertThat(ReplacedThreadMembers.memberOf("scoring-1-8082", "app-GlobalStreamThread"))
        .isEmpty();
  }
}
