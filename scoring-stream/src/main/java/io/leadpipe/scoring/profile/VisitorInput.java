package io.leadpipe.scoring.profile;

import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.scoring.referral.ReferralCredit;
import java.time.Instant;

/** Everything that changes a visitor's profile, whichever topic it came from. */
public sealed interface VisitorInput {

  /** When it happened (event time). */
  Instant eventTime();

  /**
   * The input's message id namespaced by its source ({@code web:<messageId>}, {@code social:…},
   * {@code identity:…}), or null when applying the input twice changes nothing. A profile's cause
   * names the id after the namespace; the visitor's state remembers it to recognise a retry ({@link
   * RecentMessages}): scoped to the visitor, two visitors whose clients pick the same id never drop
   * each other's inputs.
   */
  String dedupeKey();

  /**
   * Whether the visitor did it (web, social, identify): such an input counts as being seen and is
   * subject to the grace period; hesitations and referral credits are derived and always applied.
   */
  default boolean byVisitor() {
    return true;
  }

  /**
   * The visitor id the input belongs to: the visitor key rule (userId, else anonymousId), which is
   * also how ingest keys records. Identity stitching does not change it: the input updates this
   * id's own state, and a linked id's state is folded into its person's profile downstream
   * (topology.Stitcher).
   */
  String canonicalVisitorId();

  record Web(WebEvent event) implements VisitorInput {
    public Instant eventTime() {
      return event.getEventTime();
    }

    public String dedupeKey() {
      return "web:" + event.getMessageId();
    }

    public String canonicalVisitorId() {
      return canonical(event.getUserId(), event.getAnonymousId());
    }
  }

  record Social(SocialEvent event) implements VisitorInput {
    public Instant eventTime() {
      return event.getEventTime();
    }

    public String dedupeKey() {
      return "social:" + event.getMessageId();
    }

    public String canonicalVisitorId() {
      return canonical(event.getUserId(), event.getAnonymousId());
    }
  }

  record Identity(IdentityEvent event) implements VisitorInput {
    public Instant eventTime() {
      return event.getEventTime();
    }

    public String dedupeKey() {
      return "identity:" + event.getMessageId();
    }

    public String canonicalVisitorId() {
      return canonical(event.getUserId(), event.getAnonymousId());
    }
  }

  /** A hesitation DETECTED, RESOLVED or CLOSED; applying one twice is harmless (no dedupe). */
  record HesitationUpdate(Hesitation hesitation) implements VisitorInput {
    public Instant eventTime() {
      return hesitation.getResolution() != null
          ? hesitation.getResolution().getResolvedAt()
          : hesitation.getDetectedAt();
    }

    public String dedupeKey() {
      return null;
    }

    @Override
    public boolean byVisitor() {
      return false;
    }

    public String canonicalVisitorId() {
      return canonical(hesitation.getVisitorId(), null);
    }
  }

  /** Credit for the sharer; the referral ledger sends each one exactly once (no dedupe needed). */
  record Credit(ReferralCredit credit) implements VisitorInput {
    public Instant eventTime() {
      return credit.at();
    }

    public String dedupeKey() {
      return null;
    }

    @Override
    public boolean byVisitor() {
      return false;
    }

    public String canonicalVisitorId() {
      return canonical(credit.sharer(), null);
    }
  }

  private static String canonical(String userId, String anonymousId) {
    return VisitorId.of(userId, anonymousId);
  }
}
