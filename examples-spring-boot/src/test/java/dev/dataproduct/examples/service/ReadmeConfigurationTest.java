package dev.dataproduct.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows the service's real configuration, not a copy that drifts. */
class ReadmeConfigurationTest {

  @Test
  void readmeYaml_isTheServicesDataproductConfiguration() throws Exception {
    String yml = Files.readString(Path.of("src/main/resources/application.yml"));
    int start = yml.indexOf("dataproduct:");
    int end = yml.indexOf("\n\n", start);
    String block = yml.substring(start, end).strip();
    assertThat(block).contains("schedule:", "fixed-delay:");
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains("```yaml\n" + block + "\n```");
  }
}
