package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Bytes;

/**
 * A .torrent metainfo file fetched over plain HTTP (BEP 3): the response body is a bencoded
 * dictionary whose first key is one a metainfo file starts with, and which holds an {@code info}
 * dictionary or is served as {@code application/x-bittorrent}.
 */
final class TorrentFileDetector implements Detector {
  static final String EVIDENCE = "a .torrent metainfo file served over HTTP";

  private static final byte[][] FIRST_KEYS = {
    Bytes.ascii("d8:announce"), Bytes.ascii("d13:announce-list"), Bytes.ascii("d7:comment"),
    Bytes.ascii("d10:created by"), Bytes.ascii("d13:creation date"), Bytes.ascii("d8:encoding"),
    Bytes.ascii("d4:infod"), Bytes.ascii("d5:nodes"), Bytes.ascii("d8:url-list")
  };
  private static final byte[] INFO_DICT = Bytes.ascii("4:infod");
  private static final byte[] CONTENT_TYPE = Bytes.ascii("content-type:");
  private static final byte[] BITTORRENT_TYPE = Bytes.ascii("application/x-bittorrent");

  TorrentFileDetector(int capacity) {}

  @Override
  public String name() {
    return "torrent-file";
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
    return direction == 0 ? Http.mayOpenRequest(firstByte) : Http.mayOpenResponse(firstByte);
  }

  /** The bytes present so far agree with the start of {@code key}. */
  private static boolean prefixOf(byte[] b, int from, int to, byte[] key) {
    int n = Math.min(to - from, key.length);
    for (int i = 0; i < n; i++) if (b[from + i] != key[i]) return false;
    return true;
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
    boolean windowFull = ctx.streamOffset() + len > ctx.prefixLength();
    if (ctx.direction() == 0) { // the request: only HTTP can fetch a file here
      if (Http.requestTarget(b, from, to) < 0 && (to - from >= 5 || !Http.couldBeRequest(b, from, to))) ctx.reject();
      return;
    }
    if (Http.status(b, from, to) < 0) {
      if (to - from >= 12 || !Http.couldBeResponse(b, from, to)) ctx.reject();
      return;
    }
    int body = Http.bodyStart(b, from, to);
    if (body < 0) {
      if (windowFull) ctx.reject();
      return;
    }
    boolean metainfoStart = false, couldStart = false;
    for (byte[] key : FIRST_KEYS) {
      if (Bytes.startsWith(b, body, to, key)) {
        metainfoStart = true;
        break;
      }
      couldStart |= prefixOf(b, body, to, key);
    }
    if (!metainfoStart) {
      if (!couldStart || windowFull) ctx.reject(); // a body that cannot become a metainfo file
      return;
    }
    int type = Http.headerValue(b, from, body, CONTENT_TYPE);
    boolean servedAsTorrent = type >= 0 && Bytes.startsWith(b, type, body, BITTORRENT_TYPE);
    if (servedAsTorrent || Bytes.indexOf(b, body, to, INFO_DICT) >= 0) {
      ctx.match(Kind.TORRENT_FILE, Confidence.SIGNATURE, EVIDENCE);
    } else if (windowFull) {
      ctx.reject();
    }
  }
}
