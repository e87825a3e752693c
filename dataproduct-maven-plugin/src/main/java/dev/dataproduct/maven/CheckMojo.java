package dev.dataproduct.maven;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.page.ProductDocuments;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.version.Version;

/**
 * The breaking-change gate of the build: compares every contract of this build (written by
 * {@code descriptors}) with the baseline, the descriptors of the previous released version of
 * the module resolved from the Maven repository ({@code
 * groupId:artifactId:zip:dataproducts:version}), or a baseline directory. Fails the build
 * listing each breaking change with the rule applied: a breaking change needs a new major
 * contract version, and a port's major bump needs the product's major bump. The same
 * compatibility table as the runtime gate ({@code Compatibility}). With a glossary, also fails
 * when a field binds to a term the glossary does not define, or its type differs from the
 * term's.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractDataProductMojo {
  @Component
  private RepositorySystem repositorySystem;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
  private RepositorySystemSession repositorySession;

  @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
  private List<RemoteRepository> remoteRepositories;

  /** Compare with the descriptors in this directory instead of a released version's. */
  @Parameter(property = "dataproduct.baselineDirectory")
  private File baselineDirectory;

  /**
   * The released version to compare with; by default the highest release lower than the
   * project's version.
   */
  @Parameter(property = "dataproduct.baselineVersion")
  private String baselineVersion;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping the data product check");
      return;
    }
    if (!descriptorsPresent()) {
      getLog().warn("No descriptors in " + descriptorsDirectory + ": nothing to check (the"
          + " descriptors goal writes them)");
      return;
    }
    List<String> problems = new ArrayList<>(glossaryProblems());
    Optional<Path> baseline = baseline();
    if (baseline.isPresent()) {
      try {
        BaselineComparison c = BaselineComparison.compare(baseline.get(),
            descriptorsDirectory.toPath());
        c.accepted.forEach(a -> getLog().info(a));
        problems.addAll(c.refused);
        if (c.refused.isEmpty()) {
          getLog().info("No breaking change from the baseline (" + c.accepted.size()
              + " change(s) accepted)");
        }
      } catch (DescriptorException e) {
        throw new MojoExecutionException("Cannot read descriptors: " + e.getMessage(), e);
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> getLog().error(p));
      throw new MojoFailureException(problems.size() + " data product problem(s):\n  "
          + String.join("\n  ", problems));
    }
  }

  private List<String> glossaryProblems() throws MojoExecutionException {
    Optional<Glossary> g = readGlossary();
    List<String> out = new ArrayList<>();
    if (g.isEmpty()) {
      return out;
    }
    for (ProductDocuments d : ProductDocuments.readDirectory(descriptorsDirectory.toPath())) {
      String domain = d.descriptor().domain().orElse("");
      for (Map.Entry<String, DataContract> e : d.contracts().entrySet()) {
        try {
          g.get().bind(e.getValue(), domain);
        } catch (IllegalArgumentException ex) {
          out.add("product '" + d.id() + "', port '" + e.getKey() + "': " + ex.getMessage()
              + " (glossary " + glossary.getName() + ")");
        }
      }
    }
    if (out.isEmpty()) {
      getLog().info("Every glossary term bound by a field exists in " + glossary.getName()
          + " with the field's type");
    }
    return out;
  }

  private Optional<Path> baseline() throws MojoExecutionException {
    if (baselineDirectory != null) {
      if (!baselineDirectory.isDirectory()) {
        throw new MojoExecutionException("Baseline directory " + baselineDirectory
            + " does not exist");
      }
      getLog().info("Comparing with the descriptors in " + baselineDirectory);
      return Optional.of(baselineDirectory.toPath());
    }
    String version = baselineVersion != null ? baselineVersion : previousRelease().orElse(null);
    if (version == null) {
      getLog().info("No released version of " + project.getGroupId() + ":"
          + project.getArtifactId() + " before " + project.getVersion()
          + ": nothing to compare with (first release)");
      return Optional.empty();
    }
    Artifact zip = new DefaultArtifact(project.getGroupId(), project.getArtifactId(),
        DescriptorsMojo.CLASSIFIER, "zip", version);
    File file;
    try {
      file = repositorySystem.resolveArtifact(repositorySession,
          new ArtifactRequest(zip, remoteRepositories, null)).getArtifact().getFile();
    } catch (ArtifactResolutionException e) {
      getLog().warn("Release " + version + " has no data product descriptors (" + zip
          + "): nothing to compare with");
      return Optional.empty();
    }
    getLog().info("Comparing with the descriptors of release " + version);
    return Optional.of(unzip(file.toPath(), new File(project.getBuild().getDirectory(),
        "dataproduct-baseline/" + version).toPath()));
  }

  private Optional<String> previousRelease() throws MojoExecutionException {
    Artifact range = new DefaultArtifact(project.getGroupId(), project.getArtifactId(),
        DescriptorsMojo.CLASSIFIER, "zip", "[0," + project.getVersion() + ")");
    try {
      List<Version> versions = repositorySystem.resolveVersionRange(repositorySession,
          new VersionRangeRequest(range, remoteRepositories, null)).getVersions();
      for (int i = versions.size() - 1; i >= 0; i--) {
        String v = versions.get(i).toString();
        if (!v.endsWith("-SNAPSHOT")) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    } catch (VersionRangeResolutionException e) {
      throw new MojoExecutionException("Cannot list the released versions of " + range, e);
    }
  }

  private static Path unzip(Path zip, Path dir) throws MojoExecutionException {
    try {
      Files.createDirectories(dir);
      try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
        for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
          String name = Path.of(e.getName()).getFileName().toString();
          if (!e.isDirectory() && name.endsWith(".yaml")) {
            Files.copy(z, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot unpack " + zip, e);
    }
  }
}
