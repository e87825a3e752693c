package dev.dataproduct.bench.core;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.telemetry.Telemetry;
import dev.dataproduct.testing.InMemoryInputPort;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Uniqueness in bounded memory. Run it in a 256 MB heap:
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar \
 *     dev.dataproduct.bench.core.UniquenessMemoryBenchmark [rows] [fitRows] [rounds] [spillDir]
 * </pre>
 *
 * <p>Part 1, {@code sparse}: {@code rows} rows (default 100,000,000) with ids spread over the long
 * range (every thousandth repeats an earlier one) through the ten rules of {@link BenchData}
 * (unique id among them) into a store that counts rows, with the default uniqueness memory (a
 * quarter of the heap): wall time, rows per second, peak heap (the sum of the heap pools' peaks)
 * and peak resident memory of the process, the most bytes the spill directory held (sampled every
 * 100 ms), and the run's counts. In the heap those keys would need 1.6 to 3.2 GB.
 *
 * <p>Part 2, {@code fit}: the cost of the budget when keys fit in memory: {@code fitRows} rows
 * (default 1,000,000) with sparse ids, then with dense ids, each run {@code rounds} times
 * (default 5) alternating the default budget with {@code uniquenessMemory(Long.MAX_VALUE)} (keys
 * never spill); rows per second of each and their ratio. The same check code runs in both (the
 * budget is a bound, not a second path), so the ratio should be 1.00 within noise.
 */
public final class UniquenessMemoryBenchmark {
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private UniquenessMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
    long fitRows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    boolean own = args.length <= 3;
    Path spill = own ? Files.createTempDirectory("uniqueness-bench-") : Path.of(args[3]);
    System.out.printf("heap %d MiB, spill directory %s%n",
        Runtime.getRuntime().maxMemory() >> 20, spill);

    sparse(rows, spill);
    fit(fitRows, rounds, spill, true);
    fit(fitRows, rounds, spill, false);
    if (own) {
      Files.deleteIfExists(spill); // each run deleted its own spill directory in it
    }
  }

  private static void sparse(long rows, Path spill) throws Exception {
    DataProduct p = product(rows, true, spill, 0);
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    AtomicLong peakSpill = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (running.get()) {
        peakSpill.accumulateAndGet(sizeOf(spill), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "spill-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long t0 = System.nanoTime();
    RunResult r = p.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    running.set(false);
    sampler.join();
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("sparse: %,d rows in %.1f s (%,.0f rows/s), outcome %s, written %,d,"
        + " quarantined %,d%n", rows, seconds, rows / seconds, r.outcome(), r.rowsWritten(),
        r.rowsQuarantined());
    System.out.printf("sparse: peak heap %d MiB (budget %d MiB), peak RSS %s, spill peak on"
        + " disk %d MiB, left after the run %d bytes%n", peakHeap >> 20,
        p.uniquenessMemory() >> 20, peakRss(), peakSpill.get() >> 20, sizeOf(spill));
    r.error().ifPresent(e -> System.out.println("sparse: error " + e));
  }

  private static void fit(long rows, int rounds, Path spill, boolean sparse) {
    DataProduct budgeted = product(rows, sparse, spill, 0);
    DataProduct unbounded = product(rows, sparse, spill, Long.MAX_VALUE);
    // warm up both
    budgeted.run().orThrow();
    unbounded.run().orThrow();
    double b = 0;
    double u = 0;
    for (int i = 0; i < rounds; i++) {
      b += timed(budgeted);
      u += timed(unbounded);
    }
    System.out.printf("fit (%s ids, %,d rows, %d rounds): default budget %,.0f rows/s, keys"
        + " never spilled %,.0f rows/s, ratio %.3f%n", sparse ? "sparse" : "dense", rows,
        rounds, rows * rounds / b, rows * rounds / u, u / b);
  }

  private static double timed(DataProduct p) {
    long t0 = System.nanoTime();
    RunResult r = p.run();
    double s = (System.nanoTime() - t0) / 1e9;
    if (!r.succeeded()) {
      throw new IllegalStateException("Benchmark run failed: " + r);
    }
    return s;
  }

  private static DataProduct product(long rows, boolean sparse, Path spill, long memory) {
    DataProduct.Builder b = DataProduct.builder("uniqueness-bench")
        .version("1.0.0").domain("bench")
        .owner(Owner.business("b@example.com"), Owner.technical("bench"))
        .input(InMemoryInputPort.generated("orders", BenchData.ORDERS, rows,
            i -> row(i, sparse)))
        .output(OutputPort.builder("out", new TelemetryOverheadBenchmark.CountingStore())
            .contract(BenchData.contract()).build())
        .batchSize(10_000)
        .telemetry(Telemetry.noop())
        .spillDirectory(spill);
    if (memory > 0) {
      b.uniquenessMemory(memory);
    }
    return b.build();
  }

  /** Row {@code i}: valid for the ten rules; its id sparse or dense, every 1000th a repeat. */
  static Row row(long i, boolean sparse) {
    long n = i % 1000 == 999 ? i - 500 : i;
    long id = sparse ? new SplittableRandom(n * 0x9E3779B97F4A7C15L).nextLong() : n;
    SplittableRandom rnd = new SplittableRandom(i);
    return Row.of(BenchData.ORDERS, id, "customer-" + (i % 5000),
        BenchData.COUNTRIES[rnd.nextInt(BenchData.COUNTRIES.length)],
        BenchData.CURRENCIES[rnd.nextInt(BenchData.CURRENCIES.length)],
        BigDecimal.valueOf(rnd.nextInt(1, 10_000_000), 2),
        BenchData.STATUSES[rnd.nextInt(BenchData.STATUSES.length)],
        BASE.plusSeconds(rnd.nextInt(10_000_000)), "note " + (i % 100));
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0; // deleted meanwhile
        }
      }).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a file went away while walking: the next sample counts again
    }
  }

  private static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return line.substring(6).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "n/a";
  }
}
