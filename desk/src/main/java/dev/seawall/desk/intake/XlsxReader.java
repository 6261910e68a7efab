package dev.seawall.desk.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The first worksheet of an .xlsx workbook as rows of cell text (shared strings resolved, inline
 * strings, numbers as written). Streaming StAX with DTDs and external entities off.
 */
public final class XlsxReader {
  private XlsxReader() {}

  private static final long MAX_PART = 512L << 20;

  public static List<List<String>> read(Path file) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<String> shared = new ArrayList<>();
      ZipEntry ss = zip.getEntry("xl/sharedStrings.xml");
      if (ss != null) readShared(zip, ss, shared);
      ZipEntry sheet = zip.getEntry("xl/worksheets/sheet1.xml");
      if (sheet == null) {
        Enumeration<? extends ZipEntry> en = zip.entries();
        while (en.hasMoreElements()) {
          ZipEntry e = en.nextElement();
          if (e.getName().startsWith("xl/worksheets/") && e.getName().endsWith(".xml")
              && (sheet == null || e.getName().compareTo(sheet.getName()) < 0)) sheet = e;
        }
      }
      if (sheet == null) throw new IOException(file + ": no worksheet in the workbook");
      return readSheet(zip, sheet, shared);
    } catch (XMLStreamException e) {
      throw new IOException(file + ": worksheet XML unreadable at " + e.getLocation() + ": " + e.getMessage(), e);
    }
  }

  private static XMLStreamReader open(ZipFile zip, ZipEntry e) throws IOException, XMLStreamException {
    if (e.getSize() > MAX_PART) throw new IOException(e.getName() + " is larger than " + (MAX_PART >> 20) + " MiB");
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    InputStream in = zip.getInputStream(e);
    return f.createXMLStreamReader(in);
  }

  private static void readShared(ZipFile zip, ZipEntry e, List<String> out) throws IOException, XMLStreamException {
    XMLStreamReader r = open(zip, e);
    StringBuilder cur = null;
    boolean inT = false;
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        if (r.getLocalName().equals("si")) cur = new StringBuilder();
        else if (r.getLocalName().equals("t")) inT = true;
        else if (r.getLocalName().equals("rPh")) inT = false;
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        if (r.getLocalName().equals("si") && cur != null) { out.add(cur.toString()); cur = null; }
        else if (r.getLocalName().equals("t")) inT = false;
      } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && inT && cur != null) {
        cur.append(r.getText());
      }
    }
    r.close();
  }

  private static List<List<String>> readSheet(ZipFile zip, ZipEntry e, List<String> shared) throws IOException, XMLStreamException {
    XMLStreamReader r = open(zip, e);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = null;
    int col = 0;
    String type = null;
    StringBuilder value = null;
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        switch (r.getLocalName()) {
          case "row" -> row = new ArrayList<>();
          case "c" -> {
            String ref = r.getAttributeValue(null, "r");
            col = ref == null ? (row == null ? 0 : row.size()) : column(ref);
            type = r.getAttributeValue(null, "t");
            value = new StringBuilder();
          }
          default -> { }
        }
      } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && value != null) {
        value.append(r.getText());
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        if (r.getLocalName().equals("c") && row != null && value != null) {
          String v = value.toString();
          if ("s".equals(type)) {
            try {
              int idx = Integer.parseInt(v.strip());
              v = idx >= 0 && idx < shared.size() ? shared.get(idx) : "";
            } catch (NumberFormatException ex) {
              v = "";
            }
          }
          while (row.size() < col) row.add("");
          if (row.size() == col) row.add(v); else row.set(col, v);
          value = null;
        } else if (r.getLocalName().equals("row") && row != null) {
          rows.add(row);
          row = null;
        }
      }
    }
    r.close();
    return rows;
  }

  static int column(String ref) {
    int c = 0;
    for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
      c = c * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
    }
    return Math.max(0, c - 1);
  }
}
