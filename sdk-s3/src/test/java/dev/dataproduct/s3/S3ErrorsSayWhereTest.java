package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static dev.dataproduct.s3.S3Fixtures.contract;
import static dev.dataproduct.s3.S3Fixtures.copy;
import static dev.dataproduct.s3.S3Fixtures.orders;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.RunResult;
import dev.dataproduct.StorageException;
import dev.dataproduct.testing.InMemoryLineageTransport;
import dev.dataproduct.lineage.OpenLineageEmitter;
import dev.dataproduct.testing.DataProductExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 failure names the product's port, what the run was doing with it and what to check, in
 * the run's error, its span status and its failed OpenLineage event, and never a row's value.
 */
class S3ErrorsSayWhereTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  @Test
  void run_againstAnS3ThatDoesNotAnswer_failsNamingThePortTheStepAndWhatToCheck()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once the socket is closed
    }
    InMemoryLineageTransport lineage = InMemoryLineageTransport.create();
    try (S3Client unreachable = S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + closed))
            .region(Region.US_EAST_1).forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
            .overrideConfiguration(o -> o.retryStrategy(
                software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
            .build();
        OpenLineageEmitter emitter = OpenLineageEmitter.builder(lineage).build()) {
      DataProduct p = copy(orders(1, 5), S3OutputPort.builder("orders-lake")
          .client(unreachable).bucket(S3.newBucket()).prefix("sales/orders")
          .contract(contract("1.0.0")).build(), dp.telemetry())
          .toBuilder().listener(emitter).build();

      RunResult run = p.run();

      assertThat(run).failed();
      Throwable error = run.error().orElseThrow();
      assertThat(error).isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Output port 'orders-lake': ")
          .hasMessageContaining("checking the contract against the last publication failed: S3 ")
          .hasMessageContaining("failed before S3 answered")
          .hasMessageContaining("check the endpoint");
      String message = DataProductException.describe(error);
      assertThat(message).isEqualTo(error.getMessage());

      SpanData runSpan = dp.spans("dataproduct.run orders-copy").get(0);
      assertThat(runSpan.getStatus().getDescription()).isEqualTo(message);

      emitter.close();
      JsonNode fail = new ObjectMapper().readTree(lineage.events().get(1));
      assertThat(fail.get("eventType").asText()).isEqualTo("FAIL");
      assertThat(fail.get("run").get("facets").get("errorMessage").get("message").asText())
          .isEqualTo(message);
      // the rows' pii (customer1@example.com ...) reaches none of it
      assertThat(lineage.events()).noneMatch(e -> e.contains("customer1@"));
      assertThat(message).doesNotContain("customer1@");
    }
  }
}
