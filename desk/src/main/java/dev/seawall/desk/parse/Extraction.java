package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What one parser found in one document: events, nested documents to read next, flags, notes. */
public final class Extraction {
  final List<EventDraft> events = new ArrayList<>();
  final List<Document> children = new ArrayList<>();
  final Set<Flag> flags = EnumSet.noneOf(Flag.class);
  final List<String> notes = new ArrayList<>();
  /** Statements of the sender found in text (for the §512(c)(3) check): complainant contact etc. */
  final List<String> contacts = new ArrayList<>();
  MailHeaders headers;
  /** The part carried a signature (OpenPGP, S/MIME): an electronic signature under §512(c)(3)(A)(i). */
  boolean signed;
  /** Format label for the summary, e.g. "ACNS 2 v1.2"; null when the parser found nothing. */
  String format;

  static Extraction none() {
    return new Extraction();
  }

  boolean found() {
    return format != null || !events.isEmpty() || !children.isEmpty();
  }
}
