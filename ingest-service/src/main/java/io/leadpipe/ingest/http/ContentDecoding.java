package io.leadpipe.ingest.http;

import io.leadpipe.ingest.event.InvalidBodyException;
import io.leadpipe.ingest.problem.IngestProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Request bodies as Segment's libraries send them: plain, or {@code Content-Encoding: gzip} or
 * {@code deflate} (zlib-wrapped as HTTP means it, or raw deflate as some clients send). The body is
 * decompressed as a stream and reading stops one byte past the limit, so a decompression bomb costs
 * at most that much memory and is answered like any body over the limit: 413.
 */
public final class ContentDecoding {

  private static final String GZIP = "gzip";
  private static final String X_GZIP = "x-gzip";
  private static final String DEFLATE = "deflate";
  private static final String IDENTITY = "identity";

  /** Bytes decompressed per read; the output never grows past the limit plus one chunk. */
  private static final int CHUNK = 8192;

  /** What an oversize decompressed body is refused as. */
  public interface TooLarge {
    InvalidBodyException exceeded(int limit);
  }

  private ContentDecoding() {}

  /** True when the body is sent as is (no Content-Encoding, or identity). */
  public static boolean isIdentity(String contentEncoding) {
    return contentEncoding == null
        || contentEncoding.isBlank()
        || IDENTITY.equalsIgnoreCase(contentEncoding.trim());
  }

  /**
   * The body decoded per {@code contentEncoding}; at most {@code limit} bytes, else {@code
   * tooLarge}.
   */
  public static byte[] decode(byte[] body, String contentEncoding, int limit, TooLarge tooLarge) {
    if (isIdentity(contentEncoding)) {
      return body;
    }
    String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    try (InputStream in = decoder(encoding, body)) {
      return readBounded(in, limit, tooLarge);
    } catch (IOException e) {
      throw new InvalidBodyException(
          IngestProblem.INVALID_REQUEST, "The body is not valid " + encoding + " data", List.of());
    }
  }

  private static InputStream decoder(String encoding, byte[] body) throws IOException {
    return switch (encoding) {
      case GZIP, X_GZIP -> new GZIPInputStream(new ByteArrayInputStream(body), CHUNK);
      case DEFLATE ->
          new InflaterInputStream(
              new ByteArrayInputStream(body), new Inflater(!isZlibWrapped(body)), CHUNK);
      default ->
          throw new InvalidBodyException(
              IngestProblem.UNSUPPORTED_MEDIA_TYPE,
              "Content-Encoding " + encoding + " is not supported; send gzip, deflate or none",
              List.of());
    };
  }

  /**
   * HTTP's deflate is a zlib stream (RFC 9110), but some clients send raw deflate: a zlib header's
   * first two bytes are method 8 and a multiple of 31 (RFC 1950).
   */
  static boolean isZlibWrapped(byte[] body) {
    if (body.length < 2) {
      return true;
    }
    int cmf = body[0] & 0xff;
    int flg = body[1] & 0xff;
    return (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
  }

  private static byte[] readBounded(InputStream in, int limit, TooLarge tooLarge)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, CHUNK * 4));
    byte[] buffer = new byte[CHUNK];
    int total = 0;
    int n;
    while ((n = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - total))) > 0) {
      out.write(buffer, 0, n);
      total += n;
      if (total > limit) {
        throw tooLarge.exceeded(limit);
      }
    }
    return out.toByteArray();
  }
}
