package dev.dataproduct.maven;

import dev.dataproduct.DescriptorException;
import dev.dataproduct.contract.Compatibility;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.DescriptorFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * For teams that check their descriptors into the repository (contract-first): fails when the
 * checked-in ODPS and ODCS files and the ones the code produces disagree, naming each file and
 * what differs, and saying how to regenerate them. Files are compared as documents (what they
 * declare), not as text: comments and key order may differ. Does nothing when the directory
 * does not exist.
 */
@Mojo(name = "drift", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class DriftMojo extends AbstractDataProductMojo {
  /** The checked-in descriptors. */
  @Parameter(property = "dataproduct.checkedInDirectory",
      defaultValue = "${project.basedir}/src/main/dataproducts")
  private File checkedInDirectory;

  /** Rewrites the checked-in files from the code instead of failing. */
  @Parameter(property = "dataproduct.updateDescriptors", defaultValue = "false")
  private boolean updateDescriptors;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip || !checkedInDirectory.isDirectory()) {
      getLog().info("No checked-in descriptors in " + checkedInDirectory + ": no drift check");
      return;
    }
    Path generated = descriptorsDirectory.toPath();
    Path checkedIn = checkedInDirectory.toPath();
    Set<String> names = new TreeSet<>(yamlFiles(generated));
    names.addAll(yamlFiles(checkedIn));
    List<String> drift = new ArrayList<>();
    for (String name : names) {
      Path code = generated.resolve(name);
      Path file = checkedIn.resolve(name);
      if (!Files.exists(file)) {
        drift.add(name + ": produced by the code, not checked in");
      } else if (!Files.exists(code)) {
        drift.add(name + ": checked in, no longer produced by the code");
      } else {
        differences(name, file, code).forEach(d -> drift.add(name + ": " + d));
      }
    }
    if (drift.isEmpty()) {
      getLog().info("The checked-in descriptors in " + relative(checkedIn) + " match the code");
      return;
    }
    if (updateDescriptors) {
      update(generated, checkedIn, names);
      drift.forEach(d -> getLog().warn("Rewritten from the code: " + d));
      return;
    }
    drift.forEach(d -> getLog().error("Drift: " + d));
    throw new MojoFailureException("The checked-in descriptors in " + relative(checkedIn)
        + " differ from the code (" + drift.size() + " difference(s)):\n  "
        + String.join("\n  ", drift) + "\nRegenerate them from the code with `mvn verify"
        + " -Ddataproduct.updateDescriptors=true` (then review and commit), or change the code"
        + " to match them.");
  }

  private static List<String> differences(String name, Path checkedIn, Path code)
      throws MojoExecutionException {
    try {
      if (name.endsWith(DescriptorFiles.ODCS_SUFFIX)) {
        DataContract declared = DataContracts.read(checkedIn);
        DataContract produced = DataContracts.read(code);
        if (declared.equals(produced)) {
          return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Compatibility.Change c : Compatibility.check(declared, produced).changes()) {
          out.add(c.subject() + ": " + c.description());
        }
        return out.isEmpty() ? List.of("the contracts differ") : out;
      }
      DataProductDescriptor declared = DataProductDescriptor.read(checkedIn);
      DataProductDescriptor produced = DataProductDescriptor.read(code);
      if (declared.equals(produced)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      if (!declared.version().equals(produced.version())) {
        out.add("version " + declared.version().orElse("none") + " checked in, "
            + produced.version().orElse("none") + " in the code");
      }
      return out.isEmpty() ? List.of("the product descriptors differ") : out;
    } catch (DescriptorException e) {
      throw new MojoExecutionException("Cannot read " + e.getMessage(), e);
    }
  }

  private String relative(Path p) {
    return project.getBasedir().toPath().relativize(p.toAbsolutePath()).toString();
  }

  private static List<String> yamlFiles(Path dir) throws MojoExecutionException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(DescriptorFiles.ODPS_SUFFIX)
              || n.endsWith(DescriptorFiles.ODCS_SUFFIX)).toList();
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot list " + dir, e);
    }
  }

  private static void update(Path generated, Path checkedIn, Set<String> names)
      throws MojoExecutionException {
    try {
      for (String name : names) {
        Path code = generated.resolve(name);
        if (Files.exists(code)) {
          Files.copy(code, checkedIn.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.deleteIfExists(checkedIn.resolve(name));
        }
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot rewrite " + checkedIn, e);
    }
  }
}
