package dev.seawall.desk.audit;

/**
 * What an audited action was about: {@code case:42}, {@code customer:acme},
 * {@code subscriber:acme/u-17}, {@code order:3}, {@code notice:981}, {@code agent:2}, …
 */
public record Subject(String type, String id) {
  public Subject {
    if (type == null || !type.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("subject type '" + type + "'");
    if (id == null || id.isBlank()) throw new IllegalArgumentException("subject " + type + " needs an id");
  }

  public static Subject of(String type, Object id) {
    return new Subject(type, String.valueOf(id));
  }

  /** Reads {@code type:id}. */
  public static Subject parse(String s) {
    int colon = s == null ? -1 : s.indexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("subject '" + s + "' is not type:id");
    return new Subject(s.substring(0, colon), s.substring(colon + 1));
  }

  @Override
  public String toString() {
    return type + ":" + id;
  }
}
