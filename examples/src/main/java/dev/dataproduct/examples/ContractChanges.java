package dev.dataproduct.examples;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.Formats;
import dev.dataproduct.jdbc.JdbcOutputPort;
import dev.dataproduct.jdbc.WriteMode;
import dev.dataproduct.s3.S3OutputPort;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Changing the contract of a published port, as the README shows it (compiled here, run by
 * {@code ContractChangesTest}): a minor version adding an optional field evolves the table, a new
 * major version publishes side by side.
 */
public final class ContractChanges {
  private ContractChanges() {}

  /** The customers contract, version 1. */
  public static final Schema CUSTOMERS = Schema.of(
      Field.required("customer_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("name", FieldType.STRING),
      Field.required("fax", FieldType.STRING));

  /** The table port at {@code version} 1.0.0, overwritten by each run. */
  static OutputPort customersTable(DataSource dataSource) {
    return JdbcOutputPort.builder("customers")
        .dataSource(dataSource).table("customers")
        .mode(WriteMode.OVERWRITE)
        .createTableIfMissing()
        .contract(DataContract.builder("customers").version("1.0.0").schema(CUSTOMERS).build())
        .build();
  }

  /** Version 1.1.0 adds an optional field: the table gets a column. */
  static OutputPort minorVersion(DataSource dataSource) {
    // tag::evolve-minor[]
    DataContract v1dot1 = DataContract.builder("customers").version("1.1.0")
        .schema(CUSTOMERS.with(Field.optional("segment", FieldType.STRING)))  // compatible
        .build();
    OutputPort customers = JdbcOutputPort.builder("customers")
        .dataSource(dataSource).table("customers")
        .mode(WriteMode.OVERWRITE)
        .createTableIfMissing()      // the port manages the table: it adds the column "segment"
        .contract(v1dot1)
        .build();
    // end::evolve-minor[]
    return customers;
  }

  /** Version 2.0.0 removes a field: a new major, in a table of its own. */
  static OutputPort majorVersion(DataSource dataSource) {
    // tag::evolve-major[]
    DataContract v2 = DataContract.builder("customers").version("2.0.0")
        .schema(CUSTOMERS.without("fax"))     // removing a field breaks 1.x: a new major
        .build();
    OutputPort customers = JdbcOutputPort.builder("customers")
        .dataSource(dataSource).table("customers")
        .mode(WriteMode.OVERWRITE)
        .createTableIfMissing()
        .tablePerMajorVersion()     // 2.x goes to table customers_v2; customers keeps 1.x
        .contract(v2)
        .build();
    // end::evolve-major[]
    return customers;
  }

  /** Version 2.0.0 on S3: beside 1.x under the same prefix. */
  static OutputPort majorVersionOnS3(Supplier<S3Client> s3) {
    DataContract v2 = DataContract.builder("customers").version("2.0.0")
        .schema(CUSTOMERS.without("fax")).build();
    // tag::evolve-major-s3[]
    OutputPort customersLake = S3OutputPort.builder("customers-lake")
        .client(s3).bucket("lake").prefix("crm/customers")   // the prefix 1.x publishes to
        .format(Formats.jsonLines())
        .retainFor(Duration.ofDays(90))   // per major: the newest 1.x stays while 2.x publishes
        .contract(v2)
        .build();
    // end::evolve-major-s3[]
    return customersLake;
  }
}
