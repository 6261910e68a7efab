package dev.seawall.desk.intake;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: quoted fields with doubled quotes and line breaks inside quotes; also tolerates
 * ';' or tab as the separator when the header line uses it (spreadsheets exported in Europe).
 */
public final class Csv {
  private final Reader in;
  private final char sep;
  private int pushback = -2;
  private long line = 1;

  private Csv(Reader in, char sep) {
    this.in = in;
    this.sep = sep;
  }

  /** Reads the header line to choose the separator, and returns a reader positioned after it. */
  public static Csv open(Reader in, List<String> headerOut) throws IOException {
    StringBuilder head = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) head.append((char) c);
    String h = head.toString().replace("\r", "");
    if (!h.isEmpty() && h.charAt(0) == '\uFEFF') h = h.substring(1);
    char sep = count(h, ',') >= count(h, ';') ? (count(h, ',') >= count(h, '\t') ? ',' : '\t') : ';';
    Csv csv = new Csv(new java.io.StringReader(h + "\n"), sep);
    headerOut.addAll(csv.next());
    Csv body = new Csv(in, sep);
    body.line = 2;
    return body;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
    return n;
  }

  /** The line number where the next record starts (for error messages). */
  public long line() {
    return line;
  }

  /** The next record, or null at the end. */
  public List<String> next() throws IOException {
    int c = read();
    if (c < 0) return null;
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      if (c < 0) {
        out.add(f.toString());
        return out;
      }
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          int n = read();
          if (n == '"') {
            f.append('"');
          } else {
            quoted = false;
            c = n;
            continue;
          }
        } else {
          if (ch == '\n') line++;
          f.append(ch);
        }
      } else if (ch == '"' && f.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (ch == sep) {
        out.add(f.toString());
        f.setLength(0);
        wasQuoted = false;
      } else if (ch == '\n') {
        line++;
        out.add(f.toString());
        return out;
      } else if (ch != '\r') {
        f.append(ch);
      }
      c = read();
    }
  }

  private int read() throws IOException {
    if (pushback != -2) {
      int p = pushback;
      pushback = -2;
      return p;
    }
    return in.read();
  }

  /** Quotes a value for CSV output when needed. */
  public static String quote(String v) {
    if (v == null) return "";
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
