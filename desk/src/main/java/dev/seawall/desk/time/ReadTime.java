package dev.seawall.desk.time;

import java.time.Instant;

/** A time read from a notice; {@code zoneAssumed} when the text had no zone and UTC was taken. */
public record ReadTime(Instant instant, boolean zoneAssumed) {}
