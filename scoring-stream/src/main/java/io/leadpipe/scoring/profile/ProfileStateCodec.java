package io.leadpipe.scoring.profile;

import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.history.ScoreHistory;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.HesitationState;
import io.leadpipe.scoring.lifecycle.OpenHesitation;
import io.leadpipe.scoring.referral.ReferralTouch;
import io.leadpipe.scoring.traits.Consent;
import io.leadpipe.scoring.traits.KnownTraits;
import io.leadpipe.streams.state.StateSerde;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A compact, versioned binary encoding of {@link ProfileState}: every input event reads and
 * rewrites a visitor's state, and the Smile state serde (field names, a generic object mapper)
 * costs several times the bytes and the time of a hand-written format.
 *
 * <p>Bytes: {@link #FORMAT_VERSION}, the base time (zig-zag varint of epoch millis: the state's
 * {@code asOf}, which the instants in it are written relative to), then the state as a record of
 * the {@link Wire} format. Each record is a sequence of (field id, wire type, value) ended by
 * {@link Wire#END}; default values (zero, null, empty) are left out. A reader passes over field ids
 * it does not know, so a later version may add fields (with new ids) and still be read by this one
 * during a rolling upgrade; changing the meaning or wire type of an existing id needs a new {@link
 * #FORMAT_VERSION}.
 *
 * <p>{@link #serde()} writes this format and reads both it and the Smile (or earlier JSON text)
 * state written by released versions.
 */
public final class ProfileStateCodec {

  /**
   * The first byte of this format. Smile state starts with ':' and JSON text with '{', '[' or
   * whitespace, so no byte from {@link Wire#FIRST_RESERVED_VERSION} to {@link
   * Wire#LAST_RESERVED_VERSION} can start older state.
   */
  public static final byte FORMAT_VERSION = 0x02;

  private static final String CANNOT_READ = "cannot read ProfileState state: ";

  /** ProfileState's field ids. Never reuse or renumber an id: a new field takes a new id. */
  private static final class StateField {
    static final int VISITOR_ID = 1;
    static final int USER_ID = 2;
    static final int ANONYMOUS_IDS = 3;
    static final int FIRST_SEEN = 4;
    static final int LAST_SEEN = 5;
    static final int AS_OF = 6;
    static final int REVISION = 7;
    static final int ACTIVITY = 8;
    static final int CART = 9;
    static final int SIGNALS = 10;
    static final int PURCHASES = 11;
    static final int CATEGORY_VIEWS = 12;
    static final int TRAITS = 13;
    static final int REACH = 14;
    static final int REFERRAL = 15;
    static final int HESITATION = 16;
    static final int HISTORY = 17;

    /**
     * A map of message hash (fixed64) to event time (zig-zag millis from the base), oldest first.
     */
    static final int RECENT_MESSAGES = 18;
  }

  private static final class ActivityField {
    static final int SESSIONS = 1;
    static final int LAST_WEB_AT = 2;
    static final int PAGE_VIEWS = 3;
    static final int PRODUCT_VIEWS = 4;
    static final int SEARCHES = 5;
    static final int COUPON_SEARCHES = 6;
    static final int CART_ADDS = 7;
    static final int CART_REMOVES = 8;
    static final int CHECKOUTS = 9;
    static final int REVIEWS_READ = 10;
    static final int SOCIAL_INTERACTIONS = 11;
  }

  private static final class CartField {
    static final int LINES = 1;
  }

  private static final class LineField {
    static final int PRODUCT_ID = 1;
    static final int SKU = 2;
    static final int NAME = 3;
    static final int CATEGORY = 4;
    static final int PRICE = 5;
    static final int QUANTITY = 6;
  }

  private static final class SignalField {
    static final int POINTS = 1;
    static final int AS_OF = 2;
    static final int DAY = 3;
    static final int COUNT_ON_DAY = 4;
    static final int LAST_AT = 5;
  }

  private static final class PurchasesField {
    static final int PURCHASES = 1;
    static final int TOTAL_SPEND = 2;
    static final int TOTAL_QUANTITY = 3;
    static final int FIRST_PURCHASE = 4;
    static final int LAST_PURCHASE = 5;
  }

  private static final class TraitsField {
    static final int VALUES = 1;
    static final int INTERESTS = 2;
    static final int CONSENT = 3;
    static final int SET_AT = 4;
    static final int OBSERVED_TIMEZONE = 5;
  }

  private static final class ConsentField {
    static final int STATUS = 1;
    static final int AT = 2;
  }

  private static final class ReachField {
    static final int FOLLOWERS_BY_NETWORK = 1;
    static final int SHARES = 2;
    static final int MENTIONS = 3;
    static final int REFERRED_VISITORS = 4;
    static final int REFERRED_BUYERS = 5;
    static final int REFERRED_REVENUE = 6;
    static final int LAST_AT = 7;
  }

  private static final class ReferralField {
    static final int OWN_CODES = 1;
    static final int REFERRED_BY = 2;
    static final int REFERRED_AT = 3;
    static final int UNATTRIBUTED = 4;
  }

  private static final class ReferralPurchaseField {
    static final int AT = 1;
    static final int REVENUE = 2;
    static final int ORDER_REF = 3;
  }

  private static final class HesitationField {
    static final int OPEN = 1;
    static final int LAST_CLOSED_ID = 2;
    static final int STATED_REASON = 3;
    static final int STATED_REASON_AT = 4;
    static final int INFERRED_REASON_AT_STATEMENT = 5;
    static final int LAST_INFERRED_REASON = 6;
    static final int LAST_INFERRED_AT = 7;
  }

  private static final class OpenHesitationField {
    static final int HESITATION_ID = 1;
    static final int KIND = 2;
    static final int DETECTED_AT = 3;
    static final int LAST_ACTIVITY_AT = 4;
    static final int PRIMARY_REASON = 5;
    static final int REASONS = 6;
  }

  private static final class LikelyReasonField {
    static final int REASON = 1;
    static final int CONFIDENCE = 2;
  }

  private static final class PointField {
    static final int AT = 1;
    static final int ENGAGEMENT = 2;
    static final int FIT = 3;
    static final int INFLUENCE = 4;
  }

  /**
   * Days decoded lately, by epoch day modulo the size: a state's signal days are a few recent dates
   * shared by every visitor, and LocalDate.ofEpochDay is the dearest step of reading a signal
   * (about as dear as the rest of it). LocalDate is immutable, so sharing one is safe; a racing
   * write only costs a miss.
   */
  private static final int DAY_CACHE_SIZE = 512;

  private static final CachedDay[] DAYS = new CachedDay[DAY_CACHE_SIZE];

  private record CachedDay(long epochDay, LocalDate date) {}

  private ProfileStateCodec() {}

  /**
   * The profile-state serde: writes this format; reads it, and the Smile or JSON text state written
   * by earlier versions. Null stays null (tombstones). Thread-safe.
   */
  public static Serde<ProfileState> serde() {
    return Serdes.serdeFrom((topic, state) -> state == null ? null : encode(state), readingBoth());
  }

  private static Deserializer<ProfileState> readingBoth() {
    Deserializer<ProfileState> legacy = StateSerde.of(ProfileState.class).deserializer();
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      return Wire.isCompact(bytes) ? decode(bytes) : legacy.deserialize(topic, bytes);
    };
  }

  public static byte[] encode(ProfileState state) {
    BinaryWriter w = BinaryWriter.forThisThread();
    w.varInt(FORMAT_VERSION);
    w.base(state.asOf());
    w.zigZag(w.baseMillis());
    writeState(w, state);
    return w.toByteArray();
  }

  /**
   * Reads state written by {@link #encode}.
   *
   * @throws SerializationException naming what is wrong when the bytes are not this format's
   *     version, are truncated or are corrupt
   */
  public static ProfileState decode(byte[] bytes) {
    BinaryReader r = BinaryReader.afterVersion(bytes, FORMAT_VERSION, CANNOT_READ);
    try {
      r.base(r.zigZag());
      r.enter();
      ProfileState state = readState(r);
      if (!r.atEnd()) {
        throw r.corrupt(
            (bytes.length - r.position())
                + " bytes after the end of the state at byte "
                + r.position());
      }
      return state;
    } catch (RuntimeException e) {
      // Corrupt bytes also surface as the records' and java.time's own checks (duplicate map
      // keys, instants out of range): one exception type, naming the state, for all of them.
      throw new SerializationException(
          CANNOT_READ + e.getMessage() + " (" + bytes.length + " bytes)", e);
    }
  }

  // --- write: each writeX writes the fields of one record, then its end

  private static void writeState(BinaryWriter w, ProfileState s) {
    w.stringField(StateField.VISITOR_ID, s.visitorId());
    w.stringField(StateField.USER_ID, s.userId());
    w.strings(StateField.ANONYMOUS_IDS, s.anonymousIds());
    w.instantField(StateField.FIRST_SEEN, s.firstSeen());
    w.instantField(StateField.LAST_SEEN, s.lastSeen());
    w.instantField(StateField.AS_OF, s.asOf());
    w.longField(StateField.REVISION, s.revision());
    if (s.activity() != null) {
      w.beginRecord(StateField.ACTIVITY);
      writeActivity(w, s.activity());
    }
    if (s.cart() != null) {
      w.beginRecord(StateField.CART);
      writeCart(w, s.cart());
    }
    if (!s.signals().isEmpty()) {
      w.mapField(StateField.SIGNALS, s.signals().size(), Wire.BYTES, Wire.RECORD);
      for (Map.Entry<String, SignalState> e : s.signals().entrySet()) {
        w.string(e.getKey());
        writeSignal(w, e.getValue());
      }
    }
    if (s.purchases() != null) {
      w.beginRecord(StateField.PURCHASES);
      writePurchases(w, s.purchases());
    }
    w.doubleMapField(StateField.CATEGORY_VIEWS, s.categoryViews());
    if (s.traits() != null) {
      w.beginRecord(StateField.TRAITS);
      writeTraits(w, s.traits());
    }
    if (s.reach() != null) {
      w.beginRecord(StateField.REACH);
      writeReach(w, s.reach());
    }
    if (s.referral() != null) {
      w.beginRecord(StateField.REFERRAL);
      writeReferral(w, s.referral());
    }
    if (s.hesitation() != null) {
      w.beginRecord(StateField.HESITATION);
      writeHesitation(w, s.hesitation());
    }
    if (!s.history().isEmpty()) {
      w.listField(StateField.HISTORY, s.history().size(), Wire.RECORD);
      for (ScoreHistory.Point p : s.history()) {
        writePoint(w, p);
      }
    }
    writeRecentMessages(w, s.recentMessages());
    w.endRecord();
  }

  private static void writeRecentMessages(BinaryWriter w, RecentMessages m) {
    long[] hashes = m.hashes();
    long[] atMillis = m.atMillis();
    if (hashes.length == 0) {
      return;
    }
    w.mapField(StateField.RECENT_MESSAGES, hashes.length, Wire.FIXED64, Wire.VARINT);
    for (int i = 0; i < hashes.length; i++) {
      w.fixed64(hashes[i]);
      w.zigZag(atMillis[i] - w.baseMillis());
    }
  }

  private static void writeActivity(BinaryWriter w, ActivityCounts a) {
    w.intField(ActivityField.SESSIONS, a.sessions());
    w.instantField(ActivityField.LAST_WEB_AT, a.lastWebAt());
    w.intField(ActivityField.PAGE_VIEWS, a.pageViews());
    w.intField(ActivityField.PRODUCT_VIEWS, a.productViews());
    w.intField(ActivityField.SEARCHES, a.searches());
    w.intField(ActivityField.COUPON_SEARCHES, a.couponSearches());
    w.intField(ActivityField.CART_ADDS, a.cartAdds());
    w.intField(ActivityField.CART_REMOVES, a.cartRemoves());
    w.intField(ActivityField.CHECKOUTS, a.checkouts());
    w.intField(ActivityField.REVIEWS_READ, a.reviewsRead());
    w.intField(ActivityField.SOCIAL_INTERACTIONS, a.socialInteractions());
    w.endRecord();
  }

  private static void writeCart(BinaryWriter w, Cart c) {
    if (!c.lines().isEmpty()) {
      w.listField(CartField.LINES, c.lines().size(), Wire.RECORD);
      for (Cart.Line l : c.lines()) {
        w.stringField(LineField.PRODUCT_ID, l.productId());
        w.stringField(LineField.SKU, l.sku());
        w.stringField(LineField.NAME, l.name());
        w.stringField(LineField.CATEGORY, l.category());
        w.doubleField(LineField.PRICE, l.price());
        w.intField(LineField.QUANTITY, l.quantity());
        w.endRecord();
      }
    }
    w.endRecord();
  }

  private static void writeSignal(BinaryWriter w, SignalState s) {
    w.doubleField(SignalField.POINTS, s.points());
    w.instantField(SignalField.AS_OF, s.asOf());
    if (s.day() != null) {
      // Written even for the epoch day 0, so that a day is never read back as null.
      w.key(SignalField.DAY, Wire.VARINT);
      w.zigZag(s.day().toEpochDay());
    }
    w.intField(SignalField.COUNT_ON_DAY, s.countOnDay());
    w.instantField(SignalField.LAST_AT, s.lastAt());
    w.endRecord();
  }

  private static void writePurchases(BinaryWriter w, PurchaseStats p) {
    w.longField(PurchasesField.PURCHASES, p.purchases());
    w.doubleField(PurchasesField.TOTAL_SPEND, p.totalSpend());
    w.longField(PurchasesField.TOTAL_QUANTITY, p.totalQuantity());
    w.instantField(PurchasesField.FIRST_PURCHASE, p.firstPurchase());
    w.instantField(PurchasesField.LAST_PURCHASE, p.lastPurchase());
    w.endRecord();
  }

  private static void writeTraits(BinaryWriter w, KnownTraits t) {
    if (!t.values().isEmpty()) {
      w.mapField(TraitsField.VALUES, t.values().size(), Wire.BYTES, Wire.BYTES);
      for (Map.Entry<String, String> e : t.values().entrySet()) {
        w.string(e.getKey());
        w.string(e.getValue());
      }
    }
    w.strings(TraitsField.INTERESTS, t.interests());
    if (!t.consent().isEmpty()) {
      w.mapField(TraitsField.CONSENT, t.consent().size(), Wire.BYTES, Wire.RECORD);
      for (Map.Entry<String, Consent> e : t.consent().entrySet()) {
        w.string(e.getKey());
        w.stringField(ConsentField.STATUS, e.getValue().status());
        w.instantField(ConsentField.AT, e.getValue().at());
        w.endRecord();
      }
    }
    writeInstants(w, TraitsField.SET_AT, t.setAt());
    w.stringField(TraitsField.OBSERVED_TIMEZONE, t.observedTimezone());
    w.endRecord();
  }

  private static void writeReach(BinaryWriter w, Reach r) {
    if (!r.followersByNetwork().isEmpty()) {
      w.mapField(
          ReachField.FOLLOWERS_BY_NETWORK, r.followersByNetwork().size(), Wire.BYTES, Wire.VARINT);
      for (Map.Entry<String, Long> e : r.followersByNetwork().entrySet()) {
        w.string(e.getKey());
        w.zigZag(e.getValue());
      }
    }
    w.longField(ReachField.SHARES, r.shares());
    w.longField(ReachField.MENTIONS, r.mentions());
    w.longField(ReachField.REFERRED_VISITORS, r.referredVisitors());
    w.longField(ReachField.REFERRED_BUYERS, r.referredBuyers());
    w.doubleField(ReachField.REFERRED_REVENUE, r.referredRevenue());
    writeInstants(w, ReachField.LAST_AT, r.lastAt());
    w.endRecord();
  }

  private static void writeReferral(BinaryWriter w, ReferralTouch r) {
    w.strings(ReferralField.OWN_CODES, r.ownCodes());
    w.stringField(ReferralField.REFERRED_BY, r.referredBy());
    w.instantField(ReferralField.REFERRED_AT, r.referredAt());
    if (!r.unattributed().isEmpty()) {
      w.listField(ReferralField.UNATTRIBUTED, r.unattributed().size(), Wire.RECORD);
      for (ReferralTouch.Purchase p : r.unattributed()) {
        w.instantField(ReferralPurchaseField.AT, p.at());
        w.doubleField(ReferralPurchaseField.REVENUE, p.revenue());
        w.stringField(ReferralPurchaseField.ORDER_REF, p.orderRef());
        w.endRecord();
      }
    }
    w.endRecord();
  }

  private static void writeHesitation(BinaryWriter w, HesitationState h) {
    OpenHesitation open = h.open();
    if (open != null) {
      w.beginRecord(HesitationField.OPEN);
      w.stringField(OpenHesitationField.HESITATION_ID, open.hesitationId());
      w.stringField(OpenHesitationField.KIND, open.kind());
      w.instantField(OpenHesitationField.DETECTED_AT, open.detectedAt());
      w.instantField(OpenHesitationField.LAST_ACTIVITY_AT, open.lastActivityAt());
      w.stringField(OpenHesitationField.PRIMARY_REASON, open.primaryReason());
      if (!open.reasons().isEmpty()) {
        w.listField(OpenHesitationField.REASONS, open.reasons().size(), Wire.RECORD);
        for (OpenHesitation.LikelyReason reason : open.reasons()) {
          w.stringField(LikelyReasonField.REASON, reason.reason());
          w.doubleField(LikelyReasonField.CONFIDENCE, reason.confidence());
          w.endRecord();
        }
      }
      w.endRecord();
    }
    w.stringField(HesitationField.LAST_CLOSED_ID, h.lastClosedId());
    w.stringField(HesitationField.STATED_REASON, h.statedReason());
    w.instantField(HesitationField.STATED_REASON_AT, h.statedReasonAt());
    w.stringField(HesitationField.INFERRED_REASON_AT_STATEMENT, h.inferredReasonAtStatement());
    w.stringField(HesitationField.LAST_INFERRED_REASON, h.lastInferredReason());
    w.instantField(HesitationField.LAST_INFERRED_AT, h.lastInferredAt());
    w.endRecord();
  }

  private static void writePoint(BinaryWriter w, ScoreHistory.Point p) {
    w.instantField(PointField.AT, p.at());
    w.doubleField(PointField.ENGAGEMENT, p.engagement());
    w.doubleField(PointField.FIT, p.fit());
    w.doubleField(PointField.INFLUENCE, p.influence());
    w.endRecord();
  }

  private static void writeInstants(BinaryWriter w, int fieldId, Map<String, Instant> values) {
    if (!values.isEmpty()) {
      w.mapField(fieldId, values.size(), Wire.BYTES, Wire.INSTANT);
      for (Map.Entry<String, Instant> e : values.entrySet()) {
        w.string(e.getKey());
        w.instant(e.getValue());
      }
    }
  }

  // --- read: the caller entered the record; each readX reads its fields up to its end and leaves

  private static ProfileState readState(BinaryReader r) {
    String visitorId = null;
    String userId = null;
    List<String> anonymousIds = List.of();
    Instant firstSeen = null;
    Instant lastSeen = null;
    Instant asOf = null;
    long revision = 0;
    ActivityCounts activity = null;
    Cart cart = null;
    Map<String, SignalState> signals = Map.of();
    PurchaseStats purchases = null;
    Map<String, Double> categoryViews = Map.of();
    KnownTraits traits = null;
    Reach reach = null;
    ReferralTouch referral = null;
    HesitationState hesitation = null;
    List<ScoreHistory.Point> history = List.of();
    RecentMessages recentMessages = RecentMessages.none();
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case StateField.VISITOR_ID -> visitorId = r.stringField(key);
        case StateField.USER_ID -> userId = r.stringField(key);
        case StateField.ANONYMOUS_IDS -> anonymousIds = r.strings(key);
        case StateField.FIRST_SEEN -> firstSeen = r.instantField(key);
        case StateField.LAST_SEEN -> lastSeen = r.instantField(key);
        case StateField.AS_OF -> asOf = r.instantField(key);
        case StateField.REVISION -> revision = r.longField(key);
        case StateField.ACTIVITY -> {
          r.recordField(key);
          activity = readActivity(r);
        }
        case StateField.CART -> {
          r.recordField(key);
          cart = readCart(r);
        }
        case StateField.SIGNALS -> {
          Map.Entry<String, SignalState>[] entries =
              entries(r.mapField(key, Wire.BYTES, Wire.RECORD));
          for (int i = 0; i < entries.length; i++) {
            String name = r.string();
            r.enter();
            entries[i] = Map.entry(name, readSignal(r));
          }
          signals = Map.ofEntries(entries);
        }
        case StateField.PURCHASES -> {
          r.recordField(key);
          purchases = readPurchases(r);
        }
        case StateField.CATEGORY_VIEWS -> {
          Map.Entry<String, Double>[] entries = entries(r.doubleMapField(key));
          for (int i = 0; i < entries.length; i++) {
            entries[i] = Map.entry(r.string(), r.doubleMapValue());
          }
          categoryViews = Map.ofEntries(entries);
        }
        case StateField.TRAITS -> {
          r.recordField(key);
          traits = readTraits(r);
        }
        case StateField.REACH -> {
          r.recordField(key);
          reach = readReach(r);
        }
        case StateField.REFERRAL -> {
          r.recordField(key);
          referral = readReferral(r);
        }
        case StateField.HESITATION -> {
          r.recordField(key);
          hesitation = readHesitation(r);
        }
        case StateField.HISTORY -> {
          ScoreHistory.Point[] points = new ScoreHistory.Point[r.listField(key, Wire.RECORD)];
          for (int i = 0; i < points.length; i++) {
            r.enter();
            points[i] = readPoint(r);
          }
          history = List.of(points);
        }
        case StateField.RECENT_MESSAGES -> recentMessages = readRecentMessages(r, key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new ProfileState(
        visitorId,
        userId,
        anonymousIds,
        firstSeen,
        lastSeen,
        asOf,
        revision,
        activity,
        cart,
        signals,
        purchases,
        categoryViews,
        traits,
        reach,
        referral,
        hesitation,
        history,
        recentMessages);
  }

  private static RecentMessages readRecentMessages(BinaryReader r, int key) {
    int count = r.mapField(key, Wire.FIXED64, Wire.VARINT);
    long[] hashes = new long[count];
    long[] atMillis = new long[count];
    for (int i = 0; i < count; i++) {
      hashes[i] = r.fixed64();
      atMillis[i] = Math.addExact(r.baseMillis(), r.zigZag());
    }
    return RecentMessages.of(hashes, atMillis);
  }

  private static ActivityCounts readActivity(BinaryReader r) {
    int sessions = 0;
    Instant lastWebAt = null;
    int pageViews = 0;
    int productViews = 0;
    int searches = 0;
    int couponSearches = 0;
    int cartAdds = 0;
    int cartRemoves = 0;
    int checkouts = 0;
    int reviewsRead = 0;
    int socialInteractions = 0;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case ActivityField.SESSIONS -> sessions = r.intField(key);
        case ActivityField.LAST_WEB_AT -> lastWebAt = r.instantField(key);
        case ActivityField.PAGE_VIEWS -> pageViews = r.intField(key);
        case ActivityField.PRODUCT_VIEWS -> productViews = r.intField(key);
        case ActivityField.SEARCHES -> searches = r.intField(key);
        case ActivityField.COUPON_SEARCHES -> couponSearches = r.intField(key);
        case ActivityField.CART_ADDS -> cartAdds = r.intField(key);
        case ActivityField.CART_REMOVES -> cartRemoves = r.intField(key);
        case ActivityField.CHECKOUTS -> checkouts = r.intField(key);
        case ActivityField.REVIEWS_READ -> reviewsRead = r.intField(key);
        case ActivityField.SOCIAL_INTERACTIONS -> socialInteractions = r.intField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new ActivityCounts(
        sessions,
        lastWebAt,
        pageViews,
        productViews,
        searches,
        couponSearches,
        cartAdds,
        cartRemoves,
        checkouts,
        reviewsRead,
        socialInteractions);
  }

  private static Cart readCart(BinaryReader r) {
    List<Cart.Line> lines = List.of();
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      if (Wire.fieldId(key) == CartField.LINES) {
        Cart.Line[] read = new Cart.Line[r.listField(key, Wire.RECORD)];
        for (int i = 0; i < read.length; i++) {
          r.enter();
          read[i] = readLine(r);
        }
        lines = List.of(read);
      } else {
        r.skip(key);
      }
    }
    r.exit();
    return new Cart(lines);
  }

  private static Cart.Line readLine(BinaryReader r) {
    String productId = null;
    String sku = null;
    String name = null;
    String category = null;
    Double price = null;
    int quantity = 0;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case LineField.PRODUCT_ID -> productId = r.stringField(key);
        case LineField.SKU -> sku = r.stringField(key);
        case LineField.NAME -> name = r.stringField(key);
        case LineField.CATEGORY -> category = r.stringField(key);
        case LineField.PRICE -> price = r.doubleField(key);
        case LineField.QUANTITY -> quantity = r.intField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new Cart.Line(productId, sku, name, category, price, quantity);
  }

  private static SignalState readSignal(BinaryReader r) {
    double points = 0;
    Instant asOf = null;
    LocalDate day = null;
    int countOnDay = 0;
    Instant lastAt = null;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case SignalField.POINTS -> points = r.doubleField(key);
        case SignalField.AS_OF -> asOf = r.instantField(key);
        case SignalField.DAY -> day = day(r.longField(key));
        case SignalField.COUNT_ON_DAY -> countOnDay = r.intField(key);
        case SignalField.LAST_AT -> lastAt = r.instantField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new SignalState(points, asOf, day, countOnDay, lastAt);
  }

  private static PurchaseStats readPurchases(BinaryReader r) {
    long purchases = 0;
    double totalSpend = 0;
    long totalQuantity = 0;
    Instant firstPurchase = null;
    Instant lastPurchase = null;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case PurchasesField.PURCHASES -> purchases = r.longField(key);
        case PurchasesField.TOTAL_SPEND -> totalSpend = r.doubleField(key);
        case PurchasesField.TOTAL_QUANTITY -> totalQuantity = r.longField(key);
        case PurchasesField.FIRST_PURCHASE -> firstPurchase = r.instantField(key);
        case PurchasesField.LAST_PURCHASE -> lastPurchase = r.instantField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new PurchaseStats(purchases, totalSpend, totalQuantity, firstPurchase, lastPurchase);
  }

  private static KnownTraits readTraits(BinaryReader r) {
    Map<String, String> values = Map.of();
    List<String> interests = List.of();
    Map<String, Consent> consent = Map.of();
    Map<String, Instant> setAt = Map.of();
    String observedTimezone = null;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case TraitsField.VALUES -> {
          Map.Entry<String, String>[] entries = entries(r.mapField(key, Wire.BYTES, Wire.BYTES));
          for (int i = 0; i < entries.length; i++) {
            entries[i] = Map.entry(r.string(), r.string());
          }
          values = Map.ofEntries(entries);
        }
        case TraitsField.INTERESTS -> interests = r.strings(key);
        case TraitsField.CONSENT -> {
          Map.Entry<String, Consent>[] entries = entries(r.mapField(key, Wire.BYTES, Wire.RECORD));
          for (int i = 0; i < entries.length; i++) {
            String channel = r.string();
            r.enter();
            entries[i] = Map.entry(channel, readConsent(r));
          }
          consent = Map.ofEntries(entries);
        }
        case TraitsField.SET_AT -> setAt = readInstants(r, key);
        case TraitsField.OBSERVED_TIMEZONE -> observedTimezone = r.stringField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new KnownTraits(values, interests, consent, setAt, observedTimezone);
  }

  private static Consent readConsent(BinaryReader r) {
    String status = null;
    Instant at = null;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case ConsentField.STATUS -> status = r.stringField(key);
        case ConsentField.AT -> at = r.instantField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new Consent(status, at);
  }

  private static Reach readReach(BinaryReader r) {
    Map<String, Long> followersByNetwork = Map.of();
    long shares = 0;
    long mentions = 0;
    long referredVisitors = 0;
    long referredBuyers = 0;
    double referredRevenue = 0;
    Map<String, Instant> lastAt = Map.of();
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case ReachField.FOLLOWERS_BY_NETWORK -> {
          Map.Entry<String, Long>[] entries = entries(r.mapField(key, Wire.BYTES, Wire.VARINT));
          for (int i = 0; i < entries.length; i++) {
            entries[i] = Map.entry(r.string(), r.zigZag());
          }
          followersByNetwork = Map.ofEntries(entries);
        }
        case ReachField.SHARES -> shares = r.longField(key);
        case ReachField.MENTIONS -> mentions = r.longField(key);
        case ReachField.REFERRED_VISITORS -> referredVisitors = r.longField(key);
        case ReachField.REFERRED_BUYERS -> referredBuyers = r.longField(key);
        case ReachField.REFERRED_REVENUE -> referredRevenue = r.doubleField(key);
        case ReachField.LAST_AT -> lastAt = readInstants(r, key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new Reach(
        followersByNetwork,
        shares,
        mentions,
        referredVisitors,
        referredBuyers,
        referredRevenue,
        lastAt);
  }

  private static ReferralTouch readReferral(BinaryReader r) {
    List<String> ownCodes = List.of();
    String referredBy = null;
    Instant referredAt = null;
    List<ReferralTouch.Purchase> unattributed = List.of();
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case ReferralField.OWN_CODES -> ownCodes = r.strings(key);
        case ReferralField.REFERRED_BY -> referredBy = r.stringField(key);
        case ReferralField.REFERRED_AT -> referredAt = r.instantField(key);
        case ReferralField.UNATTRIBUTED -> {
          ReferralTouch.Purchase[] read = new ReferralTouch.Purchase[r.listField(key, Wire.RECORD)];
          for (int i = 0; i < read.length; i++) {
            r.enter();
            read[i] = readReferralPurchase(r);
          }
          unattributed = List.of(read);
        }
        default -> r.skip(key);
      }
    }
    r.exit();
    return new ReferralTouch(ownCodes, referredBy, referredAt, unattributed);
  }

  private static ReferralTouch.Purchase readReferralPurchase(BinaryReader r) {
    Instant at = null;
    double revenue = 0;
    String orderRef = null;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case ReferralPurchaseField.AT -> at = r.instantField(key);
        case ReferralPurchaseField.REVENUE -> revenue = r.doubleField(key);
        case ReferralPurchaseField.ORDER_REF -> orderRef = r.stringField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new ReferralTouch.Purchase(at, revenue, orderRef);
  }

  private static HesitationState readHesitation(BinaryReader r) {
    OpenHesitation open = null;
    String lastClosedId = null;
    String statedReason = null;
    Instant statedReasonAt = null;
    String inferredReasonAtStatement = null;
    String lastInferredReason = null;
    Instant lastInferredAt = null;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case HesitationField.OPEN -> {
          r.recordField(key);
          open = readOpenHesitation(r);
        }
        case HesitationField.LAST_CLOSED_ID -> lastClosedId = r.stringField(key);
        case HesitationField.STATED_REASON -> statedReason = r.stringField(key);
        case HesitationField.STATED_REASON_AT -> statedReasonAt = r.instantField(key);
        case HesitationField.INFERRED_REASON_AT_STATEMENT ->
            inferredReasonAtStatement = r.stringField(key);
        case HesitationField.LAST_INFERRED_REASON -> lastInferredReason = r.stringField(key);
        case HesitationField.LAST_INFERRED_AT -> lastInferredAt = r.instantField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new HesitationState(
        open,
        lastClosedId,
        statedReason,
        statedReasonAt,
        inferredReasonAtStatement,
        lastInferredReason,
        lastInferredAt);
  }

  private static OpenHesitation readOpenHesitation(BinaryReader r) {
    String hesitationId = null;
    String kind = null;
    Instant detectedAt = null;
    Instant lastActivityAt = null;
    String primaryReason = null;
    List<OpenHesitation.LikelyReason> reasons = List.of();
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case OpenHesitationField.HESITATION_ID -> hesitationId = r.stringField(key);
        case OpenHesitationField.KIND -> kind = r.stringField(key);
        case OpenHesitationField.DETECTED_AT -> detectedAt = r.instantField(key);
        case OpenHesitationField.LAST_ACTIVITY_AT -> lastActivityAt = r.instantField(key);
        case OpenHesitationField.PRIMARY_REASON -> primaryReason = r.stringField(key);
        case OpenHesitationField.REASONS -> {
          OpenHesitation.LikelyReason[] read =
              new OpenHesitation.LikelyReason[r.listField(key, Wire.RECORD)];
          for (int i = 0; i < read.length; i++) {
            r.enter();
            read[i] = readLikelyReason(r);
          }
          reasons = List.of(read);
        }
        default -> r.skip(key);
      }
    }
    r.exit();
    return new OpenHesitation(
        hesitationId, kind, detectedAt, lastActivityAt, primaryReason, reasons);
  }

  private static OpenHesitation.LikelyReason readLikelyReason(BinaryReader r) {
    String reason = null;
    double confidence = 0;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case LikelyReasonField.REASON -> reason = r.stringField(key);
        case LikelyReasonField.CONFIDENCE -> confidence = r.doubleField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new OpenHesitation.LikelyReason(reason, confidence);
  }

  private static ScoreHistory.Point readPoint(BinaryReader r) {
    Instant at = null;
    double engagement = 0;
    double fit = 0;
    double influence = 0;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case PointField.AT -> at = r.instantField(key);
        case PointField.ENGAGEMENT -> engagement = r.doubleField(key);
        case PointField.FIT -> fit = r.doubleField(key);
        case PointField.INFLUENCE -> influence = r.doubleField(key);
        default -> r.skip(key);
      }
    }
    r.exit();
    return new ScoreHistory.Point(at, engagement, fit, influence);
  }

  private static Map<String, Instant> readInstants(BinaryReader r, int key) {
    Map.Entry<String, Instant>[] entries = entries(r.mapField(key, Wire.BYTES, Wire.INSTANT));
    for (int i = 0; i < entries.length; i++) {
      entries[i] = Map.entry(r.string(), r.instant());
    }
    return Map.ofEntries(entries);
  }

  private static LocalDate day(long epochDay) {
    int slot = (int) Math.floorMod(epochDay, DAY_CACHE_SIZE);
    CachedDay cached = DAYS[slot];
    if (cached == null || cached.epochDay() != epochDay) {
      cached = new CachedDay(epochDay, LocalDate.ofEpochDay(epochDay));
      DAYS[slot] = cached;
    }
    return cached.date();
  }

  /** Entries for Map.ofEntries: an immutable map the records' Map.copyOf keeps without copying. */
  @SuppressWarnings("unchecked")
  private static <K, V> Map.Entry<K, V>[] entries(int count) {
    return (Map.Entry<K, V>[]) new Map.Entry<?, ?>[count];
  }
}
