package dev.seawall.desk.counter;

/** The elements of a counter-notice under 17 U.S.C. §512(g)(3)(A)–(D). */
public enum CounterElement {
  SIGNATURE("(A) physical or electronic signature of the subscriber"),
  MATERIAL("(B) identification of the material removed and where it appeared before removal"),
  GOOD_FAITH_UNDER_PERJURY("(C) statement under penalty of perjury of a good-faith belief that it was removed by mistake or misidentification"),
  CONTACT("(D) the subscriber's name, address and telephone number"),
  CONSENT_TO_JURISDICTION("(D) consent to the jurisdiction of the Federal District Court"),
  ACCEPTS_SERVICE("(D) agreement to accept service of process from the complainant");

  private final String meaning;

  CounterElement(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
