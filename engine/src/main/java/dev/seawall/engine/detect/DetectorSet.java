package dev.seawall.engine.detect;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The detectors an engine runs, as factories: each worker creates its own instances, sized for
 * its flow capacity, so detector state is never shared between threads.
 */
public record DetectorSet(List<IntFunction<Detector>> factories) {
  public DetectorSet {
    factories = List.copyOf(factories);
    if (factories.size() > 31) throw new IllegalArgumentException("at most 31 detectors");
  }

  public static DetectorSet empty() {
    return new DetectorSet(List.of());
  }

  Detector[] create(int capacity) {
    Detector[] out = new Detector[factories.size()];
    for (int i = 0; i < out.length; i++) out[i] = factories.get(i).apply(capacity);
    return out;
  }
}
