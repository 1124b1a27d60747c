package io.leadpipe.scoring.app.config;

import io.leadpipe.scoring.engagement.EngagementRules;
import io.leadpipe.scoring.engagement.SignalRule;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.fit.TargetCustomer;
import io.leadpipe.scoring.history.HistoryRules;
import io.leadpipe.scoring.influence.InfluenceRules;
import io.leadpipe.scoring.leadtype.LeadTypeRules;
import io.leadpipe.scoring.lifecycle.LifecycleRules;
import io.leadpipe.scoring.profile.ActivityRules;
import io.leadpipe.scoring.profile.ProfileLimits;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.referral.ReferralRules;
import io.leadpipe.scoring.rfm.RfmRules;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code leadpipe.scoring.*}: the scoring rules and the target customer (property names as in docs/scoring.md),
 * mapped into the plain {@link ScoringConfig} by {@link #toScoringConfig(List)}. Every default is taken from
 * {@link ScoringConfig#defaults()}, so an empty configuration scores exactly like the domain defaults.
 */
@ConfigurationProperties("leadpipe.scoring")
public class ScoringProperties {

  static final ScoringConfig DEFAULTS = ScoringConfig.defaults();
  static final ScoringRules RULES = DEFAULTS.rules();

  private Duration dedupeWindow = DEFAULTS.dedupeWindow();
  private Duration grace = DEFAULTS.grace();
  private Duration segmentCheckInterval = DEFAULTS.segmentCheckInterval();
  private Engagement engagement = new Engagement();
  private Target target = new Target();
  private Fit fit = new Fit();
  private Influence influence = new Influence();
  private LeadTypes leadTypes = new LeadTypes();
  private Rfm rfm = new Rfm();
  private Lifecycle lifecycle = new Lifecycle();
  private Activity activity = new Activity();
  private Referral referral = new Referral();
  private History history = new History();
  private Limits limits = new Limits();

  /** The plain config the topology uses; {@code signals} override or add single signal rules. */
  public ScoringConfig toScoringConfig(List<SignalProperties> signals) {
    ScoringRules rules = new ScoringRules(engagement.toRules(signals), fit.toRules(target.toTarget()),
        influence.toRules(), leadTypes.toRules(), rfm.toRules(), new LifecycleRules(lifecycle.engagedThreshold),
        activity.toRules(), referral.toRules(), history.toRules(), limits.toRules());
    return new ScoringConfig(rules, dedupeWindow, grace, segmentCheckInterval);
  }

  /** {@code leadpipe.scoring.engagement.*}; per-signal rules are {@link SignalProperties}. */
  @ConfigurationProperties("engagement")
  public static class Engagement {
    private static final EngagementRules D = RULES.engagement();
    private List<String> negativePagePrefixes = D.negativePagePrefixes();
    private String negativePageSignal = D.negativePageSignal();
    private int topFactors = D.topFactors();

    EngagementRules toRules(List<SignalProperties> overrides) {
      Map<String, SignalRule> rules = new HashMap<>(D.signals());
      for (SignalProperties o : overrides) {
        rules.put(o.signal(), o.toRule(rules.get(o.signal())));
      }
      return new EngagementRules(rules, negativePagePrefixes, negativePageSignal, topFactors);
    }

    public List<String> getNegativePagePrefixes() { return negativePagePrefixes; }
    public void setNegativePagePrefixes(List<String> v) { negativePagePrefixes = v; }
    public String getNegativePageSignal() { return negativePageSignal; }
    public void setNegativePageSignal(String v) { negativePageSignal = v; }
    public int getTopFactors() { return topFactors; }
    public void setTopFactors(int v) { topFactors = v; }
  }

  /** {@code leadpipe.scoring.target.*}: the target customer; an empty list means "any" for that criterion. */
  @ConfigurationProperties("target")
  public static class Target {
    private static final TargetCustomer D = RULES.fit().target();
    private Integer minAge = D.minAge();
    private Integer maxAge = D.maxAge();
    private List<String> genders = List.copyOf(D.genders());
    private List<String> incomeBands = List.copyOf(D.incomeBands());
    private List<String> jobs = List.copyOf(D.jobs());
    private List<String> locations = List.copyOf(D.locations());
    private List<String> interests = List.copyOf(D.interests());
    private Weights weights = new Weights();

    TargetCustomer toTarget() {
      return new TargetCustomer(minAge, maxAge, new LinkedHashSet<>(genders), new LinkedHashSet<>(incomeBands),
          new LinkedHashSet<>(jobs), new LinkedHashSet<>(locations), new LinkedHashSet<>(interests),
          weights.toWeights());
    }

    public Integer getMinAge() { return minAge; }
    public void setMinAge(Integer v) { minAge = v; }
    public Integer getMaxAge() { return maxAge; }
    public void setMaxAge(Integer v) { maxAge = v; }
    public List<String> getGenders() { return genders; }
    public void setGenders(List<String> v) { genders = v; }
    public List<String> getIncomeBands() { return incomeBands; }
    public void setIncomeBands(List<String> v) { incomeBands = v; }
    public List<String> getJobs() { return jobs; }
    public void setJobs(List<String> v) { jobs = v; }
    public List<String> getLocations() { return locations; }
    public void setLocations(List<String> v) { locations = v; }
    public List<String> getInterests() { return interests; }
    public void setInterests(List<String> v) { interests = v; }
    public Weights getWeights() { return weights; }
    public void setWeights(Weights v) { weights = v; }

    /** {@code leadpipe.scoring.target.weights.*}: relative weight of each criterion in the fit score. */
    @ConfigurationProperties("weights")
    public static class Weights {
      private static final TargetCustomer.Weights W = D.weights();
      private double age = W.age();
      private double gender = W.gender();
      private double income = W.income();
      private double job = W.job();
      private double location = W.location();
      private double interests = W.interests();

      TargetCustomer.Weights toWeights() {
        return new TargetCustomer.Weights(age, gender, income, job, location, interests);
      }

      public double getAge() { return age; }
      public void setAge(double v) { age = v; }
      public double getGender() { return gender; }
      public void setGender(double v) { gender = v; }
      public double getIncome() { return income; }
      public void setIncome(double v) { income = v; }
      public double getJob() { return job; }
      public void setJob(double v) { job = v; }
      public double getLocation() { return location; }
      public void setLocation(double v) { location = v; }
      public double getInterests() { return interests; }
      public void setInterests(double v) { interests = v; }
    }
  }

  /** {@code leadpipe.scoring.fit.*}: grade thresholds and how many shared interests are a full match. */
  @ConfigurationProperties("fit")
  public static class Fit {
    private static final FitRules D = RULES.fit();
    private double gradeA = D.gradeA();
    private double gradeB = D.gradeB();
    private double gradeC = D.gradeC();
    private int interestsForFullMatch = D.interestsForFullMatch();

    FitRules toRules(TargetCustomer target) {
      return new FitRules(target, gradeA, gradeB, gradeC, interestsForFullMatch);
    }

    public double getGradeA() { return gradeA; }
    public void setGradeA(double v) { gradeA = v; }
    public double getGradeB() { return gradeB; }
    public void setGradeB(double v) { gradeB = v; }
    public double getGradeC() { return gradeC; }
    public void setGradeC(double v) { gradeC = v; }
    public int getInterestsForFullMatch() { return interestsForFullMatch; }
    public void setInterestsForFullMatch(int v) { interestsForFullMatch = v; }
  }

  /** {@code leadpipe.scoring.influence.*}: influence weights, cap and lead-type thresholds. */
  @ConfigurationProperties("influence")
  public static class Influence {
    private static final InfluenceRules D = RULES.influence();
    private double perTenfoldFollowers = D.perTenfoldFollowers();
    private double perShare = D.perShare();
    private double perMention = D.perMention();
    private double perReferredVisitor = D.perReferredVisitor();
    private double perReferredBuyer = D.perReferredBuyer();
    private double cap = D.cap();
    private double influencerThreshold = D.influencerThreshold();
    private double amplifierThreshold = D.amplifierThreshold();

    InfluenceRules toRules() {
      return new InfluenceRules(perTenfoldFollowers, perShare, perMention, perReferredVisitor, perReferredBuyer, cap,
          influencerThreshold, amplifierThreshold);
    }

    public double getPerTenfoldFollowers() { return perTenfoldFollowers; }
    public void setPerTenfoldFollowers(double v) { perTenfoldFollowers = v; }
    public double getPerShare() { return perShare; }
    public void setPerShare(double v) { perShare = v; }
    public double getPerMention() { return perMention; }
    public void setPerMention(double v) { perMention = v; }
    public double getPerReferredVisitor() { return perReferredVisitor; }
    public void setPerReferredVisitor(double v) { perReferredVisitor = v; }
    public double getPerReferredBuyer() { return perReferredBuyer; }
    public void setPerReferredBuyer(double v) { perReferredBuyer = v; }
    public double getCap() { return cap; }
    public void setCap(double v) { cap = v; }
    public double getInfluencerThreshold() { return influencerThreshold; }
    public void setInfluencerThreshold(double v) { influencerThreshold = v; }
    public double getAmplifierThreshold() { return amplifierThreshold; }
    public void setAmplifierThreshold(double v) { amplifierThreshold = v; }
  }

  /** {@code leadpipe.scoring.lead-types.*}: purchase frequency and volume thresholds. */
  @ConfigurationProperties("lead-types")
  public static class LeadTypes {
    private static final LeadTypeRules D = RULES.leadTypes();
    private Duration frequentInterval = D.frequentInterval();
    private Duration regularInterval = D.regularInterval();
    private double highSpend = D.highSpend();
    private long highQuantity = D.highQuantity();
    private double mediumSpend = D.mediumSpend();
    private long mediumQuantity = D.mediumQuantity();

    LeadTypeRules toRules() {
      return new LeadTypeRules(frequentInterval, regularInterval, highSpend, highQuantity, mediumSpend, mediumQuantity);
    }

    public Duration getFrequentInterval() { return frequentInterval; }
    public void setFrequentInterval(Duration v) { frequentInterval = v; }
    public Duration getRegularInterval() { return regularInterval; }
    public void setRegularInterval(Duration v) { regularInterval = v; }
    public double getHighSpend() { return highSpend; }
    public void setHighSpend(double v) { highSpend = v; }
    public long getHighQuantity() { return highQuantity; }
    public void setHighQuantity(long v) { highQuantity = v; }
    public double getMediumSpend() { return mediumSpend; }
    public void setMediumSpend(double v) { mediumSpend = v; }
    public long getMediumQuantity() { return mediumQuantity; }
    public void setMediumQuantity(long v) { mediumQuantity = v; }
  }

  /** {@code leadpipe.scoring.rfm.*}: four ascending thresholds each for the 1-5 RFM scores. */
  @ConfigurationProperties("rfm")
  public static class Rfm {
    private static final RfmRules D = RULES.rfm();
    private List<Integer> recencyDays = D.recencyDays();
    private List<Integer> frequencyPurchases = D.frequencyPurchases();
    private List<Double> monetarySpend = D.monetarySpend();

    RfmRules toRules() {
      return new RfmRules(recencyDays, frequencyPurchases, monetarySpend);
    }

    public List<Integer> getRecencyDays() { return recencyDays; }
    public void setRecencyDays(List<Integer> v) { recencyDays = v; }
    public List<Integer> getFrequencyPurchases() { return frequencyPurchases; }
    public void setFrequencyPurchases(List<Integer> v) { frequencyPurchases = v; }
    public List<Double> getMonetarySpend() { return monetarySpend; }
    public void setMonetarySpend(List<Double> v) { monetarySpend = v; }
  }

  /** {@code leadpipe.scoring.lifecycle.*}: when a visitor counts as an engaged prospect. */
  @ConfigurationProperties("lifecycle")
  public static class Lifecycle {
    private double engagedThreshold = RULES.lifecycle().engagedThreshold();

    public double getEngagedThreshold() { return engagedThreshold; }
    public void setEngagedThreshold(double v) { engagedThreshold = v; }
  }

  /** {@code leadpipe.scoring.activity.*}: sessions, top categories and interests shown by behaviour. */
  @ConfigurationProperties("activity")
  public static class Activity {
    private static final ActivityRules D = RULES.activity();
    private Duration sessionInactivity = D.sessionInactivity();
    private int topCategories = D.topCategories();
    private int interestsFromCategories = D.interestsFromCategories();

    ActivityRules toRules() {
      return new ActivityRules(sessionInactivity, topCategories, interestsFromCategories);
    }

    public Duration getSessionInactivity() { return sessionInactivity; }
    public void setSessionInactivity(Duration v) { sessionInactivity = v; }
    public int getTopCategories() { return topCategories; }
    public void setTopCategories(int v) { topCategories = v; }
    public int getInterestsFromCategories() { return interestsFromCategories; }
    public void setInterestsFromCategories(int v) { interestsFromCategories = v; }
  }

  /** {@code leadpipe.scoring.referral.*}: referral credit. */
  @ConfigurationProperties("referral")
  public static class Referral {
    private static final ReferralRules D = RULES.referral();
    private Duration attributionWindow = D.attributionWindow();
    private int codesKept = D.codesKept();
    private int purchasesRemembered = D.purchasesRemembered();

    ReferralRules toRules() {
      return new ReferralRules(attributionWindow, codesKept, purchasesRemembered);
    }

    public Duration getAttributionWindow() { return attributionWindow; }
    public void setAttributionWindow(Duration v) { attributionWindow = v; }
    public int getCodesKept() { return codesKept; }
    public void setCodesKept(int v) { codesKept = v; }
    public int getPurchasesRemembered() { return purchasesRemembered; }
    public void setPurchasesRemembered(int v) { purchasesRemembered = v; }
  }

  /** {@code leadpipe.scoring.history.*}: the score history kept in a profile. */
  @ConfigurationProperties("history")
  public static class History {
    private static final HistoryRules D = RULES.history();
    private int size = D.size();
    private double significantChange = D.significantChange();

    HistoryRules toRules() {
      return new HistoryRules(size, significantChange);
    }

    public int getSize() { return size; }
    public void setSize(int v) { size = v; }
    public double getSignificantChange() { return significantChange; }
    public void setSignificantChange(double v) { significantChange = v; }
  }

  /** {@code leadpipe.scoring.limits.*}: bounds on one visitor's state. */
  @ConfigurationProperties("limits")
  public static class Limits {
    private static final ProfileLimits D = RULES.limits();
    private int categoriesKept = D.categoriesKept();
    private int cartLinesKept = D.cartLinesKept();
    private int anonymousIdsKept = D.anonymousIdsKept();
    private int customTraitsKept = D.customTraitsKept();

    ProfileLimits toRules() {
      return new ProfileLimits(categoriesKept, cartLinesKept, anonymousIdsKept, customTraitsKept);
    }

    public int getCategoriesKept() { return categoriesKept; }
    public void setCategoriesKept(int v) { categoriesKept = v; }
    public int getCartLinesKept() { return cartLinesKept; }
    public void setCartLinesKept(int v) { cartLinesKept = v; }
    public int getAnonymousIdsKept() { return anonymousIdsKept; }
    public void setAnonymousIdsKept(int v) { anonymousIdsKept = v; }
    public int getCustomTraitsKept() { return customTraitsKept; }
    public void setCustomTraitsKept(int v) { customTraitsKept = v; }
  }

  public Duration getDedupeWindow() { return dedupeWindow; }
  public void setDedupeWindow(Duration v) { dedupeWindow = v; }
  public Duration getGrace() { return grace; }
  public void setGrace(Duration v) { grace = v; }
  public Duration getSegmentCheckInterval() { return segmentCheckInterval; }
  public void setSegmentCheckInterval(Duration v) { segmentCheckInterval = v; }
  public Engagement getEngagement() { return engagement; }
  public void setEngagement(Engagement v) { engagement = v; }
  public Target getTarget() { return target; }
  public void setTarget(Target v) { target = v; }
  public Fit getFit() { return fit; }
  public void setFit(Fit v) { fit = v; }
  public Influence getInfluence() { return influence; }
  public void setInfluence(Influence v) { influence = v; }
  public LeadTypes getLeadTypes() { return leadTypes; }
  public void setLeadTypes(LeadTypes v) { leadTypes = v; }
  public Rfm getRfm() { return rfm; }
  public void setRfm(Rfm v) { rfm = v; }
  public Lifecycle getLifecycle() { return lifecycle; }
  public void setLifecycle(Lifecycle v) { lifecycle = v; }
  public Activity getActivity() { return activity; }
  public void setActivity(Activity v) { activity = v; }
  public Referral getReferral() { return referral; }
  public void setReferral(Referral v) { referral = v; }
  public History getHistory() { return history; }
  public void setHistory(History v) { history = v; }
  public Limits getLimits() { return limits; }
  public void setLimits(Limits v) { limits = v; }
}
