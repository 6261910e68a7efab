package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.packet.Bytes;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeTest {

  private static byte[] a(String s) {
    return Bytes.ascii(s);
  }

  private static int end(String s) {
    byte[] b = a(s);
    return Bencode.end(b, 0, b.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"i0e", "i-1e", "i42e", "i123456789012345678e", "0:", "4:spam", "le", "de", "l4:spami42ee",
      "d3:bar4:spam3:fooi42ee", "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe",
      "d3:zzzi1e3:aaai2ee", "lli1eeli2eee", "d1:ald1:bdeeee"})
  void acceptsStrictBencodingWhole(String s) {
    assertThat(end(s)).isEqualTo(s.length());
    assertThat(Bencode.whole(a(s), 0, s.length())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"i03e", "i-0e", "ie", "i-e", "i--1e", "i1xe", "i1234567890123456789e", "03:abc",
      "1234567890:x", "x", "e", "-1:a", "d i1e e", "di1ei2ee", "dlei1ee", "d3:fooe", "d3:fooi1e3:bare", "l1:ax",
      ":", "d1:a:e", "i+1e", "l-e"})
  void rejectsWhatIsNotStrictBencoding(String s) {
    assertThat(end(s)).isEqualTo(Bencode.MALFORMED);
  }

  @Test
  void anyProperPrefixOfAValueIsTruncatedNotMalformed() {
    String[] docs = {"i42e", "i-7e", "10:abcdefghij", "d3:bar4:spam3:fooi42ee", "l4:spami42ee",
        "d1:rd2:id20:abcdefghij0123456789e1:t2:aa1:y1:re"};
    for (String d : docs) {
      byte[] b = a(d);
      for (int n = 0; n < b.length; n++) {
        assertThat(Bencode.end(b, 0, n)).as("%s cut at %d", d, n).isEqualTo(Bencode.TRUNCATED);
      }
    }
  }

  @Test
  void trailingBytesAreNotWhole() {
    byte[] b = a("i1ei2e");
    assertThat(Bencode.end(b, 0, b.length)).isEqualTo(3);
    assertThat(Bencode.whole(b, 0, b.length)).isFalse();
  }

  @Test
  void nestingIsLimited() {
    String ok = "l".repeat(Bencode.MAX_DEPTH) + "e".repeat(Bencode.MAX_DEPTH);
    String deep = "l".repeat(Bencode.MAX_DEPTH + 1) + "e".repeat(Bencode.MAX_DEPTH + 1);
    assertThat(end(ok)).isEqualTo(ok.length());
    assertThat(end(deep)).isEqualTo(Bencode.MALFORMED);
    String dicts = "d1:a".repeat(Bencode.MAX_DEPTH - 1) + "de" + "e".repeat(Bencode.MAX_DEPTH - 1);
    assertThat(end(dicts)).isEqualTo(dicts.length());
  }

  @Test
  void readsAValueInsideALargerBuffer() {
    byte[] b = a("XXd1:ai1eeYY");
    assertThat(Bencode.end(b, 2, 10)).isEqualTo(10);
    assertThat(Bencode.end(b, 2, 9)).isEqualTo(Bencode.TRUNCATED);
    assertThat(Bencode.end(b, 0, 3)).isEqualTo(Bencode.MALFORMED);
    assertThat(Bencode.end(b, 5, 3)).isEqualTo(Bencode.MALFORMED);
    assertThat(Bencode.end(b, 0, b.length + 1)).isEqualTo(Bencode.MALFORMED);
  }

  @Test
  void findsKeysInUnsortedDictionaries() {
    byte[] b = a("d1:y1:q1:t2:xy1:ad2:id3:abc6:targetl1:xee1:qi-5ee");
    int n = b.length;
    int y = Bencode.find(b, 0, n, a("y"));
    assertThat(Bencode.stringEquals(b, y, n, a("q"))).isTrue();
    int t = Bencode.find(b, 0, n, a("t"));
    assertThat(Bencode.stringLength(b, t, n)).isEqualTo(2);
    assertThat((char) b[Bencode.stringStart(b, t, n)]).isEqualTo('x');
    int args = Bencode.find(b, 0, n, a("a"));
    assertThat(Bencode.isDict(b, args, n)).isTrue();
    int id = Bencode.find(b, args, n, a("id"));
    assertThat(Bencode.stringEquals(b, id, n, a("abc"))).isTrue();
    assertThat(Bencode.isList(b, Bencode.find(b, args, n, a("target")), n)).isTrue();
    assertThat(Bencode.integer(b, Bencode.find(b, 0, n, a("q")), n)).isEqualTo(-5);
    assertThat(Bencode.find(b, 0, n, a("missing"))).isEqualTo(Bencode.MALFORMED);
    assertThat(Bencode.find(b, 0, n, a("i"))).isEqualTo(Bencode.MALFORMED); // "id" is not "i"
    assertThat(Bencode.find(b, y, n, a("q"))).isEqualTo(Bencode.MALFORMED); // not a dictionary
  }

  @Test
  void readersAreSafeOnGarbage() {
    byte[] b = a("12:ab");
    assertThat(Bencode.stringStart(b, 0, b.length)).isEqualTo(Bencode.TRUNCATED);
    assertThat(Bencode.stringLength(b, 0, b.length)).isNegative();
    assertThat(Bencode.stringEquals(b, 0, b.length, a("ab"))).isFalse();
    assertThat(Bencode.integer(a("i12"), 0, 3)).isEqualTo(Long.MIN_VALUE);
    assertThat(Bencode.integer(a("i-9e"), 0, 4)).isEqualTo(-9);
    assertThat(Bencode.find(a("d3:ab"), 0, 5, a("ab"))).isEqualTo(Bencode.MALFORMED);
    assertThat(Bencode.find(a("d1:ae"), 0, 5, a("a"))).isEqualTo(Bencode.MALFORMED);
    assertThat(Bencode.find(a("d1:a"), 0, 4, a("a"))).isEqualTo(Bencode.MALFORMED);
    assertThat(Bencode.stringStart(b, -1, b.length)).isEqualTo(Bencode.MALFORMED);
  }

  /** A plain recursive reading of the same rules: the walker must agree with it everywhere. */
  static final class Reference {
    final byte[] b;
    final int end;
    int p;

    Reference(byte[] b, int off, int end) {
      this.b = b;
      this.p = off;
      this.end = end;
    }

    /** 1 = ok, -1 malformed, -2 truncated. */
    int value(int depth) {
      if (p >= end) return -2;
      char c = (char) b[p];
      if (c == 'i') {
        p++;
        int start = p;
        if (p < end && b[p] == '-') p++;
        int digits = p;
        while (p < end && Character.isDigit(b[p])) p++;
        int count = p - digits;
        if (count > 18) return -1;
        if (count > 1 && b[digits] == '0') return -1;
        if (count == 1 && b[digits] == '0' && digits > start) return -1;
        if (p >= end) return -2;
        if (b[p] != 'e' || count == 0) return -1;
        p++;
        return 1;
      }
      if (Character.isDigit(c)) {
        int start = p;
        while (p < end && Character.isDigit(b[p])) p++;
        if (p - start > 9) return -1;
        if (p - start > 1 && b[start] == '0') return -1;
        if (p >= end) return -2;
        if (b[p] != ':') return -1;
        long n = Long.parseLong(new String(b, start, p - start, java.nio.charset.StandardCharsets.US_ASCII));
        if (p + 1 + n > end) return -2;
        p += 1 + (int) n;
        return 1;
      }
      if (c == 'l' || c == 'd') {
        if (depth == Bencode.MAX_DEPTH) return -1;
        p++;
        while (true) {
          if (p >= end) return -2;
          if (b[p] == 'e') {
            p++;
            return 1;
          }
          if (c == 'd') {
            if (!Character.isDigit(b[p])) return -1;
            int r = value(depth + 1);
            if (r != 1) return r;
            if (p >= end) return -2;
            if (b[p] == 'e') return -1;
          }
          int r = value(depth + 1);
          if (r != 1) return r;
        }
      }
      return -1;
    }
  }

  private static int reference(byte[] b, int off, int end) {
    Reference r = new Reference(b, off, end);
    int v = r.value(0);
    return v == 1 ? r.p : v;
  }

  @Test
  void agreesWithAPlainReadingOnMutatedMessages() {
    Random rnd = new Random(20241021);
    String[] seeds = {"d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe",
        "d1:rd2:id20:mnopqrstuvwxyz1234565:nodes52:" + "x".repeat(52) + "e1:t2:aa1:y1:re",
        "d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee", "l4:spami42eli-3ed0:leee"};
    byte[] alphabet = a("dlie0123456789:-x");
    for (int round = 0; round < 60_000; round++) {
      byte[] b = a(seeds[round % seeds.length]);
      int edits = 1 + rnd.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int i = rnd.nextInt(b.length);
        b[i] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
      }
      int cut = rnd.nextInt(b.length + 1);
      assertThat(Bencode.end(b, 0, cut)).as("round %d", round).isEqualTo(reference(b, 0, cut));
      // Readers never throw and stay inside the range.
      int k = Bencode.find(b, 0, cut, a("t"));
      assertThat(k).isLessThan(Math.max(cut, 1));
      Bencode.stringLength(b, k, cut);
      Bencode.integer(b, k, cut);
    }
  }
}
