package dev.dataproduct.maven;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.page.MeshSite;
import dev.dataproduct.page.ProductDocuments;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the product page of every product of the module and the index of them (static,
 * self-contained HTML: it opens from a file or any static host) from the descriptors, with the
 * glossary's definitions when one is configured.
 */
@Mojo(name = "page", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PageMojo extends AbstractDataProductMojo {
  /** Where the pages go: {@code index.html} and {@code <product>.html}. */
  @Parameter(property = "dataproduct.pageDirectory",
      defaultValue = "${project.build.directory}/site/dataproducts")
  private File pageDirectory;

  @Override
  public void execute() throws MojoExecutionException {
    if (skip || !descriptorsPresent()) {
      getLog().info("No data product descriptors: no pages");
      return;
    }
    try {
      List<ProductDocuments> products = ProductDocuments.readDirectory(
          descriptorsDirectory.toPath());
      MeshSite.Builder site = MeshSite.builder().products(products);
      readGlossary().ifPresent(site::glossary);
      List<Path> written = site.build().write(pageDirectory.toPath());
      getLog().info("Wrote " + written.size() + " page(s) to " + pageDirectory);
    } catch (DescriptorException e) {
      throw new MojoExecutionException("Cannot read descriptors: " + e.getMessage(), e);
    }
  }
}
