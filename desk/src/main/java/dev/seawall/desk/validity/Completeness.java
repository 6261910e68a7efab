package dev.seawall.desk.validity;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The §512(c)(3) verdict for one notice. {@code REPAIRABLE}: elements (ii)–(iv) are there, so
 * §512(c)(3)(B)(ii) requires the provider to ask the sender for the rest; {@code INVALID}: not even
 * those.
 */
public record Completeness(Verdict verdict, Set<Element> missing) {

  public enum Verdict { COMPLETE, REPAIRABLE, INVALID }

  public Completeness {
    missing = missing.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(missing));
  }

  public List<Element> sortedMissing() {
    return missing.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(missing));
  }

  public static Completeness of(Set<Element> present) {
    EnumSet<Element> missing = EnumSet.allOf(Element.class);
    missing.removeAll(present);
    Verdict v;
    if (missing.isEmpty()) v = Verdict.COMPLETE;
    else if (present.containsAll(EnumSet.of(Element.WORK, Element.MATERIAL, Element.CONTACT))) v = Verdict.REPAIRABLE;
    else v = Verdict.INVALID;
    return new Completeness(v, missing);
  }
}
