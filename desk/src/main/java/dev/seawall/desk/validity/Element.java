package dev.seawall.desk.validity;

/** The six elements of a notice under 17 U.S.C. §512(c)(3)(A)(i)–(vi). */
public enum Element {
  SIGNATURE("(i) physical or electronic signature of an authorised person"),
  WORK("(ii) identification of the copyrighted work"),
  MATERIAL("(iii) identification and location of the infringing material"),
  CONTACT("(iv) contact information of the complaining party"),
  GOOD_FAITH("(v) good-faith statement that the use is not authorised"),
  ACCURACY_AND_AUTHORITY("(vi) accuracy statement and, under penalty of perjury, authority to act");

  private final String meaning;

  Element(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
