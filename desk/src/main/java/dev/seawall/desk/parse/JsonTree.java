package dev.seawall.desk.parse;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for notices: read with nesting/size limits, and rendered as an {@link XmlNode} tree so that
 * ACNS serialised as JSON (PHP's {@code "@attributes"} convention, AbuseIO's IODEF RecordItem)
 * goes through the same ACNS mapping as XML.
 */
final class JsonTree {
  private JsonTree() {}

  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).maxStringLength(32 << 20).build())
          .build())
      .build();

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      return null;
    }
  }

  static XmlNode toXml(String name, JsonNode node) {
    XmlNode x = new XmlNode(name);
    fill(x, node, 0);
    return x;
  }

  private static void fill(XmlNode x, JsonNode node, int depth) {
    if (node == null || node.isNull() || depth > 200) return;
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("@attributes") && e.getValue().isObject()) {
          for (Map.Entry<String, JsonNode> a : e.getValue().properties()) x.attribute(a.getKey(), a.getValue().asString(""));
        } else if (e.getValue().isArray()) {
          if (e.getValue().isEmpty()) x.add(new XmlNode(e.getKey()));
          for (JsonNode v : e.getValue().values()) {
            XmlNode c = new XmlNode(e.getKey());
            fill(c, v, depth + 1);
            x.add(c);
          }
        } else {
          XmlNode c = new XmlNode(e.getKey());
          fill(c, e.getValue(), depth + 1);
          x.add(c);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode v : node.values()) fill(x, v, depth + 1);
    } else {
      x.appendText(node.asString(""));
    }
  }
}
