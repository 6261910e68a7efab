package dev.seawall.desk.event;

import java.util.Locale;

/** One spelling per protocol, whatever the sender wrote ("P2P"+BITTORRENT, "Torrent", "bittorrent"). */
public final class Protocols {
  private Protocols() {}

  public static final String BITTORRENT = "BitTorrent";
  public static final String EDONKEY = "eDonkey";
  public static final String HTTP = "HTTP";
  public static final String FTP = "FTP";

  /** The canonical name, or null for blank input. Unknown protocols keep the sender's spelling. */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) return null;
    String s = raw.strip();
    String l = s.toLowerCase(Locale.ROOT);
    if (l.contains("torrent") || l.equals("bt") || l.contains("btih") || l.equals("dht")) return BITTORRENT;
    if (l.contains("edonkey") || l.contains("ed2k") || l.contains("emule") || l.equals("kad")) return EDONKEY;
    if (l.contains("gnutella")) return "Gnutella";
    if (l.equals("ares")) return "Ares";
    if (l.contains("directconnect") || l.contains("direct connect") || l.equals("dc++")) return "DirectConnect";
    if (l.equals("ftp") || l.equals("ftps") || l.equals("sftp")) return FTP;
    if (l.equals("http") || l.equals("https") || l.equals("web") || l.equals("www") || l.startsWith("web ")
        || l.equals("cyberlocker") || l.equals("link-site") || l.equals("ugc-platform") || l.equals("streaming")) {
      return HTTP;
    }
    if (l.equals("usenet") || l.equals("nntp")) return "Usenet";
    if (l.equals("p2p")) return "P2P";
    return s;
  }

  /** True when the protocol is served by a server the sender connected to, not by a peer. */
  public static boolean isServer(String protocol) {
    return HTTP.equals(protocol) || FTP.equals(protocol) || "Usenet".equals(protocol);
  }
}
