package dev.dataproduct.iceberg;

import dev.dataproduct.OutputPort;
import dev.dataproduct.spi.PublicationStore;
import java.time.Duration;
import java.util.Objects;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * An output port publishing to an Apache Iceberg table: each publication is one snapshot
 * (an append, or an overwrite of the whole table in {@link Mode#OVERWRITE}), committed through
 * the catalog you hand in (JDBC, REST, Glue, Hadoop...). Readers of the table see the previous
 * snapshot or the new one, never part of one; data files of an aborted publication are deleted.
 *
 * <pre>{@code
 * Catalog catalog = new JdbcCatalog();                    // or RESTCatalog, GlueCatalog...
 * catalog.initialize("lake", Map.of("uri", "jdbc:postgresql://.../catalog",
 *     "warehouse", "s3://lake/warehouse", "io-impl", "org.apache.iceberg.aws.s3.S3FileIO"));
 *
 * OutputPort revenue = IcebergOutputPort.builder("revenue-iceberg")
 *     .catalog(catalog).table(TableIdentifier.of("sales", "daily_revenue"))
 *     .contract(contract)
 *     .retainLast(30)
 *     .build();
 * }</pre>
 *
 * <p>Publication ids are the snapshots' sequence numbers: monotonic per table, assigned by
 * Iceberg at commit and kept across restarts (with gaps where other snapshots, such as a
 * compaction's, sit between publications). Each snapshot's summary records the product, port,
 * run id, row count and contract version; the ODCS document of every contract version published
 * is kept as a table property, so {@code contractOf} and the breaking-change gate work for any
 * reader of the table. The table is created from the contract on the first publication; a later
 * compatible contract evolves it (new optional columns, columns made optional) in the
 * publication's own commit. A table belongs to one port.
 *
 * <p>Values: a row holding a value the table cannot keep exactly is quarantined (rule {@code
 * representable}, the reason naming the field), never rounded: a timestamp with a fraction of a
 * microsecond, a date beyond 32-bit days, a NUMBER without {@code withDecimal(p, s)} that no
 * double holds exactly (it is an Iceberg {@code double}). Decimals hold at most 38 digits: a
 * contract declaring more is refused when the port is built.
 *
 * <p>Rejected rows go to the sibling table {@code <table>_quarantine} with the schema {@link
 * dev.dataproduct.Quarantine#SCHEMA}. Reading publication N reads the data files snapshot N
 * added, as they were written: old publications stay readable (Iceberg time travel) until
 * retention expires their snapshots.
 */
public final class IcebergOutputPort {
  private IcebergOutputPort() {}

  /** A builder for a port named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** How a publication changes the table. */
  public enum Mode {
    /** The publication's rows are added to the table's (an {@code append} snapshot). */
    APPEND,
    /** The publication's rows replace the table's (one {@code overwrite} snapshot). */
    OVERWRITE
  }

  /** Builds an Iceberg output port. */
  public static final class Builder extends OutputPort.Builder<Builder> {
    private Catalog catalog;
    private TableIdentifier table;
    private Mode mode = Mode.APPEND;
    private int retainLast;
    private Duration retainFor;
    private long targetFileBytes = 128L * 1024 * 1024;

    private Builder(String name) {
      super(name);
    }

    /** The catalog holding the table (required); the user's, never closed by the port. */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** The table (required); created from the contract on the first publication. */
    public Builder table(TableIdentifier table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /** {@link Mode#APPEND} (default) or {@link Mode#OVERWRITE}. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Keeps the newest {@code n} snapshots; older ones expire after each publication. */
    public Builder retainLast(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("retainLast must be >= 1, was " + n);
      }
      this.retainLast = n;
      return this;
    }

    /** Expires snapshots older than {@code age} after each publication. */
    public Builder retainFor(Duration age) {
      Objects.requireNonNull(age, "age");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("retainFor must be positive, was " + age);
      }
      this.retainFor = age;
      return this;
    }

    /** Rolls over to a new data file at about this size (default 128 MiB). */
    public Builder targetFileSize(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new IllegalArgumentException("targetFileSize must be at least 1 MiB, was " + bytes);
      }
      this.targetFileBytes = bytes;
      return this;
    }

    @Override
    protected PublicationStore createStore() {
      if (catalog == null) {
        throw new IllegalStateException("Iceberg output port '" + name() + "' needs a catalog:"
            + " call .catalog(...)");
      }
      if (table == null) {
        throw new IllegalStateException("Iceberg output port '" + name() + "' needs a table:"
            + " call .table(TableIdentifier.of(\"namespace\", \"table\"))");
      }
      IcebergSchemas.checkMappable(contract().schema(), name());
      return new IcebergPublicationStore(catalog, table, mode == Mode.OVERWRITE, retainLast,
          retainFor, targetFileBytes, false);
    }
  }
}
