package dev.dataproduct.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.ContractViolationException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.EngineRun;
import dev.dataproduct.spi.OutputJudge;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.ReadContext;
import dev.dataproduct.spi.ValueDomain;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The core's side of a run an engine executes elsewhere ({@link EngineRun}), driven by hand the
 * way sdk-spark drives it, and {@link OutputJudge} against a run's verdicts.
 */
class EngineRunTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("amount", FieldType.INTEGER));
  static final List<Row> ROWS = List.of(Row.of(SCHEMA, 1L, 5L), Row.of(SCHEMA, 2L, -1L),
      Row.of(SCHEMA, 1L, 7L));

  static DataProduct product(DataContract contract) {
    return DataProduct.builder("engine").version("1.0.0").domain("test")
        .owner(Owner.business("ana@corp.example"), Owner.technical("eng"))
        .input(InMemoryInputPort.of("in", SCHEMA, ROWS))
        .output(InMemoryOutputPort.create("out", contract))
        .policy(AccessPolicy.allowAll())
        .telemetry(dp.telemetry())
        .build();
  }

  static DataContract contract() {
    return DataContract.builder("engine-out").version("1.0.0").schema(SCHEMA)
        .rule(Rules.range("amount", 0, 100)).build();
  }

  @Test
  void engineRun_withReportedCounts_givesTheResultLedgerSpansAndMetersOfARun() {
    DataProduct product = product(contract());
    EngineRun run = EngineRun.start(product);
    RunResult result;
    try (Scope ignored = run.enter()) {
      EngineRun.Output out = run.output("out");
      int read = 0;
      for (Iterator<List<Row>> it = run.read("in"); it.hasNext(); ) {
        read += it.next().size();
      }
      assertThat(read).isEqualTo(3);
      out.checked(3, 1, 2);
      out.violated("amount-range", Action.QUARANTINE, 1, "field 'amount' value '-1' ...");
      out.violated("id-unique", Action.QUARANTINE, 1, "field 'id' value '1' is a duplicate");
      run.check();
      run.commitQuarantine();
      PublicationWriter w = PortStorage.store(out.port()).open(out.context());
      w.write(List.of(ROWS.get(0)));
      Publication p = w.commit();
      out.committed(p);
      result = run.end(null);
    }

    assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_WARNINGS);
    assertThat(result.input("in").read()).isEqualTo(3);
    assertThat(result.output("out").written()).isEqualTo(1);
    assertThat(result.output("out").quarantined()).isEqualTo(2);
    assertThat(result.quarantined("out", "id-unique")).isEqualTo(1);
    assertThat(result.accountingBalanced()).isTrue();
    assertThat(dp.spans("dataproduct.run engine")).hasSize(1);
    assertThat(dp.spans("dataproduct.write out")).singleElement()
        .satisfies(s -> assertThat(s.getEvents()).extracting(e -> e.getName())
            .contains("dataproduct.policy.violation"));
    assertThat(dp.meters().get("dataproduct.rows.written").tag("port", "out").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void engineRun_inputHookFailingAfterCommit_isAWarning_asInARun() {
    InMemoryInputPort rows = InMemoryInputPort.of("in", SCHEMA, List.of(ROWS.get(0)));
    InputPort failingHook = new InputPort() {
      @Override
      public String name() {
        return "in";
      }

      @Override
      public Schema schema() {
        return SCHEMA;
      }

      @Override
      public BatchReader read(ReadContext context) {
        return rows.read(context);
      }

      @Override
      public void onRunCommitted(ReadContext context) {
        throw new IllegalStateException("watermark store down");
      }
    };
    EngineRun run = EngineRun.start(product(contract()).withInput("in", failingHook));
    RunResult result;
    try (Scope ignored = run.enter()) {
      EngineRun.Output out = run.output("out");
      for (Iterator<List<Row>> it = run.read("in"); it.hasNext(); ) {
        it.next();
      }
      out.checked(1, 1, 0);
      run.check();
      run.commitQuarantine();
      PublicationWriter w = PortStorage.store(out.port()).open(out.context());
      w.write(List.of(ROWS.get(0)));
      out.committed(w.commit());
      result = run.end(null);
    }

    assertThat(result.violations()).isEmpty();
    assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_WARNINGS);
    assertThat(result.publication("out")).isPresent();
  }

  @Test
  void checked_withCountsThatDoNotAddUp_isRefused() {
    EngineRun run = EngineRun.start(product(contract()));
    EngineRun.Output out = run.output("out");
    assertThatThrownBy(() -> out.checked(3, 1, 1)).isInstanceOf(DataProductException.class)
        .hasMessageContaining("3 rows received but 1 accepted + 1 quarantined");
    RunResult result = run.end(new DataProductException("refused"));
    assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
  }

  @Test
  void check_afterAFailViolation_orAFailingDatasetRule_failsTheRun() {
    EngineRun failRule = EngineRun.start(product(contract()));
    EngineRun.Output out = failRule.output("out");
    out.checked(3, 2, 1);
    out.violated("amount-range", Action.FAIL, 1, "field 'amount' is out of range");
    assertThatThrownBy(failRule::check).isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("amount-range");

    EngineRun dataset = EngineRun.start(product(contract().toBuilder()
        .rule(Rules.rowCount(5, null)).build()));
    dataset.output("out").checked(3, 3, 0);
    assertThatThrownBy(dataset::check).isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("row-count");
    RunResult result = dataset.end(new ContractViolationException("row-count"));
    assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(result.violations()).anySatisfy(v -> assertThat(v.ruleId()).isEqualTo("row-count"));
  }

  @Test
  void outputJudge_givesTheVerdictsOfARun_andLeavesUniquenessToTheEngine() {
    DataContract contract = DataContract.builder("judged").version("1.0.0").schema(SCHEMA)
        .rule(Rules.range("amount", 0, 100))
        .rule(Rules.range("amount", 0, 6).id("small").action(Action.WARN))
        .build();
    OutputJudge judge = OutputJudge.of(contract, ValueDomain.unrestricted(), Action.QUARANTINE,
        Instant.now());
    DataProduct product = product(contract);
    RunResult run = product.run();

    List<String> verdicts = new ArrayList<>();
    for (Row r : ROWS) {
      OutputJudge.Verdict v = judge.judge(r);
      verdicts.add(v.accepted() ? "ok" + v.warnings().size() : v.ruleId());
    }
    assertThat(verdicts).containsExactly("ok0", "amount-range", "ok1");
    assertThat(judge.keys()).singleElement().satisfies(k -> {
      assertThat(k.ruleId()).isEqualTo("id-unique");
      assertThat(k.fields()).containsExactly("id");
    });
    Row third = judge.judge(ROWS.get(2)).row();
    assertThat(judge.keyOf(0, third)).isEqualTo(judge.keyOf(0, judge.judge(ROWS.get(0)).row()));
    assertThat(run.violations()).anySatisfy(v -> {
      assertThat(v.ruleId()).isEqualTo("id-unique");
      assertThat(v.example()).isEqualTo(judge.duplicateReason(0, third));
    });
    assertThat(run.violations()).anySatisfy(v -> {
      assertThat(v.ruleId()).isEqualTo("amount-range");
      assertThat(v.example()).isEqualTo(judge.judge(ROWS.get(1)).reason());
    });
  }
}
