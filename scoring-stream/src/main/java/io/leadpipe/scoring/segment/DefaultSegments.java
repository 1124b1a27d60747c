package io.leadpipe.scoring.segment;

import java.util.List;

/**
 * The segments every shop starts with; seeded at start-up only when absent, so operators can edit
 * them.
 */
public final class DefaultSegments {

  /** A default definition: id, name, category symbol of the contract, rule JSON. */
  public record Default(
      String segmentId, String name, String category, String description, String rule) {}

  public static final List<Default> ALL =
      List.of(
          new Default(
              "hot-prospects",
              "Hot prospects",
              "SCORE",
              "Highly engaged, well-fitting people who have not bought yet",
              """
                    {"all":[{"attr":"engagement.score","op":"gte","value":50},
                            {"attr":"fit.grade","op":"in","value":["A","B"]},
                            {"attr":"activity.purchases","op":"eq","value":0}]}"""),
          new Default(
              "bargain-hunters",
              "Bargain hunters",
              "BEHAVIOURAL",
              "Look for coupons and discounts: lead with price plays",
              """
                    {"attr":"activity.couponSearches","op":"gte","value":2}"""),
          new Default(
              "loyal-customers",
              "Loyal customers",
              "LEAD_TYPE",
              "Buy often and recently",
              """
                    {"all":[{"attr":"leadTypes.purchaseFrequency","op":"in","value":["FREQUENT","REGULAR"]},
                            {"attr":"rfm.recency","op":"gte","value":3}]}"""),
          new Default(
              "influencers",
              "Influencers",
              "LEAD_TYPE",
              "Sway others: reach, shares and referred visitors",
              """
                    {"attr":"leadTypes.influence","op":"eq","value":"INFLUENCER"}"""),
          new Default(
              "target-fit-newcomers",
              "Target-fit newcomers",
              "MIXED",
              "Match the target customer and arrived in the last 7 days",
              """
                    {"all":[{"attr":"leadTypes.profileFit","op":"eq","value":"TARGET"},
                            {"attr":"activity.daysSinceFirstSeen","op":"lte","value":7}]}"""),
          new Default(
              "win-back",
              "Win-back",
              "LIFECYCLE",
              "Customers who stopped buying (lapsed): worth a reason to come back",
              """
                    {"attr":"stage","op":"eq","value":"LAPSED"}"""),
          new Default(
              "gone-quiet-prospects",
              "Gone-quiet prospects",
              "BEHAVIOURAL",
              "Looked at products or filled a cart, have not bought, silent for over two weeks",
              """
                    {"all":[{"attr":"activity.purchases","op":"eq","value":0},
                            {"any":[{"attr":"activity.productViews","op":"gte","value":3},
                                    {"attr":"activity.cartAdds","op":"gte","value":1}]},
                            {"attr":"activity.daysSinceLastSeen","op":"gt","value":14}]}"""));

  private DefaultSegments() {}
}
