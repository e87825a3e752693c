package dev.dataproduct.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in README.md and docs/ADAPTERS.md is compiled: it must equal (indentation
 * aside) a region between {@code // tag::name[]} and {@code // end::name[]} in a source file of
 * the repository.
 */
class ReadmeSnippetsTest {
  private static final Pattern FENCE = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile(
      "// tag::([\\w-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL);

  @Test
  void everyJavaSnippetInTheReadme_isACompiledTaggedRegion() throws IOException {
    assertSnippetsCompiled("README.md");
  }

  @Test
  void everyJavaSnippetInTheAdapterGuide_isACompiledTaggedRegion() throws IOException {
    assertSnippetsCompiled("docs/ADAPTERS.md");
  }

  private static void assertSnippetsCompiled(String document) throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String text = Files.readString(root.resolve(document));
    List<String> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/")).collect(Collectors.toList())) {
        Matcher m = TAG.matcher(Files.readString(f));
        while (m.find()) {
          regions.add(normalise(m.group(2)));
        }
      }
    }
    Matcher m = FENCE.matcher(text);
    int snippets = 0;
    while (m.find()) {
      snippets++;
      assertThat(regions).as("%s snippet #%s is not a tagged region of a compiled source:%n%s",
          document, snippets, m.group(1)).contains(normalise(m.group(1)));
    }
    assertThat(snippets).as("Java snippets in %s", document).isGreaterThanOrEqualTo(1);
  }

  private static String normalise(String code) {
    List<String> lines = code.lines().collect(Collectors.toList());
    while (!lines.isEmpty() && lines.get(0).isBlank()) {
      lines.remove(0);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
        .collect(Collectors.joining("\n"));
  }
}
