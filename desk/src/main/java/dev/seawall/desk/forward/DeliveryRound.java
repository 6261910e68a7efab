package dev.seawall.desk.forward;

import java.util.List;

/** What one pass over the outbox did. */
public record DeliveryRound(int sent, int retried, int failed, List<String> problems) {
  public DeliveryRound {
    problems = List.copyOf(problems);
  }
}
