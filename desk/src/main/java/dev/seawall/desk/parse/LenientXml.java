package dev.seawall.desk.parse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The desk's XML reader, forgiving of the broken XML real senders mail: unescaped '&', tags closed
 * in the wrong place or not at all, wrong case, text before the root. Builds the tree a careful
 * human would read and says whether it had to repair anything (the notice is then flagged
 * XML_MALFORMED). It has no DTD support at all: only the five predefined entities and numeric
 * references are decoded, anything else stays as written, so no entity can expand or reach a
 * file or the network. The caller has already refused DOCTYPE/ENTITY declarations.
 */
final class LenientXml {
  private boolean repaired;

  private LenientXml() {}

  /** The tree, and whether the input was not well-formed. */
  record Result(XmlNode root, boolean repaired) {}

  private static final int MAX_DEPTH = 256;
  private static final int MAX_NODES = 200_000;

  static Result read(String s) {
    LenientXml p = new LenientXml();
    XmlNode root = p.parseInstance(s);
    return new Result(root, p.repaired);
  }

  static XmlNode parse(String s) {
    return read(s).root();
  }

  private XmlNode parseInstance(String s) {
    XmlNode doc = new XmlNode("#document");
    Deque<XmlNode> stack = new ArrayDeque<>();
    stack.push(doc);
    int nodes = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c != '<') {
        int next = s.indexOf('<', i);
        if (next < 0) next = n;
        stack.peek().appendText(decodeText(s, i, next));
        i = next;
        continue;
      }
      if (s.startsWith("<!--", i)) {
        int end = s.indexOf("-->", i + 4);
        if (end < 0) repaired = true;
        i = end < 0 ? n : end + 3;
      } else if (s.startsWith("<![CDATA[", i)) {
        int end = s.indexOf("]]>", i + 9);
        if (end < 0) repaired = true;
        stack.peek().appendText(s.substring(i + 9, end < 0 ? n : end));
        i = end < 0 ? n : end + 3;
      } else if (s.startsWith("<?", i) || s.startsWith("<!", i)) {
        int end = s.indexOf('>', i + 2);
        i = end < 0 ? n : end + 1;
      } else if (s.startsWith("</", i)) {
        int end = s.indexOf('>', i + 2);
        if (end < 0) end = n;
        String name = s.substring(i + 2, end).strip();
        closeTo(stack, name);
        i = Math.min(n, end + 1);
      } else if (i + 1 < n && isNameStart(s.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && isNameChar(s.charAt(j))) j++;
        XmlNode node = new XmlNode(s.substring(i + 1, j));
        // attributes up to '>' (a '>' inside quotes does not end the tag)
        boolean selfClosing = false;
        while (j < n) {
          char a = s.charAt(j);
          if (a == '>') { j++; break; }
          if (a == '/' && j + 1 < n && s.charAt(j + 1) == '>') { selfClosing = true; j += 2; break; }
          if (a == '<') { repaired = true; break; } // tag never closed: stop before the next one
          if (isNameStart(a)) {
            int k = j;
            while (k < n && isNameChar(s.charAt(k))) k++;
            String attr = s.substring(j, k);
            int m = k;
            while (m < n && Character.isWhitespace(s.charAt(m))) m++;
            String value = "";
            if (m < n && s.charAt(m) == '=') {
              m++;
              while (m < n && Character.isWhitespace(s.charAt(m))) m++;
              if (m < n && (s.charAt(m) == '"' || s.charAt(m) == '\'')) {
                char q = s.charAt(m);
                int close = s.indexOf(q, m + 1);
                if (close < 0) { close = n; repaired = true; }
                value = decodeText(s, m + 1, close);
                m = Math.min(n, close + 1);
              } else {
                int v = m;
                while (v < n && !Character.isWhitespace(s.charAt(v)) && s.charAt(v) != '>') v++;
                value = decode(s, m, v);
                repaired = true; // unquoted attribute value
                m = v;
              }
            }
            node.attribute(attr, value);
            j = Math.max(m, k);
          } else {
            j++;
          }
        }
        if (++nodes > MAX_NODES) break;
        stack.peek().add(node);
        if (!selfClosing && stack.size() < MAX_DEPTH) stack.push(node);
        i = j;
      } else {
        stack.peek().appendText("<");
        repaired = true;
        i++;
      }
    }
    if (stack.size() > 1) repaired = true; // elements never closed
    // the document's first element is the root; text around it is dropped
    for (XmlNode c : doc.children()) return c;
    return doc;
  }

  private void closeTo(Deque<XmlNode> stack, String rawName) {
    String name = XmlNode.localName(rawName);
    Iterator<XmlNode> it = stack.iterator();
    int depth = 0;
    boolean found = false;
    while (it.hasNext()) {
      XmlNode x = it.next();
      if (x.name().equals("#document")) break;
      depth++;
      if (x.is(name)) { found = true; break; }
    }
    if (!found) { // a stray end tag: ignore it
      repaired = true;
      return;
    }
    if (depth > 1) repaired = true; // closes elements left open
    for (int k = 0; k < depth; k++) stack.pop();
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '-' || c == '.';
  }

  /** Decodes and notes a bare '&' (not the start of a reference) as a repair. */
  private String decodeText(String s, int from, int to) {
    String d = decode(s, from, to);
    if (!repaired) {
      for (int i = s.indexOf('&', from); i >= 0 && i < to; i = s.indexOf('&', i + 1)) {
        int semi = s.indexOf(';', i);
        if (semi < 0 || semi >= to || semi - i > 10 || !validReference(s.substring(i + 1, semi))) {
          repaired = true;
          break;
        }
      }
    }
    return d;
  }

  private static boolean validReference(String ent) {
    return switch (ent) {
      case "amp", "lt", "gt", "quot", "apos" -> true;
      default -> numeric(ent) != null;
    };
  }

  static String decode(String s, int from, int to) {
    int amp = s.indexOf('&', from);
    if (amp < 0 || amp >= to) return s.substring(from, to);
    StringBuilder sb = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '&') {
        int semi = s.indexOf(';', i);
        if (semi > i && semi < to && semi - i <= 10) {
          String ent = s.substring(i + 1, semi);
          String rep = switch (ent) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> numeric(ent);
          };
          if (rep != null) {
            sb.append(rep);
            i = semi + 1;
            continue;
          }
        }
      }
      sb.append(c);
      i++;
    }
    return sb.toString();
  }

  private static String numeric(String ent) {
    try {
      int cp;
      if (ent.startsWith("#x") || ent.startsWith("#X")) cp = Integer.parseInt(ent.substring(2), 16);
      else if (ent.startsWith("#")) cp = Integer.parseInt(ent.substring(1));
      else return null;
      return Character.isValidCodePoint(cp) && cp != 0 ? Character.toString(cp) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
