package dev.dataproduct.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Classification;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** One test per row of the classification table in {@link Compatibility}'s javadoc. */
class CompatibilityTest {

  private static final Schema SCHEMA = Schema.of(
      Field.required("id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("name", FieldType.STRING).withMaxLength(50),
      Field.optional("email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("amount", FieldType.NUMBER).withDecimal(10, 2),
      Field.required("count", FieldType.INTEGER),
      Field.optional("ratio", FieldType.NUMBER),
      Field.optional("note", FieldType.STRING),
      Field.optional("code", FieldType.STRING).asUnique());

  private static DataContract.Builder base() {
    return DataContract.builder("c").version("1.0.0").schema(SCHEMA)
        .rule(Rules.range("count", 0, 100))
        .rule(Rules.allowedValues("note", "a", "b"))
        .rule(Rules.pattern("code", "[A-Z]+"))
        .rule(Rules.length("name", 1, 50))
        .rule(Rules.notNull("note"))
        .rule(Rules.rowCount(1, 1000))
        .freshness(Duration.ofHours(24))
        .retention(Duration.ofDays(30));
  }

  private static Compatibility.Report change(UnaryOperator<DataContract.Builder> edit) {
    return Compatibility.check(base().build(), edit.apply(base()).build());
  }

  private static Schema replace(Field f) {
    return SCHEMA.replace(f);
  }

  private static void assertSingle(Compatibility.Report r, String subject, String description,
      boolean breaking) {
    assertThat(r.changes()).singleElement().satisfies(c -> {
      assertThat(c.subject()).isEqualTo(subject);
      assertThat(c.description()).isEqualTo(description);
      assertThat(c.breaking()).isEqualTo(breaking);
    });
    assertThat(r.isBreaking()).isEqualTo(breaking);
  }

  @Test
  void sameContract_hasNoChanges() {
    Compatibility.Report r = Compatibility.check(base().build(), base().build());

    assertThat(r.changes()).isEmpty();
    assertThat(r.isBreaking()).isFalse();
    assertThat(r).hasToString("no changes from 1.0.0 to 1.0.0");
  }

  @Test
  void fieldRemoved_isBreaking() {
    Compatibility.Report r = change(b -> b.schema(SCHEMA.without("ratio")));

    assertSingle(r, "field 'ratio'", "removed", true);
  }

  @Test
  void fieldRenamed_isRemovalPlusAddition_andBreaking() {
    Compatibility.Report r = change(b -> b.schema(SCHEMA.without("ratio")
        .with(Field.optional("rate", FieldType.NUMBER))));

    assertThat(r.changes()).extracting(Compatibility.Change::toString).containsExactly(
        "BREAKING      field 'ratio': removed",
        "non-breaking  field 'rate': added (optional number)");
    assertThat(r.isBreaking()).isTrue();
  }

  @Test
  void fieldAdded_optionalOrRequired_isNotBreaking() {
    assertSingle(change(b -> b.schema(SCHEMA.with(Field.required("x", FieldType.DATE)))),
        "field 'x'", "added (required date)", false);
    assertSingle(change(b -> b.schema(SCHEMA.with(Field.optional("y", FieldType.BOOLEAN)))),
        "field 'y'", "added (optional boolean)", false);
  }

  @Test
  void typeWidenedIntegerToNumber_isBreaking() {
    Compatibility.Report r = change(b -> b.schema(replace(
        Field.required("count", FieldType.NUMBER))).clearRules());

    assertThat(r.changes()).filteredOn(c -> c.subject().equals("field 'count'"))
        .extracting(Compatibility.Change::description)
        .contains("type widened from integer to number");
    assertThat(r.breakingChanges()).extracting(Compatibility.Change::description)
        .contains("type widened from integer to number");
  }

  @Test
  void typeNarrowedNumberToInteger_isNotBreaking() {
    assertSingle(change(b -> b.schema(replace(Field.optional("ratio", FieldType.INTEGER)))),
        "field 'ratio'", "type narrowed from number to integer", false);
  }

  @Test
  void otherTypeChange_isBreaking() {
    assertSingle(change(b -> b.schema(replace(Field.optional("ratio", FieldType.STRING)))),
        "field 'ratio'", "type changed from number to string", true);
  }

  @Test
  void maxLengthLonger_isBreaking_shorter_isNot() {
    assertSingle(change(b -> b.schema(replace(Field.required("name", FieldType.STRING)
        .withMaxLength(80)))), "field 'name'", "max length widened from 50 to 80", true);
    assertSingle(change(b -> b.schema(replace(Field.required("name", FieldType.STRING)
        .withMaxLength(20)))), "field 'name'", "max length narrowed from 50 to 20", false);
    assertSingle(change(b -> b.schema(replace(Field.required("name", FieldType.STRING)))),
        "field 'name'", "max length widened from 50 to none", true);
    assertSingle(change(b -> b.schema(replace(Field.optional("note", FieldType.STRING)
        .withMaxLength(5)))), "field 'note'", "max length narrowed from none to 5", false);
  }

  @Test
  void decimalLarger_isBreaking_smaller_isNot() {
    assertSingle(change(b -> b.schema(replace(Field.required("amount", FieldType.NUMBER)
        .withDecimal(12, 2)))), "field 'amount'",
        "decimal widened from decimal(10, 2) to decimal(12, 2)", true);
    assertSingle(change(b -> b.schema(replace(Field.required("amount", FieldType.NUMBER)
        .withDecimal(10, 3)))), "field 'amount'",
        "decimal widened from decimal(10, 2) to decimal(10, 3)", true);
    assertSingle(change(b -> b.schema(replace(Field.required("amount", FieldType.NUMBER)
        .withDecimal(8, 2)))), "field 'amount'",
        "decimal narrowed from decimal(10, 2) to decimal(8, 2)", false);
  }

  @Test
  void requiredToOptional_isBreaking_optionalToRequired_isNot() {
    assertSingle(change(b -> b.schema(replace(Field.optional("count", FieldType.INTEGER)))),
        "field 'count'", "required to optional", true);
    assertSingle(change(b -> b.schema(replace(Field.required("ratio", FieldType.NUMBER)))),
        "field 'ratio'", "optional to required", false);
  }

  @Test
  void uniqueDropped_isBreaking_added_isNot() {
    assertSingle(change(b -> b.schema(replace(Field.optional("code", FieldType.STRING)))),
        "field 'code'", "no longer unique", true);
    assertSingle(change(b -> b.schema(replace(Field.optional("ratio", FieldType.NUMBER)
        .asUnique()))), "field 'ratio'", "now unique", false);
  }

  @Test
  void compositeKey_fieldsAreNotUniqueAlone_soExtendingTheKeyReportsOnlyTheKeyChange() {
    Schema composite = SCHEMA.replace(Field.required("count", FieldType.INTEGER)
        .asPrimaryKey());
    DataContract before = base().schema(composite).build();
    DataContract after = base().schema(composite.replace(Field.required("name",
        FieldType.STRING).withMaxLength(50).asPrimaryKey())).build();

    Compatibility.Report r = Compatibility.check(before, after);

    assertSingle(r, "primary key", "changed from [id, count] to [id, name, count]", true);
  }

  @Test
  void primaryKeyChanged_isBreaking() {
    Compatibility.Report r = change(b -> b.schema(replace(
        Field.required("count", FieldType.INTEGER).asPrimaryKey())));

    assertThat(r.breakingChanges()).extracting(Compatibility.Change::toString)
        .contains("BREAKING      primary key: changed from [id] to [id, count]");
  }

  @Test
  void classificationRaised_isBreaking_lowered_isNot() {
    assertSingle(change(b -> b.schema(replace(Field.optional("note", FieldType.STRING)
        .withClassification(Classification.CONFIDENTIAL)))), "field 'note'",
        "classification raised from internal to confidential", true);
    assertSingle(change(b -> b.schema(replace(Field.optional("email", FieldType.STRING)
        .withClassification(Classification.INTERNAL)))), "field 'email'",
        "classification lowered from pii to internal", false);
  }

  @Test
  void glossaryTerm_changedOrRemoved_isBreaking_added_isNot() {
    DataContract bound = base().schema(replace(Field.optional("note", FieldType.STRING)
        .withTerm("remark"))).build();

    assertSingle(Compatibility.check(base().build(), bound), "field 'note'",
        "bound to glossary term 'remark'", false);
    assertSingle(Compatibility.check(bound, base().build()), "field 'note'",
        "glossary term 'remark' removed", true);
    assertSingle(Compatibility.check(bound, base().schema(replace(Field.optional("note",
        FieldType.STRING).withTerm("comment"))).build()), "field 'note'",
        "glossary term 'remark' replaced by 'comment'", true);
  }

  @Test
  void descriptionChanged_isNotBreaking() {
    assertSingle(change(b -> b.schema(replace(Field.optional("note", FieldType.STRING)
        .withDescription("free text")))), "field 'note'", "description changed", false);
    assertSingle(change(b -> b.description("new words")), "contract", "description changed",
        false);
  }

  @Test
  void rangeWider_isBreaking_narrower_isNot_moved_isBreaking() {
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("count-range") ? Rules.range("count", 0, 1000) : r).toList())),
        "field 'count'", "range widened from [0, 100] to [0, 1000]", true);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("count-range") ? Rules.range("count", 10, 100) : r).toList())),
        "field 'count'", "range narrowed from [0, 100] to [10, 100]", false);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("count-range") ? Rules.range("count", 10, 200) : r).toList())),
        "field 'count'", "range moved from [0, 100] to [10, 200]", true);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .filter(r -> !r.id().equals("count-range")).toList())),
        "field 'count'", "range rule removed or no longer enforced (was [0, 100])", true);
    assertSingle(change(b -> b.rule(Rules.range("ratio", BigDecimal.ZERO, BigDecimal.ONE))),
        "field 'ratio'", "range rule added [0, 1]", false);
  }

  @Test
  void rangeBounds_compareAcrossNumberTypes() {
    // Integer 100 and BigDecimal 100.0 are the same bound
    assertThat(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("count-range")
            ? Rules.range("count", 0L, new BigDecimal("100.0")) : r).toList())).changes())
        .isEmpty();
  }

  @Test
  void lengthWider_isBreaking_narrower_isNot() {
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("name-length") ? Rules.length("name", 0, 50) : r).toList())),
        "field 'name'", "length widened from [1, 50] to [0, 50]", true);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("name-length") ? Rules.length("name", 2, 40) : r).toList())),
        "field 'name'", "length narrowed from [1, 50] to [2, 40]", false);
  }

  @Test
  void allowedValuesMore_isBreaking_fewer_isNot() {
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("note-allowed-values")
            ? Rules.allowedValues("note", "a", "b", "c") : r).toList())),
        "field 'note'", "allowed values widened added [c]", true);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("note-allowed-values") ? Rules.allowedValues("note", "a") : r)
        .toList())), "field 'note'", "allowed values narrowed removed [b]", false);
  }

  @Test
  void patternRemoved_isBreaking_added_isNot_replaced_isBreaking() {
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .filter(r -> !r.id().equals("code-pattern")).toList())),
        "field 'code'", "pattern removed: [[A-Z]+]", true);
    assertSingle(change(b -> b.rule(Rules.pattern("note", "[a-z]"))),
        "field 'note'", "pattern added: [[a-z]]", false);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("code-pattern") ? Rules.pattern("code", "[A-Z0-9]+") : r)
        .toList())), "field 'code'", "pattern replaced: [[A-Z]+] by [[A-Z0-9]+]", true);
  }

  @Test
  void ruleActionToWarn_isBreaking_fromWarn_isNot_failQuarantineSwap_isNot() {
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("note-not-null") ? Rules.notNull("note").action(Action.WARN)
            : r).toList())),
        "field 'note'", "not-null rule removed or no longer enforced", true);
    DataContract warn = base().clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("note-not-null") ? Rules.notNull("note").action(Action.WARN)
            : r).toList()).build();
    assertSingle(Compatibility.check(warn, base().build()), "field 'note'",
        "not-null rule added", false);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("note-not-null") ? Rules.notNull("note").action(Action.FAIL)
            : r).toList())),
        "rule 'note-not-null'", "action changed from quarantine to fail", false);
  }

  @Test
  void customRuleRemoved_isBreaking_added_isNot() {
    DataContract withCustom = base().rule(Rules.custom("sane", r -> true)).build();

    assertSingle(Compatibility.check(withCustom, base().build()), "rule 'sane'",
        "custom rule removed or no longer enforced", true);
    assertSingle(Compatibility.check(base().build(), withCustom), "rule 'sane'",
        "custom rule added", false);
  }

  @Test
  void notInFutureAndUniqueRules_removed_isBreaking() {
    DataContract with = base().rule(Rules.unique("note")).build();

    assertSingle(Compatibility.check(with, base().build()), "field 'note'",
        "unique rule removed or no longer enforced", true);
  }

  @Test
  void rowCountWider_isBreaking_narrower_isNot() {
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("row-count") ? Rules.rowCount(0, 1000) : r).toList())),
        "publication", "row count widened from [1, 1000] to [0, 1000]", true);
    assertSingle(change(b -> b.clearRules().rules(base().build().rules().stream()
        .map(r -> r.id().equals("row-count") ? Rules.rowCount(1, 500) : r).toList())),
        "publication", "row count narrowed from [1, 1000] to [1, 500]", false);
  }

  @Test
  void datasetRuleRemoved_isBreaking() {
    DataContract with = base().rule(Rules.dataset("ratio", s -> true, "few rejects")).build();

    assertSingle(Compatibility.check(with, base().build()), "rule 'ratio'",
        "dataset rule removed or no longer enforced", true);
  }

  @Test
  void freshnessLonger_isBreaking_retentionShorter_isBreaking() {
    assertSingle(change(b -> b.freshness(Duration.ofHours(48))), "contract",
        "freshness lengthened from PT24H to PT48H", true);
    assertSingle(change(b -> b.freshness(Duration.ofHours(12))), "contract",
        "freshness shortened from PT24H to PT12H", false);
    assertSingle(change(b -> b.retention(Duration.ofDays(7))), "contract",
        "retention shortened from PT720H to PT168H", true);
    assertSingle(change(b -> b.retention(Duration.ofDays(90))), "contract",
        "retention lengthened from PT720H to PT2160H", false);
  }

  @Test
  void frequencyLongerOrRemoved_isBreaking_shorterOrAdded_isNot() {
    DataContract daily = base().frequency(Duration.ofDays(1)).build();
    assertSingle(Compatibility.check(daily, base().frequency(Duration.ofDays(7)).build()),
        "contract", "frequency lengthened from PT24H to PT168H", true);
    assertSingle(Compatibility.check(daily, base().build()), "contract",
        "frequency of PT24H removed", true);
    assertSingle(Compatibility.check(daily, base().frequency(Duration.ofHours(1)).build()),
        "contract", "frequency shortened from PT24H to PT1H", false);
    assertSingle(Compatibility.check(base().build(), daily), "contract",
        "frequency of PT24H added", false);
  }

  @Test
  void customPropertiesChanged_isNotBreaking() {
    assertSingle(change(b -> b.customProperty("team", "x")), "contract",
        "custom properties [team] changed", false);
  }

  @Test
  void sensitiveField_changeDescriptionsHideValues() {
    DataContract before = base().rule(Rules.allowedValues("email", "a@x.example")).build();
    DataContract after = base().rule(Rules.allowedValues("email", "a@x.example",
        "secret@x.example")).build();

    Compatibility.Report r = Compatibility.check(before, after);

    assertSingle(r, "field 'email'", "allowed values widened", true);
    assertThat(r.toString()).doesNotContain("secret@x.example");
  }

  @Test
  void majorRaised_isReported() {
    Compatibility.Report r = change(b -> b.version("2.0.0").schema(SCHEMA.without("ratio")));

    assertThat(r.isBreaking()).isTrue();
    assertThat(r.majorRaised()).isTrue();
    assertThat(r.toString()).startsWith("changes from 1.0.0 to 2.0.0:\nBREAKING");
  }
}
