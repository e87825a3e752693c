package dev.dataproduct.iceberg;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.DataProductExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog that commits and then loses its answer ({@link CommitStateUnknownException}): the run
 * says {@link RunOutcome#COMMIT_UNKNOWN}, and the data files stay, since the snapshot that did
 * get committed references them.
 */
class IcebergCommitUnknownTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();
  @TempDir static Path warehouse;
  static JdbcCatalog catalog;

  @BeforeAll
  static void catalog() {
    catalog = Catalogs.jdbc(warehouse);
  }

  @AfterAll
  static void close() throws IOException {
    catalog.close();
  }

  @Test
  void commitWhoseAnswerIsLost_isReportedAsUnknown_andKeepsTheDataItMayReference() {
    TableIdentifier table = TableIdentifier.of("finance", "lost_answer");
    OutputPort healthy = IcebergOutputPort.builder("payments-table").catalog(catalog)
        .table(table).contract(IcebergOutputPortTest.contract("1.0.0", IcebergOutputPortTest.V1))
        .build();
    IcebergOutputPortTest.product(healthy, IcebergOutputPortTest.V1,
        IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 1, 3)).run().orThrow();
    OutputPort losing = IcebergOutputPort.builder("payments-table")
        .catalog(new LosingCatalog(catalog)).table(table)
        .contract(IcebergOutputPortTest.contract("1.0.0", IcebergOutputPortTest.V1)).build();

    RunResult run = dp.run(IcebergOutputPortTest.product(losing, IcebergOutputPortTest.V1,
        IcebergOutputPortTest.rows(IcebergOutputPortTest.V1, 10, 4)));

    assertThat(run).hasOutcome(RunOutcome.COMMIT_UNKNOWN).publishedNothing();
    assertThat(run.portStates()).containsExactly(
        Map.entry("payments-table", RunResult.PortState.COMMIT_UNKNOWN));
    assertThat(run.error().orElseThrow()).isInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("has an unknown outcome")
        .hasMessageContaining(run.runId());
    // the commit did go through: its snapshot is readable, its data files were not deleted
    OutputPort fresh = IcebergOutputPort.builder("payments-table").catalog(catalog)
        .table(table).contract(IcebergOutputPortTest.contract("1.0.0", IcebergOutputPortTest.V1))
        .build();
    assertThat(fresh.publications()).hasSize(2);
    assertThat(fresh.latest().orElseThrow().runId()).isEqualTo(run.runId());
    OutputPort bound = IcebergOutputPortTest.product(fresh, IcebergOutputPortTest.V1, List.of())
        .output("payments-table");
    assertThat(IcebergOutputPortTest.read(bound, ReadOptions.latest())).hasSize(4);
  }

  /** Delegates to a real catalog; its tables commit, then throw as if the answer were lost. */
  private static final class LosingCatalog implements Catalog {
    private final Catalog delegate;

    LosingCatalog(Catalog delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
      return delegate.listTables(namespace);
    }

    @Override
    public boolean tableExists(TableIdentifier identifier) {
      return delegate.tableExists(identifier);
    }

    @Override
    public Table createTable(TableIdentifier identifier, Schema schema, PartitionSpec spec,
        Map<String, String> properties) {
      throw new UnsupportedOperationException("the table exists already in this test");
    }

    @Override
    public boolean dropTable(TableIdentifier identifier, boolean purge) {
      return delegate.dropTable(identifier, purge);
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
      delegate.renameTable(from, to);
    }

    @Override
    public Table loadTable(TableIdentifier identifier) {
      Table real = delegate.loadTable(identifier);
      return new BaseTable(new LosingOps(((HasTableOperations) real).operations()), real.name());
    }
  }

  private static final class LosingOps implements TableOperations {
    private final TableOperations delegate;

    LosingOps(TableOperations delegate) {
      this.delegate = delegate;
    }

    @Override
    public TableMetadata current() {
      return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
      return delegate.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      delegate.commit(base, metadata);
      throw new CommitStateUnknownException(new java.net.SocketTimeoutException("read timed out"));
    }

    @Override
    public FileIO io() {
      return delegate.io();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return delegate.locationProvider();
    }

    @Override
    public long newSnapshotId() {
      return delegate.newSnapshotId();
    }
  }
}
