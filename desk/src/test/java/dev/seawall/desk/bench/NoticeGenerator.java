package dev.seawall.desk.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an mbox of synthetic notices shaped like the real senders' formats (MarkMonitor-style
 * quoted-printable PGP mail with inline ACNS, Irdeto text + ACNS with "Bay ID", Entura key/value
 * text, aligned-column tables, OpSec IRMA XML, XARF v4 JSON attachments, gzipped IODEF with two
 * records, CDN forwards, URL lists, ACNS with an unescaped '&', ACNS as a base64 attachment), with
 * random addresses (IPv4 and IPv6), ports, times, titles and info-hashes, and 1% re-sent
 * duplicates. Writes NAME.expected with the exact counts an import must end with.
 *
 * <p>Usage: {@code NoticeGenerator OUT.mbox COUNT [SEED]}
 */
public final class NoticeGenerator {
  private static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter IRDETO = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter IRMA = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String[] WORDS = {"Night", "River", "Empire", "Silent", "Golden", "Storm", "Last", "Hidden", "Iron",
    "Dream", "Broken", "Wild", "City", "Ocean", "Fire", "Shadow", "King", "Road", "Star", "Echo"};
  private static final String LETTER = """
      Dear Sir or Madam:

      We have received information that an individual has utilized the below-referenced IP address at the
      noted date and time to offer downloads of copyrighted content through a peer-to-peer service.

      We have a good faith belief that use of the material in the manner complained of is not authorized
      by the copyright owner, its agents, or the law. The information in this notification is accurate,
      and we state under penalty of perjury that we are authorized to act on behalf of the owner.

      Sincerely,
      Jane Monitor
      Example Anti-Piracy, 100 Example Street, Springfield
      notices@monitor.example
      """;

  private final SplittableRandom rnd;
  private long serial;
  private long events;

  NoticeGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: NoticeGenerator OUT.mbox COUNT [SEED]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    NoticeGenerator g = new NoticeGenerator(seed);
    long messages = 0, duplicates = 0;
    List<byte[]> recent = new ArrayList<>();
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      for (int i = 0; i < count; i++) {
        byte[] m = g.next(i);
        write(os, m);
        messages++;
        if (recent.size() < 64) recent.add(m); else recent.set(i % 64, m);
        if (i % 100 == 99) { // a sender's retry: the very same message again
          write(os, recent.get(g.rnd.nextInt(recent.size())));
          messages++;
          duplicates++;
        }
      }
    }
    String expected = "notices=" + count + "\nmessages=" + messages + "\nduplicates=" + duplicates + "\nevents=" + g.events + "\n";
    Files.writeString(Path.of(args[0] + ".expected"), expected);
    System.out.print(expected);
  }

  private static void write(OutputStream os, byte[] m) throws IOException {
    os.write("From notices@monitor.example Mon Jan  1 00:00:00 2024\n".getBytes(StandardCharsets.US_ASCII));
    // mboxrd: quote body lines that start with "From "
    int start = 0;
    for (int i = 0; i <= m.length; i++) {
      if (i == m.length || m[i] == '\n') {
        int j = start;
        while (j < i && m[j] == '>') j++;
        if (i - j >= 5 && m[j] == 'F' && m[j + 1] == 'r' && m[j + 2] == 'o' && m[j + 3] == 'm' && m[j + 4] == ' ') os.write('>');
        os.write(m, start, Math.min(i + 1, m.length) - start);
        start = i + 1;
      }
    }
    if (m.length == 0 || m[m.length - 1] != '\n') os.write('\n');
    os.write('\n');
  }

  byte[] next(int i) {
    serial++;
    String m = switch (i % 11) {
      case 0, 1 -> markMonitor();
      case 2 -> irdeto();
      case 3 -> entura();
      case 4 -> table();
      case 5 -> irma();
      case 6 -> xarf();
      case 7 -> iodef();
      case 8 -> i % 2 == 0 ? cdn() : urlList();
      case 9 -> ampersand();
      default -> attachedAcns();
    };
    return m.getBytes(StandardCharsets.UTF_8);
  }

  // ---- random fields ----

  private String ip() {
    if (rnd.nextInt(10) == 0) {
      return String.format("2001:db8:%x:%x::%x", rnd.nextInt(0x10000), rnd.nextInt(0x10000), 1 + rnd.nextInt(0xfffe));
    }
    int block = rnd.nextInt(3);
    return switch (block) {
      case 0 -> "198.51.100." + (1 + rnd.nextInt(254));
      case 1 -> "203.0.113." + (1 + rnd.nextInt(254));
      default -> (11 + rnd.nextInt(180)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    };
  }

  private int port() {
    return 1024 + rnd.nextInt(64_511);
  }

  private Instant time() {
    return Instant.ofEpochSecond(1_600_000_000L + rnd.nextLong(120_000_000L), rnd.nextInt(100) * 10_000_000L);
  }

  private String hash() {
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 40; i++) sb.append(Character.forDigit(rnd.nextInt(16), 16));
    return rnd.nextBoolean() ? sb.toString().toUpperCase(Locale.ROOT) : sb.toString();
  }

  private String title() {
    return WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)] + " " + (1990 + rnd.nextInt(35));
  }

  private String headers(String from, String subject, Instant date, String contentType, String encoding) {
    return "From: " + from + "\nTo: abuse@isp.example\nSubject: " + subject + "\nDate: " + RFC822.format(date.plusSeconds(3600))
        + "\nMessage-ID: <" + serial + "." + Long.toHexString(rnd.nextLong()) + "@gen.example>\nMIME-Version: 1.0\nContent-Type: "
        + contentType + (encoding == null ? "" : "\nContent-Transfer-Encoding: " + encoding) + "\n\n";
  }

  private String acns(String caseId, String ip, int port, Instant t, String title, String hash, String extraType) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Infringement xmlns=\"http://www.acns.net/ACNS\" "
        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.acns.net/ACNS "
        + "http://www.acns.net/v1.2/ACNS2v1_2.xsd\"><Case><ID>" + caseId + "</ID><Status>OPEN</Status></Case>"
        + "<Complainant><Entity>Example Anti-Piracy</Entity><Email>notices@monitor.example</Email></Complainant>"
        + "<Service_Provider><Entity>ISP</Entity><Email>abuse@isp.example</Email></Service_Provider>"
        + "<Source><TimeStamp>" + t + "</TimeStamp><IP_Address>" + ip + "</IP_Address><Port>" + port + "</Port>"
        + extraType + "</Source><Content><Item><TimeStamp>" + t + "</TimeStamp><Title>" + title + "</Title><FileName>"
        + title.replace(' ', '.') + ".mkv</FileName><FileSize>" + (1 + rnd.nextInt(4000)) * 1_000_000L + "</FileSize>"
        + (hash == null ? "" : "<Hash Type=\"SHA1\">" + hash + "</Hash>") + "</Item></Content></Infringement>";
  }

  private static final String P2P = "<Type>P2P</Type><SubType BaseType=\"P2P\" Protocol=\"BITTORRENT\"/>";

  // ---- templates; each adds the events an import must find ----

  private String markMonitor() {
    events++;
    String ip = ip(), h = hash(), title = title(), id = "2221" + serial;
    int port = port();
    Instant t = time();
    String body = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nNotice ID: " + id + "\n\n" + LETTER
        + "\nEvidentiary Information:\nNotice ID:   " + id + "\nAsset:  " + title + "\nProtocol:  BitTorrent\nIP Address:  " + ip
        + "\nPort ID:  " + port + "\nFile Name:  " + title.toLowerCase(Locale.ROOT) + " 1080p\nFile Size:  " + (1000 + rnd.nextInt(9_000_000))
        + "\nTimestamp:  " + t + "\nLast Seen Date:  " + t + "\n\n- ---Start ACNS XML\n" + acns(id, ip, port, t, title, h, P2P)
        + "\n- ---End ACNS XML\n-----BEGIN PGP SIGNATURE-----\n\niQEcBAEBAgAGBQJWweJ0AAoJEMotqqjyekw0\n=nMlg\n-----END PGP SIGNATURE-----\n";
    return headers("MarkMonitor Antipiracy <antipiracy@monitor.example>", id + " Copyright Infringement", t,
        "text/plain; charset=utf-8", "quoted-printable") + qp(body);
  }

  private String irdeto() {
    events++;
    String ip = ip(), h = hash(), title = title(), id = "312-" + serial;
    int port = port();
    Instant t = time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String body = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nNotice ID: " + id + "\n" + LETTER + "\nEvidentiary Information:\n"
        + "Notice ID: " + id + "\nInitial Infringement Timestamp: " + IRDETO.format(t) + " GMT\nRecent Infringement Timestamp: "
        + IRDETO.format(t) + " GMT\nInfringers IP Address: " + ip + "\nProtocol: BitTorrent\nInfringed Work: " + title
        + "\nInfringing File Name: " + title + " WEB x264\nInfringing File Size: 330366091\nBay ID: " + h + "|330366091\nPort ID: "
        + port + "\nURL: dht\n\n- - ---Start ACNS XML\n" + acns(id, ip, port, t, title, null, "<Type>BitTorrent</Type>")
        + "\n- - ---End ACNS XML\n-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG\n\niQEcBAEBAgAG\n=X5v9\n-----END PGP SIGNATURE-----\n";
    return headers("\"studio@compliance.example\" <studio@compliance.example>", id + " Notice of Unauthorized Use", t,
        "text/plain; charset=UTF-8", null) + body;
  }

  private String entura() {
    events++;
    String title = title();
    Instant t = time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String body = "SUBJECT: Unauthorized Distribution of \"" + title + "\"\n\n" + LETTER + "\nBelow are the details:\n\nTitle: " + title
        + "\nTimestamp: " + SPACED.format(t) + " UTC\nIP Address:  " + ip() + "\nPort:  " + port() + "\nType: BitTorrent\nTorrent Hash: "
        + hash() + "\nFilename: " + title + " [1080p]\n\n";
    return headers("notices@entura.example", "BitTorrent Content Infringement", t, "text/plain; charset=UTF-8", "quoted-printable") + qp(body);
  }

  private String table() {
    int rows = 3;
    events += rows;
    StringBuilder sb = new StringBuilder(LETTER).append("\n- ----- Infringement Details -----\n")
        .append(String.format("%-28s %-26s %-40s %-6s %-11s %s%n", "Title", "Timestamp", "IP Address", "Port", "Type", "Torrent Hash"));
    Instant t = time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int r = 0; r < rows; r++) {
      sb.append(String.format("%-28s %-26s %-40s %-6d %-11s %s%n", title(), SPACED.format(t.plusSeconds(r * 61L)) + " UTC", ip(), port(),
          "BitTorrent", hash()));
    }
    return headers("Sony Anti-Piracy <ap@sony.example>", "Infringement Details", t, "text/plain; charset=utf-8", null) + sb;
  }

  private String irma() {
    events++;
    String ip = ip(), title = title();
    Instant t = time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String xml = "<?xml version=\"1.0\"?>\n<InvestigationInfo>\n  <Protocol>BitTorrent</Protocol>\n  <CaseList>\n    <Case>\n      <CaseId>"
        + serial + "</CaseId>\n      <Initiated>" + IRMA.format(t) + "</Initiated>\n      <Completed>" + IRMA.format(t.plusSeconds(57))
        + "</Completed>\n      <PeerIP>" + ip + "</PeerIP>\n      <PeerPort>" + port() + "</PeerPort>\n      <ContentList>\n"
        + "        <Content name=\"" + title + " (2019) Mp3\" size=\"120475483\">\n          <Hash algorithm=\"Sha1\">" + hash()
        + "</Hash>\n          <Match><MatchDetails><MatchDetail key=\"Title\">" + title.toUpperCase(Locale.ROOT)
        + "</MatchDetail></MatchDetails></Match>\n        </Content>\n      </ContentList>\n    </Case>\n  </CaseList>\n</InvestigationInfo>\n";
    String text = "Case-ID: " + serial + "\nPeer IP address: " + ip + "\nTitle: " + title.toUpperCase(Locale.ROOT) + "\n\n" + xml;
    return headers("<irma@opsec.example>", "IRMA " + serial + " copyright infringement", t,
        "multipart/signed; boundary=\"=-sig\"; protocol=\"application/pgp-signature\"; micalg=pgp-sha1", null)
        + "--=-sig\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qp(text)
        + "\n--=-sig\nContent-Type: application/pgp-signature; name=\"signature.pgp\"\n\n-----BEGIN PGP MESSAGE-----\nowJ4nAEfAuD9\n"
        + "-----END PGP MESSAGE-----\n--=-sig--\n";
  }

  private String xarf() {
    events++;
    Instant t = time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String json = "{\"xarf_version\":\"4.2.0\",\"report_id\":\"" + serial + "\",\"timestamp\":\"" + t + "\",\"reporter\":{\"org\":\"P2P Monitor\","
        + "\"contact\":\"xarf@monitor.example\"},\"source_identifier\":\"" + ip() + "\",\"source_port\":" + port()
        + ",\"category\":\"copyright\",\"type\":\"p2p\",\"p2p_protocol\":\"bittorrent\",\"swarm_info\":{\"info_hash\":\"" + hash().toLowerCase(Locale.ROOT)
        + "\"},\"work_title\":\"" + title() + "\",\"rights_holder\":\"Film Studio Corp\"}";
    return headers("xarf@monitor.example", "XARF copyright report", t, "multipart/mixed; boundary=\"xb\"", null)
        + "--xb\nContent-Type: text/plain\n\nThis is an X-ARF report.\n--xb\nContent-Type: application/json; name=\"report.json\"\n\n"
        + json + "\n--xb--\n";
  }

  private String iodef() {
    events += 2;
    String ip = ip();
    Instant t = time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<IODEF-Document xmlns=\"urn:ietf:params:xml:ns:iodef-1.0\" version=\"1.00\">"
        + "<Incident purpose=\"reporting\"><IncidentID name=\"abuse.example\">" + serial + "</IncidentID>"
        + "<Assessment><Impact type=\"ext-value\" ext-type=\"DMCA_COPYRIGHT\"/></Assessment>");
    for (int r = 0; r < 2; r++) {
      Instant rt = t.plusSeconds(r * 3600L);
      x.append("<EventData><Flow><System category=\"source\"><Node><Address category=\"ipv4-addr\">").append(ip)
          .append("</Address></Node></System></Flow><Record><RecordData><DateTime>").append(rt).append("</DateTime><RecordItem dtype=\"ext-value\" ext-dtype=\"json\">")
          .append("{\"Case\":{\"ID\":\"C").append(serial).append(r).append("\"},\"Source\":{\"TimeStamp\":\"").append(rt)
          .append("\",\"IP_Address\":\"").append(ip).append("\",\"Port\":\"").append(port())
          .append("\",\"Type\":\"P2P\",\"SubType\":{\"@attributes\":{\"Protocol\":\"BITTORRENT\"}}},\"Content\":{\"Item\":[{\"Title\":\"")
          .append(title()).append("\",\"Hash\":\"").append(hash()).append("\"}]}}</RecordItem></RecordData></Record></EventData>");
    }
    x.append("</Incident></IODEF-Document>\n");
    String gz = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(gzip(x.toString()));
    return headers("Transit Abuse <abuse@transit.example>", "[Ticket " + serial + "] DMCA complaint", t, "multipart/mixed; boundary=\"io\"", null)
        + "--io\nContent-Type: text/plain; charset=\"utf-8\"\n\nAttached is a complaint received by our abuse department.\n"
        + "--io\nContent-Type: application/gzip; name=\"iodef.xml.gz\"\nContent-Transfer-Encoding: base64\n"
        + "Content-Disposition: attachment; filename=\"iodef.xml.gz\"\n\n" + gz + "\n--io--\n";
  }

  private String cdn() {
    events++;
    String host = "site" + serial + ".example";
    return headers("\"CDN Trust & Safety\" <abuse@cdn.example>", "CDN received a DMCA complaint regarding " + host, time(),
        "text/plain; charset=UTF-8", null)
        + "Hello,\n\nThe CDN received a DMCA copyright infringement complaint regarding " + host + "\n\nThe actual host for " + host
        + " are the following IP addresses. " + ip() + ".\n\nReported URLs:\n\n\thttps://www." + host + "/watch/" + serial
        + "\n\nCopyright Holder's Name: Example Studios\nReporter's Email Address: legal@studio.example\n";
  }

  private String urlList() {
    events++;
    String host = "stream" + serial + ".example";
    StringBuilder sb = new StringBuilder("Copyrighted work(s) infringed upon:\n\n- " + title() + "\n\n- " + title()
        + "\n\n\nLocation of infringing material:\n\n");
    for (int u = 0; u < 4; u++) sb.append("- https://").append(host).append("/v/").append(Long.toHexString(rnd.nextLong())).append("\n\n");
    sb.append("\n").append(LETTER);
    return headers("\"Studio\" <legal@studio.example>", "Copyright Infringement Notice - " + host, time(), "text/plain; charset=UTF-8", null) + sb;
  }

  private String ampersand() {
    events++;
    String ip = ip(), title = title() + " & Friends";
    int port = port();
    Instant t = time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String body = LETTER + "\nEvidentiary Information:\nProtocol: BitTorrent\nInfringed Work: " + title + "\nInfringer's IP Address: " + ip
        + "\nInfringer's Port: " + port + "\nInitial Infringement Timestamp: " + t + "\n- - ---Start ACNS XML\n"
        + acns("", ip, port, t, title, hash(), "<Type>BitTorrent</Type>") + "\n- - ---End ACNS XML\n";
    return headers("noreply@vobile.example", "NOTICE OF COPYRIGHT INFRINGEMENT", t, "text/plain;charset=utf8", null) + body;
  }

  private String attachedAcns() {
    events++;
    Instant t = time();
    String xml = acns("A" + serial, ip(), port(), t, title(), hash(), P2P);
    String b64 = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    return headers("notices@echelon.example", "Copyright Infringement Notice A" + serial, t, "multipart/mixed; boundary=\"ax\"", null)
        + "--ax\nContent-Type: text/plain\n\n" + LETTER + "\n--ax\nContent-Type: application/xml; name=\"A" + serial
        + ".xml\"\nContent-Transfer-Encoding: base64\n\n" + b64 + "\n--ax--\n";
  }

  // ---- encodings ----

  static String qp(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(b.length + b.length / 8);
    int col = 0;
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '\n') {
        out.append('\n');
        col = 0;
        continue;
      }
      String enc = (c == '=' || c > 126 || (c < 32 && c != '\t')) ? String.format("=%02X", c) : String.valueOf((char) c);
      if (col + enc.length() > 75) {
        out.append("=\n");
        col = 0;
      }
      out.append(enc);
      col += enc.length();
    }
    return out.toString();
  }

  private static byte[] gzip(String s) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
      g.write(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bo.toByteArray();
  }
}
