package dev.dataproduct.examples;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductProvider;
import dev.dataproduct.contract.Glossary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The demo's products for build tools. The {@code dataproduct-maven-plugin} (configured in {@code
 * examples/pom.xml}) finds this provider through {@code
 * META-INF/services/dev.dataproduct.DataProductProvider}, writes the ODPS descriptor of each
 * product and the ODCS contract of each output port into {@code target/dataproducts}, checks them
 * against the mesh's glossary ({@link #GLOSSARY_RESOURCE}) and the previous release, and renders
 * their pages into {@code target/site/dataproducts}. The products are built over an environment
 * that connects to nothing ({@link DemoEnvironment#unconnected()}) and never run.
 */
public final class DemoProducts implements DataProductProvider {
  /** The mesh's glossary, owned by governance: a class path resource of this module. */
  public static final String GLOSSARY_RESOURCE = "/glossary.yaml";

  // tag::data-product-provider[]
  @Override
  public List<DataProduct> products() {
    DemoEnvironment env = DemoEnvironment.unconnected();   // built, never run
    return List.of(
        SalesProducts.dailyRevenue(env, SalesProducts.revenueContract("1.0.0")),
        SalesProducts.countryKpis(env));
  }
  // end::data-product-provider[]

  /** The mesh's glossary ({@code src/main/resources/glossary.yaml}). */
  public static Glossary glossary() {
    try (InputStream in = DemoProducts.class.getResourceAsStream(GLOSSARY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("No " + GLOSSARY_RESOURCE + " on the class path");
      }
      return Glossary.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          GLOSSARY_RESOURCE.substring(1));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + GLOSSARY_RESOURCE, e);
    }
  }
}
