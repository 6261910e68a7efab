package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.packet.Packet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LearnedPeersTest {
  private static final long S = 1_000_000_000L;

  private static long v4(int i) {
    return Packet.V4_MAPPED_PREFIX | (0xC6336400L + i); // 198.51.100.0 + i
  }

  @Test
  void learnedEndpointsCountUntilTheirTtl() {
    LearnedPeers p = new LearnedPeers(64, Duration.ofSeconds(100), Duration.ofSeconds(10));
    p.learn(0, v4(1), 6881, 0);
    assertThat(p.known(0, v4(1), 6881, 50 * S)).isTrue();
    assertThat(p.known(0, v4(1), 6882, 50 * S)).as("another port").isFalse();
    assertThat(p.known(0, v4(2), 6881, 50 * S)).as("another address").isFalse();
    assertThat(p.known(0, v4(1), 6881, 101 * S)).as("expired").isFalse();
    p.learn(0, v4(1), 6881, 90 * S); // seen again: refreshed
    assertThat(p.known(0, v4(1), 6881, 150 * S)).isTrue();
  }

  @Test
  void privilegedPortsAreNeverLearned() {
    LearnedPeers p = LearnedPeers.withDefaults();
    p.learn(0, v4(53), 53, 0);
    p.learn(0, v4(44), 443, 0);
    assertThat(p.known(0, v4(53), 53, 1)).isFalse();
    assertThat(p.known(0, v4(44), 443, 1)).isFalse();
  }

  @Test
  void subscriberEvidenceIsSeparateAndExpiresSooner() {
    LearnedPeers p = new LearnedPeers(64, Duration.ofSeconds(100), Duration.ofSeconds(10));
    p.noteSubscriber(0, v4(7), 0);
    assertThat(p.subscriberActive(0, v4(7), 5 * S)).isTrue();
    assertThat(p.subscriberActive(0, v4(8), 5 * S)).isFalse();
    assertThat(p.known(0, v4(7), 65535, 5 * S)).as("a subscriber is not a peer endpoint").isFalse();
    assertThat(p.subscriberActive(0, v4(7), 11 * S)).isFalse();
  }

  @Test
  void aFullSetReplacesTheEntryClosestToExpiryNeverAFresherOne() {
    LearnedPeers p = new LearnedPeers(1, Duration.ofSeconds(100), Duration.ofSeconds(10)); // one set of 8 ways
    for (int i = 0; i < LearnedPeers.WAYS; i++) p.learn(0, v4(i), 6881, i * S);
    p.learn(0, v4(100), 6881, 20 * S);
    assertThat(p.known(0, v4(0), 6881, 21 * S)).as("the oldest entry made room").isFalse();
    for (int i = 1; i < LearnedPeers.WAYS; i++) assertThat(p.known(0, v4(i), 6881, 21 * S)).isTrue();
    assertThat(p.known(0, v4(100), 6881, 21 * S)).isTrue();
    assertThat(p.replacedBeforeExpiryCount()).isEqualTo(1);
  }

  @Test
  void clearForgetsEverything() {
    LearnedPeers p = LearnedPeers.withDefaults();
    for (int i = 0; i < 1000; i++) p.learn(0, v4(i), 20000 + i, 0);
    p.clear();
    for (int i = 0; i < 1000; i++) assertThat(p.known(0, v4(i), 20000 + i, 1)).isFalse();
  }

  @Test
  void aTableFilledManyTimesOverAnswersForExactlyWhatItHolds() {
    // 64 sets x 8 ways, 20,000 endpoints learned in turn: each set turns over its ways hundreds of
    // times, so the per-set summary must follow every replacement.
    LearnedPeers p = new LearnedPeers(64, Duration.ofSeconds(1_000_000), Duration.ofSeconds(10));
    int n = 20_000;
    for (int i = 0; i < n; i++) p.learn(0, v4(i % 250), 1024 + i, i * S);
    int held = 0;
    for (int i = 0; i < n; i++) if (p.known(0, v4(i % 250), 1024 + i, n * S)) held++;
    assertThat(held).as("entries still held").isEqualTo(p.capacity());
    for (int i = n - p.capacity() / 4; i < n; i++) {
      assertThat(p.known(0, v4(i % 250), 1024 + i, n * S)).as("one of the latest, %d", i).isTrue();
    }
    for (int i = 0; i < n; i++) assertThat(p.known(0, v4(i % 250), 1024 + n + i, n * S)).isFalse();
  }
}
