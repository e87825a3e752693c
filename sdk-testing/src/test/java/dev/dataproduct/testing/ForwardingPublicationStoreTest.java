package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static dev.dataproduct.testing.Fixtures.goodOrders;
import static dev.dataproduct.testing.Fixtures.product;

import dev.dataproduct.DataProduct;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.contract.PhysicalSchema;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ForwardingPublicationStore} forwards every method of the SPI, defaults included. */
class ForwardingPublicationStoreTest {
  @RegisterExtension
  static DataProductExtension dp = DataProductExtension.create();

  /** Keeps every publication in its log, only the newest readable: an OVERWRITE table. */
  private static final class OverwriteTable extends ForwardingPublicationStore {
    OverwriteTable() {
      super(InMemoryPublicationStore.create());
    }

    @Override
    public List<Publication> readablePublications() {
      List<Publication> all = publications();
      return all.isEmpty() ? all : all.subList(all.size() - 1, all.size());
    }

    @Override
    public Optional<PhysicalSchema> physicalSchema(Schema schema) {
      return Optional.of(PhysicalSchema.of("clean_orders", "table", Map.of()));
    }

    @Override
    public Optional<LineageDataset> lineageDataset() {
      return Optional.of(LineageDataset.of("postgres://db:5432", "sales.public.clean_orders"));
    }
  }

  /** A subclass that changes nothing: what a test wrapping a store to count calls starts as. */
  private static final class Plain extends ForwardingPublicationStore {
    Plain(PublicationStore delegate) {
      super(delegate);
    }
  }

  @Test
  void everyMethodOfTheSpi_isOverridden_defaultsIncluded() {
    List<String> missing = new ArrayList<>();
    for (Method m : PublicationStore.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      try {
        ForwardingPublicationStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(m.getName());
      }
    }

    assertThat(missing).as("PublicationStore methods ForwardingPublicationStore does not forward")
        .isEmpty();
  }

  @Test
  void wrappingAStoreThatReadsOnlyItsNewest_showsWhatTheDelegateCanRead() {
    Plain wrapped = new Plain(new OverwriteTable());
    OutputPort port = OutputPort.builder("clean", wrapped).contract(Fixtures.cleanContract())
        .build();
    DataProduct orders = product("orders-product")
        .input(InMemoryInputPort.of("orders", Fixtures.ORDERS, goodOrders(3)))
        .output(port).build();
    assertThat(dp.run(orders)).succeeded();
    assertThat(dp.run(orders)).succeeded();

    List<Publication> all = wrapped.publications();
    assertThat(all).hasSize(2);
    assertThat(wrapped.readablePublications()).containsExactly(all.get(1));
    assertThat(orders.output("clean").publications()).extracting(Publication::id)
        .containsExactly(all.get(1).id());
    assertThat(wrapped.physicalSchema(Fixtures.CLEAN)).flatMap(PhysicalSchema::name)
        .contains("clean_orders");
    assertThat(wrapped.lineageDataset()).map(LineageDataset::name)
        .contains("sales.public.clean_orders");
  }
}
