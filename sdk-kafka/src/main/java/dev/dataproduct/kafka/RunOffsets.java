package dev.dataproduct.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What ties a run's Kafka input to its Kafka outputs, by run id: the input offers the offsets it
 * consumed when its reader closes (after the transform, before any commit); the last Kafka
 * output writer of the run to commit claims them and sends them to its transaction ({@code
 * sendOffsetsToTransaction}), so the records consumed and the records produced commit together.
 * An input whose offsets nobody claimed commits them itself once the run has committed.
 */
final class RunOffsets {
  /** Offsets one input consumed in one run. */
  static final class Offer {
    final Map<TopicPartition, OffsetAndMetadata> offsets;
    final ConsumerGroupMetadata group;
    volatile boolean committedByTransaction;

    Offer(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
      this.offsets = Map.copyOf(offsets);
      this.group = group;
    }
  }

  private static final class RunState {
    int openWriters;
    Offer offer;
  }

  private static final Map<String, RunState> RUNS = new ConcurrentHashMap<>();

  private RunOffsets() {}

  /** A Kafka output writer of run {@code runId} opened its own transaction. */
  static void writerOpened(String runId) {
    RUNS.compute(runId, (k, s) -> {
      RunState state = s != null ? s : new RunState();
      state.openWriters++;
      return state;
    });
  }

  /** A writer of {@code runId} aborted: it claims nothing. */
  static void writerAborted(String runId) {
    RUNS.computeIfPresent(runId, (k, s) -> {
      s.openWriters--;
      return s;
    });
  }

  /**
   * A writer of {@code runId} is about to commit: returns the input's offer when this is the
   * last open Kafka writer of the run (the offsets then commit with its transaction), else null.
   */
  static Offer claimIfLast(String runId) {
    Offer[] out = new Offer[1];
    RUNS.computeIfPresent(runId, (k, s) -> {
      s.openWriters--;
      if (s.openWriters == 0 && s.offer != null) {
        out[0] = s.offer;
      }
      return s;
    });
    return out[0];
  }

  /** The input of {@code runId} consumed {@code offer}. */
  static void offer(String runId, Offer offer) {
    RUNS.compute(runId, (k, s) -> {
      RunState state = s != null ? s : new RunState();
      state.offer = offer;
      return state;
    });
  }

  /** Forgets the run (its input is done with it). */
  static void forget(String runId) {
    RUNS.remove(runId);
  }
}
