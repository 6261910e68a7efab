package dev.seawall.desk.forward;

import dev.seawall.desk.workflow.WorkflowConfig;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Hands mail to the configured SMTP server (Angus Mail). */
public final class SmtpMailer {
  /** Why a send failed, and whether trying again can help. */
  public static final class SendFailure extends Exception {
    private final boolean permanent;

    SendFailure(String message, boolean permanent, Throwable cause) {
      super(message, cause);
      this.permanent = permanent;
    }

    public boolean permanent() {
      return permanent;
    }
  }

  private final WorkflowConfig.Smtp smtp;
  private final Session session;

  public SmtpMailer(WorkflowConfig.Smtp smtp) {
    this.smtp = smtp;
    Properties p = new Properties();
    String proto = smtp.security() == WorkflowConfig.Smtp.Security.TLS ? "smtps" : "smtp";
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", smtp.host());
    p.put("mail." + proto + ".port", String.valueOf(smtp.port()));
    String ms = String.valueOf(smtp.timeout().toMillis());
    p.put("mail." + proto + ".connectiontimeout", ms);
    p.put("mail." + proto + ".timeout", ms);
    p.put("mail." + proto + ".writetimeout", ms);
    if (smtp.security() == WorkflowConfig.Smtp.Security.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (smtp.user() != null) p.put("mail." + proto + ".auth", "true");
    this.session = Session.getInstance(p);
  }

  /** Sends one mail over its own connection. */
  public void send(OutgoingMail m) throws SendFailure {
    try (Connection c = connect()) {
      c.send(m);
    }
  }

  /**
   * One SMTP connection for several mails (a burst of forwards should not pay a TCP and TLS
   * handshake each). After a failure the connection is closed; the next send reconnects. Servers
   * limit mails per connection, so it also reconnects every {@link #PER_CONNECTION} mails.
   */
  public final class Connection implements AutoCloseable {
    private Transport transport;
    private int sent;

    public void send(OutgoingMail m) throws SendFailure {
      MimeMessage msg;
      try {
        msg = build(m);
      } catch (MessagingException | UnsupportedEncodingException | IllegalArgumentException e) {
        throw new SendFailure("cannot build the mail: " + e.getMessage(), true, e);
      }
      try {
        if (transport == null || sent >= PER_CONNECTION) {
          close();
          transport = session.getTransport();
          transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
          sent = 0;
        }
        transport.sendMessage(msg, msg.getAllRecipients());
        sent++;
      } catch (SendFailedException e) {
        close();
        // the server refused the recipient (5xx): retrying the same address cannot help
        boolean refused = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
        throw new SendFailure("SMTP " + smtp.host() + ":" + smtp.port() + " refused " + m.to() + ": " + oneLine(e), refused, e);
      } catch (MessagingException e) {
        close();
        throw new SendFailure("SMTP " + smtp.host() + ":" + smtp.port() + ": " + oneLine(e), false, e);
      }
    }

    @Override
    public void close() {
      if (transport == null) return;
      try {
        transport.close();
      } catch (MessagingException e) {
        // closing a broken connection: nothing left to save
      }
      transport = null;
    }
  }

  static final int PER_CONNECTION = 100;

  public Connection connect() {
    return new Connection();
  }

  private MimeMessage build(OutgoingMail m) throws MessagingException, UnsupportedEncodingException {
    MimeMessage msg = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", m.messageId());
      }
    };
    msg.setFrom(new InternetAddress(m.from(), m.fromName(), StandardCharsets.UTF_8.name()));
    msg.setRecipients(Message.RecipientType.TO, InternetAddress.parse(m.to(), true));
    msg.setSubject(m.subject(), StandardCharsets.UTF_8.name());
    msg.setSentDate(new Date());
    if (m.inReplyTo() != null) {
      msg.setHeader("In-Reply-To", m.inReplyTo());
      msg.setHeader("References", m.inReplyTo());
    }
    msg.setHeader("Auto-Submitted", "auto-generated");
    if (m.attachments().isEmpty()) {
      msg.setText(m.body(), StandardCharsets.UTF_8.name());
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(m.body(), StandardCharsets.UTF_8.name());
      mixed.addBodyPart(text);
      for (Attachment a : m.attachments()) {
        MimeBodyPart part = new MimeBodyPart();
        // the original travels byte for byte: evidence must not be re-encoded into something else
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.bytes(), a.contentType())));
        part.setFileName(a.fileName());
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(part);
      }
      msg.setContent(mixed);
    }
    msg.saveChanges();
    return msg;
  }

  private static String oneLine(Exception e) {
    String s = String.valueOf(e.getMessage());
    Throwable c = e.getCause();
    if (c != null && c.getMessage() != null && !s.contains(c.getMessage())) s += " (" + c.getMessage() + ")";
    return s.replaceAll("\\s+", " ").strip();
  }
}
