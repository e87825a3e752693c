package dev.dataproduct.spark;

import dev.dataproduct.OutputPort;
import dev.dataproduct.Row;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.RowRule;
import dev.dataproduct.spi.OutputJudge;
import dev.dataproduct.spi.ValueDomain;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What an executor needs to judge one output port's rows as the run does, serializable: the
 * contract as its ODCS document (the contract's own serialized form) with the predicates of its
 * custom rules, the store's value domain, the port's action for non-conforming rows, the run's
 * start, and who rejects (run, product, port) for quarantine records.
 */
final class JudgeConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  final String runId;
  final String product;
  final String port;
  final Instant startedAt;
  final Instant quarantinedAt;
  private final String contractYaml;
  private final LinkedHashMap<String, Predicate<Row>> predicates;
  private final ValueDomain domain;
  private final Action onNonConforming;

  private JudgeConfig(String runId, String product, String port, Instant startedAt,
      Instant quarantinedAt, String contractYaml, LinkedHashMap<String, Predicate<Row>> predicates,
      ValueDomain domain, Action onNonConforming) {
    this.runId = runId;
    this.product = product;
    this.port = port;
    this.startedAt = startedAt;
    this.quarantinedAt = quarantinedAt;
    this.contractYaml = contractYaml;
    this.predicates = predicates;
    this.domain = domain;
    this.onNonConforming = onNonConforming;
  }

  /**
   * The configuration of {@code port}'s judge.
   *
   * @throws IllegalArgumentException when the contract does not survive its ODCS document (a
   *     custom rule whose predicate is not serializable)
   */
  static JudgeConfig of(String runId, String product, OutputPort port, ValueDomain domain,
      Instant startedAt, Instant quarantinedAt) {
    DataContract contract = port.contract();
    LinkedHashMap<String, Predicate<Row>> predicates = checkSendable(port);
    String yaml = DataContracts.toYaml(contract);
    JudgeConfig config = new JudgeConfig(runId, product, port.name(), startedAt, quarantinedAt,
        yaml, predicates, domain, port.onNonConforming());
    DataContract back = config.contract();
    if (!back.schema().equals(contract.schema()) || !DataContracts.toYaml(back).equals(yaml)) {
      throw new IllegalArgumentException("Output port '" + port.name() + "': contract '"
          + contract.id() + "' " + contract.version() + " does not read back the same from its"
          + " ODCS document, so executors could not check it as the driver would");
    }
    return config;
  }

  /**
   * The predicates of {@code port}'s custom rules, checked to be serializable.
   *
   * @throws IllegalArgumentException naming a custom rule whose predicate is not
   */
  static LinkedHashMap<String, Predicate<Row>> checkSendable(OutputPort port) {
    LinkedHashMap<String, Predicate<Row>> predicates = new LinkedHashMap<>();
    for (RowRule r : port.contract().rowRules()) {
      if (r.kind() == RowRule.Kind.CUSTOM) {
        if (r.predicate() == null) {
          continue; // unbound (read from a descriptor): the contract gate refuses it
        }
        if (!(r.predicate() instanceof Serializable)) {
          throw new IllegalArgumentException("Output port '" + port.name() + "': custom rule '"
              + r.id() + "' has a predicate that cannot be sent to Spark executors; declare it"
              + " serializable: Rules.custom(\"" + r.id() + "\", (Predicate<Row> & Serializable)"
              + " row -> ...)");
        }
        predicates.put(r.id(), r.predicate());
      }
    }
    return predicates;
  }

  private DataContract contract() {
    DataContracts.Reader reader = DataContracts.reader();
    for (Map.Entry<String, Predicate<Row>> e : predicates.entrySet()) {
      reader.bind(e.getKey(), e.getValue());
    }
    return reader.fromYaml(contractYaml, "output port " + port);
  }

  /** A new judge: one per partition (judges are not thread-safe). */
  OutputJudge judge() {
    return OutputJudge.of(contract(), domain, onNonConforming, startedAt);
  }
}
