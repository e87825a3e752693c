package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.ORDERS;
import static dev.dataproduct.testing.Fixtures.cleanContract;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.StorageException;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.io.IOException;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A storage error says which port of the product failed and what the run was doing. */
class RunErrorsTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  /** A real in-memory store whose writer fails like a disk that filled up. */
  static PublicationStore failingAtWrite() {
    return new ForwardingPublicationStore(InMemoryPublicationStore.create()) {
      @Override
      public PublicationWriter open(WriteContext context) {
        PublicationWriter w = super.open(context);
        return new PublicationWriter() {
          @Override
          public void write(List<Row> batch) {
            throw new StorageException("file /data/p1 could not be written: no space left;"
                + " check the volume", "ENOSPC", new IOException("No space left on device"));
          }

          @Override
          public Publication commit() {
            return w.commit();
          }

          @Override
          public void abort() {
            w.abort();
          }
        };
      }
    };
  }

  @Test
  void run_storeFailsWithoutNamingThePort_errorNamesPortAndStep_spansAndCauseKept() {
    OutputPort port = OutputPort.builder("clean", failingAtWrite())
        .contract(cleanContract()).build();
    RunResult run = dp.run(product("full-disk")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(3))).output(port).build());

    String expected = "Output port 'clean': writing a batch failed: file /data/p1 could not be"
        + " written: no space left; check the volume [ENOSPC]";
    assertThat(run).failed().publishedNothing();
    assertThat(run).error().isInstanceOf(StorageException.class).hasMessage(expected)
        .hasCauseInstanceOf(dev.dataproduct.VendorException.class);
    // the vendor's exception is kept as its class, sanitized (never its message)
    Assertions.assertThat(((dev.dataproduct.VendorException) run.error().orElseThrow().getCause())
        .vendorClass()).isEqualTo(IOException.class.getName());
    Assertions.assertThat(((StorageException) run.error().orElseThrow()).vendorCode())
        .isEqualTo("ENOSPC");
    // the span statuses say the same, not only the exception's class
    Assertions.assertThat(dp.spans("dataproduct.run full-disk").get(0).getStatus()
        .getDescription()).isEqualTo(expected);
    Assertions.assertThat(dp.spans("dataproduct.write clean").get(0).getStatus()
        .getDescription()).isEqualTo(expected);
  }

  @Test
  void run_storeErrorNamingThePortAlready_isLeftAsItIs() {
    OutputPort port = OutputPort.builder("second", RunAcrossPortsTest.failingAtCommit())
        .contract(cleanContract()).build();
    RunResult run = dp.run(product("named")
        .input(InMemoryInputPort.of("orders", ORDERS, goodOrders(2))).output(port).build());
    assertThat(run).error().hasMessage(
        "Output port 'second': committing the publication failed: the store went away");
  }
}
