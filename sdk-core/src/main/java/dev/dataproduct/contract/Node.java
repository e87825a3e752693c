package dev.dataproduct.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.dataproduct.DescriptorException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A position in a parsed descriptor: its JSON node, its JSON path and the document's source.
 * Every accessor checks the node's shape and fails with a {@link DescriptorException} naming the
 * source, the path and what was expected, so readers validate as they read.
 */
final class Node {
  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String source;
  private final String path;
  private final JsonNode json;

  private Node(String source, String path, JsonNode json) {
    this.source = source;
    this.path = path;
    this.json = json;
  }

  static Node root(String source, JsonNode json) {
    return new Node(source, "$", json);
  }

  /** A node read from within a larger document, at {@code path}. */
  static Node at(String source, String path, JsonNode json) {
    return new Node(source, path, json);
  }

  String source() {
    return source;
  }

  String path() {
    return path;
  }

  JsonNode json() {
    return json;
  }

  boolean isMissing() {
    return json == null || json.isMissingNode();
  }

  /** The path of a child key. */
  String path(String key) {
    return path + (SIMPLE_KEY.matcher(key).matches() ? "." + key : "['" + key + "']");
  }

  DescriptorException fail(String problem) {
    return new DescriptorException(source, path, problem);
  }

  DescriptorException fail(String key, String problem) {
    return new DescriptorException(source, path(key), problem);
  }

  /** The child under {@code key}; a missing node when absent (or explicitly null). */
  Node get(String key) {
    JsonNode child = json.get(key);
    return new Node(source, path(key), child == null || child.isNull()
        ? MissingNode.getInstance() : child);
  }

  boolean has(String key) {
    JsonNode child = json.get(key);
    return child != null && !child.isNull();
  }

  /** Fails unless this node is a mapping. */
  Node requireObject(String what) {
    if (!json.isObject()) {
      throw fail("expected " + what + " (a mapping), found " + describe(json));
    }
    return this;
  }

  /** Fails on keys outside {@code allowed}, naming the unknown key and the allowed ones. */
  Node allowOnly(Set<String> allowed, String what) {
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!allowed.contains(k)) {
        throw fail(k, "unknown property '" + k + "' in " + what + "; expected one of "
            + new TreeSet<>(allowed));
      }
    }
    return this;
  }

  /** Fails when one of {@code keys} is absent (or null). */
  Node require(String what, String... keys) {
    for (String k : keys) {
      if (!has(k)) {
        throw fail(k, "missing required property '" + k + "' of " + what);
      }
    }
    return this;
  }

  /** Fails when one of {@code keys} is absent; an explicit null counts as present. */
  Node requirePresent(String what, String... keys) {
    for (String k : keys) {
      if (!json.has(k)) {
        throw fail(k, "missing required property '" + k + "' of " + what);
      }
    }
    return this;
  }

  Optional<String> string(String key) {
    Node n = get(key);
    if (n.isMissing()) {
      return Optional.empty();
    }
    if (!n.json.isTextual()) {
      throw n.fail("expected a string, found " + describe(n.json));
    }
    return Optional.of(n.json.textValue());
  }

  String requireString(String key, String what) {
    return string(key).orElseThrow(() -> fail(key, "missing required property '" + key
        + "' of " + what));
  }

  Optional<Boolean> bool(String key) {
    Node n = get(key);
    if (n.isMissing()) {
      return Optional.empty();
    }
    if (!n.json.isBoolean()) {
      throw n.fail("expected true or false, found " + describe(n.json));
    }
    return Optional.of(n.json.booleanValue());
  }

  Optional<BigDecimal> number(String key) {
    Node n = get(key);
    if (n.isMissing()) {
      return Optional.empty();
    }
    if (!n.json.isNumber()) {
      throw n.fail("expected a number, found " + describe(n.json));
    }
    return Optional.of(n.json.decimalValue());
  }

  Optional<Long> integer(String key) {
    Node n = get(key);
    if (n.isMissing()) {
      return Optional.empty();
    }
    if (!isInteger(n.json)) {
      throw n.fail("expected an integer, found " + describe(n.json));
    }
    return Optional.of(n.json.decimalValue().longValueExact());
  }

  static boolean isInteger(JsonNode j) {
    if (j.isIntegralNumber()) {
      return j.bigIntegerValue().bitLength() < 64;
    }
    if (j.isNumber()) {
      BigDecimal d = j.decimalValue();
      return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 && d.abs()
          .compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }
    return false;
  }

  /** The elements of the array under {@code key}; empty when absent. */
  List<Node> array(String key) {
    Node n = get(key);
    if (n.isMissing()) {
      return List.of();
    }
    return n.elements();
  }

  /** The elements of this node, which must be an array. */
  List<Node> elements() {
    if (!json.isArray()) {
      throw fail("expected a list, found " + describe(json));
    }
    List<Node> out = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      JsonNode e = json.get(i);
      out.add(new Node(source, path + "[" + i + "]", e == null ? MissingNode.getInstance() : e));
    }
    return out;
  }

  /** A list of strings under {@code key}; empty when absent. */
  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Node e : array(key)) {
      if (!e.json.isTextual()) {
        throw e.fail("expected a string, found " + describe(e.json));
      }
      out.add(e.json.textValue());
    }
    return out;
  }

  /** The object under {@code key}, if present; fails when it is not a mapping. */
  Optional<Node> object(String key, String what) {
    Node n = get(key);
    if (n.isMissing()) {
      return Optional.empty();
    }
    return Optional.of(n.requireObject(what));
  }

  /** Converts a JSON value to plain Java: String, Boolean, Integer/Long/BigInteger, BigDecimal, List, Map. */
  static Object toJava(JsonNode j) {
    if (j == null || j.isNull() || j.isMissingNode()) {
      return null;
    }
    if (j.isTextual()) {
      return j.textValue();
    }
    if (j.isBoolean()) {
      return j.booleanValue();
    }
    if (j.isIntegralNumber()) {
      BigInteger b = j.bigIntegerValue();
      if (b.bitLength() < 32) {
        return b.intValue();
      }
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (j.isNumber()) {
      return j.decimalValue();
    }
    if (j.isArray()) {
      List<Object> list = new ArrayList<>(j.size());
      j.forEach(e -> list.add(toJava(e)));
      return java.util.Collections.unmodifiableList(list);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    j.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
    return java.util.Collections.unmodifiableMap(map);
  }

  /** A short description of a node's kind and (short) value, for messages. */
  static String describe(JsonNode j) {
    if (j == null || j.isMissingNode() || j.isNull()) {
      return "nothing";
    }
    if (j.isObject()) {
      return "a mapping";
    }
    if (j.isArray()) {
      return "a list";
    }
    String text = j.asText();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    String kind = j.isTextual() ? "string" : j.isBoolean() ? "boolean" : j.isNumber() ? "number"
        : "value";
    return kind + " '" + text + "'";
  }
}
