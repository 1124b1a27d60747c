package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leadpipe.service.problem.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProspectQueryTest {

  private static final ProspectQuery.Limits LIMITS = new ProspectQuery.Limits(20, 100, 1000);

  private static ProspectQuery parse(
      String segment, String stage, String leadType, String sort, String limit, String offset) {
    return ProspectQuery.parse(segment, stage, leadType, sort, limit, offset, LIMITS, false);
  }

  private static List<Violation> violations(
      String stage, String leadType, String sort, String limit, String offset) {
    return catchThrowableOfType(
            InvalidQueryException.class, () -> parse(null, stage, leadType, sort, limit, offset))
        .violations();
  }

  @Test
  void defaultsToTheFirstPageByEngagement() {
    assertThat(parse(null, null, null, null, null, null))
        .isEqualTo(new ProspectQuery(ProspectFilter.NONE, ProspectSort.ENGAGEMENT, 0, 20));
  }

  @Test
  void readsEveryFilterCaseInsensitively() {
    ProspectQuery q =
        parse("hot-prospects", "hesitating_buyer", "influence:influencer", "FIT", "50", "100");
    assertThat(q)
        .isEqualTo(
            new ProspectQuery(
                new ProspectFilter(
                    "hot-prospects",
                    "HESITATING_BUYER",
                    new ProspectFilter.LeadType("influence", "INFLUENCER")),
                ProspectSort.FIT,
                100,
                50));
  }

  @Test
  void anUnambiguousLeadTypeNeedsNoDimension() {
    assertThat(parse(null, null, "frequent", null, null, null).filter().leadType())
        .isEqualTo(new ProspectFilter.LeadType("purchaseFrequency", "FREQUENT"));
    assertThat(parse(null, null, "TARGET", null, null, null).filter().leadType())
        .isEqualTo(new ProspectFilter.LeadType("profileFit", "TARGET"));
  }

  @Test
  void reportsEveryWrongParameter() {
    assertThat(violations("SHOPPER", "NONE", "price", "0", "-1"))
        .extracting(Violation::field)
        .containsExactly("stage", "leadType", "sort", "limit", "offset");
    assertThat(violations(null, "colour:RED", null, "101", "1001"))
        .extracting(Violation::field)
        .containsExactly("leadType", "limit", "offset");
    assertThat(violations(null, "influence:HIGH", null, "ten", null))
        .extracting(Violation::message)
        .anySatisfy(m -> assertThat(m).contains("influence must be one of"))
        .anySatisfy(m -> assertThat(m).contains("whole number from 1 to 100"));
  }

  @Test
  void anInstancesShareMayReachThePageEnd() {
    ProspectQuery share = ProspectQuery.parse(null, null, null, null, "1100", "0", LIMITS, true);
    assertThat(share.limit()).isEqualTo(1100);
  }
}
