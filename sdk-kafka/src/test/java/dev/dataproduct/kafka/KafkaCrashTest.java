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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Processes killed with SIGKILL ({@code Process.destroyForcibly} on Linux) in the middle of a
 * publication: nothing of it is ever visible, the next run publishes the next id, and a
 * continuous Kafka-to-Kafka product killed again and again neither loses nor duplicates a record.
 */
class KafkaCrashTest {

  private static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Waits until the child prints a line starting with {@code marker}. */
  private static void awaitLine(Process p, String marker) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(marker)) {
        return;
      }
    }
    throw new AssertionError("child ended before printing " + marker);
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static List<Long> keys(String topic) {
    List<Long> keys = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaFixtures.readCommitted(topic)) {
      keys.add(Long.parseLong(KafkaFixtures.text(r.key())));
    }
    return keys;
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

    Process p = child("mid", bootstrap, topic, "5000");
    awaitLine(p, "MID");
    Thread.sleep(500); // the producer sends what the run wrote (linger 5 ms)
    kill(p);

    assertThat(keys(topic)).hasSize(10).allSatisfy(k -> assertThat(k).isBetween(1L, 10L));

    try (DataProduct again = CrashChild.product("crash-batch")
        .input(InMemoryInputPort.of("orders", KafkaFixtures.ORDER, CrashChild.orders(100, 5)))
        .output(CrashChild.output(bootstrap, topic).build()).build()) {
      RunResult run = again.run().orThrow();
      Publication next = run.publication("orders-out").orElseThrow();
      assertThat(next.id()).isEqualTo(before.id() + 1);
      assertThat(again.output("orders-out").publications()).extracting(Publication::id)
          .containsExactly(before.id(), next.id());
    }
    List<Long> keys = keys(topic);
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
      Process p = child("stream", bootstrap, in, out);
      awaitLine(p, "RUN");
      Thread.sleep(200 + random.nextInt(500));
      kill(p);
      kills++;
      System.out.printf("round %d killed at %d ms, %d out%n", round,
          (System.nanoTime() - t0) / 1_000_000, keys(out).size());
      if (keys(out).size() >= total) {
        break;
      }
    }
    Process last = child("stream", bootstrap, in, out);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
      while (keys(out).size() < total && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
    } finally {
      kill(last);
    }
    System.out.printf("done at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    List<Long> keys = keys(out);
    assertThat(kills).isPositive();
    assertThat(keys).doesNotHaveDuplicates().hasSize(total);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(
        java.util.stream.LongStream.range(0, total).boxed().toList());
  }
}
