package dev.seawall.engine;

import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.detect.PeerMemory;
import java.time.Duration;

/**
 * How an inspector is sized and what it runs. Memory is bounded by {@code maxFlows}: per-flow
 * arrays start small and double as more flows are held at once, up to that cap, so memory follows
 * the flows alive together (window buffers likewise, up to {@code windowPool}).
 *
 * @param maxFlows flows tracked at once per worker; the least recently active is evicted beyond
 * @param tcpIdle idle timeout of an open TCP flow
 * @param tcpClosedIdle idle timeout once FIN went both ways or RST was seen
 * @param udpIdle idle timeout of a UDP flow
 * @param windowBytes first bytes of each TCP direction kept in order for detectors
 * @param windowPool window buffers per worker (flows beyond get in-order inspection only)
 * @param maxPayloadPackets payload packets after which an undecided flow is judged clean
 * @param collectInfohashes keep info-hashes per flow (analysis only; enforcement leaves it off)
 * @param serverNames find each TCP flow's server name (TLS SNI, HTTP Host) in the initiator's
 *     first bytes, for a caller that applies a name policy (see {@link PacketInspector#lastServerName})
 */
public record EngineConfig(
    int maxFlows,
    Duration tcpIdle,
    Duration tcpClosedIdle,
    Duration udpIdle,
    int windowBytes,
    int windowPool,
    int maxPayloadPackets,
    boolean collectInfohashes,
    DetectorSet detectors,
    PeerMemory peers,
    boolean serverNames) {

  public EngineConfig {
    if (maxFlows < 16) throw new IllegalArgumentException("maxFlows must be at least 16, got " + maxFlows);
    if (windowBytes < 128) throw new IllegalArgumentException("windowBytes must be at least 128, got " + windowBytes);
    if (maxPayloadPackets < 1) throw new IllegalArgumentException("maxPayloadPackets must be positive");
  }

  public static EngineConfig defaults(DetectorSet detectors) {
    return new EngineConfig(262_144, Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(60),
        2048, 16_384, 24, false, detectors, PeerMemory.NONE, false);
  }

  public EngineConfig withMaxFlows(int n) {
    return new EngineConfig(n, tcpIdle, tcpClosedIdle, udpIdle, windowBytes, Math.min(windowPool, Math.max(16, n)),
        maxPayloadPackets, collectInfohashes, detectors, peers, serverNames);
  }

  public EngineConfig withInfohashes(boolean on) {
    return new EngineConfig(maxFlows, tcpIdle, tcpClosedIdle, udpIdle, windowBytes, windowPool, maxPayloadPackets,
        on, detectors, peers, serverNames);
  }

  public EngineConfig withPeers(PeerMemory p) {
    return new EngineConfig(maxFlows, tcpIdle, tcpClosedIdle, udpIdle, windowBytes, windowPool, maxPayloadPackets,
        collectInfohashes, detectors, p, serverNames);
  }

  public EngineConfig withTimeouts(Duration tcp, Duration tcpClosed, Duration udp) {
    return new EngineConfig(maxFlows, tcp, tcpClosed, udp, windowBytes, windowPool, maxPayloadPackets,
        collectInfohashes, detectors, peers, serverNames);
  }

  public EngineConfig withServerNames(boolean on) {
    return new EngineConfig(maxFlows, tcpIdle, tcpClosedIdle, udpIdle, windowBytes, windowPool, maxPayloadPackets,
        collectInfohashes, detectors, peers, on);
  }
}
