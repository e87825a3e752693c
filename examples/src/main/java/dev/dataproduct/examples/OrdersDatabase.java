package dev.dataproduct.examples;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The operational {@code orders} schema of the sales domain, seeded with generated orders over
 * several countries and days, plus a handful of bad rows a data product must not publish: orders
 * without a customer, with a negative amount, or in an unknown currency.
 */
public final class OrdersDatabase {
  /** Orders without a customer among the confirmed ones. */
  public static final int NULL_CUSTOMERS = 2;
  /** Confirmed orders with a negative amount. */
  public static final int NEGATIVE_AMOUNTS = 2;
  /** Confirmed orders in a currency the contract does not know. */
  public static final int UNKNOWN_CURRENCIES = 1;

  static final String[] COUNTRIES = {"DE", "FR", "IT", "ES", "NL"};
  static final String[] CURRENCY = {"EUR", "EUR", "EUR", "EUR", "EUR"};
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);

  private OrdersDatabase() {}

  /** The number of bad confirmed orders the seed contains. */
  public static int badRows() {
    return NULL_CUSTOMERS + NEGATIVE_AMOUNTS + UNKNOWN_CURRENCIES;
  }

  /**
   * Creates the {@code orders} table and inserts {@code orders} generated orders (about 90%
   * confirmed) over {@code days} days, then the bad rows. Deterministic for a given size.
   *
   * @return how many orders are CONFIRMED (good and bad)
   */
  public static int seed(DataSource dataSource, int orders, int days) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS orders");
        s.execute("CREATE TABLE orders ("
            + " order_id BIGINT PRIMARY KEY,"
            + " customer_id VARCHAR(20),"
            + " customer_email VARCHAR(120),"
            + " country CHAR(2) NOT NULL,"
            + " currency CHAR(3) NOT NULL,"
            + " amount NUMERIC(12,2) NOT NULL,"
            + " status VARCHAR(12) NOT NULL,"
            + " ordered_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      }
      Random rnd = new Random(2026);
      int confirmed = 0;
      String sql = "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        long id = 1;
        for (int i = 0; i < orders; i++, id++) {
          int country = rnd.nextInt(COUNTRIES.length);
          String status = rnd.nextInt(10) == 0 ? "CANCELLED" : "CONFIRMED";
          confirmed += status.equals("CONFIRMED") ? 1 : 0;
          int customer = 1 + rnd.nextInt(400);
          Instant at = FIRST_DAY.plusDays(rnd.nextInt(days)).atStartOfDay(ZoneOffset.UTC)
              .toInstant().plusSeconds(rnd.nextInt(86_400));
          add(ps, id, "C" + customer, "customer" + customer + "@mail.example",
              COUNTRIES[country], CURRENCY[country],
              BigDecimal.valueOf(500 + rnd.nextInt(50_000), 2), status, at);
        }
        Instant at = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3_600);
        for (int i = 0; i < NULL_CUSTOMERS; i++) {
          add(ps, id++, null, null, "DE", "EUR", new BigDecimal("42.00"), "CONFIRMED", at);
        }
        for (int i = 0; i < NEGATIVE_AMOUNTS; i++) {
          add(ps, id++, "C7", "customer7@mail.example", "FR", "EUR", new BigDecimal("-13.50"),
              "CONFIRMED", at);
        }
        for (int i = 0; i < UNKNOWN_CURRENCIES; i++) {
          add(ps, id++, "C9", "customer9@mail.example", "IT", "XYZ", new BigDecimal("99.00"),
              "CONFIRMED", at);
        }
        ps.executeBatch();
      }
      c.commit();
      return confirmed + badRows();
    }
  }

  private static void add(PreparedStatement ps, long id, String customerId, String email,
      String country, String currency, BigDecimal amount, String status, Instant at)
      throws SQLException {
    ps.setLong(1, id);
    ps.setString(2, customerId);
    ps.setString(3, email);
    ps.setString(4, country);
    ps.setString(5, currency);
    ps.setBigDecimal(6, amount);
    ps.setString(7, status);
    ps.setObject(8, at.atOffset(ZoneOffset.UTC));
    ps.addBatch();
  }
}
