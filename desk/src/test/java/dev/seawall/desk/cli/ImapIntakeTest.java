package dev.seawall.desk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intake from an abuse mailbox: notices are sent over SMTP to a real IMAP server (GreenMail, on
 * loopback, dynamic ports) and `seawall notices poll --once` fetches, stores and marks them.
 */
class ImapIntakeTest {
  static final ServerSetup[] SETUP = ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP);

  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(SETUP)
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("abuse@isp.example", "abuse", "s3cret"));

  @TempDir Path tmp;

  private void send(Path eml) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    Session s = Session.getInstance(p);
    // keep the sender's Message-ID (jakarta.mail would replace it on send; a real MTA does not)
    MimeMessage m = new MimeMessage(s, new ByteArrayInputStream(Files.readAllBytes(eml))) {
      @Override
      protected void updateMessageID() throws jakarta.mail.MessagingException {
        if (getHeader("Message-ID") == null) super.updateMessageID();
      }
    };
    Transport.send(m, new InternetAddress[] {new InternetAddress("abuse@isp.example")});
  }

  @Test
  void pollsStoresAndMarksSeen() throws Exception {
    Path fx = DeskCliTest.fixtures();
    send(fx.resolve("acns-two-inline-qp-pgp.eml"));
    send(fx.resolve("forward-nested-rfc822.eml"));
    send(fx.resolve("iodef-gzip.eml"));
    assertThat(mail.waitForIncomingEmail(10_000, 3)).isTrue();

    Path pw = tmp.resolve("pw");
    Files.writeString(pw, "s3cret\n");
    String db = "jdbc:h2:file:" + tmp.resolve("desk").toAbsolutePath();
    String box = "imap://abuse@127.0.0.1:" + mail.getImap().getPort() + "/INBOX";
    Run first = Run.of(new NoticesCommand(), "poll", "--imap", box, "--password-file", pw.toString(), "--once", "--db", db);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("notices read 3, stored 3, duplicates 0, events 4");

    // nothing unseen is left: a second poll reads nothing
    Run second = Run.of(new NoticesCommand(), "poll", "--imap", box, "--password-file", pw.toString(), "--once", "--db", db);
    assertThat(second.out()).contains("notices read 0, stored 0");

    // the same notice sent again (a sender's retry) is a duplicate, not a second notice
    send(fx.resolve("acns-two-inline-qp-pgp.eml"));
    assertThat(mail.waitForIncomingEmail(10_000, 4)).isTrue();
    Run third = Run.of(new NoticesCommand(), "poll", "--imap", box, "--password-file", pw.toString(), "--once", "--db", db);
    assertThat(third.out()).contains("notices read 1, stored 0, duplicates 1");

    Run list = Run.of(new NoticesCommand(), "list", "--db", db);
    assertThat(list.out().lines()).hasSize(4);
    assertThat(list.out()).contains("\"source\":\"<sw-1001@rights.example>\"");
  }

  @Test
  void wrongPasswordIsAClearErrorNotACrash() throws Exception {
    Path pw = tmp.resolve("pw");
    Files.writeString(pw, "wrong");
    String db = "jdbc:h2:file:" + tmp.resolve("desk").toAbsolutePath();
    Run r = Run.of(new NoticesCommand(), "poll", "--imap", "imap://abuse@127.0.0.1:" + mail.getImap().getPort() + "/INBOX",
        "--password-file", pw.toString(), "--once", "--db", db);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("IMAP 127.0.0.1");
  }
}
