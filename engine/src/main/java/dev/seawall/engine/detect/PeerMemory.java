package dev.seawall.engine.detect;

/**
 * Endpoints known to be BitTorrent peers. Shared by every worker of an engine, so implementations
 * are thread-safe; they live in memory only.
 */
public interface PeerMemory {
  /** Remembers {@code address:port} as a peer as of {@code nowNanos}. */
  void learn(long hi, long lo, int port, long nowNanos);

  /** Whether {@code address:port} is a peer learned recently enough to count at {@code nowNanos}. */
  boolean known(long hi, long lo, int port, long nowNanos);

  /** Remembers nothing. */
  PeerMemory NONE = new PeerMemory() {
    @Override
    public void learn(long hi, long lo, int port, long nowNanos) {}

    @Override
    public boolean known(long hi, long lo, int port, long nowNanos) {
      return false;
    }
  };
}
