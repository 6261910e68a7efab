package dev.seawall.desk.event;

import java.util.Objects;

/** A content hash that is not a BitTorrent info-hash, with the type the sender declared. */
public record FileHash(String type, String value) {
  public FileHash {
    Objects.requireNonNull(value, "value");
    type = type == null || type.isBlank() ? "unknown" : type.strip();
    value = value.strip();
  }
}
