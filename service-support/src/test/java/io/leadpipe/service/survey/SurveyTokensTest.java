package io.leadpipe.service.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.RunMode;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SurveyTokensTest {

  private static final String KEY = "a-survey-key-of-our-own-0123456789";
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final SurveyTicket TICKET =
      new SurveyTicket(
          "trigger-1",
          "anna@example.com",
          "anna@example.com",
          "hesitation-7",
          "de-AT",
          NOW.plusSeconds(3600));

  private final SurveyTokens tokens = new SurveyTokens(KEY);

  @Test
  void a_sealed_ticket_opens_to_itself_until_it_expires() {
    String token = tokens.seal(TICKET);

    assertThat(tokens.open(token, NOW)).isEqualTo(new SurveyTokens.Valid(TICKET));
    assertThat(tokens.open(token, TICKET.expiresAt())).isEqualTo(new SurveyTokens.Valid(TICKET));
    assertThat(tokens.open(token, TICKET.expiresAt().plusMillis(1)))
        .isEqualTo(new SurveyTokens.Expired(TICKET));
  }

  @Test
  void optional_fields_may_be_missing() {
    SurveyTicket anonymous = new SurveyTicket("t", "anon-1", null, "h", null, NOW.plusSeconds(60));

    assertThat(tokens.open(tokens.seal(anonymous), NOW))
        .isEqualTo(new SurveyTokens.Valid(anonymous));
  }

  @Test
  void the_same_ticket_gives_the_same_link_and_a_different_one_another() {
    // A follow-up replayed by exactly-once processing must carry the same link.
    assertThat(tokens.seal(TICKET)).isEqualTo(tokens.seal(TICKET));
    assertThat(tokens.seal(TICKET))
        .isNotEqualTo(
            tokens.seal(
                new SurveyTicket(
                    "trigger-2",
                    TICKET.visitorId(),
                    TICKET.userId(),
                    TICKET.hesitationId(),
                    TICKET.locale(),
                    TICKET.expiresAt())));
  }

  @Test
  void the_link_does_not_show_who_it_is_for() {
    byte[] raw = Base64.getUrlDecoder().decode(tokens.seal(TICKET));

    assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("anna")
        .doesNotContain("hesitation-7");
  }

  @Test
  void a_changed_truncated_foreign_or_garbage_token_is_forged() {
    String token = tokens.seal(TICKET);
    char[] flipped = token.toCharArray();
    int middle = flipped.length / 2;
    flipped[middle] = flipped[middle] == 'A' ? 'B' : 'A';

    assertThat(tokens.open(new String(flipped), NOW)).isInstanceOf(SurveyTokens.Forged.class);
    assertThat(tokens.open(token.substring(0, token.length() - 3), NOW))
        .isInstanceOf(SurveyTokens.Forged.class);
    assertThat(new SurveyTokens("another-key-of-32-characters-xyz").open(token, NOW))
        .isInstanceOf(SurveyTokens.Forged.class);
    assertThat(tokens.open("not a token!", NOW)).isInstanceOf(SurveyTokens.Forged.class);
    assertThat(tokens.open("", NOW)).isInstanceOf(SurveyTokens.Forged.class);
    assertThat(tokens.open(null, NOW)).isInstanceOf(SurveyTokens.Forged.class);
    assertThat(tokens.open("A".repeat(5000), NOW)).isInstanceOf(SurveyTokens.Forged.class);
  }

  @Test
  void only_the_page_served_for_a_token_has_its_form_proof() {
    String token = tokens.seal(TICKET);
    String proof = tokens.formProof(token);

    assertThat(tokens.isFormProof(token, proof)).isTrue();
    assertThat(tokens.isFormProof(token, proof.substring(1))).isFalse();
    assertThat(tokens.isFormProof(token, null)).isFalse();
    assertThat(new SurveyTokens("another-key-of-32-characters-xyz").isFormProof(token, proof))
        .isFalse();
  }

  @Test
  void the_key_follows_the_secret_rule_and_must_not_be_a_digest() {
    assertThat(SurveyKey.tokens(RunMode.LOCAL, null)).isNotNull();
    assertThatThrownBy(() -> SurveyKey.tokens(RunMode.PRODUCTION, null))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("leadpipe.survey.signing-key")
        .hasMessageContaining("LEADPIPE_SURVEY_SIGNING_KEY");
    assertThatThrownBy(() -> SurveyKey.tokens(RunMode.PRODUCTION, "demo-survey-signing-key"))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("demo secret");
    assertThatThrownBy(() -> SurveyKey.tokens(RunMode.PRODUCTION, "sha256:" + "ab".repeat(32)))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("digest");
    assertThat(SurveyKey.tokens(RunMode.PRODUCTION, KEY).open(tokens.seal(TICKET), NOW))
        .isEqualTo(new SurveyTokens.Valid(TICKET));
  }
}
