package dev.dataproduct.cli;

import dev.dataproduct.DataProductException;
import dev.dataproduct.contract.Compatibility;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two ODCS files and fails on breaking changes, for CI pipelines. The module's jar with
 * its dependencies ({@code sdk-cli-<version>-all.jar}, built by {@code mvn package}) runs alone:
 *
 * <pre>
 * java -jar sdk-cli-0.1.0-SNAPSHOT-all.jar [--allow-new-major] previous.odcs.yaml next.odcs.yaml
 * </pre>
 *
 * <p>or, from a checkout, {@code mvn -q -pl sdk-cli -am compile exec:java
 * -Dexec.args="previous.odcs.yaml next.odcs.yaml"} (Maven then fails on any non-zero exit).
 *
 * <p>Prints each change with its classification (see {@link Compatibility}). Exit codes: 0 when
 * no change is breaking, 1 when one is (with {@code --allow-new-major}: only when the next
 * contract does not raise the major version), 2 when the arguments or a file cannot be used.
 * Custom rules need no predicate here; they are compared by id.
 */
public final class CompatibilityCli {
  /** Exit code: no breaking change. */
  public static final int OK = 0;
  /** Exit code: breaking changes. */
  public static final int BREAKING = 1;
  /** Exit code: bad arguments or unreadable input. */
  public static final int UNUSABLE = 2;

  private static final String USAGE = "usage: CompatibilityCli [--allow-new-major]"
      + " <previous.odcs.yaml> <next.odcs.yaml>";

  private CompatibilityCli() {}

  /** Runs the comparison and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the comparison, printing the changes to {@code out} and problems to {@code err}.
   *
   * @return the exit code: {@link #OK}, {@link #BREAKING} or {@link #UNUSABLE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean allowNewMajor = false;
    List<String> files = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--allow-new-major")) {
        allowNewMajor = true;
      } else if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        return OK;
      } else if (a.startsWith("-")) {
        err.println("unknown option " + a);
        err.println(USAGE);
        return UNUSABLE;
      } else {
        files.add(a);
      }
    }
    if (files.size() != 2) {
      err.println(USAGE);
      return UNUSABLE;
    }
    DataContract previous;
    DataContract next;
    try {
      previous = DataContracts.read(Path.of(files.get(0)));
      next = DataContracts.read(Path.of(files.get(1)));
    } catch (DataProductException | java.nio.file.InvalidPathException e) {
      err.println("cannot compare: " + e.getMessage());
      return UNUSABLE;
    }
    Compatibility.Report report = Compatibility.check(previous, next);
    out.println("contract " + previous.id() + ": " + previous.version() + " -> "
        + next.version());
    if (report.changes().isEmpty()) {
      out.println("no changes");
    }
    report.changes().forEach(out::println);
    int breaking = report.breakingChanges().size();
    out.println(report.changes().size() + " change(s), " + breaking + " breaking");
    if (breaking == 0) {
      return OK;
    }
    if (allowNewMajor && report.majorRaised()) {
      out.println("breaking changes accepted: the major version was raised");
      return OK;
    }
    err.println(breaking + " breaking change(s)" + (report.majorRaised() ? ""
        : " without a new major version (publish as " + (previous.version().major() + 1)
            + ".0.0)"));
    return BREAKING;
  }
}
