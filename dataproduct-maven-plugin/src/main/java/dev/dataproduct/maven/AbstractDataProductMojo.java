package dev.dataproduct.maven;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.contract.Glossary;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every goal shares: the project, where descriptors are written, the mesh's glossary. */
abstract class AbstractDataProductMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /**
   * Where the {@code descriptors} goal writes {@code <product>.odps.yaml} and {@code
   * <product>.<port>.odcs.yaml}, and where the other goals read them.
   */
  @Parameter(property = "dataproduct.descriptorsDirectory",
      defaultValue = "${project.build.directory}/dataproducts")
  protected File descriptorsDirectory;

  /**
   * The mesh's glossary file (YAML, owned by governance; see {@code Glossary.read}). When set,
   * {@code check} verifies every term the fields bind to, and the pages show definitions.
   */
  @Parameter(property = "dataproduct.glossary")
  protected File glossary;

  /** Skips the goal. */
  @Parameter(property = "dataproduct.skip", defaultValue = "false")
  protected boolean skip;

  Optional<Glossary> readGlossary() throws MojoExecutionException {
    if (glossary == null) {
      return Optional.empty();
    }
    if (!glossary.isFile()) {
      throw new MojoExecutionException("Glossary file " + glossary + " does not exist");
    }
    try {
      return Optional.of(Glossary.read(glossary.toPath()));
    } catch (DescriptorException e) {
      throw new MojoExecutionException("Cannot read the glossary: " + e.getMessage(), e);
    }
  }

  boolean descriptorsPresent() {
    File[] files = descriptorsDirectory.listFiles((d, n) -> n.endsWith(".odps.yaml"));
    return files != null && files.length > 0;
  }
}
