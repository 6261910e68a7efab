package dev.seawall.desk.workflow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Notices for the workflow tests, in the shape real senders use: a letter with the §512(c)(3)
 * statements and an inline ACNS 2.0 block between "Start/End ACNS XML" markers.
 */
public final class TestNotices {
  private TestNotices() {}

  private static final DateTimeFormatter MAIL_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** A complete BitTorrent notice as an RFC 5322 mail. */
  public static String acnsMail(String messageId, String from, String to, String caseId, String ip, int port, Instant seen,
      String title, String infohash, boolean settlementOffer) {
    String settlement = settlementOffer ? """

        To settle this matter online and avoid further action, visit https://settle.example/%s and pay
        USD 20 per infringement (settlement offer valid for 14 days).
        """.formatted(caseId) : "";
    return """
        Message-ID: %s
        Date: %s
        From: Studio Anti-Piracy <%s>
        To: %s
        Subject: Notice of Claimed Infringement - Case %s
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        Dear Sir or Madam,

        We have observed the title "%s" being shared by the address below, using BitTorrent.

        We have a good faith belief that use of the material in the manner complained of is not
        authorized by the copyright owner, its agent, or the law. The information in this notice is
        accurate and, under penalty of perjury, we are authorized to act on behalf of the owner.
        Contact: %s, phone +1 212 555 0100.
        %s
        Sincerely,
        Jane Roe

        ---Start ACNS XML
        <?xml version="1.0" encoding="UTF-8"?>
        <Infringement xmlns="http://www.acns.net/ACNS">
          <Case><ID>%s</ID><Status>Open</Status></Case>
          <Complainant><Entity>Example Studios</Entity><Contact>Jane Roe</Contact><Email>%s</Email></Complainant>
          <Source>
            <TimeStamp>%s</TimeStamp>
            <IP_Address>%s</IP_Address>
            <Port>%d</Port>
            <Type>BitTorrent</Type>
            <SubType BaseType="P2P" Protocol="BITTORRENT"/>
          </Source>
          <Content>
            <Item>
              <TimeStamp>%s</TimeStamp>
              <Title>%s</Title>
              <FileName>%s.mkv</FileName>
              <Hash Type="SHA1">%s</Hash>
            </Item>
          </Content>
        </Infringement>
        ---End ACNS XML
        """.formatted(messageId, MAIL_DATE.format(seen.plusSeconds(3600)), from, to, caseId, title, from, settlement, caseId, from,
        seen, ip, port, seen, title, title.replace(' ', '.'), infohash).replace("\n", "\r\n");
  }

  public static String infohash(int i) {
    return String.format(Locale.ROOT, "%040x", 0xabc000L + i);
  }
}
