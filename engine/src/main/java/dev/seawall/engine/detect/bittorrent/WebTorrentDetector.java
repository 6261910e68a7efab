package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.name.TlsClientHello;
import dev.seawall.engine.packet.Bytes;
import java.util.Arrays;

/**
 * WebTorrent tracker signalling: a WebSocket whose first client message is the JSON announce
 * ({@code "action":"announce"} with an {@code info_hash}), or TLS to a well-known WebTorrent
 * tracker's name. The peer data itself flows over WebRTC (DTLS/SCTP) and is not recognisable.
 */
final class WebTorrentDetector implements Detector {
  static final String ANNOUNCE = "WebTorrent tracker announce over WebSocket (JSON action announce, info_hash)";
  static final String SNI = "TLS server name of a WebTorrent tracker";

  private static final byte[] UPGRADE = Bytes.ascii("upgrade:");
  private static final byte[] WEBSOCKET = Bytes.ascii("websocket");
  private static final byte[] ACTION_ANNOUNCE = Bytes.ascii("\"action\":\"announce\"");
  private static final byte[] INFO_HASH = Bytes.ascii("\"info_hash\"");
  /** Public WebTorrent trackers; a name or any subdomain of it matches. */
  private static final byte[][] TRACKERS = {
    Bytes.ascii("tracker.webtorrent.dev"), Bytes.ascii("tracker.webtorrent.io"),
    Bytes.ascii("tracker.openwebtorrent.com"), Bytes.ascii("tracker.btorrent.xyz"),
    Bytes.ascii("tracker.files.fm"), Bytes.ascii("tracker.fastcast.nz")
  };

  private static final byte[] GET = Bytes.ascii("GET ");

  private static final byte OPENING = 0, AWAITING_RESPONSE = 1;

  private final byte[] unmasked = new byte[512];
  private byte[] state; // per flow

  WebTorrentDetector(int capacity) {
    state = new byte[capacity];
  }

  @Override
  public void growTo(int flows) {
    state = Arrays.copyOf(state, flows);
  }

  @Override
  public String name() {
    return "webtorrent";
  }

  @Override
  public boolean tcp() {
    return true;
  }

  @Override
  public boolean udp() {
    return false;
  }

  @Override
  public boolean mayOpenWith(int direction, int firstByte) {
    // TLS and WebSocket are client-first: a ClientHello (a handshake record) or a GET.
    return direction == 0 && (firstByte == 0x16 || firstByte == 'G');
  }

  @Override
  public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
    byte[] b = ctx.prefix();
    if (b == null) {
      ctx.reject();
      return;
    }
    int from = ctx.prefixOffset();
    int to = from + ctx.prefixLength();
    int f = ctx.flow();
    if (ctx.newFlow()) state[f] = OPENING;
    if (ctx.direction() != 0) {
      // Most HTTP requests are answered with anything but 101: ruling them out here spares
      // reading their headers.
      if (state[f] == AWAITING_RESPONSE) {
        int status = Http.status(b, from, to);
        if (status >= 0 ? status != 101 : to - from >= 12 || !Http.couldBeResponse(b, from, to)) ctx.reject();
      }
      return;
    }
    boolean windowFull = ctx.streamOffset() + len > ctx.prefixLength();
    if (to - from >= 1 && (b[from] & 0xff) == 0x16) {
      tls(ctx, b, from, to, windowFull);
      return;
    }
    if (state[f] == OPENING) {
      if (Http.requestTarget(b, from, to) < 0) {
        if (to - from >= 5 || !Http.couldBeRequest(b, from, to)) ctx.reject();
        return;
      }
      if (!Bytes.startsWith(b, from, to, GET)) { // only GET opens a WebSocket (RFC 6455, 4.1)
        ctx.reject();
        return;
      }
      // A request that ends where the bytes end is complete and alone: the client must wait for
      // the server's 101 before its first frame, so its headers are read only after a 101.
      if (Http.endsHeaders(b, from, to)) {
        state[f] = AWAITING_RESPONSE;
        return;
      }
    }
    int body = Http.bodyStart(b, from, to);
    if (body < 0) {
      if (windowFull) ctx.reject();
      return;
    }
    int upgrade = Http.headerValue(b, from, body, UPGRADE);
    if (upgrade < 0 || !equalsIgnoreCase(b, upgrade, body, WEBSOCKET)) {
      ctx.reject();
      return;
    }
    if (body >= to) return; // the first frame comes after the server's 101
    int text = unmask(b, body, to);
    if (text < 0) {
      if (windowFull) ctx.reject();
      return;
    }
    if (Bytes.indexOf(unmasked, 0, text, ACTION_ANNOUNCE) >= 0 && Bytes.indexOf(unmasked, 0, text, INFO_HASH) >= 0) {
      ctx.match(Kind.WEBTORRENT, Confidence.SIGNATURE, ANNOUNCE);
    } else {
      ctx.reject();
    }
  }

  /** Unmasks the first client frame's payload (up to 512 bytes); returns its length, -1 if incomplete. */
  private int unmask(byte[] b, int at, int to) {
    if (to - at < 6) return -1;
    int opcode = b[at] & 0x0f;
    if (opcode != 1 && opcode != 2) return 0;
    if ((b[at + 1] & 0x80) == 0) return 0; // client frames are always masked
    long length = b[at + 1] & 0x7f;
    int p = at + 2;
    if (length == 126) {
      if (to - p < 2) return -1;
      length = Bytes.u16(b, p);
      p += 2;
    } else if (length == 127) {
      if (to - p < 8) return -1;
      length = Bytes.i64(b, p);
      p += 8;
    }
    if (to - p < 4) return -1;
    int mask = p;
    p += 4;
    int n = (int) Math.min(Math.min(length, unmasked.length), to - p);
    if (n < Math.min(length, 64)) return -1;
    for (int i = 0; i < n; i++) unmasked[i] = (byte) (b[p + i] ^ b[mask + (i & 3)]);
    return n;
  }

  private void tls(FlowContext ctx, byte[] b, int from, int to, boolean windowFull) {
    int name = TlsClientHello.serverName(b, from, to);
    if (name == TlsClientHello.INCOMPLETE) {
      if (windowFull) ctx.reject();
      return;
    }
    if (name < 0) {
      ctx.reject();
      return;
    }
    int nameLength = TlsClientHello.serverNameLength(b, name);
    for (byte[] tracker : TRACKERS) {
      if (nameMatches(b, name + 2, nameLength, tracker)) {
        ctx.match(Kind.WEBTORRENT, Confidence.CORRELATED, SNI);
        return;
      }
    }
    ctx.reject();
  }

  /** {@code name} equals {@code domain} or ends with "." + domain, ignoring ASCII case. */
  static boolean nameMatches(byte[] b, int name, int length, byte[] domain) {
    if (length < domain.length) return false;
    int start = name + length - domain.length;
    if (length > domain.length && b[start - 1] != '.') return false;
    return equalsIgnoreCase(b, start, start + domain.length, domain);
  }

  private static boolean equalsIgnoreCase(byte[] b, int from, int to, byte[] lower) {
    if (to - from < lower.length) return false;
    for (int i = 0; i < lower.length; i++) {
      int c = b[from + i];
      if (c >= 'A' && c <= 'Z') c += 32;
      if (c != lower[i]) return false;
    }
    return true;
  }
}
