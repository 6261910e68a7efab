package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.validity.Completeness;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A notice as read: its identity, what the mail said about itself, the formats found, the events,
 * flags, notes on anything not understood, and the §512(c)(3) verdict. {@code raw} is the notice
 * exactly as received (the evidence).
 *
 * @param identity SHA-256 hex: of Message-ID + body for mail, of the bytes otherwise; the same
 *                 notice fetched twice (or by file and by IMAP) has the same identity
 */
public record ParsedNotice(
    String identity,
    String source,
    MailHeaders headers,
    List<String> formats,
    List<InfringementEvent> events,
    Set<Flag> flags,
    List<String> notes,
    Completeness completeness,
    byte[] raw) {

  public ParsedNotice {
    formats = List.copyOf(formats);
    events = List.copyOf(events);
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    notes = List.copyOf(notes);
  }

  /** The format that carried the events (first structured one), for per-format counts. */
  public String primaryFormat() {
    for (String f : formats) {
      if (!f.equals("MIME")) return f;
    }
    return formats.isEmpty() ? "unknown" : formats.getFirst();
  }

  public List<Flag> sortedFlags() {
    return flags.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(flags));
  }
}
