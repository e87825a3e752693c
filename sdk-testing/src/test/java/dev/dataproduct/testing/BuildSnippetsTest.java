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
 * Every XML snippet of README.md is a tagged region ({@code <!-- tag::name[] -->} …
 * {@code <!-- end::name[] -->}) of a pom.xml the build uses, so the "Add it to your build" steps
 * are the ones {@code examples-starter} (a project without parent) is built and tested with.
 */
class BuildSnippetsTest {
  private static final Pattern FENCE = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile(
      "<!-- tag::([\\w-]+)\\[] -->\\n(.*?)\\n\\s*<!-- end::\\1\\[] -->", Pattern.DOTALL);
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyXmlSnippetInTheReadme_isATaggedRegionOfAPom() throws IOException {
    List<String> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT, 2)) {
      for (Path pom : files.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .collect(Collectors.toList())) {
        Matcher m = TAG.matcher(Files.readString(pom));
        while (m.find()) {
          regions.add(normalise(m.group(2)));
        }
      }
    }
    Matcher m = FENCE.matcher(Files.readString(ROOT.resolve("README.md")));
    int snippets = 0;
    while (m.find()) {
      snippets++;
      assertThat(regions).as("README XML snippet #%s is not a tagged region of a pom.xml:%n%s",
          snippets, m.group(1)).contains(normalise(m.group(1)));
    }
    assertThat(snippets).as("XML snippets in README.md").isGreaterThanOrEqualTo(4);
  }

  @Test
  void starter_importsTheBomAtTheReactorVersionAndPinsSurefire() throws Exception {
    String starter = Files.readString(ROOT.resolve("examples-starter/pom.xml"));
    String version = BomAlignmentTest.text(BomAlignmentTest.read(ROOT.resolve("pom.xml")),
        "version");

    assertThat(starter).doesNotContain("<parent>")
        .contains("<artifactId>sdk-bom</artifactId>\n        <version>" + version + "</version>")
        .containsPattern("maven-surefire-plugin</artifactId>\\s*<version>3\\.");
    assertThat(Files.readString(ROOT.resolve("README.md")))
        .contains("<artifactId>sdk-bom</artifactId>\n      <version>" + version + "</version>");
  }

  @Test
  void pluginSnippet_isTheReactorsPluginAtTheReactorVersion() throws Exception {
    String version = BomAlignmentTest.text(BomAlignmentTest.read(ROOT.resolve("pom.xml")),
        "version");
    String plugin = "<artifactId>dataproduct-maven-plugin</artifactId>\n  <version>" + version
        + "</version>";
    // the README's block is examples/pom.xml's (the test above): both follow the reactor
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains(plugin);
  }

  private static String normalise(String xml) {
    List<String> lines = xml.lines().collect(Collectors.toList());
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
