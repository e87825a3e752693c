package dev.dataproduct.lineage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transports that come with the SDK (sdk-testing adds {@code InMemoryLineageTransport}).
 *
 * <pre>{@code
 * LineageTransports.jsonLines(Path.of("/var/log/lineage.jsonl"));
 * LineageTransports.http(URI.create("http://marquez:5000/api/v1/lineage"));
 * LineageTransports.http(URI.create("https://lineage.corp.example/api/v1/lineage"),
 *     Duration.ofSeconds(5), Map.of("Authorization", "Bearer " + token));
 * }</pre>
 */
public final class LineageTransports {
  private LineageTransports() {}

  /** Appends each event as one line of {@code file} (created when missing), flushed per event. */
  public static LineageTransport jsonLines(Path file) {
    return new JsonLines(Objects.requireNonNull(file, "file"));
  }

  /**
   * POSTs each event as {@code application/json} to {@code endpoint} (the OpenLineage HTTP API,
   * e.g. Marquez's {@code /api/v1/lineage}), with a 10 second timeout and the run's W3C {@code
   * traceparent} header (when the run is traced). Any response other than 2xx is a failed
   * delivery.
   */
  public static LineageTransport http(URI endpoint) {
    return http(endpoint, Duration.ofSeconds(10), Map.of());
  }

  /** POSTs each event to {@code endpoint} with a timeout and extra headers (authorization). */
  public static LineageTransport http(URI endpoint, Duration timeout,
      Map<String, String> headers) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(headers, "headers");
    String scheme = endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("Lineage endpoint must be an http or https URI, was '"
          + endpoint + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Timeout must be positive, was " + timeout);
    }
    return new Http(endpoint, timeout, new LinkedHashMap<>(headers));
  }

  private static final class JsonLines implements LineageTransport {
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private BufferedWriter out;

    JsonLines(Path file) {
      this.file = file;
    }

    @Override
    public void send(String event) throws IOException {
      lock.lock();
      try {
        if (out == null) {
          out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
        out.write(event);
        out.newLine();
        out.flush();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() throws IOException {
      lock.lock();
      try {
        if (out != null) {
          out.close();
          out = null;
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String toString() {
      return "jsonLines(" + file + ")";
    }
  }

  private static final class Http implements LineageTransport {
    private final URI endpoint;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final HttpClient client;

    Http(URI endpoint, Duration timeout, Map<String, String> headers) {
      this.endpoint = endpoint;
      this.timeout = timeout;
      this.headers = headers;
      this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(String event) throws IOException {
      send(event, Map.of());
    }

    /** The run's trace context replaces a header of the same name given to the transport. */
    @Override
    public void send(String event, Map<String, String> traceContext) throws IOException {
      HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8));
      headers.forEach(b::header);
      traceContext.forEach(b::setHeader);
      HttpResponse<Void> response;
      try {
        response = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while sending to " + endpoint, e);
      }
      if (response.statusCode() / 100 != 2) {
        throw new IOException("Lineage endpoint " + endpoint + " answered HTTP "
            + response.statusCode());
      }
    }

    @Override
    public String toString() {
      return "http(" + endpoint + ")";
    }
  }
}
