package dev.seawall.desk.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.event.Flag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** XXE and entity expansion are refused by every XML path of the desk; the rest of the notice is kept. */
class XmlSafetyTest {
  @TempDir Path tmp;

  private static final String ACNS_TAIL = """
      <Infringement xmlns="http://www.acns.net/ACNS"><Case><ID>X1</ID></Case>
      <Source><TimeStamp>2024-01-01T00:00:00Z</TimeStamp><IP_Address>198.51.100.1</IP_Address><Port>1</Port>
      <Type>BitTorrent</Type></Source><Content><Item><Title>&xxe;</Title></Item></Content></Infringement>
      """;

  private ParsedNotice mail(String xml) {
    String eml = "From: a@b.example\nSubject: x\nDate: Mon, 01 Jan 2024 00:00:00 +0000\nMessage-ID: <x@b.example>\n\n"
        + "Evidentiary Information:\nIP Address: 198.51.100.1\nPort: 1\nTimestamp: 2024-01-01T00:00:00Z\n\n"
        + "---Start ACNS XML\n" + xml + "\n---End ACNS XML\n";
    return new NoticeReader().read(eml.getBytes(StandardCharsets.UTF_8), "t.eml");
  }

  @Test
  void externalEntityIsRefusedAndTheFileNeverRead() throws Exception {
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    ParsedNotice n = mail("<?xml version=\"1.0\"?>\n<!DOCTYPE Infringement [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n" + ACNS_TAIL);
    assertThat(n.flags()).contains(Flag.XML_DTD_REFUSED);
    assertThat(n.toString() + n.events()).doesNotContain("TOP-SECRET-CONTENT");
    // the text block of the same mail is still read: bad input does not drop good data around it
    assertThat(n.events()).extracting(e -> e.ipText()).containsExactly("198.51.100.1");
  }

  @Test
  @Timeout(10)
  void billionLaughsIsRefused() {
    StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE Infringement [\n<!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
      dtd.append("\">\n");
    }
    dtd.append("<!ENTITY xxe \"&lol9;\">]>\n");
    ParsedNotice n = mail(dtd + ACNS_TAIL);
    assertThat(n.flags()).contains(Flag.XML_DTD_REFUSED);
    assertThat(n.events().toString()).doesNotContain("lollol");
  }

  @Test
  void parameterEntitiesAndExternalDtdAreRefused() {
    assertThatThrownBy(() -> SafeXml.parse("<!DOCTYPE x SYSTEM \"http://127.0.0.1:9/x.dtd\"><x/>")).isInstanceOf(XmlRefused.class);
    assertThatThrownBy(() -> SafeXml.parse("<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><x/>"))
        .isInstanceOf(XmlRefused.class);
    assertThatThrownBy(() -> SafeXml.parse("<?xml version='1.0'?>\n<!doctype x><x/>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(XmlRefused.class);
  }

  @Test
  void undeclaredEntitiesStayLiteral() throws Exception {
    SafeXml.Parsed p = SafeXml.parse("<Infringement><Case><ID>&xxe; & more</ID></Case></Infringement>");
    assertThat(p.lenient()).isTrue();
    assertThat(p.root().text("Case", "ID")).isEqualTo("&xxe; & more");
  }

  @Test
  void iodefAndIrmaRefuseDtdsToo() {
    String iodef = "<!DOCTYPE IODEF-Document [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><IODEF-Document><Incident/></IODEF-Document>";
    ParsedNotice n = new NoticeReader().read(iodef.getBytes(StandardCharsets.UTF_8), "iodef.xml");
    assertThat(n.flags()).contains(Flag.XML_DTD_REFUSED);
    String irma = "<!DOCTYPE a [<!ENTITY x \"y\">]><InvestigationInfo><CaseList/></InvestigationInfo>";
    assertThat(new NoticeReader().read(irma.getBytes(StandardCharsets.UTF_8), "irma.xml").flags()).contains(Flag.XML_DTD_REFUSED);
  }
}
