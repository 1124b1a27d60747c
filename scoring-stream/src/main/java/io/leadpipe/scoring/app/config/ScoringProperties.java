package io.leadpipe.scoring.app.config;

import io.leadpipe.scoring.engagement.EngagementRules;
import io.leadpipe.scoring.engagement.SignalRule;
import io.leadpipe.scoring.fit.TargetCustomer;
import io.leadpipe.scoring.influence.InfluenceScorer;
import io.leadpipe.scoring.leadtype.LeadTypeRules;
import io.leadpipe.scoring.lifecycle.LifecycleRules;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code leadpipe.scoring.*}: the scoring rules and the target customer, mapped into the plain
 * {@link ScoringConfig} by {@link #toScoringConfig(List)}. Every default is taken from
 * {@link ScoringConfig#defaults()}, so an empty configuration scores exactly like the domain defaults.
 */
@ConfigurationProperties("leadpipe.scoring")
public class ScoringProperties {

  static final ScoringConfig DEFAULTS = ScoringConfig.defaults();

  private Duration dedupeWindow = DEFAULTS.dedupeWindow();
  private Duration grace = DEFAULTS.grace();
  private Duration segmentCheckInterval = DEFAULTS.segmentCheckInterval();
  private Engagement engagement = new Engagement();
  private Target target = new Target();
  private LeadTypes leadTypes = new LeadTypes();
  private Lifecycle lifecycle = new Lifecycle();
  private Influence influence = new Influence();

  /** The plain config the topology uses; {@code signals} override or add single signal rules. */
  public ScoringConfig toScoringConfig(List<SignalProperties> signals) {
    return new ScoringConfig(engagement.toRules(signals), target.toTarget(), leadTypes.toRules(),
        new LifecycleRules(lifecycle.engagedThreshold), influence.toScorer(),
        dedupeWindow, grace, segmentCheckInterval);
  }

  /** {@code leadpipe.scoring.engagement.*}; per-signal rules are {@link SignalProperties}. */
  @ConfigurationProperties("engagement")
  public static class Engagement {
    private static final EngagementRules D = DEFAULTS.engagement();
    private List<String> negativePagePrefixes = D.negativePagePrefixes();
    private String negativePageSignal = D.negativePageSignal();
    private int topFactors = D.topFactors();
    private int historySize = D.historySize();

    EngagementRules toRules(List<SignalProperties> overrides) {
      Map<String, SignalRule> rules = new HashMap<>(D.signals());
      for (SignalProperties o : overrides) {
        rules.put(o.signal(), o.toRule(rules.get(o.signal())));
      }
      return new EngagementRules(rules, negativePagePrefixes, negativePageSignal, topFactors, historySize);
    }

    public List<String> getNegativePagePrefixes() { return negativePagePrefixes; }
    public void setNegativePagePrefixes(List<String> v) { negativePagePrefixes = v; }
    public String getNegativePageSignal() { return negativePageSignal; }
    public void setNegativePageSignal(String v) { negativePageSignal = v; }
    public int getTopFactors() { return topFactors; }
    public void setTopFactors(int v) { topFactors = v; }
    public int getHistorySize() { return historySize; }
    public void setHistorySize(int v) { historySize = v; }
  }

  /** {@code leadpipe.scoring.target.*}: the target customer; an empty list means "any" for that criterion. */
  @ConfigurationProperties("target")
  public static class Target {
    private static final TargetCustomer D = DEFAULTS.target();
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
      private static final TargetCustomer.Weights W = DEFAULTS.target().weights();
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

  /** {@code leadpipe.scoring.lead-types.*}: purchase frequency and volume thresholds. */
  @ConfigurationProperties("lead-types")
  public static class LeadTypes {
    private static final LeadTypeRules D = DEFAULTS.leadTypes();
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

  /** {@code leadpipe.scoring.lifecycle.*}: when a visitor counts as an engaged prospect. */
  @ConfigurationProperties("lifecycle")
  public static class Lifecycle {
    private double engagedThreshold = DEFAULTS.lifecycle().engagedThreshold();

    public double getEngagedThreshold() { return engagedThreshold; }
    public void setEngagedThreshold(double v) { engagedThreshold = v; }
  }

  /**
   * {@code leadpipe.scoring.influence.*}: influence lead-type thresholds. {@link InfluenceScorer} does not
   * expose its defaults, so they are repeated here; {@code ScoringPropertiesTest} checks they agree.
   */
  @ConfigurationProperties("influence")
  public static class Influence {
    static final double DEFAULT_INFLUENCER_THRESHOLD = 50;
    static final double DEFAULT_AMPLIFIER_THRESHOLD = 10;
    private double influencerThreshold = DEFAULT_INFLUENCER_THRESHOLD;
    private double amplifierThreshold = DEFAULT_AMPLIFIER_THRESHOLD;

    InfluenceScorer toScorer() {
      return new InfluenceScorer(influencerThreshold, amplifierThreshold);
    }

    public double getInfluencerThreshold() { return influencerThreshold; }
    public void setInfluencerThreshold(double v) { influencerThreshold = v; }
    public double getAmplifierThreshold() { return amplifierThreshold; }
    public void setAmplifierThreshold(double v) { amplifierThreshold = v; }
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
  public LeadTypes getLeadTypes() { return leadTypes; }
  public void setLeadTypes(LeadTypes v) { leadTypes = v; }
  public Lifecycle getLifecycle() { return lifecycle; }
  public void setLifecycle(Lifecycle v) { lifecycle = v; }
  public Influence getInfluence() { return influence; }
  public void setInfluence(Influence v) { influence = v; }
}
