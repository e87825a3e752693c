package dev.dataproduct.internal;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.InputCounts;
import dev.dataproduct.InputPort;
import dev.dataproduct.OutputCounts;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.PublishedAccess;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.EngineRun;
import dev.dataproduct.spi.WriteContext;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's side of an {@link EngineRun}: the run's state, telemetry and ledger as {@link Runner}
 * keeps them (both through a {@link RunSession}), fed with the counts an engine's job reports
 * instead of rows. Single-threaded.
 */
public final class EngineRunner implements EngineRun {
  private static final Logger LOG = LoggerFactory.getLogger(EngineRunner.class);

  private final DataProduct product;
  private final RunSession session;
  private final RunState run;
  private final RunObserver observer;
  private final Map<String, InputStage> inputs = new LinkedHashMap<>();
  private final Map<String, InputCounts> readElsewhere = new LinkedHashMap<>();
  private final Map<String, EngineOutput> outputs = new LinkedHashMap<>();
  private String commitUnknown;

  private EngineRunner(DataProduct product) {
    this.product = product;
    this.session = new RunSession(product, new RunState(product));
    this.run = session.run;
    this.observer = session.observer;
  }

  /** See {@link EngineRun#start}. */
  public static EngineRun start(DataProduct product) {
    return new EngineRunner(Objects.requireNonNull(product, "product"));
  }

  @Override
  public String runId() {
    return run.runId;
  }

  @Override
  public Instant startedAt() {
    return run.startedAt;
  }

  @Override
  public Scope enter() {
    return observer.enterRun();
  }

  private InputPort inputPort(String port) {
    InputPort in = product.inputs().get(Objects.requireNonNull(port, "port"));
    if (in == null) {
      throw new IllegalArgumentException("Product '" + product.name() + "' has no input port '"
          + port + "'; input ports are " + product.inputs().keySet());
    }
    if (inputs.containsKey(port) || readElsewhere.containsKey(port)) {
      throw new IllegalStateException("Input port '" + port + "' was read already in run "
          + run.runId);
    }
    return in;
  }

  @Override
  public Iterator<List<Row>> read(String port) {
    InputPort in = inputPort(port);
    InputStage stage = new InputStage(run, in,
        product.expectations().getOrDefault(port, List.of()), observer);
    inputs.put(port, stage);
    return stage.batches();
  }

  @Override
  public void readElsewhere(String port, long rows) {
    InputPort in = inputPort(port);
    RunObserver.InputObserver o = observer.input(in);
    o.opened().close();
    o.batchRead(rows, 0);
    o.closed(rows, 0);
    readElsewhere.put(port, new InputCounts(port, rows, 0, rows));
  }

  @Override
  public Scope transformStarted() {
    return observer.transformStarted();
  }

  @Override
  public void transformFailed(Throwable error) {
    observer.transformFailed(error);
  }

  @Override
  public void transformEnded() {
    observer.transformEnded();
  }

  @Override
  public Output output(String port) {
    OutputPort out = product.outputs().get(Objects.requireNonNull(port, "port"));
    if (out == null) {
      throw new IllegalArgumentException("Product '" + product.name() + "' has no output port '"
          + port + "'; output ports are " + product.outputs().keySet());
    }
    if (outputs.containsKey(port)) {
      throw new IllegalStateException("Output port '" + port + "' was opened already in run "
          + run.runId);
    }
    EngineOutput o = new EngineOutput(out, observer.output(out));
    outputs.put(port, o);
    o.observer.opened();
    try {
      ContractGate.check(out);
    } catch (RuntimeException e) {
      throw PortErrors.where("Output", port, "checking the contract against the last"
          + " publication", e);
    }
    return o;
  }

  @Override
  public void check() {
    run.throwIfFailed();
    for (EngineOutput o : outputs.values()) {
      if (!o.reported) {
        throw new IllegalStateException("Output port '" + o.port.name() + "' has no counts:"
            + " the engine never called checked(...)");
      }
      OutputStage.checkDataset(run, o.port, o.accepted, o.quarantined);
    }
    run.throwIfFailed();
    session.checkAccounting(inputCounts(), outputCounts(true), false);
  }

  @Override
  public void commitQuarantine() {
    session.commitQuarantines();
  }

  @Override
  public RunResult end(Throwable error) {
    Map<String, Publication> publications = new LinkedHashMap<>();
    for (EngineOutput o : outputs.values()) {
      if (o.publication != null) {
        publications.put(o.port.name(), o.publication);
      }
    }
    if (error != null) {
      for (EngineOutput o : outputs.values()) {
        if (o.publication == null) {
          o.observer.aborted(error);
        }
      }
      session.failed(error, publications.keySet(), commitUnknown);
    }
    for (InputStage in : inputs.values()) {
      in.close();
    }
    boolean postCommitProblem = error == null && session.inputsCommitted(inputs.values());
    return session.end(error, publications, commitUnknown, postCommitProblem, inputCounts(),
        outputCounts(false), false);
  }

  private Map<String, InputCounts> inputCounts() {
    Map<String, InputCounts> m = new LinkedHashMap<>();
    for (String port : product.inputs().keySet()) {
      InputStage in = inputs.get(port);
      if (in != null) {
        m.put(port, in.counts());
      } else if (readElsewhere.containsKey(port)) {
        m.put(port, readElsewhere.get(port));
      }
    }
    return m;
  }

  private Map<String, OutputCounts> outputCounts(boolean beforeCommit) {
    Map<String, OutputCounts> m = new LinkedHashMap<>();
    for (EngineOutput o : outputs.values()) {
      long written = beforeCommit || o.publication != null ? o.accepted : 0;
      long discarded = beforeCommit ? 0 : o.received - o.quarantined - written;
      m.put(o.port.name(), new OutputCounts(o.port.name(), o.received, written, o.quarantined,
          discarded, 0));
    }
    return m;
  }

  /** One output port's stage: the job's counts, its telemetry, its publication. */
  private final class EngineOutput implements Output {
    final OutputPort port;
    final RunObserver.OutputObserver observer;
    final WriteContext context;
    long received;
    long accepted;
    long quarantined;
    boolean reported;
    Publication publication;

    EngineOutput(OutputPort port, RunObserver.OutputObserver observer) {
      this.port = port;
      this.observer = observer;
      DataContract published = new PublishedAccess(product.name(), product.domain(),
          port.name(), port.accessPolicies()).attachTo(port.contract());
      this.context = new PortWriteContext(run, port.name(), published, observer);
    }

    @Override
    public OutputPort port() {
      return port;
    }

    @Override
    public WriteContext context() {
      return context;
    }

    @Override
    public WriteContext quarantineContext() {
      return new PortWriteContext(run, port.name(), QuarantineSink.CONTRACT, null);
    }

    @Override
    public void checked(long received, long accepted, long quarantined) {
      if (received != accepted + quarantined || accepted < 0 || quarantined < 0) {
        throw new DataProductException("Output port '" + port.name() + "': the job reported "
            + received + " rows received but " + accepted + " accepted + " + quarantined
            + " quarantined");
      }
      this.received += received;
      this.accepted += accepted;
      this.quarantined += quarantined;
      this.reported = true;
      observer.batchChecked(quarantined);
    }

    @Override
    public void violated(String ruleId, Action action, long count, String example) {
      if (count <= 0) {
        return;
      }
      run.ledger.record(port.name(), ruleId, action, example, count);
      if (action == Action.FAIL) {
        run.fail("Output port '" + port.name() + "': rule '" + ruleId
            + "' (action FAIL) violated: " + example);
      }
    }

    @Override
    public void bytesWritten(long total) {
      observer.bytesWritten(total);
    }

    @Override
    public void committed(Publication p) {
      publication = Objects.requireNonNull(p, "publication");
      observer.committed(p, quarantined);
      if (p.rows() != accepted) {
        LOG.warn("Port {} committed {} rows but {} were accepted", port.name(), p.rows(),
            accepted);
      }
    }

    @Override
    public void commitUnknown() {
      commitUnknown = port.name();
    }
  }
}
