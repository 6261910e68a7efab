package dev.seawall.desk.event;

/**
 * Something a handler must know about a notice or an event. A flag never hides data: the values
 * are kept as the sender wrote them and the flag says why they are doubtful.
 */
public enum Flag {
  XML_MALFORMED("XML was not well-formed; read by the tolerant reader"),
  XML_DTD_REFUSED("XML carried a DTD or entity declaration; refused (no XXE, no entity expansion)"),
  TEXT_XML_MISMATCH("the notice text and its XML disagree (ACNS TEXT_XML_MISMATCH)"),
  TEXT_ONLY("event found in the text only although the notice carries XML"),
  TIME_MISSING("no infringement time in the notice"),
  TIME_UNREADABLE("an infringement time could not be read; not replaced by any other time"),
  TIME_ZONE_ASSUMED("time without a zone; UTC assumed as the format documents"),
  TIME_AFTER_NOTICE("infringement time is after the notice was sent"),
  TIME_STALE("infringement time is more than 180 days before the notice"),
  IP_INVALID("the address is not a valid IPv4/IPv6 address; never matched by prefix"),
  IP_NOT_PUBLIC("private, loopback, link-local, documentation or unique-local address (IP_OUT_OF_RANGE)"),
  NO_LOCATION("neither an address nor a URL"),
  HASH_INVALID("a hash declared as SHA1 is not 40 hex digits; kept as a typed hash, not an info-hash"),
  CDN_ORIGIN_IP("the IP is the origin host revealed by a CDN, not the infringer"),
  SETTLEMENT_OFFER("the notice asks the subscriber for money (settlement offer)"),
  NO_DATE_HEADER("the mail has no (readable) Date header"),
  NO_EVENTS("no infringement event could be read from the notice"),
  ATTACHMENT_TOO_LARGE("a compressed attachment expanded beyond the limit and was not read"),
  PARSE_ERROR("a part could not be read; see the notice's parse notes");

  private final String meaning;

  Flag(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
