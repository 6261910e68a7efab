package dev.seawall.desk.parse;

/** XML that declares a DTD or entities: refused before any parsing, so no XXE and no expansion. */
public final class XmlRefused extends Exception {
  public XmlRefused(String message) {
    super(message, null, false, false);
  }
}
