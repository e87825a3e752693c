package dev.dataproduct.examples;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.Formats;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's contract changes, run: on an H2 table and on S3. */
class ContractChangesTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  private static final Principal READER = Principal.of("crm-app").withRoles("crm");

  private static JdbcDataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  private DataProduct product(OutputPort port, Schema schema, int rows) {
    List<Row> in = new ArrayList<>();
    for (long i = 1; i <= rows; i++) {
      Object[] values = new Object[schema.size()];
      for (int f = 0; f < schema.size(); f++) {
        values[f] = f == 0 ? (Object) i : schema.field(f).name() + "-" + i;
      }
      in.add(Row.of(schema, values));
    }
    return dp.instrument(DataProduct.builder("customers").version("1.0.0").domain("crm")
        .owner(Owner.business("lea@corp.example"), Owner.technical("crm-eng"))
        .input(InMemoryInputPort.of("in", schema, in))
        .output(port)
        .policy(AccessPolicy.allow("crm"))
        .build());
  }

  private static List<Row> read(DataProduct product, String port, ReadOptions options) {
    List<Row> all = new ArrayList<>();
    try (BatchReader r = product.read(port, READER, options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  private static List<String> tables(JdbcDataSource ds) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES"
            + " WHERE TABLE_SCHEMA = 'PUBLIC'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Test
  void table_minorVersionAddsAColumn_majorVersionPublishesSideBySide() throws SQLException {
    JdbcDataSource ds = h2("contract-changes");
    OutputPort v1 = ContractChanges.customersTable(ds);
    assertThat(product(v1, ContractChanges.CUSTOMERS, 3).run()).succeeded();

    OutputPort minor = ContractChanges.minorVersion(ds);
    DataProduct withSegment = product(minor, minor.contract().schema(), 2);
    assertThat(withSegment.run()).succeeded().wrote("customers", 2);
    assertThat(read(withSegment, "customers", ReadOptions.latest()))
        .extracting(r -> r.get("segment")).containsExactly("segment-1", "segment-2");

    OutputPort major = ContractChanges.majorVersion(ds);
    DataProduct v2 = product(major, major.contract().schema(), 4);
    assertThat(v2.run()).succeeded().wrote("customers", 4);

    assertThat(tables(ds)).contains("customers", "customers_v2");
    assertThat(read(v2, "customers", ReadOptions.latest())).hasSize(4)
        .allSatisfy(r -> assertThat(r.schema().contains("fax")).isFalse());
    assertThat(read(v2, "customers", ReadOptions.latest().contractMajor(1)))
        .extracting(r -> r.get("fax")).containsExactly("fax-1", "fax-2");
  }

  @Test
  void s3_majorVersionPublishesBesideTheOldOne() {
    S3.server().createBucket("lake");
    OutputPort v1 = S3OutputPort.builder("customers-lake").client(S3::client).bucket("lake")
        .prefix("crm/customers").format(Formats.jsonLines())
        .contract(DataContract.builder("customers").version("1.0.0")
            .schema(ContractChanges.CUSTOMERS).build())
        .build();
    assertThat(product(v1, ContractChanges.CUSTOMERS, 3).run()).succeeded();

    OutputPort major = ContractChanges.majorVersionOnS3(S3::client);
    DataProduct v2 = product(major, major.contract().schema(), 2);
    assertThat(v2.run()).succeeded().wrote("customers-lake", 2);

    assertThat(read(v2, "customers-lake", ReadOptions.latest())).hasSize(2);
    assertThat(read(v2, "customers-lake", ReadOptions.latest().contractMajor(1)).stream()
        .map(r -> r.getString("fax")).collect(Collectors.toList()))
        .containsExactly("fax-1", "fax-2", "fax-3");
  }
}
