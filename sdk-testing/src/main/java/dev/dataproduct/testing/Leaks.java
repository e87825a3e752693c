package dev.dataproduct.testing;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.assertj.core.api.Assertions;

/**
 * Checks that a value never leaks out of the data path: not into an exception (message, cause
 * chain, suppressed exceptions, stack trace text), a log line, a span, a meter or a lineage
 * event. Put a {@linkplain #canary canary} into a classified field, make the run fail or succeed,
 * and look for it everywhere it must not be.
 *
 * <pre>{@code
 * String canary = Leaks.canary("unique");
 * Leaks.Captured<RunResult> run = Leaks.capturingOutput(() -> dp.run(product(canary)));
 * Leaks.assertAbsent(canary, run.output());                    // log lines, DEBUG included
 * Leaks.assertAbsent(canary, run.value().error().orElseThrow()); // the whole cause chain
 * Leaks.assertAbsent(canary, dp.spans());
 * Leaks.assertAbsent(canary, dp.meters());
 * }</pre>
 *
 * <p>Log capture works with a logging backend that writes to {@code System.out}/{@code
 * System.err} as they are at each call (slf4j-simple's default); run the capture on one thread at
 * a time.
 */
public final class Leaks {
  private Leaks() {}

  /** A value that cannot occur by chance: {@code CANARY-<label>-<random>@leak.test}. */
  public static String canary(String label) {
    return "CANARY-" + label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@leak.test";
  }

  /** What {@link #capturingOutput} returns: the action's value and what was printed meanwhile. */
  public record Captured<T>(T value, String output) {}

  /**
   * Runs {@code action} while copying everything printed to {@code System.out} and {@code
   * System.err} (still printed as usual).
   */
  public static synchronized <T> Captured<T> capturingOutput(Supplier<T> action) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(out, copy), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, copy), true, StandardCharsets.UTF_8));
    T value;
    try {
      value = action.get();
    } finally {
      System.out.flush();
      System.err.flush();
      System.setOut(out);
      System.setErr(err);
    }
    return new Captured<>(value, copy.toString(StandardCharsets.UTF_8));
  }

  /** {@code text} (captured output, a lineage event) does not contain {@code canary}. */
  public static void assertAbsent(String canary, String text) {
    Assertions.assertThat(text).as("text").doesNotContain(canary);
  }

  /**
   * Neither {@code error} nor any exception of its chain (causes, suppressed exceptions, their
   * causes) holds {@code canary} in its message, its {@code toString()} or its printed stack
   * trace.
   */
  public static void assertAbsent(String canary, Throwable error) {
    StringWriter printed = new StringWriter();
    error.printStackTrace(new PrintWriter(printed));
    Assertions.assertThat(printed.toString()).as("printed stack trace").doesNotContain(canary);
    for (Throwable t : chain(error)) {
      Assertions.assertThat(String.valueOf(t.getMessage()))
          .as("message of %s", t.getClass().getName()).doesNotContain(canary);
      Assertions.assertThat(String.valueOf(t.getLocalizedMessage()))
          .as("localized message of %s", t.getClass().getName()).doesNotContain(canary);
    }
  }

  /** Every exception reachable from {@code error}: causes and suppressed ones, recursively. */
  public static List<Throwable> chain(Throwable error) {
    List<Throwable> all = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(error, all, seen);
    return all;
  }

  private static void collect(Throwable t, List<Throwable> all, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    all.add(t);
    collect(t.getCause(), all, seen);
    for (Throwable s : t.getSuppressed()) {
      collect(s, all, seen);
    }
    if (t instanceof java.sql.SQLException) {
      collect(((java.sql.SQLException) t).getNextException(), all, seen);
    }
  }

  /** No span's name, attribute, status, event or event attribute holds {@code canary}. */
  public static void assertAbsent(String canary, List<SpanData> spans) {
    for (SpanData s : spans) {
      Assertions.assertThat(s.getName()).doesNotContain(canary);
      Assertions.assertThat(s.getAttributes().toString()).as("attributes of %s", s.getName())
          .doesNotContain(canary);
      Assertions.assertThat(String.valueOf(s.getStatus().getDescription()))
          .as("status of %s", s.getName()).doesNotContain(canary);
      for (EventData e : s.getEvents()) {
        Assertions.assertThat(e.getName() + " " + e.getAttributes())
            .as("event of %s", s.getName()).doesNotContain(canary);
      }
    }
  }

  /** No meter's name or tag holds {@code canary}. */
  public static void assertAbsent(String canary, MeterRegistry meters) {
    for (Meter m : meters.getMeters()) {
      Assertions.assertThat(m.getId().getName()).doesNotContain(canary);
      for (Tag t : m.getId().getTags()) {
        Assertions.assertThat(t.getKey() + "=" + t.getValue())
            .as("tag of %s", m.getId().getName()).doesNotContain(canary);
      }
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      synchronized (b) {
        b.write(x);
      }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      synchronized (b) {
        b.write(bytes, off, len);
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
    }
  }
}
