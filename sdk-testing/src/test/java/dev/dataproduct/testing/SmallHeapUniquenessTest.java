package dev.dataproduct.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse primary keys in a small heap, in a child JVM with {@code -Xmx64m}: 2.5 million keys
 * spread over the long range (in the heap they would need about 100 MB) publish with the default
 * uniqueness memory, the keys beyond it spilled to disk; with the keys forced to stay in the heap
 * ({@code uniquenessMemory(Long.MAX_VALUE)}) the heap runs out and the run fails cleanly, naming
 * the rule and what to configure, instead of an {@code OutOfMemoryError} escaping {@code run()}.
 */
class SmallHeapUniquenessTest {
  private static final long ROWS = 2_500_000;
  private static final long REPEATS = ROWS / 1000;

  @TempDir Path dir;

  private String child(String memory) throws IOException, InterruptedException {
    Path log = dir.resolve("child-" + memory + ".log");
    Path spill = Files.createDirectories(dir.resolve("spill"));
    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:+UseSerialGC", "-cp", classpath(), SparseKeysRun.class.getName(),
        Long.toString(ROWS), memory, spill.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = child.waitFor(90, TimeUnit.SECONDS);
    if (!done) {
      child.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("child finished in time; output:%n%s", output).isTrue();
    assertThat(child.exitValue()).as("child exit code; output:%n%s", output).isZero();
    try (Stream<Path> left = Files.list(spill)) {
      assertThat(left).as("spill files left by the run").isEmpty();
    }
    System.out.println(output.lines().filter(l -> l.startsWith("RESULT")).findFirst()
        .orElse(output));
    return output;
  }

  private static String classpath() throws IOException {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isBlank() && !new File(entry).exists()) {
        throw new IOException("Class path entry " + entry + " does not exist");
      }
    }
    return cp;
  }

  @Test
  void run_sparseKeysInSmallHeap_spillsAndPublishes() throws Exception {
    String output = child("default");
    Matcher m = Pattern.compile("RESULT outcome=(\\w+) written=(\\d+) quarantined=(\\d+)"
        + " published=(\\d+)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    assertThat(m.group(1)).as(output).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    assertThat(Long.parseLong(m.group(2))).isEqualTo(ROWS - REPEATS);
    assertThat(Long.parseLong(m.group(3))).isEqualTo(REPEATS);
    assertThat(Long.parseLong(m.group(4))).isEqualTo(1);
    assertThat(output).contains("ERROR none");
  }

  @Test
  void run_keysForcedIntoTooSmallHeap_failsCleanlyNamingTheRule() throws Exception {
    String output = child(Long.toString(Long.MAX_VALUE));
    Matcher m = Pattern.compile("RESULT outcome=(\\w+) written=(\\d+) quarantined=(\\d+)"
        + " published=(\\d+)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    assertThat(m.group(1)).as(output).isEqualTo("FAILED");
    assertThat(Long.parseLong(m.group(4))).as("publications").isZero();
    assertThat(output).contains("rule 'id-unique' of output port 'events'")
        .contains("ran out of heap memory").contains("uniquenessMemory(bytes)").contains("-Xmx")
        .doesNotContain("Exception in thread");
  }
}
