package dev.dataproduct.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), as a Prometheus
 * server reads a scrape: {@code # HELP} and {@code # TYPE} lines, samples with optional labels
 * and timestamp. No Java parser of the format is published on Maven Central (the Prometheus
 * client writes it only), so this one follows the format's specification and refuses what a
 * server would refuse: invalid metric or label names, bad escapes, duplicate labels, a {@code
 * TYPE} after the family's samples or given twice, a sample whose name does not belong to its
 * declared family, a family whose samples are not contiguous, a repeated series, an unparsable
 * value or timestamp.
 */
final class PrometheusText {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: the samples under one {@code # TYPE}/{@code # HELP} name. */
  static final class Family {
    final String name;
    String type = "untyped";
    String help;
    final List<Sample> samples = new ArrayList<>();

    Family(String name) {
      this.name = name;
    }

    String type() {
      return type;
    }

    String help() {
      return help;
    }

    List<Sample> samples() {
      return samples;
    }
  }

  private final Map<String, Family> families = new LinkedHashMap<>();
  private final Set<String> typed = new HashSet<>();
  private final Set<String> helped = new HashSet<>();
  private final Set<String> closed = new HashSet<>();
  private final Set<String> series = new HashSet<>();
  private Family current;
  private int lineNo;

  private PrometheusText() {}

  /** The families of {@code text}, in order of appearance, by name. */
  static Map<String, Family> parse(String text) {
    PrometheusText p = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a line feed");
    }
    for (String line : text.split("\n", -1)) {
      p.lineNo++;
      p.line(line);
    }
    return p.families;
  }

  private void line(String line) {
    if (line.isEmpty()) {
      return;
    }
    if (line.startsWith("#")) {
      comment(line);
    } else {
      sample(line);
    }
  }

  private void comment(String line) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3 || !parts[0].equals("#")
        || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
      return; // a plain comment
    }
    String name = parts[2];
    requireName(name);
    Family f = family(name);
    if (parts[1].equals("TYPE")) {
      if (parts.length != 4 || !TYPES.contains(parts[3])) {
        throw fail("TYPE of " + name + " must be one of " + TYPES);
      }
      if (!typed.add(name)) {
        throw fail("second TYPE line for " + name);
      }
      if (!f.samples.isEmpty()) {
        throw fail("TYPE of " + name + " after its samples");
      }
      f.type = parts[3];
    } else {
      if (!helped.add(name)) {
        throw fail("second HELP line for " + name);
      }
      f.help = parts.length == 4 ? unescape(parts[3], false) : "";
    }
  }

  private Family family(String name) {
    if (current != null && !current.name.equals(name)) {
      closed.add(current.name);
    }
    if (closed.contains(name)) {
      throw fail("family " + name + " is not contiguous");
    }
    current = families.computeIfAbsent(name, Family::new);
    return current;
  }

  private void sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireName(name);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw fail("expected a space before the value");
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
      throw fail("expected a value and an optional timestamp");
    }
    double value = value(rest[0]);
    if (rest.length == 2) {
      try {
        Long.parseLong(rest[1]);
      } catch (NumberFormatException e) {
        throw fail("timestamp '" + rest[1] + "' is not an integer");
      }
    }
    Family f = familyOf(name);
    if (!series.add(name + labels)) {
      throw fail("series " + name + labels + " appears twice");
    }
    f.samples.add(new Sample(name, Map.copyOf(labels), value));
  }

  /** The family a sample belongs to: the current one when the name fits its type, else its own. */
  private Family familyOf(String sample) {
    if (current != null && belongs(sample, current)) {
      return current;
    }
    Family f = family(sample);
    if (!belongs(sample, f)) {
      throw fail("sample " + sample + " does not belong to its " + f.type + " family");
    }
    return f;
  }

  private static boolean belongs(String sample, Family f) {
    if (sample.equals(f.name)) {
      return !f.type.equals("histogram");
    }
    switch (f.type) {
      case "summary":
        return sample.equals(f.name + "_sum") || sample.equals(f.name + "_count");
      case "histogram":
        return sample.equals(f.name + "_bucket") || sample.equals(f.name + "_sum")
            || sample.equals(f.name + "_count");
      default:
        return false;
    }
  }

  private int labels(String line, int i, Map<String, String> out) {
    while (true) {
      if (i < line.length() && line.charAt(i) == '}') {
        return i + 1;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0) {
        throw fail("expected label=\"value\"");
      }
      String label = line.substring(i, eq);
      if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
        throw fail("invalid label name '" + label + "'");
      }
      if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        throw fail("label value of " + label + " must be quoted");
      }
      StringBuilder raw = new StringBuilder();
      int j = eq + 2;
      while (true) {
        if (j >= line.length()) {
          throw fail("unterminated label value of " + label);
        }
        char c = line.charAt(j);
        if (c == '\\') {
          if (j + 1 >= line.length()) {
            throw fail("dangling escape in the label value of " + label);
          }
          raw.append(c).append(line.charAt(j + 1));
          j += 2;
        } else if (c == '"') {
          break;
        } else {
          raw.append(c);
          j++;
        }
      }
      if (out.put(label, unescape(raw.toString(), true)) != null) {
        throw fail("label " + label + " given twice");
      }
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      } else if (i >= line.length() || line.charAt(i) != '}') {
        throw fail("expected ',' or '}' after the value of " + label);
      }
    }
  }

  private String unescape(String s, boolean quotes) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (++i >= s.length()) {
        throw fail("dangling escape");
      }
      char e = s.charAt(i);
      if (e == '\\') {
        b.append('\\');
      } else if (e == 'n') {
        b.append('\n');
      } else if (e == '"' && quotes) {
        b.append('"');
      } else {
        throw fail("invalid escape \\" + e);
      }
    }
    return b.toString();
  }

  private double value(String s) {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          if (s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F")) {
            throw new NumberFormatException(s); // Java suffixes, not the format's
          }
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw fail("value '" + s + "' is not a number");
        }
    }
  }

  private void requireName(String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw fail("invalid metric name '" + name + "'");
    }
  }

  private IllegalArgumentException fail(String message) {
    return new IllegalArgumentException("line " + lineNo + ": " + message);
  }
}
