package dev.dataproduct.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.Principal;
import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.testing.ForwardingPublicationStore;
import dev.dataproduct.testing.InMemoryPublicationStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * A store that keeps only its newest publication (an OVERWRITE table) can replace the publication
 * the API chose before the read starts: the API then serves the new one, or answers 404 for an id
 * the caller asked for.
 */
class PublicationReplacedWhileChosenTest {

  /** Lists every publication until a read of an old one finds it replaced. */
  static final class KeepsOnlyTheNewest extends ForwardingPublicationStore {
    final AtomicBoolean replaced = new AtomicBoolean();

    KeepsOnlyTheNewest() {
      super(InMemoryPublicationStore.create());
    }

    @Override
    public List<Publication> publications() {
      List<Publication> all = super.publications();
      if (all.isEmpty()) {
        return all;
      }
      return replaced.get() ? all.subList(all.size() - 1, all.size()) : all.subList(0, 1);
    }

    @Override
    public List<Publication> readablePublications() {
      return publications(); // the store forwards to its delegate: follow the list above
    }

    @Override
    public BatchReader read(Publication publication, Schema schema, int batchSize) {
      if (publication.id() == super.publications().get(0).id()) {
        replaced.set(true);
        throw new DataProductException("publication " + publication.id() + " was replaced");
      }
      return super.read(publication, schema, batchSize);
    }
  }

  private static MockMvc api(DataProduct product) {
    DataProductApiController controller = new DataProductApiController(
        new ProductCatalog(List.of(product)),
        request -> Principal.of("ana").withRoles("analyst"),
        new DataProductProperties.Api());
    return MockMvcBuilders.standaloneSetup(controller).build();
  }

  private static DataProduct publishedTwice(KeepsOnlyTheNewest store) {
    DataProduct product = TestProducts.builder("customers", 2, Transforms.identity()).build()
        .withOutput(OutputPort.builder("customers", store).contract(TestProducts.contract())
            .build());
    product.run().orThrow();
    product.run().orThrow();
    return product;
  }

  @Test
  void latest_replacedBeforeTheRead_servesTheNewOne() throws Exception {
    KeepsOnlyTheNewest store = new KeepsOnlyTheNewest();
    DataProduct product = publishedTwice(store);
    MockMvc mvc = api(product);

    MvcResult started = mvc.perform(get("/dataproducts/customers/customers")).andReturn();
    MvcResult done = mvc.perform(asyncDispatch(started)).andReturn();

    assertThat(store.replaced).isTrue();
    assertThat(done.getResponse().getStatus()).isEqualTo(200);
    long newest = product.output("customers").latest().orElseThrow().id();
    assertThat(done.getResponse().getHeader(DataProductApiController.PUBLICATION_ID))
        .isEqualTo(Long.toString(newest));
    assertThat(done.getResponse().getContentAsString().lines()).hasSize(2);
  }

  @Test
  void givenId_replacedBeforeTheRead_is404() throws Exception {
    KeepsOnlyTheNewest store = new KeepsOnlyTheNewest();
    DataProduct product = publishedTwice(store);
    long first = product.output("customers").publications().get(0).id();

    MvcResult result = api(product).perform(get("/dataproducts/customers/customers")
        .param("publication", Long.toString(first))).andReturn();

    assertThat(result.getResponse().getStatus()).isEqualTo(404);
    assertThat(result.getResponse().getContentAsString()).contains("no longer has publication");
  }
}
