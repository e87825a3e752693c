package dev.dataproduct.internal;

import dev.dataproduct.Quarantine;
import dev.dataproduct.Row;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The rejected rows of one run that go to one store's quarantine ({@link Quarantine#SCHEMA}
 * records), buffered per batch and written through a publication of their own, opened on the
 * first full batch. The run commits it before any data publication (so that nothing is published
 * whose rejects could not be kept), and on a failed run too, for diagnosis.
 */
final class QuarantineSink {
  /** The contract a quarantine publication is opened with. */
  static final DataContract CONTRACT =
      DataContract.builder("quarantine").version("1.0.0").schema(Quarantine.SCHEMA).build();

  private final RunState run;
  private final PublicationStore store;
  private final String port;
  private final List<Row> buffer = new ArrayList<>();
  private PublicationWriter writer;
  private long total;
  private boolean done;

  QuarantineSink(RunState run, PublicationStore store, String port) {
    this.run = run;
    this.store = store;
    this.port = port;
  }

  /** Adds a quarantine record; writes the buffer when a batch is full. */
  void add(Row record) {
    buffer.add(record);
    total++;
    if (buffer.size() >= run.batchSize) {
      flush();
    }
  }

  /** The records added in this run. */
  long total() {
    return total;
  }

  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    try {
      if (writer == null) {
        writer = store.open(new PortWriteContext(run, port, CONTRACT, null));
      }
      writer.write(List.copyOf(buffer));
    } catch (RuntimeException e) {
      throw PortErrors.where("Quarantine of", port, "writing rejected rows", e);
    }
    buffer.clear();
  }

  /** Writes what is buffered and commits; once per run, later calls do nothing. */
  void commit() {
    if (done) {
      return;
    }
    done = true;
    flush();
    if (writer != null) {
      try {
        writer.commit();
      } catch (RuntimeException e) {
        throw PortErrors.where("Quarantine of", port, "committing rejected rows", e);
      }
    }
  }
}
