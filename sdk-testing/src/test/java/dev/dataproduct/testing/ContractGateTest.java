package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PublicationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compatibility gate on publish: a breaking change under the same major version fails the
 * run before any data is written; a new major version publishes side by side.
 */
class ContractGateTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  static final Schema ROWS = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.optional("note", FieldType.STRING),
      Field.optional("score", FieldType.INTEGER));

  private final InMemoryPublicationStore store = InMemoryPublicationStore.create();

  private static DataContract contract(String version, Schema schema) {
    return DataContract.builder("notes").version(version).schema(schema).build();
  }

  private static final DataContract V1 = contract("1.0.0", ROWS);

  private DataProduct product(DataContract contract) {
    return dp.instrument(DataProduct.builder("notes")
        .version("1.0.0").domain("support")
        .owner(Owner.business("ana@corp.example"), Owner.technical("support-eng"))
        .input(InMemoryInputPort.of("in", ROWS, Rows.of(ROWS).row(1L, "a", 5L)
            .row(2L, "b", 7L).build()))
        .output(InMemoryOutputPort.builder("notes").store(store).contract(contract).build())
        .policy(AccessPolicy.allowAll())
        .build());
  }

  private RunResult publish(DataContract contract) {
    return product(contract).run();
  }

  @Test
  void breakingChangeUnderSameMajor_failsBeforeWriting_listingEachChange() {
    assertThat(publish(V1)).succeeded().wrote("notes", 2);
    DataContract broken = DataContract.builder("notes").version("1.1.0")
        .schema(ROWS.without("note").replace(Field.optional("id", FieldType.NUMBER)))
        .build();

    RunResult run = publish(broken);

    assertThat(run).failed();
    assertThat(run.error()).get().isInstanceOfSatisfying(IncompatibleContractException.class,
        e -> {
          assertThat(e.changes()).containsExactly(
              "field 'id': type widened from integer to number",
              "field 'id': required to optional",
              "field 'id': no longer unique",
              "field 'note': removed",
              "primary key: changed from [id] to []");
          assertThat(e.getMessage()).startsWith("Output port 'notes': contract 'notes' 1.1.0"
              + " makes 5 breaking change(s) to 1.0.0 (publication 1) without a new major"
              + " version: ").contains("Publish it as 2.0.0");
        });
    assertThat(store.publications()).hasSize(1);
    assertThat(run.rowsWritten()).isZero();
    assertThat(run.input("in").read()).as("the transform never ran").isZero();
    assertThat(dp.spans("dataproduct.write notes")).anySatisfy(s ->
        assertThat(s.getStatus().getDescription()).contains("breaking change"));
  }

  @Test
  void nonBreakingChange_publishes() {
    assertThat(publish(V1)).succeeded();

    RunResult run = publish(contract("1.1.0", ROWS.with(Field.optional("extra",
        FieldType.DATE))));

    assertThat(run).succeeded().wrote("notes", 2);
    assertThat(store.latest()).get().extracting(Publication::contractVersion)
        .isEqualTo("1.1.0");
  }

  @Test
  void newMajor_publishesSideBySide_andPinnedConsumersKeepTheOldMajor() {
    assertThat(publish(V1)).succeeded();
    DataContract v2 = contract("2.0.0", ROWS.without("note"));

    assertThat(publish(v2)).succeeded().wrote("notes", 2);

    DataProduct p = product(v2);
    List<Row> old = read(p, ReadOptions.latest().contractMajor(1));
    List<Row> current = read(p, ReadOptions.latest());
    assertThat(store.publications()).extracting(Publication::contractVersion)
        .containsExactly("1.0.0", "2.0.0");
    assertThat(old).hasSize(2);
    assertThat(current).hasSize(2);
    assertThat(current.get(0).schema().fieldNames()).containsExactly("id", "score");
  }

  @Test
  void oldMajor_isComparedWithItsOwnLastPublication_notTheNewerMajor() {
    assertThat(publish(V1)).succeeded();
    assertThat(publish(contract("2.0.0", ROWS.without("note")))).succeeded();

    // compatible with 1.0.0 although it differs from 2.0.0
    assertThat(publish(contract("1.1.0", ROWS))).succeeded();
    // breaking against 1.1.0 (the last 1.x publication)
    RunResult run = publish(contract("1.2.0", ROWS.without("score")));

    assertThat(run).failed();
    assertThat(run.error()).get().isInstanceOfSatisfying(IncompatibleContractException.class,
        e -> assertThat(e.getMessage()).contains("to 1.1.0 (publication 3)"));
  }

  @Test
  void ruleLoosened_underSameMajor_fails() {
    DataContract strict = V1.toBuilder().rule(Rules.range("score", 0, 10)).build();
    assertThat(publish(strict)).succeeded();

    RunResult run = publish(V1.toBuilder().version("1.0.1").rule(Rules.range("score", 0, 100))
        .build());

    assertThat(run).failed();
    assertThat(run.error().orElseThrow()).isInstanceOf(IncompatibleContractException.class)
        .hasMessageContaining("field 'score': range widened from [0, 10] to [0, 100]");
  }

  @Test
  void customRuleReadWithoutPredicate_failsBeforeWriting_namingTheRule() {
    DataContract written = V1.toBuilder().rule(Rules.custom("score-even",
        r -> r.get("score") == null || r.getLong("score") % 2 == 0)).build();
    DataContract read = DataContracts.fromYaml(DataContracts.toYaml(written));

    RunResult run = publish(read);

    assertThat(run).failed();
    assertThat(run.error().orElseThrow()).isInstanceOf(DataProductException.class)
        .hasMessageContaining("custom rules [score-even] without a predicate")
        .hasMessageContaining("DataContracts.reader().bind(id, predicate)");
    assertThat(store.publications()).isEmpty();
  }

  @Test
  void storeWithoutContracts_failsClosed_untilANewMajorVersion() {
    PublicationStore forgetful = new Forgetful(store);
    DataProduct p = dp.instrument(product(V1).toBuilder().build().withOutput(
        dev.dataproduct.OutputPort.builder("notes", forgetful).contract(V1).build()));
    assertThat(p.run()).succeeded();

    RunResult compatible = p.withOutput(dev.dataproduct.OutputPort.builder("notes", forgetful)
        .contract(contract("1.1.0", ROWS)).build()).run();

    assertThat(compatible).failed();
    assertThat(compatible.error()).get().isInstanceOfSatisfying(
        IncompatibleContractException.class, e -> {
          assertThat(e).hasMessageContaining("forgetful store keeps no contract with publication")
              .hasMessageContaining("Publish it as 2.0.0");
          assertThat(e.changes()).hasSize(1);
        });
    assertThat(store.publications()).hasSize(1);

    RunResult nextMajor = p.withOutput(dev.dataproduct.OutputPort.builder("notes", forgetful)
        .contract(contract("2.0.0", ROWS.without("note"))).build()).run();

    assertThat(nextMajor).succeeded();
    assertThat(store.publications()).hasSize(2);
  }

  private static List<Row> read(DataProduct p, ReadOptions options) {
    List<Row> rows = new ArrayList<>();
    try (BatchReader r = p.read("notes", Principal.of("reader"), options)) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        rows.addAll(b);
      }
    }
    return rows;
  }

  /** A store that keeps no contract with its publications. */
  private static final class Forgetful extends ForwardingPublicationStore {
    Forgetful(InMemoryPublicationStore delegate) {
      super(delegate);
    }

    @Override
    public String type() {
      return "forgetful";
    }

    @Override
    public Optional<DataContract> contractOf(Publication publication) {
      return Optional.empty();
    }
  }
}
