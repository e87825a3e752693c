package dev.dataproduct.jdbc;

import dev.dataproduct.Field;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.spi.LineageDataset;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a port tells the outside about its table: its physical schema for the ODCS document
 * ({@link #physical}) and its OpenLineage dataset ({@link #dataset}).
 *
 * <p>The dataset comes from the connection's URL and the identifiers as the database stores
 * them: PostgreSQL as the naming spec says ({@code postgres://{host}:{port}} and {@code
 * {database}.{schema}.{table}}); H2, which the spec does not name, as {@code h2:mem} (an
 * in-memory database), {@code h2:file} (an embedded file) or {@code h2://{host}:{port}} (a
 * server) with the same {@code {database}.{schema}.{table}}; other databases as {@code
 * {subprotocol}://{host}:{port}} (or {@code {subprotocol}}) with the parts they have. Never the
 * URL's parameters or credentials. Computed once, on first use, then cached.
 */
final class TableDescription {
  private static final Logger LOG = LoggerFactory.getLogger(TableDescription.class);

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final TableName table;
  private final AtomicReference<Optional<LineageDataset>> cached = new AtomicReference<>();

  TableDescription(DataSource dataSource, SqlDialect dialect, TableName table) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.table = table;
  }

  /** The table's dataset; empty (and asked again next time) when the database cannot tell. */
  Optional<LineageDataset> dataset() {
    Optional<LineageDataset> d = cached.get();
    if (d != null) {
      return d;
    }
    try (Connection c = dataSource.getConnection()) {
      d = Optional.of(of(c, Database.of(c, dialect), table));
      cached.compareAndSet(null, d);
      return d;
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Could not name the lineage dataset of table {}", table, Sql.sanitize(e));
      return Optional.empty();
    }
  }

  /**
   * The table as an ODCS schema object: {@code physicalName} the table as configured, {@code
   * physicalType: table}, and per field the column type the port creates ({@link
   * SqlDialect#columnType}). The dialect is the configured one, else the database's; without a
   * connection the column types are left out.
   */
  PhysicalSchema physical(Schema schema) {
    Map<String, String> types = new LinkedHashMap<>();
    SqlDialect d = dialect;
    if (d == null) {
      try (Connection c = dataSource.getConnection()) {
        d = Database.of(c, null).dialect();
      } catch (SQLException | RuntimeException e) {
        LOG.debug("Could not tell the column types of table {}", table, Sql.sanitize(e));
      }
    }
    if (d != null) {
      for (Field f : schema.fields()) {
        types.put(f.name(), d.columnType(f));
      }
    }
    return PhysicalSchema.of(table.toString(), "table", types);
  }

  static LineageDataset of(Connection c, Database d, TableName table) throws SQLException {
    String url = c.getMetaData().getURL();
    String schema = table.schema() != null ? d.fold(table.schema()) : c.getSchema();
    String catalog = c.getCatalog();
    String name = join(catalog, schema, d.fold(table.name()));
    return LineageDataset.of(namespace(url == null ? "" : url), name);
  }

  /** The data source of a JDBC URL, without path, parameters or credentials. */
  static String namespace(String url) {
    String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
    if (rest.startsWith("postgresql:")) {
      return authority("postgres", rest.substring("postgresql:".length()), 5432);
    }
    if (rest.startsWith("h2:")) {
      String h2 = rest.substring(3);
      if (h2.startsWith("mem:")) {
        return "h2:mem";
      }
      if (h2.startsWith("tcp:") || h2.startsWith("ssl:")) {
        return authority("h2", h2.substring(4), 9092);
      }
      return "h2:file";
    }
    int colon = rest.indexOf(':');
    String sub = colon < 0 ? rest : rest.substring(0, colon);
    if (sub.isEmpty()) {
      return "jdbc";
    }
    String after = colon < 0 ? "" : rest.substring(colon + 1);
    return after.startsWith("//") ? authority(sub, after, -1) : sub;
  }

  /** {@code scheme://host:port} of {@code //host:port/...}: the first host of a list. */
  private static String authority(String scheme, String rest, int defaultPort) {
    if (!rest.startsWith("//")) {
      return scheme + "://localhost" + (defaultPort > 0 ? ":" + defaultPort : "");
    }
    String hosts = rest.substring(2).split("[/?;]", 2)[0];
    String first = hosts.split(",")[0];
    int at = first.lastIndexOf('@');
    if (at >= 0) {
      first = first.substring(at + 1); // user:password@host
    }
    try {
      URI uri = URI.create("x://" + first);
      String host = uri.getHost() == null || uri.getHost().isEmpty() ? "localhost" : uri.getHost();
      int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort;
      return scheme + "://" + host + (port > 0 ? ":" + port : "");
    } catch (IllegalArgumentException e) {
      return scheme + "://" + (first.isEmpty() ? "localhost" : first);
    }
  }

  private static String join(String... parts) {
    List<String> present = new ArrayList<>();
    for (String p : parts) {
      if (p != null && !p.isEmpty()) {
        present.add(p);
      }
    }
    return String.join(".", present);
  }
}
