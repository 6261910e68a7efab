package dev.seawall.desk.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A read-only element tree, the common shape of XML (strict or tolerant) and of JSON renderings of
 * ACNS. Lookups ignore case, namespace prefixes, '_' and '-' because real senders vary all four
 * ({@code <Subtype Basetype=…>}, {@code IP_Address}, JSON keys).
 */
public final class XmlNode {
  private final String name;
  private final String key;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<XmlNode> children = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  public XmlNode(String name) {
    this.name = localName(name);
    this.key = key(this.name);
  }

  static String localName(String qname) {
    int colon = qname.indexOf(':');
    return colon >= 0 ? qname.substring(colon + 1) : qname;
  }

  static String key(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '_' && c != '-') sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  public String name() {
    return name;
  }

  public boolean is(String other) {
    return key.equals(key(other));
  }

  void attribute(String attrName, String value) {
    attributes.put(localName(attrName), value);
  }

  void add(XmlNode child) {
    children.add(child);
  }

  void appendText(CharSequence s) {
    text.append(s);
  }

  public List<XmlNode> children() {
    return children;
  }

  /** Trimmed text directly inside this element. */
  public String text() {
    return text.toString().strip();
  }

  public String attr(String attrName) {
    String k = key(attrName);
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (key(e.getKey()).equals(k)) return e.getValue();
    }
    return null;
  }

  public XmlNode child(String childName) {
    String k = key(childName);
    for (XmlNode c : children) {
      if (c.key.equals(k)) return c;
    }
    return null;
  }

  public List<XmlNode> all(String childName) {
    String k = key(childName);
    List<XmlNode> out = new ArrayList<>();
    for (XmlNode c : children) {
      if (c.key.equals(k)) out.add(c);
    }
    return out;
  }

  /** Text of the child at the path, or null when absent or blank. */
  public String text(String... path) {
    XmlNode n = this;
    for (String p : path) {
      n = n.child(p);
      if (n == null) return null;
    }
    String t = n.text();
    return t.isEmpty() ? null : t;
  }

  /** Every descendant (depth first) with the given name, this node included. */
  public List<XmlNode> descendants(String descendantName) {
    List<XmlNode> out = new ArrayList<>();
    collect(this, key(descendantName), out, 0);
    return out;
  }

  private static void collect(XmlNode n, String k, List<XmlNode> out, int depth) {
    if (depth > 512) return;
    if (n.key.equals(k)) out.add(n);
    for (XmlNode c : n.children) collect(c, k, out, depth + 1);
  }

  @Override
  public String toString() {
    return "<" + name + attributes + ">" + (children.isEmpty() ? text() : children.toString());
  }

  String lowerName() {
    return name.toLowerCase(Locale.ROOT);
  }
}
