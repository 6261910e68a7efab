package dev.seawall.desk.validity;

import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.parse.Texts;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a notice for the §512(c)(3)(A) elements. Statements are looked for in the sender's own
 * words (kept verbatim with the raw notice, since §512(f) makes misrepresentation actionable);
 * work and location come from the parsed events.
 */
public final class CompletenessCheck {
  private CompletenessCheck() {}

  private static final Pattern GOOD_FAITH = Pattern.compile("(?is)good[\\s-]+faith\\s+belie[fv]");
  private static final Pattern ACCURATE = Pattern.compile("(?is)\\baccurate\\b");
  private static final Pattern PERJURY = Pattern.compile("(?is)penalty\\s+of\\s+perjury");
  private static final Pattern AUTHORIZED = Pattern.compile("(?is)authori[sz]ed\\s+(?:\\S+\\s+){0,3}to\\s+act|authori[sz]ed\\s+(?:agent|representative)|act\\s+on\\s+behalf");
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  private static final Pattern PHONE = Pattern.compile("(?i)(?:phone|tel(?:ephone)?|ph)\\s*[:.]?\\s*\\+?[0-9(][0-9 ().-]{6,}");
  private static final Pattern SIGN_OFF = Pattern.compile(
      "(?im)^\\s*(?:sincerely|regards|best regards|kind regards|very truly yours|yours (?:truly|faithfully|sincerely)|respectfully)[,.]?\\s*$"
          + "\\s*^\\s*[A-Z][\\p{L}.'-]+(?:\\s+[\\p{L}.'-]+){0,4},?\\s*$");
  private static final Pattern SIGNED = Pattern.compile("(?im)^\\s*(?:/s/|signed:|signature:|digital signature)");

  /**
   * @param text       all text of the notice (mail bodies, XML text) as received
   * @param pgpSigned  the notice carries an OpenPGP or S/MIME signature (an electronic signature)
   * @param replyAddress the notice came from a mail address the sender can be reached at
   */
  public static Completeness check(String text, List<InfringementEvent> events, boolean pgpSigned, boolean replyAddress) {
    return check(text, text.toLowerCase(java.util.Locale.ROOT), events, pgpSigned, replyAddress);
  }

  /** As above, with the text already in lower case (ROOT locale) for the substring tests. */
  public static Completeness check(String text, String lower, List<InfringementEvent> events, boolean pgpSigned,
      boolean replyAddress) {
    Set<Element> present = EnumSet.noneOf(Element.class);
    if (pgpSigned || signOff(text, lower) || (lower.contains("/s/") || lower.contains("signature") || lower.contains("signed:"))
        && SIGNED.matcher(text).find()) {
      present.add(Element.SIGNATURE);
    }
    for (InfringementEvent e : events) {
      if (!e.titles().isEmpty() || e.fileName() != null) present.add(Element.WORK);
      boolean located = (e.ip().isPresent() && (e.timestamp() != null || e.locationType() != dev.seawall.desk.event.LocationType.P2P_ENDPOINT))
          || !e.urls().isEmpty() || e.domain() != null;
      if (located) present.add(Element.MATERIAL);
    }
    if (replyAddress || near(lower, "@", EMAIL, 64, 256) || near(lower, "phone", PHONE, 12, 60) || near(lower, "tel", PHONE, 0, 60)) present.add(Element.CONTACT);
    if (near(lower, "good", GOOD_FAITH, 0, 40)) present.add(Element.GOOD_FAITH);
    if (lower.contains("accurate") && near(lower, "penalty", PERJURY, 0, 40)
        && (lower.contains("on behalf") || near(lower, "authori", AUTHORIZED, 0, 80))) {
      present.add(Element.ACCURACY_AND_AUTHORITY);
    }
    return Completeness.of(present);
  }

  /** Runs the pattern only on windows around each occurrence of an anchor (in the lower-case text). */
  private static boolean near(String lower, String anchor, Pattern p, int before, int after) {
    int at = lower.indexOf(anchor);
    while (at >= 0) {
      if (p.matcher(lower.substring(Math.max(0, at - before), Math.min(lower.length(), at + after))).find()) return true;
      at = lower.indexOf(anchor, at + anchor.length());
    }
    return false;
  }

  private static final String[] CLOSINGS = {"sincerely", "regards", "yours", "respectfully"};

  /** A closing followed by a name; the regex runs only around the closing words, not over the whole text. */
  private static boolean signOff(String text, String lower) {
    for (String w : CLOSINGS) {
      int at = lower.indexOf(w);
      while (at >= 0) {
        int from = Math.max(0, text.lastIndexOf('\n', at) + 1);
        String window = text.substring(from, Math.min(text.length(), at + 300));
        if (SIGN_OFF.matcher(window).find()) return true;
        at = lower.indexOf(w, at + w.length());
      }
    }
    return false;
  }
}
