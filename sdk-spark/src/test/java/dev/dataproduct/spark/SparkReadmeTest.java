package dev.dataproduct.spark;

import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Spark snippet, compiled and run: an aggregation read by Spark from Parquet, a
 * composite primary key checked across partitions, published to Iceberg.
 */
class SparkReadmeTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @RegisterExtension static LocalLake lake = new LocalLake();
  @TempDir static Path files;

  static final Schema ORDERS = Schema.of(
      Field.required("id", FieldType.INTEGER),
      Field.required("day", FieldType.DATE),
      Field.required("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));
  static final Schema REVENUE = Schema.of(
      Field.required("day", FieldType.DATE).asPrimaryKey(),
      Field.required("country", FieldType.STRING).asPrimaryKey(),
      Field.required("total", FieldType.NUMBER).withDecimal(14, 2));

  @Test
  void readmeSnippet_aggregatesOnSpark_andPublishesOneSnapshot() {
    SparkSession spark = LocalSpark.session();
    String ordersPath = files.resolve("orders").toString();
    StructType type = new StructType()
        .add("id", DataTypes.LongType).add("day", DataTypes.DateType)
        .add("country", DataTypes.StringType).add("amount", DataTypes.createDecimalType(12, 2));
    List<org.apache.spark.sql.Row> orders = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      orders.add(RowFactory.create(i, Date.valueOf("2026-11-" + (10 + i % 3)),
          i % 2 == 0 ? "DE" : "FR", new BigDecimal(i + ".25")));
    }
    spark.createDataFrame(orders, type).repartition(3).write().parquet(ordersPath);
    OutputPort revenuePort = IcebergOutputPort.builder("revenue").catalog(lake.catalog())
        .table(TableIdentifier.of("sales", "daily_revenue"))
        .contract(DataContract.builder("daily-revenue").version("1.0.0").schema(REVENUE)
            .rule(Rules.range("total", 0, 1_000_000)).build())
        .build();
    DataProduct revenue = DataProduct.builder("daily-revenue").version("1.0.0").domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-eng"))
        .input(InMemoryInputPort.of("orders", ORDERS))
        .output(revenuePort)
        .policy(AccessPolicy.allow("analyst"))
        .telemetry(dp.telemetry())
        .build();

    // tag::spark-run[]
    RunResult result = SparkRun.builder(revenue)          // the product's declaration, unchanged
        .spark(spark)
        .source("orders", SparkSource.parquet(ordersPath)) // read by Spark on the executors
        .transform(inputs -> Map.of("revenue", inputs.dataset("orders")
            .groupBy("day", "country")
            .agg(sum("amount").as("total"))))
        .build()
        .run();                          // checked on the executors, committed once, on the driver
    // end::spark-run[]

    assertThat(result.error()).isEmpty();
    assertThat(result.input("orders").read()).isEqualTo(100);
    assertThat(result.output("revenue").written()).isEqualTo(6);
    assertThat(result.publication("revenue")).hasValueSatisfying(p ->
        assertThat(p.rows()).isEqualTo(6));
    assertThat(Published.latest(revenuePort)).extracting(r -> r.get(2))
        .contains(new BigDecimal("820.25"), new BigDecimal("788.00"));
  }
}
