package dev.dataproduct.spark;

import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.PortStorage;
import dev.dataproduct.spi.PublicationStore;
import java.util.ArrayList;
import java.util.List;

/** What a port's storage holds, read raw (no access policy), as comparable lists. */
final class Published {
  private Published() {}

  /** Every row of {@code publication} of {@code store}, each as its list of values. */
  static List<List<Object>> rows(PublicationStore store, Publication publication,
      dev.dataproduct.Schema schema) {
    List<List<Object>> out = new ArrayList<>();
    BatchReader reader = store.read(publication, schema, 100);
    try {
      for (List<Row> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
        for (Row r : batch) {
          out.add(new ArrayList<>(java.util.Arrays.asList(r.toArray())));
        }
      }
    } finally {
      reader.close();
    }
    return out;
  }

  /** The rows of the port's latest publication, sorted (by their text). */
  static List<List<Object>> latest(OutputPort port) {
    PublicationStore store = PortStorage.store(port);
    List<Publication> all = store.publications();
    List<List<Object>> rows = rows(store, all.get(all.size() - 1), port.contract().schema());
    rows.sort((a, b) -> a.toString().compareTo(b.toString()));
    return rows;
  }

  /**
   * Every quarantine record of the port: (port, rule id, reason, record), sorted, without the
   * run id and time.
   */
  static List<List<Object>> quarantine(OutputPort port) {
    PublicationStore store = PortStorage.quarantine(port);
    List<List<Object>> out = new ArrayList<>();
    for (Publication p : store.publications()) {
      for (List<Object> r : rows(store, p, Quarantine.SCHEMA)) {
        out.add(List.of(r.get(2), r.get(3), r.get(4), r.get(6)));
      }
    }
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    return out;
  }
}
