package dev.dataproduct.bench.s3;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.Transforms;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.parquet.ParquetFormats;
import dev.dataproduct.s3.S3OutputPort;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Parquet against JSON Lines on S3: the same 1,000,000 rows published through {@code
 * S3OutputPort} (ten rules, telemetry noop, S3Proxy in memory, one JVM) as JSON Lines and as
 * Parquet (zstd, defaults), then read back through the port, alternating round by round. Reports
 * the bytes stored and throughput in MB/s of rows, where "MB of rows" is the size of the rows as
 * JSON Lines for every variant (so a format that stores fewer bytes is not credited with fewer
 * MB), and rows/s.
 *
 * <p>Run: {@code java -Xmx3g -cp benchmarks/target/benchmarks.jar
 * dev.dataproduct.bench.s3.S3FormatComparison [rounds] [rows]}; {@code -Dwarmup=3} sets the
 * rounds not counted.
 */
public final class S3FormatComparison {
  private final S3Client s3;
  private final Row[] rows;
  private final long jsonBytesOfRows;
  private int run;

  private S3FormatComparison(S3Client s3, Row[] rows) throws IOException {
    this.s3 = s3;
    this.rows = rows;
    this.jsonBytesOfRows = encodedSize(Formats.jsonLines(), rows);
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
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("access", "secret")))
        .build()) {
      s3.createBucket(b -> b.bucket("bench"));
      new S3FormatComparison(s3, S3BenchData.rows(count)).compare(rounds);
    } finally {
      proxy.stop();
    }
  }

  private void compare(int rounds) throws Exception {
    Map<String, FileFormat> formats = new LinkedHashMap<>();
    formats.put("JSON Lines", Formats.jsonLines());
    formats.put("Parquet (zstd)", ParquetFormats.parquet());
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (String f : formats.keySet()) {
      names.add(f + " write");
      names.add(f + " read");
    }
    names.forEach(n -> results.put(n, new ArrayList<>()));
    int warmup = Integer.getInteger("warmup", 3);
    List<String> order = new ArrayList<>(formats.keySet());
    for (int round = 0; round < warmup + rounds; round++) {
      for (int i = 0; i < order.size(); i++) {
        String name = order.get((i + round) % order.size());
        FileFormat format = formats.get(name);
        OutputPort port = port(format);
        try (DataProduct product = product(port)) {
          System.gc();
          long start = System.nanoTime();
          Publication p = product.run().orThrow().publication("orders-lake").orElseThrow();
          double writeSeconds = (System.nanoTime() - start) / 1e9;
          System.gc();
          start = System.nanoTime();
          long read = readAll(product.output("orders-lake"));
          double readSeconds = (System.nanoTime() - start) / 1e9;
          if (p.rows() != rows.length || read != rows.length) {
            throw new IllegalStateException(name + ": wrote " + p.rows() + ", read " + read
                + " of " + rows.length);
          }
          record(results, name + " write", round >= warmup, writeSeconds, p.bytes());
          record(results, name + " read", round >= warmup, readSeconds, p.bytes());
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nMedian of %d rounds, %,d rows (%.1f MB as JSON Lines),"
        + " %s, %d cores:%n", rounds, rows.length, jsonBytesOfRows / 1e6, Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    for (String n : names) {
      List<double[]> r = results.get(n);
      System.out.printf(Locale.ROOT, "  %-24s %7.1f MB/s of rows %,12.0f rows/s  stored %.1f MB%n",
          n, median(r, 0), median(r, 1), r.get(0)[2] / 1e6);
    }
  }

  private void record(Map<String, List<double[]>> results, String name, boolean counted,
      double seconds, long bytes) {
    double mbs = jsonBytesOfRows / 1e6 / seconds;
    if (counted) {
      results.get(name).add(new double[] {mbs, rows.length / seconds, bytes});
    }
    System.out.printf(Locale.ROOT, "%s %-24s %7.1f MB/s of rows %,12.0f rows/s  %.1f MB%n",
        counted ? "      " : "warmup", name, mbs, rows.length / seconds, bytes / 1e6);
  }

  private OutputPort port(FileFormat format) {
    return S3OutputPort.builder("orders-lake").client(s3).bucket("bench")
        .prefix("formats/" + (++run)).format(format).contract(S3BenchData.contract()).build();
  }

  private DataProduct product(OutputPort port) {
    return DataProduct.builder("orders-bench").version("1.0.0").domain("bench")
        .owner(Owner.business("a@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.of("orders", S3BenchData.ORDERS, List.of(rows)))
        .transform(Transforms.identity())
        .output(port)
        .policy(dev.dataproduct.policy.AccessPolicy.allowAll())
        .telemetry(Telemetry.noop())
        .build();
  }

  private static long readAll(OutputPort port) {
    long n = 0;
    try (BatchReader r = port.read(Principal.of("bench").withRoles("owner"),
        ReadOptions.latest())) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        n += b.size();
      }
    }
    return n;
  }

  private static long encodedSize(FileFormat format, Row[] rows) throws IOException {
    long[] count = new long[1];
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        count[0] += len;
      }
    };
    FileFormat.Encoder e = format.encoder(S3BenchData.ORDERS, out);
    for (Row r : rows) {
      e.write(r);
    }
    e.finish();
    return count[0];
  }

  private static double median(List<double[]> xs, int field) {
    double[] v = xs.stream().mapToDouble(x -> x[field]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
