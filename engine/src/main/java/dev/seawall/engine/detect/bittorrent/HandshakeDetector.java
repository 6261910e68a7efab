package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;

/**
 * The plaintext peer-wire handshake on TCP (BEP 3): {@code 0x13 "BitTorrent protocol"}, eight
 * reserved bytes (BEP 10 extensions, BEP 52 v2 upgrade), info-hash, peer id. A handshake split
 * over segments is read from the direction's in-order window. Either direction may show it first
 * (with asymmetric routing only the responder's may be seen).
 */
final class HandshakeDetector implements Detector {

  HandshakeDetector(int capacity) {}

  @Override
  public String name() {
    return "handshake";
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
    return firstByte == PeerWire.PROTOCOL[0]; // BEP 3: the handshake opens a connection, either side
  }

  @Override
  public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
    byte[] b;
    int start, n;
    if (ctx.prefix() != null) {
      b = ctx.prefix();
      start = ctx.prefixOffset();
      n = ctx.prefixLength();
    } else if (ctx.streamOffset() == 0) {
      b = buf;
      start = off;
      n = len;
    } else {
      ctx.reject(); // the start of the stream went by without a window to keep it
      return;
    }
    int present = PeerWire.handshake(b, start, n);
    if (present == PeerWire.NOT_HANDSHAKE) { // BEP 3: a connection's first bytes are the handshake
      ctx.reject();
      return;
    }
    if (present == PeerWire.NEED_MORE) return;
    PeerWire.reportHandshake(ctx, b, start, present);
    ctx.match(Kind.PEER_WIRE, Confidence.SIGNATURE, PeerWire.handshakeEvidence(b, start, present));
  }

}
