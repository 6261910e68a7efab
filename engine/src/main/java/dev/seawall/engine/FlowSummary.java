package dev.seawall.engine;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.flow.FlowTable;
import dev.seawall.engine.packet.Addresses;

/**
 * A flow as it ends: endpoints (initiator first), counters and verdict. Filled by an inspector
 * and handed to a {@link FlowSink}; reused for the next flow, so sinks copy what they keep.
 */
public final class FlowSummary {
  int protocol;
  long initiatorHi, initiatorLo, responderHi, responderLo;
  int initiatorPort, responderPort;
  long firstSeenNanos, lastSeenNanos;
  long packetsFromInitiator, packetsFromResponder;
  long bytesFromInitiator, bytesFromResponder;
  int state;
  Kind kind;
  Confidence confidence;
  int decidedAtPacket;
  int decidedAtPayloadPacket;
  String evidence;
  int infohashCount;
  String clientId;
  final byte[] infohashes = new byte[dev.seawall.engine.detect.Classifier.MAX_INFOHASHES * 20];
  FlowTable.EndReason endReason;

  public int protocol() {
    return protocol;
  }

  public String transport() {
    return protocol == 6 ? "tcp" : protocol == 17 ? "udp" : Integer.toString(protocol);
  }

  public String initiatorAddress() {
    return Addresses.format(initiatorHi, initiatorLo);
  }

  public String responderAddress() {
    return Addresses.format(responderHi, responderLo);
  }

  public long initiatorHi() {
    return initiatorHi;
  }

  public long initiatorLo() {
    return initiatorLo;
  }

  public long responderHi() {
    return responderHi;
  }

  public long responderLo() {
    return responderLo;
  }

  public int initiatorPort() {
    return initiatorPort;
  }

  public int responderPort() {
    return responderPort;
  }

  public long firstSeenNanos() {
    return firstSeenNanos;
  }

  public long lastSeenNanos() {
    return lastSeenNanos;
  }

  public long packets() {
    return packetsFromInitiator + packetsFromResponder;
  }

  public long bytes() {
    return bytesFromInitiator + bytesFromResponder;
  }

  public long packetsFromInitiator() {
    return packetsFromInitiator;
  }

  public long packetsFromResponder() {
    return packetsFromResponder;
  }

  public long bytesFromInitiator() {
    return bytesFromInitiator;
  }

  public long bytesFromResponder() {
    return bytesFromResponder;
  }

  public boolean bittorrent() {
    return state == dev.seawall.engine.detect.Classifier.BITTORRENT;
  }

  /** The verdict's kind, or null when not BitTorrent. */
  public Kind kind() {
    return kind;
  }

  public Confidence confidence() {
    return confidence;
  }

  /** Packet number within the flow at which the verdict was reached; 0 if never decided. */
  public int decidedAtPacket() {
    return decidedAtPacket;
  }

  /** Payload-carrying packets seen when the verdict was reached (0: before any payload). */
  public int decidedAtPayloadPacket() {
    return decidedAtPayloadPacket;
  }

  public String evidence() {
    return evidence;
  }

  /** Distinct info-hashes seen; only the first {@code Classifier.MAX_INFOHASHES} are kept. */
  public int infohashCount() {
    return infohashCount;
  }

  /** Info-hash {@code i} as 40 lower-case hex digits. */
  public String infohashHex(int i) {
    if (i < 0 || i >= Math.min(infohashCount, dev.seawall.engine.detect.Classifier.MAX_INFOHASHES)) {
      throw new IndexOutOfBoundsException(i);
    }
    return java.util.HexFormat.of().formatHex(infohashes, i * 20, i * 20 + 20);
  }

  public int storedInfohashes() {
    return Math.min(infohashCount, dev.seawall.engine.detect.Classifier.MAX_INFOHASHES);
  }

  /** Client identification (peer-id prefix or version string), when one was seen; else null. */
  public String clientId() {
    return clientId;
  }

  public FlowTable.EndReason endReason() {
    return endReason;
  }
}
