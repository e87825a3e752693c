package dev.dataproduct.kafka;

import dev.dataproduct.ContinuousRun;
import dev.dataproduct.DataProduct;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.Transform;
import dev.dataproduct.testing.InMemoryInputPort;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process {@link KafkaCrashTest} kills with SIGKILL. {@code mid <bootstrap> <topic> <from>}:
 * a batch run that produces half its rows, says {@code MID} and hangs inside its transaction.
 * {@code stream <bootstrap> <in> <out>}: a continuous Kafka-to-Kafka product, forever.
 */
public final class CrashChild {
  private CrashChild() {}

  static DataProduct.Builder product(String name) {
    return DataProduct.builder(name).version("1.0.0").domain("sales")
        .owner(Owner.business("biz@example.com"), Owner.technical("sales-eng"));
  }

  static KafkaOutputPort.Builder output(String bootstrap, String topic) {
    return KafkaOutputPort.builder("orders-out").properties(Map.of("bootstrap.servers",
        bootstrap)).topic(topic).contract(KafkaFixtures.orderContract());
  }

  static List<Row> orders(int from, int count) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      rows.add(Row.of(KafkaFixtures.ORDER, (long) i, "PT", new BigDecimal("1.25")));
    }
    return rows;
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args[1];
    if (args[0].equals("mid")) {
      int from = Integer.parseInt(args[3]);
      Transform hang = ctx -> {
        int n = 0;
        for (Row r : ctx.rows("orders")) {
          ctx.emit(r);
          if (++n == 60) {
            System.out.println("MID");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
          }
        }
      };
      product("crash-batch").batchSize(20)
          .input(InMemoryInputPort.of("orders", KafkaFixtures.ORDER, orders(from, 100)))
          .transform(hang)
          .output(output(bootstrap, args[2]).build()).build().run();
    } else {
      Transform slow = ctx -> {
        for (Row r : ctx.rows("orders")) {
          ctx.emit(r);
          if (r.getLong("order_id") % 10 == 0) {
            Thread.sleep(5);
          }
        }
      };
      DataProduct p = product("crash-stream").batchSize(25)
          .input(KafkaInputPort.builder("orders").properties(Map.of("bootstrap.servers",
              bootstrap)).topic(args[2]).groupId("crash-stream").schema(KafkaFixtures.ORDER)
              .maxRecords(100).maxWait(Duration.ofMillis(100)).build())
          .transform(slow)
          .output(output(bootstrap, args[3]).build()).build();
      p.runContinuously(ContinuousRun.options().idleWait(Duration.ofMillis(100))
          .onResult(r -> System.out.println("RUN " + r.outcome() + " " + r.rowsWritten())));
      System.out.println("STARTED");
      System.out.flush();
    }
  }
}
