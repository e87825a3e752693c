package dev.dataproduct.examples;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Keeps finished spans so the demo can print them as a compact tree. Thread-safe. */
final class SpanRecorder implements SpanExporter {
  private final List<SpanData> spans = new ArrayList<>();

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> batch) {
    spans.addAll(batch);
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  synchronized List<SpanData> drain() {
    List<SpanData> out = new ArrayList<>(spans);
    spans.clear();
    return out;
  }

  /** The spans as an indented tree: name, duration, the dataproduct.* attributes. */
  static String tree(List<SpanData> spans) {
    Map<String, List<SpanData>> children = spans.stream()
        .collect(Collectors.groupingBy(SpanData::getParentSpanId));
    java.util.Set<String> ids = spans.stream().map(SpanData::getSpanId)
        .collect(Collectors.toSet());
    StringBuilder sb = new StringBuilder();
    spans.stream().filter(s -> !ids.contains(s.getParentSpanId()))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .forEach(root -> print(root, children, 0, sb));
    return sb.toString();
  }

  private static void print(SpanData s, Map<String, List<SpanData>> children, int depth,
      StringBuilder sb) {
    double ms = (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1e6;
    StringBuilder attrs = new StringBuilder();
    s.getAttributes().forEach((k, v) -> {
      String key = k.getKey();
      if (key.equals("dataproduct.rows") || key.equals("dataproduct.rows.quarantined")
          || key.equals("dataproduct.publication.id") || key.equals("dataproduct.port.type")
          || key.startsWith("db.") || key.startsWith("aws.s3.")) {
        attrs.append(' ').append(key.replace("dataproduct.", "")).append('=').append(v);
      }
    });
    sb.append("  ".repeat(depth + 1)).append(depth == 0 ? "" : "└ ").append(s.getName())
        .append(String.format(" (%.1f ms)", ms)).append(attrs);
    if (s.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR) {
      sb.append("  ERROR");
    }
    s.getEvents().forEach(e -> {
      sb.append(" [").append(e.getName().replace("dataproduct.", ""));
      e.getAttributes().forEach((k, v) -> sb.append(' ')
          .append(k.getKey().replace("dataproduct.", "")).append('=').append(v));
      sb.append(']');
    });
    sb.append('\n');
    children.getOrDefault(s.getSpanId(), List.of()).stream()
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .forEach(c -> print(c, children, depth + 1, sb));
  }
}
