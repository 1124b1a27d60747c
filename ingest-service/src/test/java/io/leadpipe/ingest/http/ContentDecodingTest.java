package io.leadpipe.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.ingest.event.InvalidBodyException;
import io.leadpipe.ingest.problem.IngestProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecodingTest {

  private static final byte[] BODY =
      "{\"anonymousId\":\"a1\",\"event\":\"Product Viewed\"}".getBytes(StandardCharsets.UTF_8);
  private static final int LIMIT = 1024;
  private static final ContentDecoding.TooLarge TOO_LARGE =
      limit -> new InvalidBodyException(IngestProblem.BATCH_TOO_LARGE, "over " + limit, List.of());

  @Test
  void plainGzipZlibAndRawDeflateBodiesDecodeToTheSameBytes() {
    assertThat(ContentDecoding.decode(BODY, null, LIMIT, TOO_LARGE)).isEqualTo(BODY);
    assertThat(ContentDecoding.decode(BODY, "identity", LIMIT, TOO_LARGE)).isEqualTo(BODY);
    assertThat(ContentDecoding.decode(gzip(BODY), "gzip", LIMIT, TOO_LARGE)).isEqualTo(BODY);
    assertThat(ContentDecoding.decode(gzip(BODY), " GZIP ", LIMIT, TOO_LARGE)).isEqualTo(BODY);
    assertThat(ContentDecoding.decode(deflate(BODY, false), "deflate", LIMIT, TOO_LARGE))
        .isEqualTo(BODY);
    assertThat(ContentDecoding.decode(deflate(BODY, true), "deflate", LIMIT, TOO_LARGE))
        .isEqualTo(BODY);
  }

  @Test
  void aBodyDecompressingPastTheLimitIsRefusedAfterAtMostTheLimit() {
    // 64 MB of zeros compress to ~64 KB: read whole, this would be the out-of-memory it must not
    // be.
    byte[] bomb = gzip(new byte[64 * 1024 * 1024]);

    assertThatThrownBy(() -> ContentDecoding.decode(bomb, "gzip", LIMIT, TOO_LARGE))
        .isInstanceOf(InvalidBodyException.class)
        .hasMessage("over " + LIMIT);
    byte[] exactlyTheLimit = new byte[LIMIT];
    assertThat(ContentDecoding.decode(gzip(exactlyTheLimit), "gzip", LIMIT, TOO_LARGE))
        .hasSize(LIMIT);
  }

  @Test
  void corruptDataAndUnknownEncodingsAreClearProblems() {
    assertThatThrownBy(() -> ContentDecoding.decode(BODY, "gzip", LIMIT, TOO_LARGE))
        .isInstanceOfSatisfying(
            InvalidBodyException.class,
            e -> assertThat(e.type()).isEqualTo(IngestProblem.INVALID_REQUEST))
        .hasMessage("The body is not valid gzip data");
    assertThatThrownBy(() -> ContentDecoding.decode(BODY, "br", LIMIT, TOO_LARGE))
        .isInstanceOfSatisfying(
            InvalidBodyException.class,
            e -> assertThat(e.type()).isEqualTo(IngestProblem.UNSUPPORTED_MEDIA_TYPE))
        .hasMessageContaining("br is not supported");
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d =
        new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      d.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
