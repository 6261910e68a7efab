package dev.seawall.desk.cases;

import java.time.Instant;

/** An event of a case's notice with the match the desk made when it processed the notice. */
public record CaseEvent(
    long eventId, String ip, Integer port, Instant timestamp, String protocol, String infohash, String title,
    String verdict, String customer, String service, String reason) {}
