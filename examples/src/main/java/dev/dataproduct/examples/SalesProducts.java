package dev.dataproduct.examples;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.iceberg.IcebergOutputPort;
import dev.dataproduct.jdbc.JdbcInputPort;
import dev.dataproduct.jdbc.JdbcOutputPort;
import dev.dataproduct.jdbc.WriteMode;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.format.Formats;
import dev.dataproduct.s3.S3InputPort;
import dev.dataproduct.s3.S3OutputPort;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The sales domain's {@code daily-revenue} product and the marketing domain's {@code
 * country-kpis} product, which consumes it from S3: a small data mesh.
 */
public final class SalesProducts {
  /** Prefix of daily-revenue's S3 output port. */
  public static final String REVENUE_PREFIX = "sales/daily-revenue";
  /** The Iceberg table daily-revenue publishes to. */
  public static final TableIdentifier REVENUE_TABLE = TableIdentifier.of("sales", "daily_revenue");
  /** Prefix of country-kpis' S3 output port. */
  public static final String KPI_PREFIX = "marketing/country-kpis";

  /** What daily-revenue expects of the operational orders table. */
  public static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER),
      Field.optional("customer_id", FieldType.STRING),
      Field.optional("customer_email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING),
      Field.required("currency", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2),
      Field.required("status", FieldType.STRING),
      Field.required("ordered_at", FieldType.TIMESTAMP));

  // tag::revenue-schema[]
  public static final Schema DAILY_REVENUE = Schema.of(
      Field.required("day", FieldType.DATE).asPrimaryKey().withDescription("UTC order day")
          .withTerm("sales_order_day"),
      Field.required("country", FieldType.STRING).withMaxLength(2).asPrimaryKey()
          .withTerm("country_code"),
      Field.required("currency", FieldType.STRING).withMaxLength(3).asPrimaryKey()
          .withTerm("currency_code"),
      Field.required("orders", FieldType.INTEGER),
      Field.required("revenue", FieldType.NUMBER).withDecimal(14, 2),
      Field.required("largest_order", FieldType.NUMBER).withDecimal(12, 2),
      Field.optional("top_customer", FieldType.STRING).withClassification(Classification.PII)
          .withDescription("e-mail of the customer of the day's largest order"));
  // end::revenue-schema[]

  public static final Schema COUNTRY_KPIS = Schema.of(
      Field.required("country", FieldType.STRING).withMaxLength(2).asPrimaryKey()
          .withTerm("country_code"),
      Field.required("days", FieldType.INTEGER),
      Field.required("orders", FieldType.INTEGER),
      Field.required("revenue", FieldType.NUMBER).withDecimal(16, 2),
      Field.required("avg_daily_revenue", FieldType.NUMBER).withDecimal(16, 2),
      Field.required("best_day", FieldType.DATE));

  private SalesProducts() {}

  /** daily-revenue's contract; {@code version} as given. */
  public static DataContract revenueContract(String version) {
    return revenueContract(version, DAILY_REVENUE);
  }

  static DataContract revenueContract(String version, Schema schema) {
    return DataContract.builder("daily-revenue").version(version)
        .description("Confirmed revenue per UTC day, country and currency")
        .schema(schema)
        .rule(Rules.range("revenue", BigDecimal.ZERO, null))
        .rule(Rules.pattern("country", "[A-Z]{2}"))
        .rule(Rules.rowCount(1, null))
        .freshness(Duration.ofHours(24))
        .retention(Duration.ofDays(30))
        .build();
  }

  // tag::daily-revenue[]
  /** Builds daily-revenue over the orders database, publishing to S3, a table and Iceberg. */
  public static DataProduct dailyRevenue(DemoEnvironment env, DataContract contract) {
    return DataProduct.builder("daily-revenue")
        .version("1.0.0")
        .domain("sales")
        .description("Revenue per day and country, from confirmed orders")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .tags("revenue", "daily")
        .input(JdbcInputPort.builder("orders", env.dataSource())
            .query("SELECT order_id, customer_id, customer_email, country, currency, amount,"
                + " status, ordered_at FROM orders WHERE status = ?", "CONFIRMED")
            .schema(ORDERS)
            .build())
        .expect("orders",
            Rules.notNull("customer_id").id("customer-present"),
            Rules.range("amount", BigDecimal.ZERO, null).id("amount-not-negative"),
            Rules.allowedValues("currency", "EUR", "USD", "GBP", "CHF").id("known-currency"))
        .transform(SalesProducts::aggregateDailyRevenue)
        .output(S3OutputPort.builder("revenue-lake")
            .client(env.s3()).bucket(env.bucket()).prefix(REVENUE_PREFIX)
            .format(Formats.jsonLines())
            .retainLast(10)
            .contract(contract)
            .build())
        .output(JdbcOutputPort.builder("revenue-table")
            .dataSource(env.dataSource()).table("daily_revenue")
            .mode(WriteMode.OVERWRITE).createTableIfMissing()
            .contract(contract)
            .build())
        .output(IcebergOutputPort.builder("revenue-iceberg")
            .catalog(env.catalog()).table(REVENUE_TABLE)
            .mode(IcebergOutputPort.Mode.OVERWRITE)   // one snapshot per run; old ones by time travel
            .contract(contract)
            .build())
        .policy(AccessPolicy.allow("analyst").mask("top_customer", Masking.hash()))
        .policy(AccessPolicy.allow("finance").unmask("top_customer"))
        .telemetry(env.telemetry())
        .build();
  }
  // end::daily-revenue[]

  /** The transform: totals per (day, country, currency); memory grows with groups, not rows. */
  public static void aggregateDailyRevenue(dev.dataproduct.TransformContext ctx) {
    Map<List<Object>, Day> days = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (Row order : ctx.rows("orders")) {
      LocalDate day = order.getTimestamp("ordered_at").atOffset(ZoneOffset.UTC).toLocalDate();
      days.computeIfAbsent(List.of(day, order.getString("country"), order.getString("currency")),
          k -> new Day()).add(order);
    }
    days.forEach((key, d) -> {
      Row row = Row.of(DAILY_REVENUE, key.get(0), key.get(1), key.get(2), d.orders, d.revenue,
          d.largest, d.topCustomer);
      for (String port : ctx.outputs()) {
        ctx.emit(port, row);
      }
    });
  }

  private static final class Day {
    long orders;
    BigDecimal revenue = BigDecimal.ZERO;
    BigDecimal largest;
    String topCustomer;

    void add(Row order) {
      BigDecimal amount = order.getDecimal("amount");
      orders++;
      revenue = revenue.add(amount);
      if (largest == null || amount.compareTo(largest) > 0) {
        largest = amount;
        topCustomer = order.getString("customer_email");
      }
    }
  }

  /**
   * country-kpis: the marketing domain's product, consuming daily-revenue from S3 with the
   * {@code analyst} grant sales gave it: it reads daily-revenue through daily-revenue's access
   * policies (stored with each publication), so it sees {@code top_customer} hashed.
   */
  public static DataProduct countryKpis(DemoEnvironment env) {
    return countryKpis(env, "analyst");
  }

  /** country-kpis reading daily-revenue with the given roles (none: no grant, refused). */
  public static DataProduct countryKpis(DemoEnvironment env, String... grantedRoles) {
    DataContract contract = DataContract.builder("country-kpis").version("1.0.0")
        .schema(COUNTRY_KPIS).rule(Rules.range("revenue", BigDecimal.ZERO, null)).build();
    return DataProduct.builder("country-kpis")
        .version("1.0.0")
        .domain("marketing")
        .description("Revenue KPIs per country, derived from sales' daily-revenue product")
        .owner(Owner.business("mia@corp.example"), Owner.technical("marketing-analytics"))
        // tag::s3-product-input[]
        .input(S3InputPort.product("daily-revenue")
            .client(env.s3()).bucket(env.bucket()).prefix(REVENUE_PREFIX)
            .upstream("daily-revenue", "revenue-lake")
            .as(grantedRoles)                 // the grant daily-revenue's owner gave marketing
            .schema(DAILY_REVENUE)
            .contractMajor(1)
            .build())
        // end::s3-product-input[]
        .transform(SalesProducts.countryKpisTransform())
        .output(S3OutputPort.builder("kpis-lake")
            .client(env.s3()).bucket(env.bucket()).prefix(KPI_PREFIX)
            .format(Formats.jsonLines())
            .contract(contract)
            .build())
        .policy(AccessPolicy.allowAll())      // aggregated KPIs: open to everyone, deliberately
        .telemetry(env.telemetry())
        .build();
  }

  private static Transform countryKpisTransform() {
    return ctx -> {
      Map<String, Kpi> kpis = new TreeMap<>();
      for (Row day : ctx.rows("daily-revenue")) {
        kpis.computeIfAbsent(day.getString("country"), c -> new Kpi()).add(day);
      }
      List<Row> rows = new ArrayList<>();
      kpis.forEach((country, k) -> rows.add(Row.of(COUNTRY_KPIS, country, (long) k.days.size(),
          k.orders, k.revenue, k.revenue.divide(BigDecimal.valueOf(k.days.size()), 2,
              RoundingMode.HALF_EVEN), k.bestDay)));
      rows.forEach(ctx::emit);
    };
  }

  private static final class Kpi {
    final java.util.Set<LocalDate> days = new java.util.HashSet<>();
    long orders;
    BigDecimal revenue = BigDecimal.ZERO;
    BigDecimal bestRevenue = BigDecimal.valueOf(-1);
    LocalDate bestDay;

    void add(Row day) {
      LocalDate d = day.getDate("day");
      days.add(d);
      orders += day.getLong("orders");
      BigDecimal r = day.getDecimal("revenue");
      revenue = revenue.add(r);
      if (r.compareTo(bestRevenue) > 0) {
        bestRevenue = r;
        bestDay = d;
      }
    }
  }
}
