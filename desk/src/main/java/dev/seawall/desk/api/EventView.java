package dev.seawall.desk.api;

import java.time.Instant;
import java.util.List;

/** An infringement event as the API shows it, with who held the address then. */
public record EventView(
    long id, long noticeId, int seq, String sender, String rightsHolder, List<String> titles, String location, String ip,
    Integer port, Instant timestamp, Instant firstSeen, Instant lastSeen, String protocol, String infohash,
    String fileHashType, String fileHash, String fileName, Long fileSize, List<String> urls, String domain, String caseId,
    List<String> flags, MatchView match) {}
