package dev.dataproduct.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.Publication;
import dev.dataproduct.RunResult;
import dev.dataproduct.testing.InMemoryInputPort;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Processes killed with SIGKILL ({@code Process.destroyForcibly} on Linux) in the middle of a
 * publication: nothing of it is ever visible, the next run publishes the next id, and a
 * continuous Kafka-to-Kafka product killed again and again neither loses nor duplicates a record.
 *
 * <p>Nothing here depends on how fast the machine is: the test kills a child when the child has
 * said how far it is (a line on its output) and, mid-publication, when the broker holds records
 * of the open transaction; it waits on conditions with generous deadlines, which only bound how
 * long a failure takes to show.
 */
class KafkaCrashTest {
  /** How long a child may take to get somewhere on a loaded machine. */
  private static final Duration PATIENCE = Duration.ofMinutes(5);
  /**
   * How long the output may gain nothing before the stream counts as stalled: a child started
   * after a SIGKILL starts a JVM, fences the killed one's transaction and rejoins the group.
   */
  private static final Duration STALL = Duration.ofMinutes(2);

  /** A child JVM whose output is read as it comes, so that printing never blocks it. */
  private static final class Child implements AutoCloseable {
    private static final String END = "\u0000end";
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Child(String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(
          new File(System.getProperty("java.home"), "bin/java").getPath(),
          "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
          "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
      cmd.addAll(List.of(args));
      process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Thread reader = new Thread(this::drain, "crash-child-output");
      reader.setDaemon(true);
      reader.start();
    }

    private void drain() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the child was killed: its output ends here
      } finally {
        lines.add(END);
      }
    }

    /** Waits until the child prints a line starting with {@code marker}. */
    void awaitLine(String marker) throws InterruptedException {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      for (;;) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("child printed no " + marker + " within " + PATIENCE);
        }
        if (line.equals(END)) {
          throw new AssertionError("child ended before printing " + marker);
        }
        if (line.startsWith(marker)) {
          return;
        }
      }
    }

    boolean isAlive() {
      return process.isAlive();
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
          .as("killed child ended").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }
  }

  /**
   * Waits until the broker holds a record whose key matches, committed or not: what a
   * {@code read_uncommitted} consumer sees.
   */
  private static void awaitUncommitted(String topic, LongPredicate key)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try (KafkaConsumer<byte[], byte[]> c = KafkaFixtures.fromStart(topic, "read_uncommitted")) {
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (key.test(Long.parseLong(KafkaFixtures.text(r.key())))) {
            return;
          }
        }
      }
    }
    throw new AssertionError("no uncommitted record reached " + topic + " within " + PATIENCE);
  }

  @Test
  void killedMidPublication_nothingOfItIsVisible_andTheNextRunPublishesTheNextId()
      throws Exception {
    String bootstrap = EmbeddedKafka.bootstrapServers();
    String topic = EmbeddedKafka.topic("crash-batch");
    DataProduct first = CrashChild.product("crash-batch")
        .input(InMemoryInputPort.of("orders", KafkaFixtures.ORDER, CrashChild.orders(1, 10)))
        .output(CrashChild.output(bootstrap, topic).build()).build();
    Publication before = first.run().orThrow().publication("orders-out").orElseThrow();
    first.close();

    try (Child p = new Child("mid", bootstrap, topic, "5000")) {
      p.awaitLine("MID");
      // the open transaction's records are on the broker when the child dies
      awaitUncommitted(topic, k -> k >= 5000);
      p.kill();
    }

    assertThat(KafkaFixtures.keys(topic)).hasSize(10).allSatisfy(k -> assertThat(k).isBetween(1L, 10L));

    try (DataProduct again = CrashChild.product("crash-batch")
        .input(InMemoryInputPort.of("orders", KafkaFixtures.ORDER, CrashChild.orders(100, 5)))
        .output(CrashChild.output(bootstrap, topic).build()).build()) {
      RunResult run = again.run().orThrow();
      Publication next = run.publication("orders-out").orElseThrow();
      assertThat(next.id()).isEqualTo(before.id() + 1);
      assertThat(again.output("orders-out").publications()).extracting(Publication::id)
          .containsExactly(before.id(), next.id());
    }
    List<Long> keys = KafkaFixtures.keys(topic);
    assertThat(keys).hasSize(15).noneMatch(k -> k >= 5000);
  }

  @Test
  void continuousKafkaToKafka_killedRepeatedly_losesAndDuplicatesNothing() throws Exception {
    String bootstrap = EmbeddedKafka.bootstrapServers();
    String in = EmbeddedKafka.topic("crash-in");
    String out = EmbeddedKafka.topic("crash-out");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(in, 2, (short) 1))).all().get();
    }
    int total = 600;
    long t0 = System.nanoTime();
    KafkaFixtures.produceOrders(in, 0, total);
    Random random = new Random(42);
    int kills = 0;
    for (int round = 0; round < 2; round++) {
      try (Child p = new Child("stream", bootstrap, in, out)) {
        // after one or two micro-batches (of at most 100 of the 600 records), somewhere in the
        // next one: two rounds leave records to the last child whatever the machine's speed
        int runs = 1 + random.nextInt(2);
        for (int i = 0; i < runs; i++) {
          p.awaitLine("RUN");
        }
        Thread.sleep(random.nextInt(100)); // varies where the kill lands; no outcome depends on it
        p.kill();
      }
      kills++;
      int published = KafkaFixtures.keys(out).size();
      System.out.printf("round %d killed at %d ms, %d out%n", round,
          (System.nanoTime() - t0) / 1_000_000, published);
      if (published >= total) {
        break;
      }
    }
    List<Long> expected = LongStream.range(0, total).boxed().toList();
    List<Long> keys;
    try (Child last = new Child("stream", bootstrap, in, out)) {
      try {
        keys = KafkaFixtures.awaitKeys(out, expected, STALL);
      } catch (AssertionError stalled) {
        throw new AssertionError(stalled.getMessage() + "; the last child "
            + (last.isAlive() ? "still runs" : "has ended"), stalled);
      }
    }
    System.out.printf("done at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(kills).isPositive();
    assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }
}
