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

  /**
   * Notes that this address (a subscriber: the inside address on a VPN exit) just used
   * BitTorrent with signature-level evidence. For a bounded time, weaker evidence on that
   * subscriber's other flows counts for more; never for anyone else's.
   */
  default void noteSubscriber(long hi, long lo, long nowNanos) {}

  /** Whether {@link #noteSubscriber} was called for this address recently enough. */
  default boolean subscriberActive(long hi, long lo, long nowNanos) {
    return false;
  }

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
