package dev.seawall.desk.api;

import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The desk's JSON settings: instants as ISO-8601 strings (Jackson 3 writes numbers by default). */
public final class Json {
  private Json() {}

  public static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .build();
}
