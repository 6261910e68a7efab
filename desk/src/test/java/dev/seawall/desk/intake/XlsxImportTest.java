package dev.seawall.desk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An .xlsx hit list as Excel writes it: shared strings, inline strings, numbers, date serials. */
class XlsxImportTest {
  @TempDir Path tmp;

  static Path workbook(Path file) throws Exception {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
      put(zip, "xl/workbook.xml", "<workbook><sheets><sheet name=\"Hits\" sheetId=\"1\"/></sheets></workbook>");
      put(zip, "xl/sharedStrings.xml", "<sst><si><t>IP Address</t></si><si><t>Port</t></si><si><t>Hit Date</t></si>"
          + "<si><t>Title</t></si><si><r><t>Film </t></r><r><t>One</t></r></si></sst>");
      put(zip, "xl/worksheets/sheet1.xml", "<worksheet><sheetData>"
          + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
          + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>198.51.100.5</t></is></c><c r=\"B2\"><v>6881</v></c>"
          + "<c r=\"C2\"><v>44562.5</v></c><c r=\"D2\" t=\"s\"><v>4</v></c></row>"
          + "<row r=\"3\"><c r=\"A3\" t=\"str\"><v>2001:db8::5</v></c><c r=\"C3\" t=\"str\"><v>2022-01-02T03:04:05Z</v></c></row>"
          + "</sheetData></worksheet>");
    }
    return file;
  }

  private static void put(ZipOutputStream zip, String name, String xml) throws Exception {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(xml.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  @Test
  void readsTheFirstSheet() throws Exception {
    List<List<String>> rows = XlsxReader.read(workbook(tmp.resolve("hits.xlsx")));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)).containsExactly("198.51.100.5", "6881", "44562.5", "Film One");
    var cols = SpreadsheetImport.columns(rows.getFirst());
    var e = SpreadsheetImport.event(rows.get(1), cols, null);
    assertThat(e.timestamp()).isEqualTo(java.time.Instant.parse("2022-01-01T12:00:00Z")); // Excel serial, UTC assumed
    assertThat(e.flags()).contains(dev.seawall.desk.event.Flag.TIME_ZONE_ASSUMED);
    assertThat(e.title()).isEqualTo("Film One");
    var v6 = SpreadsheetImport.event(rows.get(2), cols, null);
    assertThat(v6.ipText()).isEqualTo("2001:db8::5");
    assertThat(v6.port()).isNull();
  }

  @Test
  void aWorkbookWithADoctypeIsRefused() throws Exception {
    Path f = tmp.resolve("evil.xlsx");
    try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "xl/worksheets/sheet1.xml", "<!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><worksheet><sheetData>"
          + "<row><c t=\"inlineStr\"><is><t>&x;</t></is></c></row></sheetData></worksheet>");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> XlsxReader.read(f)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("unreadable");
  }
}
