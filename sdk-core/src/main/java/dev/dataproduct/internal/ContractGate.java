package dev.dataproduct.internal;

import dev.dataproduct.DataProductException;
import dev.dataproduct.IncompatibleContractException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.contract.Compatibility;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.spi.PortStorage;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checked when a run opens a publication, before any data is written: the port's contract must
 * be publishable. It fails when a custom rule has no predicate (read from a descriptor without a
 * binding), or when it changes the contract of the port's last publication under the same major
 * version in a breaking way, or when the store cannot say which contract that publication was
 * checked against (the gate fails closed rather than skip the check). A new major version is
 * checked against nothing: on stores that keep publications side by side, consumers pinned to the
 * old major ({@code ReadOptions.latest().contractMajor(n)}) keep reading its publications. The
 * advice in the message comes from the store ({@link
 * dev.dataproduct.spi.PublicationStore#newMajorVersionAdvice}), so it never suggests what the
 * store cannot do (a side-by-side major on a table each publication overwrites).
 */
public final class ContractGate {
  private static final Logger LOG = LoggerFactory.getLogger(ContractGate.class);

  private ContractGate() {}

  /**
   * Checks {@code port}'s contract against its store's publications.
   *
   * @throws IncompatibleContractException listing each breaking change
   * @throws DataProductException when a custom rule has no predicate
   */
  public static void check(OutputPort port) {
    DataContract next = port.contract();
    List<String> unbound = DataContracts.unboundRules(next);
    if (!unbound.isEmpty()) {
      throw new DataProductException("Output port '" + port.name() + "': contract '" + next.id()
          + "' has custom rules " + unbound + " without a predicate (read from a descriptor);"
          + " bind them with DataContracts.reader().bind(id, predicate) before publishing");
    }
    Optional<Publication> last = lastOfMajor(PortStorage.store(port).publications(),
        next.version().major());
    if (last.isEmpty()) {
      return;
    }
    Optional<DataContract> previous = PortStorage.store(port).contractOf(last.get());
    if (previous.isEmpty()) {
      // fail closed: without the previous contract nothing says this one does not break it
      int major = next.version().major();
      throw new IncompatibleContractException("Output port '" + port.name() + "': the "
          + port.type() + " store keeps no contract with publication " + last.get().id()
          + " (contract version " + last.get().contractVersion() + "), so contract '"
          + next.id() + "' " + next.version() + " cannot be checked against it. Publish it as "
          + (major + 1) + ".0.0 to start a new major version, or restore the stored contract",
          List.of("publication " + last.get().id() + ": no stored contract"));
    }
    Compatibility.Report report = Compatibility.check(previous.get(), next);
    List<Compatibility.Change> breaking = report.breakingChanges();
    if (!breaking.isEmpty()) {
      List<String> lines = breaking.stream()
          .map(c -> c.subject() + ": " + c.description()).collect(Collectors.toList());
      throw new IncompatibleContractException("Output port '" + port.name() + "': contract '"
          + next.id() + "' " + next.version() + " makes " + breaking.size()
          + " breaking change(s) to " + previous.get().version() + " (publication "
          + last.get().id() + ") without a new major version: " + String.join("; ", lines)
          + ". " + advice(port, next.version().major() + 1) + ", or revert the changes", lines);
    }
    if (!report.changes().isEmpty() && previous.get().version().equals(next.version())) {
      LOG.warn("Output port {}: contract {} changed without a new version: {}", port.name(),
          next.version(), report.changes());
    }
  }

  private static String advice(OutputPort port, int major) {
    try {
      return PortStorage.store(port).newMajorVersionAdvice(major);
    } catch (RuntimeException e) {
      LOG.debug("The store of port {} gave no advice", port.name(), e);
      return "Publish it as " + major + ".0.0";
    }
  }

  private static Optional<Publication> lastOfMajor(List<Publication> all, int major) {
    for (int i = all.size() - 1; i >= 0; i--) {
      Publication p = all.get(i);
      try {
        if (p.contractMajor() == major) {
          return Optional.of(p);
        }
      } catch (IllegalArgumentException e) {
        LOG.debug("Publication {} has no semantic contract version", p.id(), e);
      }
    }
    return Optional.empty();
  }
}
