package dev.seawall.desk.parse;

/**
 * One parser per format family. A parser recognises its family by structure (markers, element
 * names, JSON keys, field labels), never by the sender's name, so notices from senders never seen
 * before parse too. {@link #read} never throws on bad input: problems become flags and notes.
 */
public sealed interface NoticeParser
    permits MimeParser, AcnsParser, IrmaParser, IodefParser, XarfParser, EvidenceTextParser,
        CdnForwardParser, UrlNoticeParser {

  /** Short family name: "mime", "acns", "irma", "iodef", "xarf", "text", "cdn-forward", "url-list". */
  String family();

  /** Cheap structural test: could this document hold this family's content? */
  boolean claims(Document doc);

  Extraction read(Document doc);
}
