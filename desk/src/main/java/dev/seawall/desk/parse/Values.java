package dev.seawall.desk.parse;

import dev.seawall.desk.event.FileHash;
import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfoHashes;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Field readers shared by the parsers: ports, sizes, hashes, times, URLs. */
final class Values {
  private Values() {}

  private static final Pattern SIZE = Pattern.compile("(?i)\\s*([0-9][0-9,.]*)\\s*(bytes?|b|kb|kib|mb|mib|gb|gib|tb|tib)?\\s*");

  static Integer port(String s) {
    if (s == null) return null;
    String t = s.strip();
    if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(Character::isDigit)) return null;
    int p = Integer.parseInt(t);
    return p <= 65535 ? p : null;
  }

  /** Bytes from "11508862", "4064 MB", "1,582 MB" (binary units: what P2P clients show as MB). */
  static Long size(String s) {
    if (s == null) return null;
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) return null;
    String num = m.group(1).replace(",", "");
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    try {
      double v = Double.parseDouble(num);
      long mult = switch (unit.charAt(0)) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        case 't' -> 1L << 40;
        default -> 1L;
      };
      double bytes = v * mult;
      return bytes < 0 || bytes > 9e18 ? null : Math.round(bytes);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Sets the draft's hash: an info-hash when it is one, otherwise a typed hash (flagged when bad). */
  static void hash(EventDraft d, String declaredType, String value) {
    if (value == null || value.isBlank()) return;
    String v = value.strip();
    boolean p2p = d.protocol == null || Protocols.BITTORRENT.equals(d.protocol) || "P2P".equals(d.protocol);
    String ih = InfoHashes.normalize(v);
    if (ih != null && p2p) {
      if (d.infohash == null) d.infohash = ih;
      return;
    }
    if (d.fileHash == null && d.infohash == null) d.fileHash = new FileHash(declaredType, v);
    boolean declaredSha1 = declaredType != null && declaredType.toUpperCase(Locale.ROOT).replace("-", "").equals("SHA1");
    if (declaredSha1 && !(v.length() == 40 && InfoHashes.isHex(v))) d.flags.add(Flag.HASH_INVALID);
  }

  /** Reads a time into the draft; unreadable text is flagged, never replaced. */
  static Optional<ReadTime> time(EventDraft d, String text, Timestamps.SlashOrder order) {
    if (text == null || text.isBlank()) return Optional.empty();
    Optional<ReadTime> t = Timestamps.parse(text, order);
    if (t.isEmpty()) {
      d.flags.add(Flag.TIME_UNREADABLE);
    } else if (t.get().zoneAssumed()) {
      d.flags.add(Flag.TIME_ZONE_ASSUMED);
    }
    return t;
  }

  static String domainOf(String url) {
    if (url == null) return null;
    String u = url.strip();
    if (!u.contains("://")) u = "http://" + u;
    try {
      String host = URI.create(u.replace(" ", "%20")).getHost();
      if (host == null) return null;
      host = host.toLowerCase(Locale.ROOT);
      if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
      return host.contains(".") ? host : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static boolean isWebUrl(String s) {
    if (s == null) return false;
    String l = s.strip().toLowerCase(Locale.ROOT);
    return (l.startsWith("http://") || l.startsWith("https://") || l.startsWith("ftp://")) && domainOf(s) != null;
  }

  static String blankToNull(String s) {
    if (s == null) return null;
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }
}
