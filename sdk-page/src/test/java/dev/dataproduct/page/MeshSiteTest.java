package dev.dataproduct.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.Owner;
import dev.dataproduct.Schema;
import dev.dataproduct.Transforms;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.testing.InMemoryInputPort;
import dev.dataproduct.testing.InMemoryOutputPort;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site rendered in memory, page by page, as a service serves it. */
class MeshSiteTest {
  @TempDir Path dir;
  private final SampleMesh mesh = new SampleMesh().run();

  @AfterEach
  void close() {
    mesh.kpis.close();
    mesh.orders.close();
  }

  @Test
  void render_givesEachPageAsWritten_andNothingForAnotherName() throws Exception {
    MeshSite site = MeshSite.builder().product(mesh.orders).product(mesh.kpis)
        .glossary(SampleMesh.GLOSSARY).build();
    site.write(dir);

    assertThat(site.fileNames())
        .containsExactly("index.html", "clean-orders.html", "customer-kpis.html");
    for (String file : site.fileNames()) {
      assertThat(site.render(file)).as(file).contains(Files.readString(dir.resolve(file)));
    }
    assertThat(site.render("nope.html")).isEmpty();
    assertThat(site.render("clean-orders")).isEmpty();
  }

  @Test
  void productPage_readsThePublicationHistoryWhenRendered() {
    MeshSite site = MeshSite.builder().product(mesh.orders).product(mesh.kpis).build();
    assertThat(site.render("clean-orders.html").orElseThrow())
        .contains("3 retained publications");

    mesh.orders.run().orThrow();

    assertThat(site.render("clean-orders.html").orElseThrow())
        .contains("4 retained publications").doesNotContain(SampleMesh.SECRET);
  }

  @Test
  void aProductNamedIndex_isRefused() {
    Schema schema = Schema.of(Field.required("id", FieldType.INTEGER));
    try (var index = dev.dataproduct.DataProduct.builder("index").version("1.0.0")
        .domain("x").owner(Owner.business("x@corp.example"), Owner.technical("x-eng"))
        .input(InMemoryInputPort.of("in", schema))
        .transform(Transforms.identity())
        .output(InMemoryOutputPort.create("out",
            DataContract.builder("index").version("1.0.0").schema(schema).build()))
        .policy(AccessPolicy.allowAll())
        .build()) {
      assertThatThrownBy(() -> MeshSite.builder().product(index))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'index'").hasMessageContaining("index.html");
    }
  }
}
