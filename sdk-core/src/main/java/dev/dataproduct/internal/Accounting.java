package dev.dataproduct.internal;

import dev.dataproduct.InputCounts;
import dev.dataproduct.OutputCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The row-accounting identities of a run, see {@link dev.dataproduct.RunResult}. */
public final class Accounting {
  private Accounting() {}

  /** Every identity that does not hold, one line each; empty when the run balances. */
  public static List<String> problems(
      Map<String, InputCounts> inputs, Map<String, OutputCounts> outputs, boolean rowWise) {
    List<String> problems = new ArrayList<>();
    long delivered = 0;
    for (InputCounts in : inputs.values()) {
      delivered += in.delivered();
      if (!in.balanced()) {
        problems.add("input '" + in.port() + "': read " + in.read() + " != quarantined "
            + in.quarantined() + " + delivered " + in.delivered());
      }
    }
    for (OutputCounts out : outputs.values()) {
      if (!out.balanced()) {
        problems.add("output '" + out.port() + "': received " + out.received() + " != written "
            + out.written() + " + quarantined " + out.quarantined() + " + discarded "
            + out.discarded());
      }
      if (rowWise && delivered != out.received() + out.filtered()) {
        problems.add("output '" + out.port() + "': delivered " + delivered + " != received "
            + out.received() + " + filtered " + out.filtered());
      }
    }
    return problems;
  }
}
