package dev.seawall.desk.counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a counter-notice for the §512(g)(3) elements: the form's fields for signature, material,
 * contact; the subscriber's own statement for the perjury statement, the consent to jurisdiction
 * and the acceptance of service (kept verbatim: §512(f) makes misrepresentation actionable).
 */
public final class CounterNoticeCheck {
  private CounterNoticeCheck() {}

  private static final Pattern PERJURY = Pattern.compile("penalty\\s+of\\s+perjury");
  private static final Pattern GOOD_FAITH = Pattern.compile("good[\\s-]+faith");
  private static final Pattern MISTAKE = Pattern.compile("mistake|misidentif");
  private static final Pattern JURISDICTION = Pattern.compile("consent\\w*\\s+to\\s+(?:the\\s+)?jurisdiction");
  private static final Pattern COURT = Pattern.compile("(?:federal\\s+)?district\\s+court");
  private static final Pattern SERVICE = Pattern.compile("accept\\w*\\s+(?:the\\s+)?service\\s+of\\s+process");

  public static List<CounterElement> missing(CounterNoticeForm f) {
    List<CounterElement> out = new ArrayList<>();
    String st = f.statement() == null ? "" : f.statement().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (blank(f.signature())) out.add(CounterElement.SIGNATURE);
    if (blank(f.material()) || blank(f.priorLocation())) out.add(CounterElement.MATERIAL);
    if (!(PERJURY.matcher(st).find() && GOOD_FAITH.matcher(st).find() && MISTAKE.matcher(st).find())) {
      out.add(CounterElement.GOOD_FAITH_UNDER_PERJURY);
    }
    if (blank(f.subscriberName()) || blank(f.address()) || blank(f.phone())) out.add(CounterElement.CONTACT);
    if (!(JURISDICTION.matcher(st).find() && COURT.matcher(st).find())) out.add(CounterElement.CONSENT_TO_JURISDICTION);
    if (!SERVICE.matcher(st).find()) out.add(CounterElement.ACCEPTS_SERVICE);
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
