package dev.seawall.desk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.event.Flag;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Behaviour the issue asks for that no single corpus file shows on its own. */
class NoticeReaderTest {
  private static ParsedNotice read(String s) {
    return new NoticeReader().read(s.getBytes(StandardCharsets.UTF_8), "t.eml");
  }

  private static String mail(String body) {
    return "From: a@monitor.example\nSubject: n\nDate: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <n@monitor.example>\n\n" + body;
  }

  private static final String XML = """
      ---Start ACNS XML
      <Infringement><Source><TimeStamp>2024-01-01T10:00:00Z</TimeStamp><IP_Address>198.51.100.9</IP_Address>
      <Port>51413</Port><Type>BitTorrent</Type></Source><Content><Item><Title>T</Title></Item></Content></Infringement>
      ---End ACNS XML
      """;

  @Test
  void textAndXmlThatDisagreeAreFlagged() {
    ParsedNotice n = read(mail("IP Address: 198.51.100.9\nPort: 6881\nTimestamp: 2024-01-01T10:00:00Z\n\n" + XML));
    assertThat(n.events()).hasSize(1);
    assertThat(n.events().getFirst().port()).isEqualTo(51413); // the XML's value is kept
    assertThat(n.events().getFirst().flags()).contains(Flag.TEXT_XML_MISMATCH);
    ParsedNotice agree = read(mail("IP Address: 198.51.100.9\nPort: 51413\nTimestamp: 2024-01-01T10:00:00Z\n\n" + XML));
    assertThat(agree.events().getFirst().flags()).doesNotContain(Flag.TEXT_XML_MISMATCH);
  }

  @Test
  void anUnreadableTimeIsFlaggedNeverReplacedByNow() {
    ParsedNotice n = read(mail("IP Address: 198.51.100.9\nPort: 6881\nTimestamp: last tuesday-ish\nTitle: X\n"));
    assertThat(n.events()).hasSize(1);
    assertThat(n.events().getFirst().timestamp()).isNull();
    assertThat(n.events().getFirst().flags()).contains(Flag.TIME_UNREADABLE);
  }

  @Test
  void implausibleTimesAreFlagged() {
    ParsedNotice future = read(mail("IP Address: 198.51.100.9\nPort: 1\nTimestamp: 2024-02-01T00:00:00Z\n"));
    assertThat(future.events().getFirst().flags()).contains(Flag.TIME_AFTER_NOTICE);
    ParsedNotice old = read(mail("IP Address: 198.51.100.9\nPort: 1\nTimestamp: 2020-02-01T00:00:00Z\n"));
    assertThat(old.events().getFirst().flags()).contains(Flag.TIME_STALE);
  }

  @Test
  void severalAcnsDocumentsInOneMailAreSeveralEvents() {
    String second = XML.replace("198.51.100.9", "198.51.100.10");
    assertThat(read(mail("two notices\n" + XML + "\n" + second)).events()).extracting(e -> e.ipText())
        .containsExactly("198.51.100.9", "198.51.100.10");
  }

  @Test
  void garbageIsReadWithoutThrowing() {
    byte[] junk = new byte[4096];
    new java.util.Random(1).nextBytes(junk);
    ParsedNotice n = new NoticeReader().read(junk, "junk");
    assertThat(n.events()).isEmpty();
    assertThat(n.flags()).contains(Flag.NO_EVENTS);
  }
}
