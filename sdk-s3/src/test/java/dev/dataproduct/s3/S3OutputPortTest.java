package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3;
import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import static dev.dataproduct.s3.S3Fixtures.ORDERS;
import static dev.dataproduct.s3.S3Fixtures.contract;
import static dev.dataproduct.s3.S3Fixtures.copy;
import static dev.dataproduct.s3.S3Fixtures.drain;
import static dev.dataproduct.s3.S3Fixtures.keys;
import static dev.dataproduct.s3.S3Fixtures.order;
import static dev.dataproduct.s3.S3Fixtures.orders;
import static dev.dataproduct.s3.S3Fixtures.readAll;
import static dev.dataproduct.s3.S3Fixtures.text;
import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dataproduct.AccessDeniedException;
import dev.dataproduct.CommitOutcomeUnknownException;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunOutcome;
import dev.dataproduct.RunResult;
import dev.dataproduct.StorageException;
import dev.dataproduct.VendorException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.format.Formats;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.s3.S3Fixtures.MutableClock;
import dev.dataproduct.s3.S3Fixtures.Recorder;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.telemetry.TelemetryNames;
import dev.dataproduct.testing.DataProductExtension;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.TestWriteContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3OutputPortTest {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  @RegisterExtension final DataProductExtension dp = DataProductExtension.create();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "sales/orders";

  private final String bucket = S3.newBucket();

  private S3OutputPort.Builder port(String name) {
    return port(name, S3.client());
  }

  private S3OutputPort.Builder port(String name, S3Client client) {
    return S3OutputPort.builder(name).client(client).bucket(bucket).prefix(PREFIX)
        .contract(contract("1.0.0"))
        .accessPolicy(AccessPolicy.allow("owner").unmask("customer_email"));
  }

  private RunResult publish(OutputPort port, List<Row> rows) {
    return dp.run(copy(rows, port, dp.telemetry()));
  }

  private static List<Row> tricky() {
    List<Row> rows = new ArrayList<>(orders(1, 300));
    rows.add(Row.of(ORDERS, 1000L, "DE", new BigDecimal("0.01"), null, null, null, null));
    rows.add(Row.of(ORDERS, 1001L, "FR", new BigDecimal("9999999999.99"), "zoë@exämple.com",
        null, Instant.parse("1970-01-01T00:00:00Z"), "ünïcødé € \uD83D\uDE00 \"q\", a,b\r\nc"));
    rows.add(Row.of(ORDERS, 1002L, "IT", new BigDecimal("1.00"), "", null, null, ""));
    return rows;
  }

  // -------------------------------------------------------------------------------------------
  // round trips and layout

  @ParameterizedTest
  @ValueSource(strings = {"jsonl", "csv"})
  void publish_thenRead_returnsEveryRowExactly(String format) {
    OutputPort port = port("orders-lake").format(Formats.byName(format).orElseThrow()).build();
    List<Row> rows = tricky();

    RunResult run = publish(port, rows);

    assertThat(run).succeeded().wrote("orders-lake", rows.size()).accountingBalanced();
    assertThat(readAll(port, ReadOptions.latest())).containsExactlyElementsOf(rows);
    assertThat(keys(S3.client(), bucket, PREFIX + "/data/")).singleElement().asString()
        .endsWith("/part-00000." + format);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jsonl", "csv"})
  void publish_everyLogicalTypeWithNullsAndEscapes_roundTripsThroughS3(String format) {
    DataContract all = DataContract.builder("all-types").version("1.0.0")
        .schema(S3Fixtures.ALL_TYPES).build();
    OutputPort port = S3OutputPort.builder("all-types").client(S3.client()).bucket(bucket)
        .prefix("types/" + format).format(Formats.byName(format).orElseThrow()).contract(all)
        .build();
    List<Row> rows = S3Fixtures.allTypes();

    RunResult run = dp.run(S3Fixtures.product("types", InMemoryInputPort.of("in",
        S3Fixtures.ALL_TYPES, rows), port, dp.telemetry()));

    assertThat(run).succeeded().wrote("all-types", rows.size());
    Publication p = port.latest().orElseThrow();
    assertThat(drain(PortStorage.store(port).read(p, S3Fixtures.ALL_TYPES, 2))).containsExactlyElementsOf(rows);
  }

  @Test
  void publish_writesDataThenManifestThenPointer_last() throws IOException {
    Recorder recorder = new Recorder();
    try (S3Client client = S3.server().clientWith(recorder)) {
      OutputPort port = port("orders-lake", client).build();
      RunResult run = publish(port, orders(1, 50));
      assertThat(run).succeeded();

      List<String> writes = recorder.requests.stream()
          .filter(r -> r.startsWith("PutObject") || r.startsWith("UploadPart")
              || r.startsWith("CompleteMultipartUpload"))
          .filter(r -> !r.contains("/_probe/"))
          .collect(Collectors.toList());
      assertThat(writes).hasSize(3);
      assertThat(writes.get(0)).matches("PutObject " + PREFIX
          + "/data/\\d{8}T\\d{6}Z-[0-9a-f]{12}/part-00000\\.jsonl");
      assertThat(writes.get(1)).isEqualTo("PutObject " + PREFIX
          + "/manifests/00000000000000000001.json");
      assertThat(writes.get(2)).isEqualTo("PutObject " + PREFIX + "/_latest");

      JsonNode pointer = JSON.readTree(text(S3.client(), bucket, PREFIX + "/_latest"));
      assertThat(pointer.get("publicationId").asLong()).isEqualTo(1);
      assertThat(pointer.get("manifest").asText())
          .isEqualTo("manifests/00000000000000000001.json");

      JsonNode m = JSON.readTree(text(S3.client(), bucket,
          PREFIX + "/manifests/00000000000000000001.json"));
      Publication p = run.publication("orders-lake").orElseThrow();
      assertThat(m.get("publicationId").asLong()).isEqualTo(1);
      assertThat(m.get("runId").asText()).isEqualTo(run.runId());
      assertThat(m.get("rows").asLong()).isEqualTo(50);
      assertThat(m.get("bytes").asLong()).isEqualTo(p.bytes()).isPositive();
      assertThat(m.get("format").asText()).isEqualTo("jsonl");
      assertThat(Instant.parse(m.get("committedAt").asText())).isEqualTo(p.committedAt());
      assertThat(m.at("/contract/apiVersion").asText()).isEqualTo("v3.1.0");
      assertThat(m.at("/contract/version").asText()).isEqualTo("1.0.0");
      assertThat(m.at("/contract/schema/0/properties/0/name").asText()).isEqualTo("order_id");
      assertThat(m.at("/contract/schema/0/properties/3/classification").asText())
          .isEqualTo("pii");
      JsonNode file = m.at("/files/0");
      String dataKey = PREFIX + "/" + file.get("path").asText();
      byte[] data = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(dataKey))
          .asByteArray();
      assertThat(file.get("bytes").asLong()).isEqualTo(data.length);
      assertThat(file.get("rows").asLong()).isEqualTo(50);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(data);
      assertThat(file.get("crc32c").asText()).isEqualTo(java.util.Base64.getEncoder()
          .encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
      assertThat(p.location()).isEqualTo("s3://" + bucket + "/" + PREFIX
          + "/manifests/00000000000000000001.json");
    }
  }

  @Test
  void publish_largerThanOnePart_uploadsSeveralPartsOfOneObject() {
    Recorder recorder = new Recorder();
    try (S3Client client = S3.server().clientWith(recorder)) {
      OutputPort port = port("orders-lake", client).partSize(S3OutputPort.MIN_PART_SIZE)
          .uploadConcurrency(2).build();
      List<Row> rows = bigOrders(60_000); // ~12.5 MB of JSON Lines: three 5 MiB parts

      RunResult run = publish(port, rows);

      assertThat(run).succeeded().wrote("orders-lake", rows.size());
      assertThat(recorder.matching("UploadPart ")).hasSize(3);
      assertThat(recorder.matching("CompleteMultipartUpload ")).hasSize(1);
      String dataKey = keys(S3.client(), bucket, PREFIX + "/data/").get(0);
      assertThat(S3.client().headObject(b -> b.bucket(bucket).key(dataKey)).eTag())
          .endsWith("-3\"");
      assertThat(run.publication("orders-lake").orElseThrow().bytes())
          .isGreaterThan(2L * S3OutputPort.MIN_PART_SIZE);
      List<Row> back = readAll(port, ReadOptions.latest());
      assertThat(back).hasSize(rows.size());
      assertThat(back.get(0)).isEqualTo(rows.get(0));
      assertThat(back.get(rows.size() - 1)).isEqualTo(rows.get(rows.size() - 1));
    }
  }

  private static List<Row> bigOrders(int count) {
    List<Row> rows = new ArrayList<>(count);
    String pad = "x".repeat(60);
    for (long i = 0; i < count; i++) {
      rows.add(order(i).with("note", "note " + i + " " + pad));
    }
    return rows;
  }

  @Test
  void publish_beyondMaxFileSize_rollsOverToSeveralFiles() throws IOException {
    OutputPort port = port("orders-lake").maxFileSize(16 * 1024).build();
    List<Row> rows = orders(1, 2_000);

    RunResult run = publish(port, rows);

    assertThat(run).succeeded();
    List<String> files = keys(S3.client(), bucket, PREFIX + "/data/");
    assertThat(files.size()).isGreaterThan(5);
    assertThat(files).allMatch(k -> k.matches(".*/part-\\d{5}\\.jsonl"));
    JsonNode m = JSON.readTree(text(S3.client(), bucket,
        PREFIX + "/manifests/00000000000000000001.json"));
    assertThat(m.get("files")).hasSize(files.size());
    long rowsInFiles = 0;
    for (JsonNode f : m.get("files")) {
      rowsInFiles += f.get("rows").asLong();
      assertThat(f.get("bytes").asLong()).isLessThan(16 * 1024 + 400);
    }
    assertThat(rowsInFiles).isEqualTo(rows.size());
    assertThat(readAll(port, ReadOptions.latest())).containsExactlyElementsOf(rows);
  }

  @Test
  void read_givenOldPublication_afterNewerOnes_returnsItsRowsAndContract() {
    OutputPort v1 = port("orders-lake").build();
    publish(v1, orders(1, 10)).orThrow();
    publish(v1, orders(100, 20)).orThrow();
    DataContract minor = contract("1.1.0");
    OutputPort v11 = port("orders-lake").contract(minor).build();
    publish(v11, orders(200, 30)).orThrow();

    assertThat(v11.publications()).extracting(Publication::id).containsExactly(1L, 2L, 3L);
    assertThat(readAll(v11, ReadOptions.publication(1))).containsExactlyElementsOf(
        orders(1, 10));
    assertThat(readAll(v11, ReadOptions.publication(2))).hasSize(20);
    assertThat(readAll(v11, ReadOptions.latest())).hasSize(30);
    PublicationStore store = PortStorage.store(v11);
    // each as declared, plus the record of who published it (PublishedAccess)
    assertThat(store.contractOf(store.publication(1).orElseThrow())
        .map(dev.dataproduct.contract.PublishedAccess::detach)).contains(contract("1.0.0"));
    assertThat(store.contractOf(store.latest().orElseThrow())
        .map(dev.dataproduct.contract.PublishedAccess::detach)).contains(minor);
    assertThat(store.latest().orElseThrow().contractVersion()).isEqualTo("1.1.0");
  }

  // -------------------------------------------------------------------------------------------
  // failures: abort, crashes

  @Test
  void abort_withPartsInFlight_leavesPointerUntouchedAndNothingStaged() throws Exception {
    OutputPort port = port("orders-lake").partSize(S3OutputPort.MIN_PART_SIZE).build();
    publish(port, orders(1, 10)).orThrow();
    String pointerBefore = text(S3.client(), bucket, PREFIX + "/_latest");
    List<String> before = keys(S3.client(), bucket, PREFIX + "/data/");

    PublicationWriter writer = PortStorage.store(port).open(TestWriteContext.of("orders-lake",
        contract("1.0.0")).runId("run-x"));
    List<Row> big = bigOrders(40_000);
    for (int i = 0; i < big.size(); i += 1_000) {
      writer.write(big.subList(i, i + 1_000));
    }
    assertThat(writer.bytesWritten()).isGreaterThan(S3OutputPort.MIN_PART_SIZE);
    awaitOpenMultipartUploads(1); // created on an upload thread
    writer.abort();
    writer.abort(); // idempotent

    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(keys(S3.client(), bucket, PREFIX + "/data/")).isEqualTo(before);
    assertThat(text(S3.client(), bucket, PREFIX + "/_latest")).isEqualTo(pointerBefore);
    assertThat(readAll(port, ReadOptions.latest())).containsExactlyElementsOf(orders(1, 10));
    assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aborted");
  }

  /** Waits (up to 10 s) until the bucket has exactly {@code n} open multipart uploads. */
  private void awaitOpenMultipartUploads(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int open;
    while ((open = S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().size())
        != n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(open).as("open multipart uploads").isEqualTo(n);
  }

  @Test
  void transientServerErrors_areRetriedByTheClientsRetryStrategy_notByThePort() {
    // the first answer to each data upload becomes a 503, as from an overloaded server
    java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ExecutionInterceptor busyOnce = new ExecutionInterceptor() {
      @Override
      public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(
          software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse c,
          software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
        String key = c.request().getValueForField("Key", String.class).orElse("");
        if (key.contains("/data/") && failedOnce.add(key)) {
          return c.httpResponse().toBuilder().statusCode(503).statusText("Slow Down").build();
        }
        return c.httpResponse();
      }
    };
    try (S3Client retrying = S3.server().clientWith(busyOnce)) {
      RunResult run = publish(port("orders-lake", retrying).build(), orders(1, 50));
      assertThat(run).succeeded().wrote("orders-lake", 50);
    }
    assertThat(failedOnce).isNotEmpty(); // a 503 did happen and was retried
    failedOnce.clear();
    try (S3Client noRetries = S3Client.builder().endpointOverride(S3.endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
            .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
        .overrideConfiguration(o -> o.addExecutionInterceptor(busyOnce)
            .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build()) {
      RunResult run = publish(port("orders-lake", noRetries).build(), orders(1, 50));
      assertThat(run).failed();
      assertThat(run.error().orElseThrow()).isInstanceOf(StorageException.class)
          .hasMessageContaining("HTTP 503");
    }
  }

  @Test
  void uploadFailure_midPublication_failsTheRunAndLeavesNothingStaged() {
    OutputPort healthy = port("orders-lake").build();
    publish(healthy, orders(1, 10)).orThrow();
    List<String> before = keys(S3.client(), bucket, PREFIX + "/");
    java.util.concurrent.atomic.AtomicInteger parts = new java.util.concurrent.atomic.AtomicInteger();
    ExecutionInterceptor secondPartFails = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
          software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
        if (c.request() instanceof software.amazon.awssdk.services.s3.model.UploadPartRequest
            && parts.incrementAndGet() == 2) {
          throw S3Exception.builder().statusCode(500).message("simulated server error").build();
        }
      }
    };
    try (S3Client flaky = S3.server().clientWith(secondPartFails)) {
      OutputPort port = port("orders-lake", flaky).partSize(S3OutputPort.MIN_PART_SIZE).build();

      RunResult run = publish(port, bigOrders(60_000));

      assertThat(run).failed().publishedNothing();
      assertThat(run.error().orElseThrow()).isInstanceOf(StorageException.class)
          .hasMessageContaining("UploadPart s3://" + bucket + "/" + PREFIX + "/data/");
    }
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(keys(S3.client(), bucket, PREFIX + "/")).isEqualTo(before);
    assertThat(readAll(healthy, ReadOptions.latest())).hasSize(10);
  }

  @Test
  @Timeout(60)
  void multipartUploadRefused_failsTheRunNamingTheObject_insteadOfWaitingForBuffers() {
    OutputPort healthy = port("orders-lake").build();
    publish(healthy, orders(1, 10)).orThrow();
    List<String> before = keys(S3.client(), bucket, PREFIX + "/");
    ExecutionInterceptor refuseCreate = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
          software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
        if (c.request() instanceof CreateMultipartUploadRequest) {
          try {
            Thread.sleep(500); // a slow answer: the encoder has filled every buffer meanwhile
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw S3Exception.builder().statusCode(403).message("simulated refusal").build();
        }
      }
    };
    try (S3Client refusing = S3.server().clientWith(refuseCreate)) {
      // many parts: every part waiting for the refused upload must hand its buffer back
      OutputPort port = port("orders-lake", refusing).partSize(S3OutputPort.MIN_PART_SIZE)
          .build();

      RunResult run = publish(port, bigOrders(200_000));

      assertThat(run).failed().publishedNothing();
      assertThat(run.error().orElseThrow()).isInstanceOf(StorageException.class)
          .hasMessageContaining("Access denied to s3://" + bucket + "/" + PREFIX + "/data/")
          .hasMessageContaining("(CreateMultipartUpload, HTTP 403)");
    }
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(keys(S3.client(), bucket, PREFIX + "/")).isEqualTo(before);
    assertThat(readAll(healthy, ReadOptions.latest())).hasSize(10);
  }

  @Test
  void commit_afterAnotherWriterCommittedSinceOpen_takesTheNextIdAndMovesThePointerPastIt() {
    OutputPort port = port("orders-lake").build();
    publish(port, orders(1, 3)).orThrow();
    // both open on publication 1: the first to commit takes 2, the other must take 3
    PublicationWriter slow = PortStorage.store(port).open(TestWriteContext.of("orders-lake",
        contract("1.0.0")).runId("run-slow"));
    PublicationWriter fast = PortStorage.store(port).open(TestWriteContext.of("orders-lake",
        contract("1.0.0")).runId("run-fast"));
    slow.write(orders(100, 5));
    fast.write(orders(200, 7));

    assertThat(fast.commit().id()).isEqualTo(2);
    Publication late = slow.commit();

    assertThat(late.id()).isEqualTo(3);
    assertThat(port.latest().orElseThrow().id()).isEqualTo(3);
    assertThat(port.publications()).extracting(Publication::id).containsExactly(1L, 2L, 3L);
    assertThat(readAll(port, ReadOptions.publication(2))).containsExactlyElementsOf(
        orders(200, 7));
    assertThat(readAll(port, ReadOptions.latest())).containsExactlyElementsOf(orders(100, 5));
  }

  @Test
  void failedRun_afterDataFilesComplete_deletesThemAndKeepsPreviousVersion() {
    OutputPort port = port("orders-lake").maxFileSize(8 * 1024).build();
    publish(port, orders(1, 5)).orThrow();
    List<String> before = keys(S3.client(), bucket, PREFIX + "/");
    dev.dataproduct.Transform boom = ctx -> {
      int n = 0;
      for (Row r : ctx.rows("orders")) {
        ctx.emit(r);
        if (++n == 900) {
          throw new IllegalStateException("transform failed after several files");
        }
      }
    };
    RunResult failed = dp.run(S3Fixtures.product("orders-copy", InMemoryInputPort.of("orders",
        S3Fixtures.relaxed(ORDERS), S3Fixtures.rebind(orders(10, 1000),
            S3Fixtures.relaxed(ORDERS))), port, dp.telemetry()).toBuilder().transform(boom)
        .batchSize(100).build());

    assertThat(failed).failed().publishedNothing();
    assertThat(keys(S3.client(), bucket, PREFIX + "/")).isEqualTo(before);
    assertThat(port.latest().orElseThrow().id()).isEqualTo(1);
  }

  @Test
  void writerKilledBetweenDataAndManifest_leavesNoVisibleChange() {
    OutputPort healthy = port("orders-lake").build();
    publish(healthy, orders(1, 10)).orThrow();
    Publication before = healthy.latest().orElseThrow();
    Recorder recorder = new Recorder();
    recorder.failWhen = r -> r.startsWith("PutObject ") && r.contains("/manifests/");
    try (S3Client dying = S3.server().clientWith(recorder)) {
      RunResult killed = publish(port("orders-lake", dying).build(), orders(100, 50));

      assertThat(killed).hasOutcome(RunOutcome.COMMIT_UNKNOWN).publishedNothing();
      assertThat(killed.portStates()).containsEntry("orders-lake",
          RunResult.PortState.COMMIT_UNKNOWN);
      assertThat(killed.error().orElseThrow()).isInstanceOf(CommitOutcomeUnknownException.class)
          .hasMessageContaining("/manifests/00000000000000000002.json")
          .hasMessageContaining("the staged data files of this publication are kept");
    }
    // the dead writer's data file is there, unreferenced; readers do not see it
    assertThat(keys(S3.client(), bucket, PREFIX + "/data/")).hasSize(2);
    assertThat(keys(S3.client(), bucket, PREFIX + "/manifests/")).hasSize(1);
    OutputPort fresh = port("orders-lake").build();
    assertThat(fresh.latest()).contains(before);
    assertThat(fresh.publications()).containsExactly(before);
    assertThat(readAll(fresh, ReadOptions.latest())).containsExactlyElementsOf(orders(1, 10));
    // and the port carries on
    publish(fresh, orders(200, 5)).orThrow();
    assertThat(fresh.latest().orElseThrow().id()).isEqualTo(2);
    assertThat(readAll(fresh, ReadOptions.latest())).containsExactlyElementsOf(orders(200, 5));
  }

  @Test
  void writerKilledBetweenManifestAndPointer_keepsPreviousVersionUntilNextCommit() {
    OutputPort healthy = port("orders-lake").build();
    publish(healthy, orders(1, 10)).orThrow();
    Recorder recorder = new Recorder();
    recorder.failWhen = r -> r.equals("PutObject " + PREFIX + "/_latest");
    try (S3Client dying = S3.server().clientWith(recorder)) {
      RunResult killed = publish(port("orders-lake", dying).build(), orders(100, 50));
      assertThat(killed).hasOutcome(RunOutcome.COMMIT_UNKNOWN);
      assertThat(killed.portStates()).containsExactly(
          java.util.Map.entry("orders-lake", RunResult.PortState.COMMIT_UNKNOWN));
      assertThat(killed.error().orElseThrow()).isInstanceOf(CommitOutcomeUnknownException.class)
          .hasMessageContaining("Publication 2 of s3://" + bucket + "/" + PREFIX
              + " could not be committed nor rolled back")
          .hasMessageContaining("becomes visible with the next commit");
    }
    OutputPort fresh = port("orders-lake").build();
    assertThat(fresh.latest().orElseThrow().id()).isEqualTo(1);
    assertThat(fresh.publications()).extracting(Publication::id).containsExactly(1L);
    assertThat(readAll(fresh, ReadOptions.latest())).hasSize(10);

    publish(fresh, orders(200, 5)).orThrow();

    // the next commit claims the id after the orphaned (complete) manifest and covers both
    assertThat(fresh.latest().orElseThrow().id()).isEqualTo(3);
    assertThat(fresh.publications()).extracting(Publication::id).containsExactly(1L, 2L, 3L);
    assertThat(readAll(fresh, ReadOptions.publication(2))).containsExactlyElementsOf(
        orders(100, 50));
  }

  @Test
  void commit_whoseManifestAndPointerResponsesAreLost_stillPublishesOnce() {
    OutputPort healthy = port("orders-lake").build();
    publish(healthy, orders(1, 10)).orThrow();
    Recorder recorder = new Recorder();
    recorder.loseResponseOnce = r -> r.startsWith("PutObject ")
        && (r.contains("/manifests/") || r.endsWith("/_latest"));
    try (S3Client flaky = S3.server().clientWith(recorder)) {
      OutputPort port = port("orders-lake", flaky).build();

      RunResult run = publish(port, orders(100, 20));

      assertThat(run).succeeded().wrote("orders-lake", 20);
      assertThat(run.publication("orders-lake").orElseThrow().id()).isEqualTo(2);
      assertThat(recorder.matching("PutObject " + PREFIX + "/manifests/")).hasSize(1);
    }
    assertThat(healthy.publications()).extracting(Publication::id).containsExactly(1L, 2L);
    assertThat(readAll(healthy, ReadOptions.latest())).containsExactlyElementsOf(
        orders(100, 20));
  }

  // -------------------------------------------------------------------------------------------
  // concurrency

  @Test
  void concurrentWriters_onSeparatePortInstances_claimDistinctIdsAndAllStayReadable()
      throws Exception {
    int writers = 4;
    CountDownLatch allEmitted = new CountDownLatch(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<RunResult>> runs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        OutputPort own = port("orders-lake").build(); // as separate services would
        List<Row> rows = orders(w * 1_000L, 100 + w);
        dev.dataproduct.Transform emitThenWait = ctx -> {
          for (Row r : ctx.rows("orders")) {
            ctx.emit(r);
          }
          allEmitted.countDown();
          allEmitted.await(30, TimeUnit.SECONDS); // commit together
        };
        dev.dataproduct.DataProduct product = copy(rows, own, dp.telemetry()).toBuilder()
            .transform(emitThenWait).build();
        runs.add(pool.submit(product::run));
      }
      for (Future<RunResult> f : runs) {
        assertThat(f.get(60, TimeUnit.SECONDS)).succeeded();
      }
    } finally {
      pool.shutdownNow();
    }
    OutputPort reader = port("orders-lake").build();
    List<Publication> all = reader.publications();
    assertThat(all).extracting(Publication::id).containsExactly(1L, 2L, 3L, 4L);
    assertThat(reader.latest().orElseThrow().id()).isEqualTo(4);
    assertThat(all).extracting(Publication::rows).containsExactlyInAnyOrder(100L, 101L, 102L,
        103L);
    for (Publication p : all) {
      assertThat(readAll(reader, ReadOptions.publication(p.id()))).hasSize((int) p.rows());
    }
  }

  // -------------------------------------------------------------------------------------------
  // retention

  @Test
  void retainLast_deletesOlderManifestsThenTheirFiles_afterThePointerMoved() {
    Recorder recorder = new Recorder();
    try (S3Client client = S3.server().clientWith(recorder)) {
      OutputPort port = port("orders-lake", client).retainLast(2).build();
      for (int run = 0; run < 4; run++) {
        publish(port, orders(run * 100L, 10 + run)).orThrow();
      }

      assertThat(port.publications()).extracting(Publication::id).containsExactly(3L, 4L);
      assertThat(keys(S3.client(), bucket, PREFIX + "/manifests/")).containsExactly(
          PREFIX + "/manifests/00000000000000000003.json",
          PREFIX + "/manifests/00000000000000000004.json");
      assertThat(keys(S3.client(), bucket, PREFIX + "/data/")).hasSize(2);
      assertThatThrownBy(() -> readAll(port, ReadOptions.publication(1)))
          .isInstanceOf(DataProductException.class)
          .hasMessageContaining("has no publication 1").hasMessageContaining("[3, 4]");
      assertThat(readAll(port, ReadOptions.publication(3))).hasSize(12);
      // publication 1 went once the pointer had moved to 3: its manifest first, then its files
      List<String> order = recorder.requests.stream()
          .filter(r -> r.equals("PutObject " + PREFIX + "/_latest")
              || (r.startsWith("DeleteObjects") && !r.contains("/_probe/")))
          .map(r -> r.replaceAll("/data/[^/]+/", "/data/*/"))
          .collect(Collectors.toList());
      String pointer = "PutObject " + PREFIX + "/_latest";
      assertThat(order).containsExactly(pointer, pointer, pointer,
          "DeleteObjects " + PREFIX + "/manifests/00000000000000000001.json",
          "DeleteObjects " + PREFIX + "/data/*/part-00000.jsonl", pointer,
          "DeleteObjects " + PREFIX + "/manifests/00000000000000000002.json",
          "DeleteObjects " + PREFIX + "/data/*/part-00000.jsonl");
    }
  }

  @Test
  void retainFor_deletesPublicationsOlderThanTheAge_butAlwaysKeepsTheLatest() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-31T00:00:00Z"));
    OutputPort port = port("orders-lake").retainFor(Duration.ofMinutes(90)).clock(clock)
        .build();
    publish(port, orders(1, 1)).orThrow();
    clock.advance(Duration.ofHours(1));
    publish(port, orders(2, 2)).orThrow();
    clock.advance(Duration.ofHours(1));
    publish(port, orders(3, 3)).orThrow();
    assertThat(port.publications()).extracting(Publication::id).containsExactly(2L, 3L);

    clock.advance(Duration.ofDays(10));
    publish(port, orders(4, 4)).orThrow();
    assertThat(port.publications()).extracting(Publication::id).containsExactly(4L);
    assertThat(keys(S3.client(), bucket, PREFIX + "/data/")).hasSize(1);
  }

  @Test
  void contractRetention_isTheDefault_whenThePortSetsNone() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-31T00:00:00Z"));
    DataContract withRetention = contract("1.0.0").toBuilder().retention(Duration.ofDays(7))
        .build();
    OutputPort port = port("orders-lake").contract(withRetention).clock(clock).build();
    publish(port, orders(1, 1)).orThrow();
    clock.advance(Duration.ofDays(8));
    publish(port, orders(2, 1)).orThrow();
    assertThat(port.publications()).extracting(Publication::id).containsExactly(2L);
  }

  @Test
  void retention_removesAbandonedStagingDirectoriesAndUploads_afterTheGracePeriod() {
    S3Client s3 = S3.client();
    Instant now = Instant.now();
    java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter
        .ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    String old = PREFIX + "/data/" + f.format(now) + "-aaaaaaaaaaaa/part-00000.jsonl";
    String young = PREFIX + "/data/" + f.format(now.plus(Duration.ofHours(47)))
        + "-bbbbbbbbbbbb/part-00000.jsonl";
    s3.putObject(b -> b.bucket(bucket).key(old), RequestBody.fromString("{}\n"));
    s3.putObject(b -> b.bucket(bucket).key(young), RequestBody.fromString("{}\n"));
    String stale = s3.createMultipartUpload(b -> b.bucket(bucket)
        .key(PREFIX + "/data/" + f.format(now) + "-cccccccccccc/part-00000.jsonl")).uploadId();
    // the store lives two days ahead: everything staged "now" is older than 24 hours to it
    MutableClock clock = new MutableClock(now.plus(Duration.ofDays(2)));
    OutputPort port = port("orders-lake").retainLast(5).clock(clock).build();

    publish(port, orders(1, 3)).orThrow();

    List<String> left = keys(s3, bucket, PREFIX + "/data/");
    assertThat(left).doesNotContain(old).contains(young).hasSize(2);
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads())
        .noneMatch(u -> u.uploadId().equals(stale));
    assertThat(readAll(port, ReadOptions.latest())).hasSize(3);
  }

  // -------------------------------------------------------------------------------------------
  // integrity and errors

  @Test
  void read_ofCorruptedDataFile_failsWithChecksumMismatchNamingTheObject() {
    OutputPort port = port("orders-lake").build();
    publish(port, orders(1, 100)).orThrow();
    String dataKey = keys(S3.client(), bucket, PREFIX + "/data/").get(0);
    byte[] data = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(dataKey))
        .asByteArray();
    String text = new String(data, StandardCharsets.UTF_8);
    int at = text.indexOf("customer42@");
    data[at] = (byte) 'K'; // same length, still valid JSON: only the checksum can tell
    S3.client().putObject(b -> b.bucket(bucket).key(dataKey), RequestBody.fromBytes(data));

    assertThatThrownBy(() -> readAll(port, ReadOptions.latest()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("Checksum mismatch in s3://" + bucket + "/" + dataKey)
        .hasMessageContaining("publication 1")
        .hasMessageNotContaining("customer");
  }

  @Test
  void read_ofDataFileBrokenMidRow_reportsTheChecksumMismatch_notAParseError() {
    OutputPort port = port("orders-lake").build();
    publish(port, orders(1, 100)).orThrow();
    String dataKey = keys(S3.client(), bucket, PREFIX + "/data/").get(0);
    byte[] data = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(dataKey))
        .asByteArray();
    data[data.length / 2] = '{';
    S3.client().putObject(b -> b.bucket(bucket).key(dataKey), RequestBody.fromBytes(data));

    assertThatThrownBy(() -> readAll(port, ReadOptions.latest()))
        .isInstanceOf(StorageException.class).hasMessageContaining("Checksum mismatch");
  }

  @Test
  void read_ofTruncatedDataFile_failsWithSizeMismatch() {
    OutputPort port = port("orders-lake").build();
    publish(port, orders(1, 100)).orThrow();
    String dataKey = keys(S3.client(), bucket, PREFIX + "/data/").get(0);
    byte[] data = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(dataKey))
        .asByteArray();
    S3.client().putObject(b -> b.bucket(bucket).key(dataKey),
        RequestBody.fromBytes(java.util.Arrays.copyOf(data, data.length - 10)));

    assertThatThrownBy(() -> readAll(port, ReadOptions.latest()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("is " + (data.length - 10) + " bytes, but its manifest says "
            + data.length);
  }

  @Test
  void upload_corruptedOnTheWay_isRejectedByS3ThroughItsChecksum_andTheRunFails() {
    try (S3Client corrupting = S3.server().clientWith(flipByteOfDataFiles())) {
      RunResult run = publish(port("orders-lake", corrupting).build(), orders(1, 100));

      assertThat(run).failed().publishedNothing();
      assertThat(run.error().orElseThrow()).isInstanceOf(StorageException.class)
          .hasMessageContaining("PutObject s3://" + bucket + "/" + PREFIX + "/data/")
          .hasCauseInstanceOf(VendorException.class)
          .cause().hasMessageStartingWith("software.amazon.awssdk.services.s3.model.");
    }
    // the conditional-write probe removes its own key in the background
    assertThat(keys(S3.client(), bucket, PREFIX + "/")).allMatch(k -> k.contains("/_probe/"));
  }

  @Test
  void upload_corruptedOnTheWay_withoutUploadChecksums_isCaughtByTheManifestWhenRead() {
    try (S3Client corrupting = S3.server().clientWith(flipByteOfDataFiles())) {
      OutputPort port = port("orders-lake", corrupting).uploadChecksums(false).build();
      assertThat(publish(port, orders(1, 100))).succeeded();
    }
    assertThatThrownBy(() -> readAll(port("orders-lake").build(), ReadOptions.latest()))
        .isInstanceOf(StorageException.class).hasMessageContaining("Checksum mismatch");
  }

  /** Flips one byte of every data file on its way to S3, after its checksum was computed. */
  private static ExecutionInterceptor flipByteOfDataFiles() {
    return new ExecutionInterceptor() {
      @Override
      public java.util.Optional<RequestBody> modifyHttpContent(
          software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
          software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
        boolean data = context.request().getValueForField("Key", String.class)
            .map(k -> k.contains("/data/")).orElse(false);
        if (!data || context.requestBody().isEmpty()) {
          return context.requestBody();
        }
        RequestBody original = context.requestBody().get();
        return java.util.Optional.of(RequestBody.fromContentProvider(() -> {
          byte[] bytes;
          try (java.io.InputStream in = original.contentStreamProvider().newStream()) {
            bytes = in.readAllBytes();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          bytes[bytes.length / 2] ^= 1;
          return new java.io.ByteArrayInputStream(bytes);
        }, original.optionalContentLength().orElseThrow(), "application/octet-stream"));
      }
    };
  }

  @Test
  void run_onMissingBucket_failsWithMessageNamingTheBucket() {
    OutputPort port = S3OutputPort.builder("orders-lake").client(S3.client())
        .bucket("no-such-bucket").prefix(PREFIX).contract(contract("1.0.0")).build();

    RunResult run = publish(port, orders(1, 3));

    assertThat(run).failed();
    Throwable e = run.error().orElseThrow();
    assertThat(e).isInstanceOf(StorageException.class)
        .hasMessageContaining("Bucket 'no-such-bucket' does not exist")
        .hasCauseInstanceOf(VendorException.class)
          .cause().hasMessageStartingWith("software.amazon.awssdk.services.s3.model.");
    assertThat(((StorageException) e).vendorCode()).isEqualTo("NoSuchBucket");
  }

  @Test
  void run_withRejectedCredentials_failsWithAccessDeniedMessage() {
    try (S3Client wrong = S3.server().clientWith(EmbeddedS3.ACCESS_KEY, "not-the-secret")) {
      OutputPort port = port("orders-lake", wrong).build();

      RunResult run = publish(port, orders(1, 3));

      assertThat(run).failed();
      assertThat(run.error().orElseThrow()).isInstanceOf(StorageException.class)
          .hasMessageContaining("Access denied to s3://" + bucket + "/" + PREFIX + "/_latest")
          .hasMessageContaining("HTTP 403")
          .hasCauseInstanceOf(VendorException.class)
          .cause().hasMessageStartingWith("software.amazon.awssdk.services.s3.model.");
      assertThat(((StorageException) run.error().orElseThrow()).vendorCode())
          .isEqualTo("SignatureDoesNotMatch");
    }
  }

  // -------------------------------------------------------------------------------------------
  // quarantine, telemetry, builder

  @Test
  void rejectedRows_goToQuarantineFileOfTheRun_withRuleIdAndReason() throws IOException {
    OutputPort port = port("orders-lake").build();
    List<Row> rows = new ArrayList<>(orders(1, 5));
    rows.add(order(6).with("amount", new BigDecimal("-5.00")));
    rows.add(order(7).with("country", "XX"));

    RunResult run = publish(port, rows);

    assertThat(run).succeeded().wrote("orders-lake", 5)
        .quarantined("orders-lake", 1, "amount-range")
        .quarantined("orders-lake", 1, "country-allowed-values");
    String key = PREFIX + "/_quarantine/" + run.runId() + ".jsonl";
    assertThat(keys(S3.client(), bucket, PREFIX + "/_quarantine/")).contains(key);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text(S3.client(), bucket, key).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).extracting(n -> n.get(Quarantine.RULE_ID).asText())
        .containsExactlyInAnyOrder("amount-range", "country-allowed-values");
    assertThat(lines).allSatisfy(n -> {
      assertThat(n.get(Quarantine.REASON).asText()).isNotBlank();
      assertThat(n.get(Quarantine.RUN_ID).asText()).isEqualTo(run.runId());
      assertThat(n.get(Quarantine.RECORD).asText()).contains("\"order_id\"");
    });
    Publication q = PortStorage.quarantine(port).latest().orElseThrow();
    assertThat(q.rows()).isEqualTo(2);
    assertThat(drain(PortStorage.quarantine(port).read(q, Quarantine.SCHEMA, 10))).hasSize(2);
  }

  @Test
  void writeSpan_carriesBucketAndManifestKey_andBytesMeterMatchesThePublication() {
    OutputPort port = port("orders-lake").build();
    RunResult run = publish(port, orders(1, 20));

    Publication p = run.publication("orders-lake").orElseThrow();
    SpanData write = dp.spans(TelemetryNames.SPAN_WRITE + " orders-lake").get(0);
    assertThat(write.getAttributes().get(AttributeKey.stringKey("aws.s3.bucket")))
        .isEqualTo(bucket);
    assertThat(write.getAttributes().get(AttributeKey.stringKey("aws.s3.key")))
        .isEqualTo(PREFIX + "/manifests/00000000000000000001.json");
    assertThat(dp.meters()).counter(TelemetryNames.METER_BYTES_WRITTEN, "port", "orders-lake")
        .hasCount(p.bytes());
  }

  @Test
  void consumeSpan_ofAGrantedRead_carriesTheBucketAndTheChosenPublicationsManifestKey() {
    OutputPort port = port("orders-lake").build();
    DataProduct product = copy(orders(1, 20), port, dp.telemetry());
    assertThat(dp.run(product)).succeeded();
    assertThat(dp.run(product)).succeeded();

    try (BatchReader r = product.read("orders-lake", Principal.of("ana").withRoles("owner"),
        ReadOptions.publication(1))) {
      assertThat(drain(r)).hasSize(20);
    }

    SpanData consume = dp.spans(TelemetryNames.SPAN_CONSUME + " orders-lake").get(0);
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("aws.s3.bucket")))
        .isEqualTo(bucket);
    assertThat(consume.getAttributes().get(AttributeKey.stringKey("aws.s3.key")))
        .isEqualTo(PREFIX + "/manifests/00000000000000000001.json");
    assertThat(consume.getAttributes().get(TelemetryNames.PUBLICATION_ID)).isEqualTo(1L);
    assertThat(consume.getAttributes().get(TelemetryNames.PORT_TYPE)).isEqualTo("s3");
  }

  @Test
  void consumeSpan_ofADeniedRead_carriesNoS3Attributes() {
    OutputPort port = port("orders-lake").build();
    DataProduct product = copy(orders(1, 5), port, dp.telemetry());
    assertThat(dp.run(product)).succeeded();

    assertThatThrownBy(() -> product.read("orders-lake", Principal.of("mallory"),
        ReadOptions.latest())).isInstanceOf(AccessDeniedException.class);

    SpanData consume = dp.spans(TelemetryNames.SPAN_CONSUME + " orders-lake").get(0);
    assertThat(consume.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
        .noneMatch(k -> k.startsWith("aws."));
  }

  @Test
  void odcsDocument_ofThePort_describesTheS3ServerAndValidates() {
    OutputPort json = port("orders-lake").build();
    OutputPort csv = port("orders-csv").format(Formats.csv()).build();

    assertThat(PortStorage.store(json).server()).containsEntry("type", "s3")
        .containsEntry("location", "s3://" + bucket + "/" + PREFIX)
        .containsEntry("format", "json").containsEntry("delimiter", "new_line")
        .containsEntry("endpointUrl", S3.endpoint().toString());
    assertThat(PortStorage.store(csv).server()).containsEntry("format", "csv")
        .doesNotContainKey("delimiter");
    String yaml = dev.dataproduct.contract.DataContracts.toYaml(json);
    assertThat(yaml).contains("type: s3").contains("location: s3://" + bucket + "/" + PREFIX);
  }

  @Test
  void builder_withoutRequiredSettings_failsNamingTheSetting() {
    assertThatThrownBy(() -> S3OutputPort.builder("lake").bucket("b").prefix("p")
        .contract(contract("1.0.0")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no S3 client");
    assertThatThrownBy(() -> S3OutputPort.builder("lake").client(S3.client()).prefix("p")
        .contract(contract("1.0.0")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bucket");
    assertThatThrownBy(() -> S3OutputPort.builder("lake").client(S3.client()).bucket("b")
        .contract(contract("1.0.0")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no prefix");
    assertThatThrownBy(() -> S3OutputPort.builder("lake").partSize(1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 MiB, the S3 minimum").hasMessageContaining("was 1024");
    assertThatThrownBy(() -> S3OutputPort.builder("lake").prefix("/a//b/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/a//b/'");
    assertThatThrownBy(() -> S3OutputPort.builder("lake").bucket("lake/sales"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix()");
    assertThat(S3OutputPort.builder("lake").client(S3.client()).bucket("b").prefix("/x/y/")
        .contract(contract("1.0.0")).build().type()).isEqualTo("s3");
  }
}
