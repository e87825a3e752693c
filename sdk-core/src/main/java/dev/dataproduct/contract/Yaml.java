package dev.dataproduct.contract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.dataproduct.DescriptorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The YAML and JSON mappers of the descriptor readers and writers, and parse-error mapping. */
final class Yaml {
  private static final Pattern MARK = Pattern.compile("^\\s*in '[^']*', line (\\d+), column (\\d+)");
  private static final YAMLFactory FACTORY = YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .build();

  /** YAML in and out; duplicate keys are an error, floats read as BigDecimal (exact). */
  static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      // 1.0 stays 1.0 (a decimal), not 1 (which reads back as an integer)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** Compact JSON, for stored contract text and lineage events. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private Yaml() {}

  /** Parses a whole file. */
  static JsonNode parse(Path file) {
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, source);
    } catch (IOException e) {
      throw new DescriptorException(source, "$",
          "cannot read the file (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Parses one YAML (or JSON) document.
   *
   * @throws DescriptorException naming the line and column of a syntax error
   */
  static JsonNode parse(InputStream in, String source) {
    try {
      JsonNode node = MAPPER.readTree(in);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new DescriptorException(source, "$", "the document is empty; expected a mapping");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    } catch (IOException e) {
      throw new DescriptorException(source, "$",
          "cannot read the document (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Parses a document held in a string. */
  static JsonNode parse(String text, String source) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new DescriptorException(source, "$", "the document is empty; expected a mapping");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    }
  }

  private static DescriptorException syntaxError(String source, JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
        : e.getOriginalMessage();
    // SnakeYAML: problem lines, each followed by " in 'reader', line L, column C:" and a snippet
    List<String> problems = new ArrayList<>();
    String where = null;
    String[] lines = message.split("\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MARK.matcher(lines[i]);
      if (m.find()) {
        where = "line " + m.group(1) + ", column " + m.group(2);
        i += 2; // the snippet and its caret
      } else if (!lines[i].isBlank()) {
        problems.add(lines[i].trim());
      }
    }
    JsonLocation loc = e.getLocation();
    if (where == null && loc != null && loc.getLineNr() > 0) {
      where = "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
    String problem = String.join("; ", problems);
    if (problem.contains("TAB") && !problem.contains("indentation")) {
      problem += " (YAML does not allow tabs for indentation; use spaces)";
    }
    return new DescriptorException(source, "$",
        (where == null ? "" : where + ": ") + "not valid YAML: " + problem, e);
  }

  /** Serialises a tree as YAML. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write YAML", e);
    }
  }
}
