package io.leadpipe.service.survey;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in a survey link: a {@link SurveyTicket} sealed with AES-256-GCM, so it can be neither
 * forged nor read (it names the visitor, and links end up in mail logs and proxies).
 *
 * <p>Both keys are derived from the configured signing key with HMAC-SHA256 (one for encryption,
 * one for the nonce). The nonce is the HMAC of the ticket (a synthetic IV, as in AES-GCM-SIV): the
 * same ticket always gives the same token, so a follow-up replayed by exactly-once processing
 * carries the same link, and two different tickets never share a nonce in practice (96 bits).
 * Format: base64url without padding of {@code version (1 byte) | nonce (12) | ciphertext + tag
 * (16)}.
 */
public final class SurveyTokens {

  /** The outcome of reading a token presented to the survey page. */
  public sealed interface Verified {}

  /** Sealed by us and not expired. */
  public record Valid(SurveyTicket ticket) implements Verified {}

  /** Sealed by us, past its expiry. */
  public record Expired(SurveyTicket ticket) implements Verified {}

  /** Not a token we sealed (changed, truncated, another key, garbage). */
  public record Forged() implements Verified {}

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MIN_KEY_BYTES = 16;

  /** Tokens longer than this are refused before any decoding: a link is well under 1 KB. */
  private static final int MAX_TOKEN_CHARS = 2048;

  private static final String MAC = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec encryptionKey;
  private final SecretKeySpec nonceKey;
  private final SecretKeySpec formKey;

  /**
   * @param signingKey the configured secret (at least 16 characters; never a digest: the key itself
   *     is needed to seal)
   */
  public SurveyTokens(String signingKey) {
    byte[] secret = signingKey.getBytes(StandardCharsets.UTF_8);
    if (secret.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a survey signing key needs at least 16 bytes");
    }
    this.encryptionKey = new SecretKeySpec(derive(secret, "leadpipe-survey-encryption"), "AES");
    this.nonceKey = new SecretKeySpec(derive(secret, "leadpipe-survey-nonce"), MAC);
    this.formKey = new SecretKeySpec(derive(secret, "leadpipe-survey-form"), MAC);
    // Loads and checks the cipher now, at start-up, rather than in the first follow-up that needs
    // a link (a stream thread) or on the first visitor's request.
    SurveyTicket probe = new SurveyTicket("probe", "probe", null, "probe", null, Instant.EPOCH);
    if (!(open(seal(probe), Instant.EPOCH) instanceof Valid)) {
      throw new IllegalStateException("AES-GCM sealing does not round-trip on this runtime");
    }
  }

  public String seal(SurveyTicket ticket) {
    byte[] plain = encode(ticket);
    byte[] nonce = Arrays.copyOf(hmac(nonceKey, plain), NONCE_BYTES);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(new byte[] {VERSION});
      byte[] sealed = cipher.doFinal(plain);
      byte[] token = new byte[1 + NONCE_BYTES + sealed.length];
      token[0] = VERSION;
      System.arraycopy(nonce, 0, token, 1, NONCE_BYTES);
      System.arraycopy(sealed, 0, token, 1 + NONCE_BYTES, sealed.length);
      return ENCODER.encodeToString(token);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  public Verified open(String token, Instant now) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return new Forged();
    }
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return new Forged();
    }
    if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
      return new Forged();
    }
    SurveyTicket ticket;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
      cipher.updateAAD(new byte[] {VERSION});
      byte[] plain = cipher.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES);
      ticket = decode(plain);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      // A failed tag check is the expected way a forged token ends; nothing else is told apart.
      return new Forged();
    }
    return now.isAfter(ticket.expiresAt()) ? new Expired(ticket) : new Valid(ticket);
  }

  /**
   * The value the survey page puts in its form and expects back with an answer: only a page we
   * served for this token has it, so another site cannot post answers blind.
   */
  public String formProof(String token) {
    return ENCODER.encodeToString(hmac(formKey, token.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether {@code presented} is {@link #formProof} of {@code token}, in constant time. */
  public boolean isFormProof(String token, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            formProof(token).getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] encode(SurveyTicket t) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(t.triggerId());
      out.writeUTF(t.visitorId());
      writeOptional(out, t.userId());
      out.writeUTF(t.hesitationId());
      writeOptional(out, t.locale());
      out.writeLong(t.expiresAt().toEpochMilli());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static SurveyTicket decode(byte[] plain) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
      SurveyTicket ticket =
          new SurveyTicket(
              in.readUTF(),
              in.readUTF(),
              readOptional(in),
              in.readUTF(),
              readOptional(in),
              Instant.ofEpochMilli(in.readLong()));
      if (in.available() != 0) {
        throw new IOException("trailing bytes");
      }
      return ticket;
    }
  }

  private static void writeOptional(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String readOptional(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static byte[] derive(byte[] secret, String purpose) {
    return hmac(new SecretKeySpec(secret, MAC), purpose.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
