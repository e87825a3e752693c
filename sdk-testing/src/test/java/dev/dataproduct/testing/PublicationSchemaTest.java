package dev.dataproduct.testing;

import static dev.dataproduct.testing.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Principal;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.spi.BatchReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A read returns rows in the schema of the contract the publication was checked against. */
class PublicationSchemaTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  static final Schema V1 = Schema.of(Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("country", FieldType.STRING),
      Field.optional("legacy_code", FieldType.STRING));
  static final Schema V2 = Schema.of(Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("country", FieldType.STRING));
  static final Principal ANALYST = Principal.of("reader").withRoles("analyst");

  private static DataProduct product(InMemoryPublicationStore store, String version,
      Schema schema, Row... rows) {
    DataContract contract = DataContract.builder("regions").version(version).schema(schema)
        .build();
    return Fixtures.product("regions").version(version)
        .input(InMemoryInputPort.of("in", schema, rows))
        .output(InMemoryOutputPort.builder("out").store(store).contract(contract).build())
        .policy(AccessPolicy.allow("analyst"))
        .build();
  }

  private static List<Row> read(DataProduct p, ReadOptions options) {
    List<Row> rows = new ArrayList<>();
    try (BatchReader r = p.output("out").read(ANALYST, options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        rows.addAll(b);
      }
    }
    return rows;
  }

  @Test
  void read_pinnedToTheOldMajor_returnsThePublicationsRowsInItsOwnSchema() {
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    dp.run(product(store, "1.0.0", V1, Row.of(V1, 1L, "DE", "D-01"), Row.of(V1, 2L, "FR", null)))
        .orThrow();
    DataProduct v2 = product(store, "2.0.0", V2, Row.of(V2, 3L, "IT"));
    dp.run(v2).orThrow();

    List<Row> old = read(v2, ReadOptions.latest().contractMajor(1));
    assertThat(old).hasSize(2);
    assertThat(old.get(0).schema().fieldNames()).containsExactly("id", "country", "legacy_code");
    assertThat(old.get(0).get("legacy_code")).isEqualTo("D-01"); // not lost by the 2.0.0 schema

    List<Row> latest = read(v2, ReadOptions.latest());
    assertThat(latest).singleElement().satisfies(r -> {
      assertThat(r.schema().fieldNames()).containsExactly("id", "country");
      assertThat(r.get("id")).isEqualTo(3L);
    });
  }

  @Test
  void read_ofTheOldMajor_canProjectAColumnTheNewContractRemoved() {
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    dp.run(product(store, "1.0.0", V1, Row.of(V1, 1L, "DE", "D-01"))).orThrow();
    DataProduct v2 = product(store, "2.0.0", V2, Row.of(V2, 3L, "IT"));
    dp.run(v2).orThrow();

    List<Row> rows = read(v2, ReadOptions.latest().contractMajor(1).columns("legacy_code"));
    assertThat(rows).singleElement()
        .satisfies(r -> assertThat(r.get("legacy_code")).isEqualTo("D-01"));
  }
}
