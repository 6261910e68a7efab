package dev.seawall.desk.parse;

import java.util.regex.Pattern;

/**
 * OpenPGP clear-signed text (RFC 4880 §7): removes the armour and undoes dash-escaping, so that
 * {@code "- - ---Start ACNS XML"} reads as {@code "---Start ACNS XML"}. Senders that sign twice
 * escape twice, hence {@code ^(- )+}.
 */
final class PgpClearSign {
  private PgpClearSign() {}

  private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final Pattern SIGNATURE = Pattern.compile(
      "(?s)-----BEGIN PGP SIGNATURE-----.*?(-----END PGP SIGNATURE-----|\\z)");
  private static final Pattern ARMOR_HEADERS = Pattern.compile("\\A(?:(?:Hash|Charset|Comment|Version):[^\\n]*\\n)*\\n?");

  static boolean isSigned(String text) {
    return text.contains(BEGIN);
  }

  /** Drops every leading "- " of each line (nested clear-signing escapes repeatedly). */
  private static void appendUnescaped(StringBuilder out, String signed) {
    int pos = 0;
    while (pos < signed.length()) {
      int nl = signed.indexOf('\n', pos);
      int end = nl < 0 ? signed.length() : nl + 1;
      int i = pos;
      while (i + 1 < end && signed.charAt(i) == '-' && signed.charAt(i + 1) == ' ') i += 2;
      out.append(signed, i, end);
      pos = end;
    }
  }

  static String unescape(String text) {
    int begin = text.indexOf(BEGIN);
    if (begin < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    while (begin >= 0) {
      out.append(text, pos, begin);
      int bodyStart = text.indexOf('\n', begin);
      if (bodyStart < 0) return out.toString();
      String rest = text.substring(bodyStart + 1);
      rest = ARMOR_HEADERS.matcher(rest).replaceFirst("");
      var sig = SIGNATURE.matcher(rest);
      String signed;
      String after;
      if (sig.find()) {
        signed = rest.substring(0, sig.start());
        after = rest.substring(sig.end());
      } else {
        signed = rest;
        after = "";
      }
      appendUnescaped(out, signed);
      text = after;
      pos = 0;
      begin = text.indexOf(BEGIN);
      if (begin < 0) out.append(text);
    }
    return out.toString();
  }
}
