package dev.dataproduct.spark;

import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.DistributedWrite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one task of a port's job did, sent back to the driver: rows received, accepted and
 * quarantined, violations per rule (count and the reason of the first, by position in the
 * dataset), and the parts it wrote. Small: no rows. It travels as Java-serialized bytes (Spark's
 * encoders take public classes only).
 */
final class TaskReport implements Serializable {
  private static final long serialVersionUID = 1L;

  long received;
  long accepted;
  long quarantined;
  final Map<String, RuleCount> rules = new LinkedHashMap<>();
  DistributedWrite.Part data;
  DistributedWrite.Part quarantine;

  /** Violations of one rule in one task. */
  static final class RuleCount implements Serializable {
    private static final long serialVersionUID = 1L;

    final String ruleId;
    final Action action;
    long count;
    String example;
    /** Position of the example's row in the dataset, then its order within the row. */
    long firstPosition;
    int firstOrder;

    RuleCount(String ruleId, Action action) {
      this.ruleId = ruleId;
      this.action = action;
      this.firstPosition = Long.MAX_VALUE;
    }

    void add(long count, String reason, long position, int order) {
      this.count += count;
      if (position < firstPosition || (position == firstPosition && order < firstOrder)) {
        firstPosition = position;
        firstOrder = order;
        example = reason;
      }
    }
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize a task report", e);
    }
    return bytes.toByteArray();
  }

  static TaskReport fromBytes(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass d)
          throws IOException, ClassNotFoundException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
          return loader == null ? super.resolveClass(d) : Class.forName(d.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          return super.resolveClass(d);
        }
      }
    }) {
      return (TaskReport) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Cannot read a task report", e);
    }
  }

  void violation(String ruleId, Action action, String reason, long position, int order) {
    rules.computeIfAbsent(ruleId, k -> new RuleCount(ruleId, action))
        .add(1, reason, position, order);
  }
}
