package dev.seawall.desk.event;

import dev.seawall.desk.net.IpAddress;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One observed infringement, as the sender reported it, normalised: times in UTC, address parsed
 * (the sender's text kept in {@code ipText} even when invalid), info-hash validated.
 *
 * @param sender      the agent that saw it (complainant e-mail or name), or the mail's sender
 * @param rightsHolder the owner the agent acts for, when the notice names one
 * @param titles      work titles, first one first
 * @param ipText      the address exactly as written; {@code ip} is empty when it is not an address
 * @param timestamp   the sender's primary infringement time (ACNS Source/TimeStamp or equivalent)
 * @param firstSeen   earliest time reported for this observation (≤ timestamp)
 * @param lastSeen    latest time reported (≥ timestamp)
 * @param infohash    40 lower-case hex digits, only for a valid BitTorrent info-hash
 * @param fileHash    any other hash, with its declared type
 */
public record InfringementEvent(
    String sender,
    String rightsHolder,
    List<String> titles,
    LocationType locationType,
    String ipText,
    Optional<IpAddress> ip,
    Integer port,
    Instant timestamp,
    Instant firstSeen,
    Instant lastSeen,
    String protocol,
    String infohash,
    FileHash fileHash,
    String fileName,
    Long fileSize,
    List<String> urls,
    String domain,
    String caseId,
    Set<Flag> flags) {

  public InfringementEvent {
    titles = List.copyOf(titles);
    urls = List.copyOf(urls);
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    ip = ip == null ? Optional.empty() : ip;
  }

  public String title() {
    return titles.isEmpty() ? null : titles.getFirst();
  }

  /** The flags in declaration order, for stable output. */
  public List<Flag> sortedFlags() {
    return flags.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(flags));
  }
}
