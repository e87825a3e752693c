package dev.dataproduct.iceberg;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.testing.InMemoryInputPort;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The child JVM of {@link KillDuringPublicationTest}: publishes to a table of a file-backed JDBC
 * catalog; with {@code slow}, prints {@code WRITING} once data files are being written and then
 * keeps writing until it is killed.
 */
public final class KilledPublication {
  static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));

  private KilledPublication() {}

  static JdbcCatalog catalog(Path dir) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("lake", Map.of(
        CatalogProperties.URI, "jdbc:h2:file:" + dir.resolve("catalog") + ";DATABASE_TO_LOWER=TRUE",
        CatalogProperties.WAREHOUSE_LOCATION, dir.resolve("warehouse").toUri().toString(),
        "jdbc.schema-version", "V1"));
    return catalog;
  }

  static DataProduct product(JdbcCatalog catalog, long rows, boolean slow) {
    return DataProduct.builder("killed").version("1.0.0").domain("testing")
        .owner(Owner.business("ana@corp.example"), Owner.technical("eng"))
        .input(InMemoryInputPort.generated("in", SCHEMA, rows,
            i -> Row.of(SCHEMA, i, new BigDecimal(i % 1000 + ".50"))))
        .transform(ctx -> {
          long n = 0;
          for (List<Row> batch : ctx.batches("in")) {
            batch.forEach(r -> ctx.emit("table", r));
            n += batch.size();
            if (slow && n == 20_000) {
              System.out.println("WRITING");
              System.out.flush();
            }
          }
        })
        .output(IcebergOutputPort.builder("table").catalog(catalog)
            .table(TableIdentifier.of("t", "killed"))
            .contract(DataContract.builder("killed").version("1.0.0").schema(SCHEMA).build())
            .build())
        .policy(AccessPolicy.allow("analyst"))
        .build();
  }

  public static void main(String[] args) throws Exception {
    try (JdbcCatalog catalog = catalog(Path.of(args[0]))) {
      product(catalog, Long.MAX_VALUE / 2, true).run().orThrow();
    }
  }
}
