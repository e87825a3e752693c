package dev.dataproduct.internal;

import dev.dataproduct.Row;
import dev.dataproduct.TransformContext;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/** The transform's view of a run: its input stages to pull from, its output stages to emit to. */
final class RunTransformContext implements TransformContext {
  private final RunState run;
  private final Map<String, InputStage> inputs;
  private final Map<String, OutputStage> outputs;

  RunTransformContext(RunState run, Map<String, InputStage> inputs,
      Map<String, OutputStage> outputs) {
    this.run = run;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  @Override
  public Set<String> inputs() {
    return run.product.inputs().keySet();
  }

  @Override
  public Set<String> outputs() {
    return run.product.outputs().keySet();
  }

  private InputStage input(String name) {
    InputStage in = inputs.get(name);
    if (in == null) {
      throw new IllegalArgumentException("Product '" + run.product.name()
          + "' has no input port '" + name + "'; input ports are " + inputs());
    }
    return in;
  }

  @Override
  public Iterable<List<Row>> batches(String inputPort) {
    InputStage in = input(inputPort);
    return in::batches;
  }

  @Override
  public Iterable<Row> rows(String inputPort) {
    InputStage in = input(inputPort);
    return () -> new Iterator<>() {
      final Iterator<List<Row>> batches = in.batches();
      Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && batches.hasNext()) {
          current = batches.next().iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  @Override
  public void emit(String outputPort, Row row) {
    OutputStage out = outputs.get(outputPort);
    if (out == null) {
      throw new IllegalArgumentException("Product '" + run.product.name()
          + "' has no output port '" + outputPort + "'; output ports are " + outputs());
    }
    out.emit(Objects.requireNonNull(row, "row"));
  }

  @Override
  public void emit(Row row) {
    if (outputs.size() != 1) {
      throw new IllegalStateException("Product '" + run.product.name() + "' has "
          + outputs.size() + " output ports " + outputs()
          + "; name the port in emit(port, row)");
    }
    outputs.values().iterator().next().emit(Objects.requireNonNull(row, "row"));
  }

  @Override
  public void countFiltered(long rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("Filtered row count must be >= 0, was " + rows);
    }
    run.filtered += rows;
  }

  @Override
  public String runId() {
    return run.runId;
  }

  @Override
  public Instant runStartedAt() {
    return run.startedAt;
  }
}
