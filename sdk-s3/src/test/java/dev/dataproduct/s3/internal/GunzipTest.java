package dev.dataproduct.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GunzipTest {

  static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * Like a socket: small reads that end where a packet ends (here: at each member's end), and
   * {@code available()} is 0 whatever follows.
   */
  private static final class Network extends ByteArrayInputStream {
    private final int[] packetEnds;

    Network(byte[] bytes, int... packetEnds) {
      super(bytes);
      this.packetEnds = packetEnds;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int max = 97;
      for (int end : packetEnds) {
        if (end > pos) {
          max = Math.min(max, end - pos);
          break;
        }
      }
      return super.read(b, off, Math.min(len, max));
    }

    @Override
    public synchronized int available() {
      return 0;
    }
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String lines(String tag, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("{\"member\":\"").append(tag).append("\",\"i\":").append(i).append("}\n");
    }
    return b.toString();
  }

  @Test
  void read_multiMemberFromAStreamReportingNothingAvailable_returnsEveryMember()
      throws IOException {
    String a = lines("a", 500);
    String b = lines("b", 3);
    String c = lines("c", 700);
    byte[][] members = {gzip(a), gzip(b), gzip(""), gzip(c)};
    byte[] file = concat(members);
    int[] ends = new int[members.length];
    for (int i = 0, end = 0; i < members.length; i++) {
      end += members[i].length;
      ends[i] = end;
    }

    try (Gunzip in = new Gunzip(new Network(file, ends))) {
      assertThat(readAll(in)).isEqualTo(a + b + c);
    }
    // GZIPInputStream alone (Java 17) stops after the first member here: it asks available()
  }

  @Test
  void read_zeroByteObjectOrGzipOfNothing_isEmpty() throws IOException {
    assertThat(new Gunzip(new Network(new byte[0])).read()).isEqualTo(-1);
    assertThat(readAll(new Gunzip(new Network(gzip(""))))).isEmpty();
  }

  @Test
  void read_truncatedAnywhereButAtAMemberBoundary_failsAsMalformed() {
    byte[] first = gzip(lines("a", 20));
    byte[] file = concat(first, gzip(lines("b", 20)));
    for (int cut = 1; cut < file.length; cut++) {
      if (cut == first.length) {
        continue; // a complete first member: indistinguishable from a one-member file
      }
      byte[] truncated = Arrays.copyOf(file, cut);
      int at = cut;
      assertThatThrownBy(() -> readAll(new Gunzip(new Network(truncated))))
          .as("cut after %d of %d bytes", at, file.length)
          .isInstanceOf(Gunzip.Malformed.class);
    }
  }

  @Test
  void read_corruptData_failsAsMalformed() {
    byte[] file = gzip(lines("a", 200));
    for (int i = 12; i < file.length; i += 7) {
      byte[] corrupt = file.clone();
      corrupt[i] ^= 0x55;
      int at = i;
      assertThatThrownBy(() -> readAll(new Gunzip(new Network(corrupt))))
          .as("byte %d flipped", at).isInstanceOf(Gunzip.Malformed.class);
    }
  }

  @Test
  void read_notGzipOrTrailingGarbage_failsAsMalformed() {
    assertThatThrownBy(() -> readAll(new Gunzip(new Network(
        "{\"plain\":1}\n".getBytes(StandardCharsets.UTF_8)))))
        .isInstanceOf(Gunzip.Malformed.class).hasMessageContaining("not valid gzip");
    for (int garbage : new int[] {1, 2, 9, 20, 30, 5000}) {
      byte[] file = concat(gzip(lines("a", 50)), new byte[garbage]);
      assertThatThrownBy(() -> readAll(new Gunzip(new Network(file))))
          .as("%d bytes of garbage", garbage)
          .isInstanceOf(Gunzip.Malformed.class).hasMessageContaining("after its last");
    }
  }

  @Test
  void read_sourceFailingAtAMemberBoundary_failsWithTheSourceError() {
    byte[] first = gzip(lines("a", 50));
    byte[] file = concat(first, gzip(lines("b", 50)));
    InputStream failing = new InputStream() {
      private final InputStream in = new ByteArrayInputStream(file);
      private int pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= first.length + 2) {
          throw new IOException("connection reset");
        }
        int n = in.read(b, off, Math.min(len, first.length + 2 - pos));
        pos += Math.max(n, 0);
        return n;
      }
    };

    assertThatThrownBy(() -> readAll(new Gunzip(failing)))
        .isNotInstanceOf(Gunzip.Malformed.class).hasMessage("connection reset");
  }

  @Test
  void applies_toGzKeysAndGzipContentEncoding() {
    assertThat(Gunzip.applies("a/b.jsonl.gz", null)).isTrue();
    assertThat(Gunzip.applies("a/B.CSV.GZ", null)).isTrue();
    assertThat(Gunzip.applies("a/b.jsonl", "gzip")).isTrue();
    assertThat(Gunzip.applies("a/b.jsonl", "identity, X-GZIP")).isTrue();
    assertThat(Gunzip.applies("a/b.jsonl", null)).isFalse();
    assertThat(Gunzip.applies("a/b.jsonl", "br")).isFalse();
    assertThat(Gunzip.applies("gz", null)).isFalse();
  }
}
