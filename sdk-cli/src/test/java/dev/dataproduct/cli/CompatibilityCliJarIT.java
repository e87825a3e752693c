package dev.dataproduct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool runs alone: {@code java -jar sdk-cli-<version>-all.jar} in a fresh JVM, with
 * nothing on its class path but the jar, exits 1 on a breaking change and 0 on a compatible one.
 */
class CompatibilityCliJarIT {
  @TempDir Path dir;

  private static final Schema V1 = Schema.of(Field.required("id", FieldType.INTEGER),
      Field.optional("note", FieldType.STRING));

  private Path write(String name, String version, Schema schema) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, DataContracts.toYaml(DataContract.builder("orders").version(version)
        .schema(schema).build()));
    return p;
  }

  private Result java(Path... files) throws Exception {
    Path jar = Path.of(System.getProperty("cli.jar"));
    assertThat(jar).exists();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[] command = new String[3 + files.length];
    command[0] = javaBin;
    command[1] = "-jar";
    command[2] = jar.toString();
    for (int i = 0; i < files.length; i++) {
      command[3 + i] = files[i].toString();
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the tool ends").isTrue();
    return new Result(p.exitValue(), output);
  }

  private record Result(int code, String output) {}

  @Test
  void jar_breakingChange_exitsOne_namingTheChange() throws Exception {
    Result r = java(write("a.yaml", "1.0.0", V1), write("b.yaml", "1.1.0", V1.without("note")));

    assertThat(r.code()).as(r.output()).isEqualTo(CompatibilityCli.BREAKING);
    assertThat(r.output()).contains("field 'note': removed").contains("1 breaking");
  }

  @Test
  void jar_compatibleChange_exitsZero() throws Exception {
    Result r = java(write("a.yaml", "1.0.0", V1),
        write("b.yaml", "1.1.0", V1.with(Field.optional("x", FieldType.DATE))));

    assertThat(r.code()).as(r.output()).isEqualTo(CompatibilityCli.OK);
    assertThat(r.output()).contains("0 breaking");
  }
}
