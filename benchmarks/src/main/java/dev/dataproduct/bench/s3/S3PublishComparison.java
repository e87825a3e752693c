package dev.dataproduct.bench.s3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Transforms;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.spi.ValueDomain;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publishing the same 1,000,000 rows as JSON Lines to the same in-process S3 server (S3Proxy,
 * in memory) in one JVM, three ways, alternating round by round so that drift hits every
 * variant alike:
 *
 * <ul>
 *   <li><b>a. hand-written</b>: what a team writes: a Jackson generator into an 8 MiB buffer,
 *       uploaded as the next part of a multipart upload when full, sequentially;
 *   <li><b>b. sdk</b>: a {@code DataProduct} run into {@code S3OutputPort} (defaults: 8 MiB parts,
 *       2 uploads in flight) with ten rules and real telemetry (OpenTelemetry SDK, Micrometer);
 *       <b>b0</b> the same without rules (the port's own cost); <b>bu</b> the same as b with
 *       the format's value domain declared unrestricted, so that the per-row representability
 *       check (issue 11) compiles to nothing: b/bu in the same round is that check's cost;
 *   <li><b>c. encode only</b>: the SDK's JSON Lines encoder into a null stream (the CPU
 *       ceiling), and the hand-written encoder into a null stream for reference.
 * </ul>
 *
 * <p>Run: {@code java -Xmx3g -cp benchmarks/target/benchmarks.jar
 * dev.dataproduct.bench.s3.S3PublishComparison [rounds] [rows]}; {@code -Dvariant=b} runs the
 * variants whose name starts with that only (the median of the run thread's CPU time per row is
 * printed next to each, of the run thread (the thread that runs the checks) and of the whole
 * process, S3 server included), {@code -DuploadConcurrency=3 -DpartSizeMiB=16} tune
 * the port, {@code -Dwarmup=5} sets the rounds not counted. JMH is not used because it
 * runs benchmarks one after the other, not alternating, and each of these is one long
 * operation (about a second), where JMH's machinery adds nothing.
 */
public final class S3PublishComparison {
  static final int PART = 8 * 1024 * 1024;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final JsonFactory JSON = new JsonFactory();

  private final S3Client s3;
  private final String bucket;
  private final Row[] rows;
  private final List<Row> rowList;
  private final Telemetry telemetry;
  private int run;
  /** Products of the last variant, closed (untimed) in {@link #cleanUp()}. */
  private final List<DataProduct> toClose = new ArrayList<>();

  private S3PublishComparison(S3Client s3, String bucket, Row[] rows, Telemetry telemetry) {
    this.s3 = s3;
    this.bucket = bucket;
    this.rows = rows;
    this.rowList = List.of(rows);
    this.telemetry = telemetry;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
        .ignoreUnknownHeaders(true).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build();
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("access", "secret")))
        .build()) {
      s3.createBucket(b -> b.bucket("bench"));
      Row[] rows = S3BenchData.rows(count);
      Telemetry telemetry = Telemetry.of(
          OpenTelemetrySdk.builder().setTracerProvider(tracing).build(),
          new SimpleMeterRegistry());
      new S3PublishComparison(s3, "bench", rows, telemetry).compare(rounds);
    } finally {
      tracing.close();
      proxy.stop();
    }
  }

  private interface Variant {
    /** Publishes (or encodes) every row once; returns the bytes produced. */
    long run() throws Exception;
  }

  private void compare(int rounds) throws Exception {
    Map<String, Variant> variants = new LinkedHashMap<>();
    variants.put("a. hand-written, sequential 8 MiB multipart", this::handWritten);
    variants.put("b. S3OutputPort, 10 rules, telemetry", () -> sdk(S3BenchData.contract()));
    variants.put("b0. S3OutputPort, no rules, telemetry", () -> sdk(S3BenchData.noRules()));
    variants.put("bu. S3OutputPort, 10 rules, telemetry, no store check",
        () -> sdk(S3BenchData.contract(), new UncheckedJsonLines()));
    variants.put("c. SDK encoder to a null stream", this::sdkEncodeOnly);
    variants.put("c'. hand-written encoder to a null stream", this::handEncodeOnly);
    String only = System.getProperty("variant");
    if (only != null) {
      variants.keySet().removeIf(n -> !n.startsWith(only));
    }
    List<String> names = new ArrayList<>(variants.keySet());
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    names.forEach(n -> results.put(n, new ArrayList<>()));
    // C2 is still compiling the AWS SDK's, S3Proxy's and the runtime's paths in the third round
    // on two cores (PrintCompilation): five rounds bring every variant to its steady state
    int warmup = Integer.getInteger("warmup", 5);
    for (int round = 0; round < warmup + rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size()); // rotate the order
        System.gc();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long processCpu = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        long bytes = variants.get(name).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerRow = (double) (THREADS.getCurrentThreadCpuTime() - cpu) / rows.length;
        double processCpuPerRow = (double) (PROCESS.getProcessCpuTime() - processCpu)
            / rows.length;
        cleanUp();
        if (round >= warmup) {
          results.get(name).add(new double[] {bytes / 1e6 / seconds, rows.length / seconds,
              bytes, cpuPerRow, processCpuPerRow});
        }
        System.out.printf(Locale.ROOT, "%s round %d %-48s %7.1f MB/s %,12.0f rows/s%n",
            round < warmup ? "warmup" : "      ", round, name, bytes / 1e6 / seconds,
            rows.length / seconds);
      }
    }
    System.out.printf(Locale.ROOT, "%nMedian of %d rounds, %,d rows, %s, %d cores:%n", rounds,
        rows.length, Runtime.version(), Runtime.getRuntime().availableProcessors());
    Map<String, Double> mbs = new LinkedHashMap<>();
    for (String n : names) {
      double mb = median(results.get(n), 0);
      mbs.put(n, mb);
      System.out.printf(Locale.ROOT, "  %-48s %7.1f MB/s %,12.0f rows/s  (%.1f MB)"
          + "  CPU/row: run thread %,.0f ns, process %,.0f ns%n", n, mb,
          median(results.get(n), 1), results.get(n).get(0)[2] / 1e6, median(results.get(n), 3),
          median(results.get(n), 4));
    }
    Double a = byPrefix(mbs, "a.");
    Double b = byPrefix(mbs, "b.");
    Double b0 = byPrefix(mbs, "b0.");
    Double c = byPrefix(mbs, "c.");
    if (a != null && b != null && c != null) {
      System.out.printf(Locale.ROOT, "  b/a = %.2f   b/c = %.2f%n", b / a, b / c);
    }
    if (a != null && b0 != null) {
      System.out.printf(Locale.ROOT, "  b0/a = %.2f%n", b0 / a);
    }
    List<double[]> bs = byPrefixList(results, "b.");
    List<double[]> bus = byPrefixList(results, "bu.");
    if (bs != null && bus != null) {
      // the same round's pair: drift between rounds cancels
      List<double[]> paired = new ArrayList<>();
      StringBuilder each = new StringBuilder();
      for (int i = 0; i < bs.size(); i++) {
        double r = bs.get(i)[0] / bus.get(i)[0];
        paired.add(new double[] {r});
        each.append(String.format(Locale.ROOT, " %.3f", r));
      }
      System.out.printf(Locale.ROOT, "  b/bu per round:%s; median %.3f (the representability"
          + " check's cost: 1 - median)%n", each, median(paired, 0));
    }
  }

  private static List<double[]> byPrefixList(Map<String, List<double[]>> results, String prefix) {
    return results.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static Double byPrefix(Map<String, Double> mbs, String prefix) {
    return mbs.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static double median(List<double[]> xs, int field) {
    double[] v = xs.stream().mapToDouble(x -> x[field]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private void cleanUp() {
    toClose.forEach(DataProduct::close); // ends the ports' upload threads
    toClose.clear();
    List<ObjectIdentifier> ids = new ArrayList<>();
    for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket))) {
      for (S3Object o : page.contents()) {
        ids.add(ObjectIdentifier.builder().key(o.key()).build());
      }
    }
    for (int i = 0; i < ids.size(); i += 1000) {
      List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
      s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch)));
    }
  }

  // -------------------------------------------------------------------------------------------
  // a. what a team writes

  private long handWritten() throws IOException {
    String key = "hand/" + (++run) + ".jsonl";
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    ByteArrayOutputStream buf = new ByteArrayOutputStream(PART + 64 * 1024);
    long total = 0;
    try (JsonGenerator g = JSON.createGenerator(buf)) {
      g.setRootValueSeparator(null);
      for (Row r : rows) {
        writeRow(g, r);
        if (buf.size() >= PART) {
          g.flush();
          total += buf.size();
          parts.add(upload(key, uploadId, parts.size() + 1, buf.toByteArray()));
          buf.reset();
        }
      }
      g.flush();
      total += buf.size();
      parts.add(upload(key, uploadId, parts.size() + 1, buf.toByteArray()));
    }
    s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts)));
    return total;
  }

  private CompletedPart upload(String key, String uploadId, int number, byte[] body) {
    String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .partNumber(number), RequestBody.fromBytes(body)).eTag();
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  private static void writeRow(JsonGenerator g, Row r) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", r.getLong(0));
    g.writeStringField("customer", r.getString(1));
    g.writeStringField("country", r.getString(2));
    g.writeStringField("currency", r.getString(3));
    BigDecimal amount = r.getDecimal(4);
    if (amount == null) {
      g.writeNullField("amount");
    } else {
      g.writeNumberField("amount", amount);
    }
    g.writeStringField("status", r.getString(5));
    Instant at = r.getTimestamp(6);
    g.writeStringField("placed_at", at == null ? null : at.toString());
    g.writeStringField("note", r.getString(7));
    g.writeEndObject();
    g.writeRaw('\n');
  }

  // -------------------------------------------------------------------------------------------
  // b. the SDK

  private long sdk(dev.dataproduct.contract.DataContract contract) {
    return sdk(contract, Formats.jsonLines());
  }

  private long sdk(dev.dataproduct.contract.DataContract contract, FileFormat format) {
    OutputPort port = S3OutputPort.builder("orders-lake").client(s3).bucket(bucket)
        .prefix("sdk/" + (++run)).contract(contract).format(format)
        .uploadConcurrency(Integer.getInteger("uploadConcurrency",
            S3OutputPort.DEFAULT_UPLOAD_CONCURRENCY))
        .partSize(Integer.getInteger("partSizeMiB", 8) * 1024 * 1024)
        .build();
    DataProduct product = DataProduct.builder("orders-bench").version("1.0.0").domain("bench")
        .owner(Owner.business("a@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.of("orders", S3BenchData.ORDERS, rowList))
        .transform(Transforms.identity())
        .output(port)
        .telemetry(telemetry)
        .build();
    toClose.add(product);
    RunResult result = product.run().orThrow();
    Publication p = result.publication("orders-lake").orElseThrow();
    if (p.rows() != rows.length) {
      throw new IllegalStateException("Published " + p.rows() + " rows of " + rows.length);
    }
    return p.bytes();
  }

  /**
   * JSON Lines declaring that it holds every value, so that the core compiles no representability
   * check for it: only for measuring that check (the benchmark's rows are all representable).
   */
  private static final class UncheckedJsonLines implements FileFormat {
    private final FileFormat json = Formats.jsonLines();

    @Override
    public String name() {
      return json.name();
    }

    @Override
    public String extension() {
      return json.extension();
    }

    @Override
    public String contentType() {
      return json.contentType();
    }

    @Override
    public Encoder encoder(dev.dataproduct.Schema schema, OutputStream out) throws IOException {
      return json.encoder(schema, out);
    }

    @Override
    public Decoder decoder(dev.dataproduct.Schema schema, java.io.InputStream in, String source)
        throws IOException {
      return json.decoder(schema, in, source);
    }

    @Override
    public ValueDomain valueDomain() {
      return ValueDomain.unrestricted();
    }

    @Override
    public java.util.Optional<String> physicalType(dev.dataproduct.Field field) {
      return json.physicalType(field);
    }
  }

  // -------------------------------------------------------------------------------------------
  // c. encoding alone

  private long sdkEncodeOnly() throws IOException {
    CountingNull out = new CountingNull();
    FileFormat.Encoder e = Formats.jsonLines().encoder(S3BenchData.ORDERS, out);
    for (Row r : rows) {
      e.write(r);
    }
    e.finish();
    return out.count;
  }

  private long handEncodeOnly() throws IOException {
    CountingNull out = new CountingNull();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (Row r : rows) {
        writeRow(g, r);
      }
    }
    return out.count;
  }

  /** Discards bytes, counting them. */
  private static final class CountingNull extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
