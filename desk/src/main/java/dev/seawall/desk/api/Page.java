package dev.seawall.desk.api;

import java.util.List;

/**
 * One page of a list, newest first. {@code next} is the cursor for the following (older) page
 * (pass it as {@code before}), null on the last page.
 */
public record Page<T>(List<T> items, Long next) {
  public Page {
    items = List.copyOf(items);
  }
}
