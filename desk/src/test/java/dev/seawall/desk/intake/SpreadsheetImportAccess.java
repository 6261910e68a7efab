package dev.seawall.desk.intake;

import dev.seawall.desk.event.InfringementEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test access to the spreadsheet importer's row reading (to simulate an interrupted run). */
public final class SpreadsheetImportAccess {
  private SpreadsheetImportAccess() {}

  public static String identity(byte[] bytes) {
    return SpreadsheetImport.sha256(bytes);
  }

  public static List<InfringementEvent> firstEvents(Path csv, int n) throws Exception {
    List<String> header = new ArrayList<>();
    Csv c = Csv.open(Files.newBufferedReader(csv), header);
    SpreadsheetImport.Column[] cols = SpreadsheetImport.columns(header);
    List<InfringementEvent> out = new ArrayList<>();
    for (List<String> r; out.size() < n && (r = c.next()) != null; ) out.add(SpreadsheetImport.event(r, cols, null));
    return out;
  }
}
