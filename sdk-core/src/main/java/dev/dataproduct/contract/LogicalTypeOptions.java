package dev.dataproduct.contract;

import dev.dataproduct.Field;
import dev.dataproduct.policy.DatasetRule;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.policy.Rule;
import dev.dataproduct.policy.Rules;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code logicalTypeOptions} of an ODCS property read as rules, for {@link OdcsReader}:
 * bounds ({@code minimum}, {@code maximum}, dates and timestamps), lengths and patterns become
 * range, length and pattern rules where the SDK can enforce them exactly; the rest is kept as
 * unenforced.
 */
final class LogicalTypeOptions {
  private LogicalTypeOptions() {}

  /** Bounds, lengths and patterns of logicalTypeOptions, as rules where the SDK can enforce them. */
  static void options(Node p, Field f, List<RuleCodec.Read> rules,
      List<Object> unenforced, Set<String> ids) {
    Node o = p.get("logicalTypeOptions");
    if (o.isMissing()) {
      return;
    }
    String logical = p.string("logicalType").orElse("");
    String name = f.name();
    switch (logical) {
      case "string": {
        Optional<Long> min = o.integer("minLength");
        if (min.isPresent() && min.get() > 0) {
          add(rules, ids, o, Rules.length(name, min.get().intValue(), null)
              .id(name + "-min-length"));
        }
        Optional<String> pattern = o.string("pattern");
        if (pattern.isPresent()) {
          try {
            Pattern.compile(pattern.get());
          } catch (PatternSyntaxException e) {
            throw o.fail("pattern", "not a valid regular expression: " + e.getDescription());
          }
          add(rules, ids, o, Rules.pattern(name, pattern.get()));
        }
        break;
      }
      case "integer":
      case "number": {
        boolean integral = logical.equals("integer");
        Object min = null;
        Object max = null;
        for (String k : List.of("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")) {
          Optional<BigDecimal> v = o.number(k);
          if (v.isEmpty()) {
            continue;
          }
          boolean exclusive = k.startsWith("exclusive");
          boolean lower = k.toLowerCase(Locale.ROOT).contains("minimum");
          Object bound;
          if (integral) {
            BigDecimal x = lower ? v.get().setScale(0, java.math.RoundingMode.CEILING)
                : v.get().setScale(0, java.math.RoundingMode.FLOOR);
            long n = x.longValueExact();
            if (exclusive && x.compareTo(v.get()) == 0) {
              n += lower ? 1 : -1;
            }
            bound = n;
          } else if (exclusive) {
            unenforced.add(Map.of("path", o.path(k), "check", k + " " + v.get().toPlainString()));
            continue;
          } else {
            bound = v.get();
          }
          if (lower) {
            min = tighter(min, bound, true);
          } else {
            max = tighter(max, bound, false);
          }
        }
        addRange(rules, ids, o, name, min, max);
        if (o.has("multipleOf")) {
          unenforced.add(Map.of("path", o.path("multipleOf"), "check",
              "multipleOf " + o.number("multipleOf").get().toPlainString()));
        }
        break;
      }
      case "date":
      case "timestamp": {
        Object min = null;
        Object max = null;
        for (String k : List.of("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")) {
          Optional<String> v = o.string(k);
          if (v.isEmpty()) {
            continue;
          }
          boolean exclusive = k.startsWith("exclusive");
          boolean lower = k.toLowerCase(Locale.ROOT).contains("minimum");
          Object bound;
          try {
            if (logical.equals("date")) {
              LocalDate d = LocalDate.parse(v.get().trim());
              bound = exclusive ? (lower ? d.plusDays(1) : d.minusDays(1)) : d;
            } else {
              Instant t = TypedValues.timestamp(v.get().trim());
              bound = exclusive ? (lower ? t.plusNanos(1) : t.minusNanos(1)) : t;
            }
          } catch (DateTimeParseException e) {
            unenforced.add(Map.of("path", o.path(k), "check", k + " " + v.get()));
            continue;
          }
          if (lower) {
            min = tighter(min, bound, true);
          } else {
            max = tighter(max, bound, false);
          }
        }
        addRange(rules, ids, o, name, min, max);
        break;
      }
      case "time":
      case "object":
      case "array":
        if (o.json().size() > 0) {
          unenforced.add(Map.of("path", o.path(), "check", Node.toJava(o.json())));
        }
        break;
      default:
        break;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object tighter(Object current, Object bound, boolean lower) {
    if (current == null) {
      return bound;
    }
    int c = ((Comparable) bound).compareTo(current);
    return lower ? (c > 0 ? bound : current) : (c < 0 ? bound : current);
  }

  private static void addRange(List<RuleCodec.Read> rules, Set<String> ids, Node at, String name,
      Object min, Object max) {
    if (min != null || max != null) {
      add(rules, ids, at, Rules.range(name, min, max));
    }
  }

  private static void add(List<RuleCodec.Read> rules, Set<String> ids, Node at, Rule rule) {
    String id = rule.id();
    for (int i = 2; !ids.add(id); i++) {
      id = rule.id() + "-" + i;
    }
    Rule r = rule instanceof RowRule ? ((RowRule) rule).id(id) : ((DatasetRule) rule).id(id);
    rules.add(new RuleCodec.Read(r, -1));
  }
}
