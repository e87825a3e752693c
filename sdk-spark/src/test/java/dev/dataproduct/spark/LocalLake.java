package dev.dataproduct.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's lake: an Iceberg catalog of its own ({@link LocalSpark#catalog}) over a
 * temporary warehouse, deleted after the class, and the module's shared Spark session started.
 *
 * <pre>{@code
 * @RegisterExtension static LocalLake lake = new LocalLake();
 * ... Orders.port(lake.catalog(), "t") ...
 * }</pre>
 */
final class LocalLake implements BeforeAllCallback, AfterAllCallback {
  private Path warehouse;
  private JdbcCatalog catalog;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    warehouse = Files.createTempDirectory("spark-lake");
    catalog = LocalSpark.catalog(warehouse);
    LocalSpark.session();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      catalog.close();
    } finally {
      try (Stream<Path> paths = Files.walk(warehouse)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }

  /** The class's catalog. */
  JdbcCatalog catalog() {
    return catalog;
  }

  /** The catalog's warehouse directory. */
  Path warehouse() {
    return warehouse;
  }
}
