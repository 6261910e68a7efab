package dev.seawall.desk.store;

import dev.seawall.desk.event.InfringementEvent;
import java.time.Instant;

/** A stored event with what it needs for listing and matching: its notice's source and date. */
public record EventRow(long id, long noticeId, int seq, String source, Instant noticeDate, String noticeFlags,
    InfringementEvent event) {}
