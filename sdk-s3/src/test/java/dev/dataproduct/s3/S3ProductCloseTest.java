package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static dev.dataproduct.s3.S3Fixtures.contract;
import static dev.dataproduct.s3.S3Fixtures.copy;
import static dev.dataproduct.s3.S3Fixtures.orders;
import static dev.dataproduct.s3.S3Fixtures.readAll;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** Closing a product that publishes to S3 ends the port's upload threads, not the client. */
class S3ProductCloseTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  private static final String PREFIX = "sales/orders";

  private final String bucket = S3.newBucket();
  /** Unique per test, so that the upload threads found by name are this port's only. */
  private final String portName = "lake-" + UUID.randomUUID().toString().substring(0, 8);

  private OutputPort port(S3Client client) {
    return S3OutputPort.builder(portName).client(client).bucket(bucket).prefix(PREFIX)
        .contract(contract("1.0.0"))
        .accessPolicy(AccessPolicy.allow("owner").unmask("customer_email"))
        .build();
  }

  private List<Thread> uploadThreads() {
    String prefix = "dataproduct-s3-upload-" + portName + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .collect(Collectors.toList());
  }

  private List<Thread> uploadThreadsAfter(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    List<Thread> alive = uploadThreads();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      alive = uploadThreads();
    }
    return alive;
  }

  @Test
  void close_afterRun_endsThePortsUploadThreads_clientStillWorks() throws Exception {
    S3Client client = S3.client();
    List<Row> rows = orders(1, 500);
    DataProduct product = copy(rows, port(client), dp.telemetry());
    assertThat(product.run()).succeeded().wrote(portName, rows.size());
    assertThat(uploadThreads()).as("upload threads of port %s idle after the run", portName)
        .isNotEmpty();

    product.close();

    assertThat(uploadThreadsAfter(5_000)).as("upload threads after close").isEmpty();
    assertThat(client.listObjectsV2(r -> r.bucket(bucket).prefix(PREFIX)).contents())
        .as("the user's client still answers").isNotEmpty();
    OutputPort again = port(client);
    assertThat(readAll(again, ReadOptions.latest())).as("a new port over the same client")
        .containsExactlyElementsOf(rows);
  }

  @Test
  void open_onStoreOfClosedProduct_throwsIllegalStateNamingThePort() {
    OutputPort port = port(S3.client());
    DataProduct product = copy(orders(1, 3), port, dp.telemetry());
    product.close();

    DataProduct another = DataProduct.builder("orders-copy-2").version("1.0.0").domain("sales")
        .owner(dev.dataproduct.Owner.business("ana@example.com"),
            dev.dataproduct.Owner.technical("sales-data-eng"))
        .input(InMemoryInputPort.of("orders", S3Fixtures.relaxed(S3Fixtures.ORDERS),
            S3Fixtures.rebind(orders(1, 3), S3Fixtures.relaxed(S3Fixtures.ORDERS))))
        .output(port)
        .telemetry(dp.telemetry())
        .build();
    RunResult run = another.run();
    assertThat(run).failed();
    assertThat(run.error()).get(InstanceOfAssertFactories.THROWABLE)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + portName + "'").hasMessageContaining("closed");
  }
}
