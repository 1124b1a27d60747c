package io.leadpipe.scoring.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferralLedgerTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void aReferredVisitorCreditsTheOwnerOnceAsVisitorAndOnceAsBuyerPlusEachPurchasesRevenue() {
    var arrival = ReferralLedger.report("ann", null, ReferralEvent.arrival("c", "bob", T0));
    assertThat(arrival.credits()).containsExactly(ReferralCredit.visitor("ann", "bob", "c", T0));

    var again =
        ReferralLedger.report(
            "ann", arrival.entry(), ReferralEvent.arrival("c", "bob", T0.plusSeconds(9)));
    assertThat(again.credits()).isEmpty();

    var first =
        ReferralLedger.report(
            "ann", again.entry(), ReferralEvent.purchase("c", "bob", T0.plusSeconds(60), 30, "o1"));
    var second =
        ReferralLedger.report(
            "ann", first.entry(), ReferralEvent.purchase("c", "bob", T0.plusSeconds(90), 20, "o2"));
    assertThat(first.credits())
        .extracting(
            ReferralCredit::kind,
            ReferralCredit::revenue,
            ReferralCredit::newBuyer,
            ReferralCredit::creditId)
        .containsExactly(
            tuple(ReferralCredit.Kind.REFERRED_PURCHASE, 30.0, true, "purchase:c:bob:o1"));
    assertThat(second.credits())
        .extracting(ReferralCredit::revenue, ReferralCredit::newBuyer)
        .containsExactly(tuple(20.0, false));
  }

  @Test
  void reportsForAnUnclaimedCodeWaitAndAreCreditedTogetherWhenTheOwnerIsKnown() {
    var arrival = ReferralLedger.report(null, null, ReferralEvent.arrival("c", "bob", T0));
    var p1 =
        ReferralLedger.report(
            null, arrival.entry(), ReferralEvent.purchase("c", "bob", T0.plusSeconds(1), 30, "o1"));
    var p2 =
        ReferralLedger.report(
            null, p1.entry(), ReferralEvent.purchase("c", "bob", T0.plusSeconds(2), 20, "o2"));
    assertThat(arrival.credits()).isEmpty();
    assertThat(p2.credits()).isEmpty();

    var settled = ReferralLedger.settle("ann", "c", "bob", p2.entry());
    assertThat(settled.credits())
        .extracting(
            ReferralCredit::kind,
            ReferralCredit::revenue,
            ReferralCredit::newBuyer,
            ReferralCredit::at,
            ReferralCredit::creditId)
        .containsExactly(
            tuple(ReferralCredit.Kind.REFERRED_VISITOR, 0.0, false, T0, "visit:c:bob"),
            tuple(
                ReferralCredit.Kind.REFERRED_PURCHASE,
                50.0,
                true,
                T0.plusSeconds(2),
                "purchase:c:bob:o2"));
    assertThat(ReferralLedger.settle("ann", "c", "bob", settled.entry()).credits()).isEmpty();
  }

  @Test
  void aPurchaseReportWithoutAnArrivalStillCountsTheVisit() {
    var d = ReferralLedger.report("ann", null, ReferralEvent.purchase("c", "bob", T0, 10, "o1"));
    assertThat(d.credits())
        .extracting(ReferralCredit::kind)
        .containsExactly(
            ReferralCredit.Kind.REFERRED_VISITOR, ReferralCredit.Kind.REFERRED_PURCHASE);
  }

  @Test
  void nobodyIsCreditedForTheirOwnCodeAndTheFirstClaimantOwnsIt() {
    var self = ReferralLedger.report("ann", null, ReferralEvent.arrival("c", "ann", T0));
    assertThat(self.credits()).isEmpty();
    assertThat(
            ReferralLedger.report(
                    "ann", self.entry(), ReferralEvent.purchase("c", "ann", T0, 10, "o1"))
                .credits())
        .isEmpty();

    assertThat(ReferralLedger.takesOwnership(null)).isTrue();
    assertThat(ReferralLedger.takesOwnership("ann")).isFalse();
  }

  @Test
  void aVisitorKnownByAnotherIdWithAnEntryIsKeptUnderThatEntry() {
    Set<String> withEntry = Set.of("bob-phone");
    ReferralEvent signedIn =
        ReferralEvent.arrival("c", "u-bob", T0).knownAs(List.of("bob-tablet", "bob-phone"));

    assertThat(ReferralLedger.referredId(signedIn, withEntry::contains)).isEqualTo("bob-phone");
    assertThat(ReferralLedger.referredId(signedIn, id -> false)).isEqualTo("u-bob");
    assertThat(ReferralLedger.referredId(signedIn, Set.of("u-bob", "bob-phone")::contains))
        .isEqualTo("u-bob");
  }

  @Test
  void theSharerUnderAnotherIdIsNotCreditedForTheirOwnCode() {
    var arrival =
        ReferralLedger.report(
            "ann-phone",
            null,
            ReferralEvent.arrival("c", "u-ann", T0).knownAs(List.of("ann-phone")));
    var purchase =
        ReferralLedger.report(
            "ann-phone",
            arrival.entry(),
            ReferralEvent.purchase("c", "u-ann", T0.plusSeconds(5), 100, "o1")
                .knownAs(List.of("ann-phone")));

    assertThat(arrival.credits()).isEmpty();
    assertThat(purchase.credits()).isEmpty();
  }
}
