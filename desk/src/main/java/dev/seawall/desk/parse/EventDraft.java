package dev.seawall.desk.parse;

import dev.seawall.desk.event.FileHash;
import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.net.IpAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An event under construction; parsers fill what they find, the reader merges and finishes. */
final class EventDraft {
  String sender;
  String rightsHolder;
  final List<String> titles = new ArrayList<>();
  LocationType locationType;
  String ipText;
  Integer port;
  Instant timestamp;
  Instant firstSeen;
  Instant lastSeen;
  String protocol;
  String infohash;
  FileHash fileHash;
  String fileName;
  Long fileSize;
  final List<String> urls = new ArrayList<>();
  String domain;
  String caseId;
  final Set<Flag> flags = EnumSet.noneOf(Flag.class);
  /** Every time this observation's source mentions (for the text/XML cross-check). */
  final List<Instant> mentionedTimes = new ArrayList<>();
  /** True when read from XML/JSON, false when read from prose or key/value text. */
  boolean structured;

  Optional<IpAddress> ip() {
    return ipText == null ? Optional.empty() : IpAddress.parse(ipText);
  }

  void time(Instant t) {
    if (t == null) return;
    mentionedTimes.add(t);
    if (firstSeen == null || t.isBefore(firstSeen)) firstSeen = t;
    if (lastSeen == null || t.isAfter(lastSeen)) lastSeen = t;
  }

  void title(String t) {
    if (t == null) return;
    String s = t.strip().replaceAll("\\s+", " ");
    if (!s.isEmpty() && !titles.contains(s)) titles.add(s);
  }

  void url(String u) {
    if (u == null) return;
    String s = u.strip();
    if (!s.isEmpty() && !urls.contains(s)) urls.add(s);
  }

  /** Fills what this draft lacks from another reading of the same observation. */
  void fillFrom(EventDraft o) {
    if (sender == null) sender = o.sender;
    if (rightsHolder == null) rightsHolder = o.rightsHolder;
    for (String t : o.titles) title(t);
    if (ipText == null) ipText = o.ipText;
    if (port == null) port = o.port;
    if (timestamp == null) timestamp = o.timestamp;
    if (o.firstSeen != null && (firstSeen == null || o.firstSeen.isBefore(firstSeen))) firstSeen = o.firstSeen;
    if (o.lastSeen != null && (lastSeen == null || o.lastSeen.isAfter(lastSeen))) lastSeen = o.lastSeen;
    if (protocol == null) protocol = o.protocol;
    if (infohash == null) infohash = o.infohash;
    if (fileHash == null && infohash == null) fileHash = o.fileHash;
    if (fileName == null) fileName = o.fileName;
    if (fileSize == null) fileSize = o.fileSize;
    for (String u : o.urls) url(u);
    if (domain == null) domain = o.domain;
    if (caseId == null) caseId = o.caseId;
    if (locationType == null) locationType = o.locationType;
  }

  InfringementEvent finish() {
    Optional<IpAddress> ip = ip();
    LocationType type = locationType;
    if (type == null) {
      if (ipText != null) type = LocationType.P2P_ENDPOINT;
      else if (!urls.isEmpty()) type = LocationType.URL;
      else if (domain != null) type = LocationType.DOMAIN;
      else type = LocationType.P2P_ENDPOINT;
    }
    Instant first = firstSeen, last = lastSeen;
    if (timestamp != null) {
      if (first == null || first.isAfter(timestamp)) first = timestamp;
      if (last == null || last.isBefore(timestamp)) last = timestamp;
    } else {
      first = null;
      last = null;
    }
    return new InfringementEvent(sender, rightsHolder, titles, type, ipText, ip, port, timestamp, first, last,
        protocol, infohash, fileHash, fileName, fileSize, urls, domain, caseId, flags);
  }
}
