package dev.dataproduct.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Publication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL while it writes a publication's data files leaves the table at its
 * previous snapshot; the next run publishes the next id.
 */
class KillDuringPublicationTest {
  @TempDir Path dir;

  @Test
  void sigkillMidPublication_leavesThePreviousSnapshot_nextRunPublishes() throws Exception {
    long first;
    try (JdbcCatalog catalog = KilledPublication.catalog(dir)) {
      first = KilledPublication.product(catalog, 1_000, false).run().orThrow()
          .publication("table").orElseThrow().id();
    }

    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), KilledPublication.class.getName(),
        dir.toString()))
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null && !line.equals("WRITING")) {
        seen.append(line).append('\n');
      }
      assertThat(line).as("child output:%n%s", seen).isEqualTo("WRITING");
      Thread.sleep(1_000); // the publication is open and its rows are flowing
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (JdbcCatalog catalog = KilledPublication.catalog(dir)) {
      Table table = catalog.loadTable(TableIdentifier.of("t", "killed"));
      assertThat(table.snapshots()).hasSize(1);
      DataProduct product = KilledPublication.product(catalog, 500, false);
      List<Publication> before = product.output("table").publications();
      assertThat(before).extracting(Publication::id).containsExactly(first);
      assertThat(before.get(0).rows()).isEqualTo(1_000);

      long next = product.run().orThrow().publication("table").orElseThrow().id();

      assertThat(next).isGreaterThan(first);
      assertThat(product.output("table").publications()).hasSize(2);
    }
  }
}
