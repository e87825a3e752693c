package dev.dataproduct.internal;

import dev.dataproduct.InputPort;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.RunResult;
import io.opentelemetry.context.Scope;

/**
 * What the stages of a run tell whoever observes them: ports opened, batches checked, bytes
 * written, publications committed or aborted. The stages never call telemetry themselves: {@link
 * RunTelemetry} turns these events into spans and meters, and another execution (an executor of
 * a distributed job, a micro-batch) can hand the stages an observer of its own. Events are per
 * port and per batch, never per row. An observer never throws into the run.
 */
interface RunObserver {

  /** Makes the run current on this thread, so that what the run calls is traced under it. */
  Scope enterRun();

  /** The transform starts; the scope makes it current until closed. */
  Scope transformStarted();

  /** The transform (or a check it triggered) failed. */
  void transformFailed(Throwable error);

  /** The transform is over, successfully or not. */
  void transformEnded();

  /** The observer of one input port's stage. */
  InputObserver input(InputPort port);

  /** The observer of one output port's stage. */
  OutputObserver output(OutputPort port);

  /** The run failed: nothing of it was published (or only what {@code result} says). */
  void runFailed(Throwable error);

  /** The run is over; {@code result} is what {@code run()} returns. */
  void runEnded(RunResult result);

  /** The trace id listeners correlate the run with (32 hex digits, zeros when untraced). */
  String traceId();

  /** The span id of the run (16 hex digits, zeros when untraced). */
  String spanId();

  /** Whether the run span is sampled (the W3C trace flag). */
  boolean sampled();

  /** Events of one input port's stage. */
  interface InputObserver {
    /**
     * The port is about to be read; the returned scope keeps the read span current while the
     * port opens, so that what it starts (another product's consume span) is its child.
     */
    Scope opened();

    /** Opening the port's reader failed; the stage ends. */
    void openFailed(RuntimeException error);

    /** A batch was read: {@code read} records, of which {@code quarantined} were rejected. */
    void batchRead(long read, long quarantined);

    /** An adapter describes where the read goes (span attribute, semantic conventions). */
    void attribute(String key, String value);

    /** The stage is over: the totals of the port. Called at most once after {@link #opened}. */
    void closed(long read, long quarantined);
  }

  /** Events of one output port's stage. */
  interface OutputObserver {
    /** The port is about to be opened (before its contract gate). */
    void opened();

    /** A batch was checked: {@code quarantined} of its rows were rejected. */
    void batchChecked(long quarantined);

    /** The writer has written {@code total} bytes so far. */
    void bytesWritten(long total);

    /** An adapter describes where the write goes (span attribute, semantic conventions). */
    void attribute(String key, String value);

    /** The port's publication is committed; {@code quarantined} rows of the port were rejected. */
    void committed(Publication publication, long quarantined);

    /** The port's publication was aborted (a no-op once committed, or when never opened). */
    void aborted(Throwable cause);
  }
}
