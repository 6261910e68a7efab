package dev.seawall.desk.report;

import java.sql.SQLException;
import java.time.Instant;

/** Builds transparency reports; {@link ReportFormats} renders them as JSON, CSV and printable HTML. */
public interface ReportService {

  /** The report for [from, until). */
  TransparencyReport build(Instant from, Instant until) throws SQLException;
}
