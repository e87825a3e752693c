package dev.dataproduct.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DescriptorFiles;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import dev.dataproduct.testing.InMemoryPublicationStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's gate ({@code check}) and the runtime gate (a run publishing on a port whose last
 * publication has the previous contract) apply one compatibility table: for each change, the
 * build refuses it exactly when a run refuses it, naming the same changes.
 */
class BaselineComparisonTest {
  private static final Schema BASE = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("country", FieldType.STRING).withMaxLength(2),
      Field.optional("email", FieldType.STRING).withClassification(Classification.INTERNAL),
      Field.required("amount", FieldType.NUMBER));

  @TempDir Path dir;

  private static DataContract.Builder base() {
    return DataContract.builder("orders").version("1.0.0").schema(BASE)
        .rule(Rules.range("amount", BigDecimal.ZERO, null).id("amount-not-negative"))
        .freshness(Duration.ofHours(24))
        .retention(Duration.ofDays(30));
  }

  /** Each change with whether the documented table ({@code Compatibility}) calls it breaking. */
  static Stream<Arguments> changes() {
    return Stream.of(
        change("an optional field added", false,
            b -> b.schema(BASE.with(Field.optional("channel", FieldType.STRING)))),
        change("a field removed", true, b -> b.schema(BASE.without("email"))),
        change("a type changed", true, b -> b.schema(BASE.replace(
            Field.required("id", FieldType.STRING).asPrimaryKey()))),
        change("required made optional", true, b -> b.schema(BASE.replace(
            Field.optional("country", FieldType.STRING).withMaxLength(2)))),
        change("a longer max length", true, b -> b.schema(BASE.replace(
            Field.required("country", FieldType.STRING).withMaxLength(3)))),
        change("a classification raised", true, b -> b.schema(BASE.replace(
            Field.optional("email", FieldType.STRING).withClassification(Classification.PII)))),
        change("a rule removed", true, DataContract.Builder::clearRules),
        change("a rule added", false, b -> b.rule(Rules.pattern("country", "[A-Z]{2}"))),
        change("freshness loosened", true, b -> b.freshness(Duration.ofHours(48))),
        change("retention longer", false, b -> b.retention(Duration.ofDays(60))));
  }

  private static Arguments change(String name, boolean breaking,
      UnaryOperator<DataContract.Builder> edit) {
    return Arguments.of(name, breaking, edit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void build_refusesAChange_exactlyWhenTheRuntimeGateRefusesIt(String name, boolean breaking,
      UnaryOperator<DataContract.Builder> edit) {
    DataContract previous = base().build();
    DataContract next = edit.apply(base().version("1.1.0")).build();
    InMemoryPublicationStore store = InMemoryPublicationStore.create();

    try (DataProduct released = product("1.0.0", previous, store, 1)) {
      released.run().orThrow();
      DescriptorFiles.write(released, dir.resolve("baseline"));
    }
    RunResult run;
    try (DataProduct current = product("1.1.0", next, store, 0)) {
      run = current.run();
      DescriptorFiles.write(current, dir.resolve("current"));
    }
    BaselineComparison build = BaselineComparison.compare(dir.resolve("baseline"),
        dir.resolve("current"));

    List<String> runtimeRefused = run.error()
        .filter(IncompatibleContractException.class::isInstance)
        .map(e -> ((IncompatibleContractException) e).changes()).orElse(List.of());
    run.error().ifPresent(e -> assertThat(e).as("the run fails only at the gate")
        .isInstanceOf(IncompatibleContractException.class));
    assertThat(runtimeRefused.isEmpty()).as("refused at run time").isEqualTo(!breaking);
    assertThat(build.refused).as("refused by the build").hasSameSizeAs(runtimeRefused);
    for (String change : runtimeRefused) {
      assertThat(build.refused).as("the build names the runtime's change " + change)
          .anySatisfy(r -> assertThat(r).contains(change)
              .contains(BaselineComparison.RULE_CONTRACT, "publish it as 2.0.0"));
    }
    if (runtimeRefused.isEmpty()) {
      assertThat(build.accepted).as("the change is logged").isNotEmpty();
    }
  }

  @Test
  void aContractsMajorBump_needsTheProductsMajorBump() {
    DataContract previous = base().build();
    DataContract next = base().version("2.0.0").schema(BASE.without("email")).build();
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    try (DataProduct released = product("1.0.0", previous, store, 1)) {
      DescriptorFiles.write(released, dir.resolve("baseline"));
    }
    try (DataProduct minor = product("1.1.0", next, store, 0)) {
      DescriptorFiles.write(minor, dir.resolve("minor"));
    }
    try (DataProduct major = product("2.0.0", next, store, 0)) {
      DescriptorFiles.write(major, dir.resolve("major"));
    }

    BaselineComparison minor = BaselineComparison.compare(dir.resolve("baseline"),
        dir.resolve("minor"));
    assertThat(minor.refused).singleElement().asString()
        .contains("product 'orders' 1.0.0 -> 1.1.0", "port 'orders-lake'",
            "the contract's major version was raised", BaselineComparison.RULE_PRODUCT,
            "release the product as 2.0.0");
    assertThat(minor.accepted).anySatisfy(a -> assertThat(a).contains("email", "breaking;"));

    BaselineComparison major = BaselineComparison.compare(dir.resolve("baseline"),
        dir.resolve("major"));
    assertThat(major.refused).isEmpty();
    assertThat(major.accepted).anySatisfy(a -> assertThat(a)
        .contains("accepted, the product's major version was raised"));
  }

  @Test
  void aRemovedProduct_isRefused() throws Exception {
    DataContract contract = base().build();
    try (DataProduct released = product("1.0.0", contract, InMemoryPublicationStore.create(), 0)) {
      DescriptorFiles.write(released, dir.resolve("baseline"));
    }
    Files.createDirectories(dir.resolve("empty"));

    BaselineComparison removed = BaselineComparison.compare(dir.resolve("baseline"),
        dir.resolve("empty"));

    assertThat(removed.refused).singleElement().asString()
        .contains("product 'orders' was removed", BaselineComparison.RULE_PRODUCT);
  }

  private static DataProduct product(String version, DataContract contract,
      InMemoryPublicationStore store, int rows) {
    Schema schema = contract.schema();
    List<Row> input = rows == 0 ? List.of() : List.of(Row.of(schema, 1L, "DE", null, BigDecimal.TEN));
    return DataProduct.builder("orders").version(version).domain("sales")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .input(InMemoryInputPort.of("raw", schema, input))
        .transform(Transforms.identity())
        .output(InMemoryOutputPort.builder("orders-lake").store(store).contract(contract)
            .build())
        .policy(AccessPolicy.allow("analyst"))
        .build();
  }
}
