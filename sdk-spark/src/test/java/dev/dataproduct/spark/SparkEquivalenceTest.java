package dev.dataproduct.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.DataProductExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same product and input, run in one JVM and on Spark: the same published rows, the same
 * quarantine records (rule ids, reasons, rejected rows), the same counts and violations (with the
 * same example reasons).
 */
class SparkEquivalenceTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  @BeforeAll
  static void start() {
    catalog = LocalSpark.catalog(warehouse);
    LocalSpark.session();
  }

  @AfterAll
  static void close() throws IOException {
    catalog.close();
  }

  @Test
  void sameProduct_inOneJvmAndOnSpark_publishesTheSameRowsAndQuarantine() {
    OutputPort jvmPort = Orders.port(catalog, "single_jvm");
    OutputPort sparkPort = Orders.port(catalog, "on_spark");
    DataProduct jvm = Orders.product(jvmPort, dp.telemetry());
    DataProduct spark = Orders.product(sparkPort, dp.telemetry());

    RunResult inJvm = jvm.run();
    RunResult onSpark = Orders.onSpark(spark).run();

    assertThat(onSpark.error()).isEmpty();
    assertThat(onSpark.outcome()).isEqualTo(inJvm.outcome());
    assertThat(Published.latest(sparkPort)).isEqualTo(Published.latest(jvmPort)).hasSize(8);
    assertThat(Published.quarantine(sparkPort)).isEqualTo(Published.quarantine(jvmPort))
        .hasSize(12);
    assertThat(onSpark.violations()).isEqualTo(inJvm.violations());
    assertThat(onSpark.output("out")).isEqualTo(inJvm.output("out"));
    assertThat(onSpark.input("raw")).isEqualTo(inJvm.input("raw"));
  }
}
