package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.DetectorSet;
import java.util.List;

/** Every BitTorrent detector, in the order they are consulted. */
public final class BitTorrentDetectors {
  private BitTorrentDetectors() {}

  public static DetectorSet all() {
    return new DetectorSet(List.of(
        HandshakeDetector::new,
        MidStreamDetector::new,
        MseDetector::new,
        HttpTrackerDetector::new,
        TorrentFileDetector::new,
        WebTorrentDetector::new,
        DhtDetector::new,
        UdpTrackerDetector::new,
        UtpDetector::new,
        LsdDetector::new));
  }
}
