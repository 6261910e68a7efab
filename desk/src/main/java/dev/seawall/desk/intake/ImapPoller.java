package dev.seawall.desk.intake;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Intake from an abuse mailbox over IMAP: fetches unseen messages, stores them (idempotently),
 * and only then marks them seen (or moves them), so a crash between the two re-reads a message
 * that is already stored, which changes nothing.
 */
public final class ImapPoller {
  private final URI mailbox;
  private final String password;
  private final String moveTo;
  private final Importer importer;
  private final int connectTimeoutMillis;

  /**
   * @param mailbox {@code imap://user@host:port/INBOX} or {@code imaps://…}
   * @param moveTo  folder to move processed messages to, or null to leave them (marked seen)
   */
  public ImapPoller(URI mailbox, String password, String moveTo, Importer importer, int connectTimeoutMillis) {
    checkMailbox(mailbox);
    this.mailbox = mailbox;
    this.password = password;
    this.moveTo = moveTo;
    this.importer = importer;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /** Refuses anything but {@code imap[s]://user@host[:port][/FOLDER]}, naming what is wrong. */
  public static void checkMailbox(URI mailbox) {
    String scheme = mailbox.getScheme();
    if (!"imap".equals(scheme) && !"imaps".equals(scheme)) {
      throw new IllegalArgumentException("mailbox must be imap://user@host[:port]/FOLDER or imaps://…, not " + mailbox);
    }
    if (mailbox.getHost() == null || mailbox.getUserInfo() == null) {
      throw new IllegalArgumentException("mailbox " + mailbox + " needs a user and a host (imap://user@host/INBOX)");
    }
  }

  /** One poll: everything unseen now. */
  public ImportSummary pollOnce() throws MessagingException, IOException, SQLException {
    String scheme = mailbox.getScheme();
    Properties p = new Properties();
    p.put("mail." + scheme + ".connectiontimeout", String.valueOf(connectTimeoutMillis));
    p.put("mail." + scheme + ".timeout", String.valueOf(connectTimeoutMillis));
    Session session = Session.getInstance(p);
    Store store = session.getStore(scheme);
    int port = mailbox.getPort();
    store.connect(mailbox.getHost(), port, decode(mailbox.getUserInfo()), password);
    try {
      String folderName = mailbox.getPath() == null || mailbox.getPath().length() <= 1 ? "INBOX" : mailbox.getPath().substring(1);
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_WRITE);
      try {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        List<RawNotice> raws = new ArrayList<>(unseen.length);
        for (Message m : unseen) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          m.writeTo(out);
          long uid = folder instanceof UIDFolder u ? u.getUID(m) : m.getMessageNumber();
          raws.add(new RawNotice(scheme + "://" + mailbox.getHost() + "/" + folderName + ";UID=" + uid, out.toByteArray()));
        }
        ImportSummary s = importer.run(raws);
        // stored: now the mailbox may forget them
        if (unseen.length > 0) {
          folder.setFlags(unseen, new Flags(Flags.Flag.SEEN), true);
          if (moveTo != null) {
            Folder target = store.getFolder(moveTo);
            if (!target.exists()) target.create(Folder.HOLDS_MESSAGES);
            folder.copyMessages(unseen, target);
            folder.setFlags(unseen, new Flags(Flags.Flag.DELETED), true);
          }
        }
        return s;
      } finally {
        folder.close(moveTo != null);
      }
    } finally {
      store.close();
    }
  }

  private static String decode(String userInfo) {
    return java.net.URLDecoder.decode(userInfo, java.nio.charset.StandardCharsets.UTF_8);
  }
}
