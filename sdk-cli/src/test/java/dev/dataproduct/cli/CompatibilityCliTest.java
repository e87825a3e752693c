package dev.dataproduct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.policy.Rules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityCliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static DataContract contract(String version, Schema schema) {
    return DataContract.builder("orders").version(version).schema(schema)
        .rule(Rules.custom("sane", r -> true)).build();
  }

  private static final Schema V1 = Schema.of(Field.required("id", FieldType.INTEGER),
      Field.optional("note", FieldType.STRING));

  private Path write(String name, DataContract c) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, DataContracts.toYaml(c));
    return p;
  }

  private int run(String... args) {
    return CompatibilityCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_nonBreakingChanges_exitsZeroAndPrintsEachChange() throws Exception {
    Path a = write("a.yaml", contract("1.0.0", V1));
    Path b = write("b.yaml", contract("1.1.0", V1.with(Field.optional("x", FieldType.DATE))));

    int code = run(a.toString(), b.toString());

    assertThat(code).isEqualTo(CompatibilityCli.OK);
    assertThat(out()).contains("contract orders: 1.0.0 -> 1.1.0")
        .contains("non-breaking  field 'x': added (optional date)")
        .contains("1 change(s), 0 breaking");
  }

  @Test
  void run_breakingChange_exitsOneNamingIt() throws Exception {
    Path a = write("a.yaml", contract("1.0.0", V1));
    Path b = write("b.yaml", contract("1.1.0", V1.without("note")));

    int code = run(a.toString(), b.toString());

    assertThat(code).isEqualTo(CompatibilityCli.BREAKING);
    assertThat(out()).contains("BREAKING      field 'note': removed");
    assertThat(err()).contains("1 breaking change(s) without a new major version (publish as"
        + " 2.0.0)");
  }

  @Test
  void run_breakingChangeWithNewMajor_exitsOne_unlessAllowed() throws Exception {
    Path a = write("a.yaml", contract("1.0.0", V1));
    Path b = write("b.yaml", contract("2.0.0", V1.without("note")));

    assertThat(run(a.toString(), b.toString())).isEqualTo(CompatibilityCli.BREAKING);
    assertThat(run("--allow-new-major", a.toString(), b.toString()))
        .isEqualTo(CompatibilityCli.OK);
    assertThat(out()).contains("breaking changes accepted: the major version was raised");
  }

  @Test
  void run_identicalFiles_exitsZero() throws Exception {
    Path a = write("a.yaml", contract("1.0.0", V1));

    assertThat(run(a.toString(), a.toString())).isEqualTo(CompatibilityCli.OK);
    assertThat(out()).contains("no changes");
  }

  @Test
  void run_unreadableOrInvalidInput_exitsTwo() throws Exception {
    Path a = write("a.yaml", contract("1.0.0", V1));
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "apiVersion: v3.1.0\nkind: DataContract\n");

    assertThat(run(a.toString(), dir.resolve("missing.yaml").toString()))
        .isEqualTo(CompatibilityCli.UNUSABLE);
    assertThat(err()).contains("cannot compare:").contains("missing.yaml");
    assertThat(run(a.toString(), broken.toString())).isEqualTo(CompatibilityCli.UNUSABLE);
    assertThat(err()).contains("broken.yaml: $.version: missing required property 'version'");
  }

  @Test
  void run_badArguments_exitsTwoWithUsage() {
    assertThat(run("only-one.yaml")).isEqualTo(CompatibilityCli.UNUSABLE);
    assertThat(run("--frobnicate", "a", "b")).isEqualTo(CompatibilityCli.UNUSABLE);
    assertThat(err()).contains("usage: CompatibilityCli").contains("unknown option --frobnicate");
  }
}
