package dev.dataproduct.page;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The inline SVG of a port's publication history: one bar per publication (rows published, the
 * quarantined part on top in red) and, below, the gap since the previous publication against
 * the contract's freshness promise (dashed). Pure SVG: no script, no external resource.
 */
final class HistoryChart {
  private static final int W = 640;
  private static final int BAR_H = 120;
  private static final int GAP_H = 70;
  private static final int LEFT = 56;
  private static final int TOP = 14;

  private HistoryChart() {}

  static String svg(String port, List<PublicationStats> history, Optional<Duration> freshness) {
    Html h = new Html();
    int n = history.size();
    int height = TOP + BAR_H + 28 + GAP_H + 26;
    h.openAttrs("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "chart",
        "viewBox", "0 0 " + W + " " + height, "role", "img",
        "aria-label", "Rows and publication gaps of port " + port);
    h.el("title", null, "Publications of " + port + ": rows per publication and hours between"
        + " publications");
    long max = 1;
    for (PublicationStats s : history) {
      max = Math.max(max, s.rows() + s.quarantinedRows());
    }
    double slot = (W - LEFT - 8) / (double) Math.max(n, 1);
    double barW = Math.max(2, Math.min(40, slot * 0.7));
    axis(h, TOP, BAR_H, fmt(max), "rows");
    for (int i = 0; i < n; i++) {
      PublicationStats s = history.get(i);
      double x = LEFT + i * slot + (slot - barW) / 2;
      double ok = BAR_H * (double) s.rows() / max;
      double bad = BAR_H * (double) s.quarantinedRows() / max;
      double y = TOP + BAR_H - ok;
      h.openAttrs("rect", "class", "bar", "x", num(x), "y", num(y), "width", num(barW),
          "height", num(ok));
      h.el("title", null, "publication " + s.id() + ": " + s.rows() + " rows, "
          + s.quarantinedRows() + " quarantined (" + percent(s.quarantineRatio()) + ")");
      h.close("rect");
      if (s.quarantinedRows() > 0) {
        h.openAttrs("rect", "class", "bar-quarantine", "x", num(x), "y", num(y - bad),
            "width", num(barW), "height", num(bad));
        h.close("rect");
      }
      if (n <= 20) {
        h.openAttrs("text", "class", "tick", "x", num(x + barW / 2), "y",
            num(TOP + BAR_H + 12), "text-anchor", "middle");
        h.text("#" + s.id()).close("text");
      }
    }
    int gapTop = TOP + BAR_H + 28;
    double maxHours = freshness.map(f -> f.toMinutes() / 60.0).orElse(1.0);
    for (int i = 1; i < n; i++) {
      maxHours = Math.max(maxHours, hours(history.get(i - 1), history.get(i)));
    }
    axis(h, gapTop, GAP_H, fmtHours(maxHours), "hours since previous");
    if (freshness.isPresent()) {
      double y = gapTop + GAP_H - GAP_H * (freshness.get().toMinutes() / 60.0) / maxHours;
      h.openAttrs("line", "class", "sla", "x1", num(LEFT), "x2", num(W - 8), "y1", num(y),
          "y2", num(y));
      h.el("title", null, "freshness promise: " + Durations.words(freshness.get()));
      h.close("line");
    }
    StringBuilder points = new StringBuilder();
    for (int i = 1; i < n; i++) {
      double hrs = hours(history.get(i - 1), history.get(i));
      double x = LEFT + i * slot + slot / 2;
      double y = gapTop + GAP_H - GAP_H * hrs / maxHours;
      points.append(num(x)).append(',').append(num(y)).append(' ');
      boolean late = freshness.isPresent() && hrs * 60 > freshness.get().toMinutes();
      h.openAttrs("circle", "class", late ? "gap late" : "gap", "cx", num(x), "cy", num(y),
          "r", "3.5");
      h.el("title", null, "publication " + history.get(i).id() + ": " + fmtHours(hrs)
          + " h after the previous one" + (late ? " (later than promised)" : ""));
      h.close("circle");
    }
    if (n > 2) {
      h.openAttrs("polyline", "class", "gap-line", "points", points.toString().trim());
      h.close("polyline");
    }
    return h.close("svg").toString();
  }

  private static void axis(Html h, int top, int height, String maxLabel, String label) {
    h.openAttrs("line", "class", "axis", "x1", num(LEFT), "x2", num(LEFT), "y1", num(top),
        "y2", num(top + height)).close("line");
    h.openAttrs("line", "class", "axis", "x1", num(LEFT), "x2", num(W - 8), "y1",
        num(top + height), "y2", num(top + height)).close("line");
    h.openAttrs("text", "class", "tick", "x", num(LEFT - 4), "y", num(top + 8),
        "text-anchor", "end").text(maxLabel).close("text");
    h.openAttrs("text", "class", "tick", "x", num(LEFT - 4), "y", num(top + height),
        "text-anchor", "end").text("0").close("text");
    h.openAttrs("text", "class", "axis-label", "x", num(LEFT + 4), "y", num(top + 9))
        .text(label).close("text");
  }

  private static double hours(PublicationStats a, PublicationStats b) {
    return Math.max(0, Duration.between(a.committedAt(), b.committedAt()).toSeconds() / 3600.0);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String fmt(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String fmtHours(double h) {
    return h >= 10 ? String.format(Locale.ROOT, "%.0f", h) : String.format(Locale.ROOT, "%.2f", h);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
