package dev.dataproduct.maven;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Writes the ODPS descriptor of every product of the module and the ODCS contract of each output
 * port into {@code target/dataproducts}, and attaches them as one zip (classifier {@code
 * dataproducts}) so they are installed and deployed with the jar: consumers and catalogs fetch
 * {@code groupId:artifactId:zip:dataproducts:version}.
 *
 * <p>Products are found by convention: classes implementing {@code
 * dev.dataproduct.DataProductProvider}, listed in the module's {@code
 * META-INF/services/dev.dataproduct.DataProductProvider}. They are built (never run) in a class
 * loader of the module's runtime classpath, with the module's own SDK version.
 */
@Mojo(name = "descriptors", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
    requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class DescriptorsMojo extends AbstractDataProductMojo {
  static final String CLASSIFIER = "dataproducts";
  private static final String ENTRY_POINT = "dev.dataproduct.contract.DescriptorFiles";

  @Component
  private MavenProjectHelper projectHelper;

  /** Attaches the descriptors zip to the build (installed and deployed with the jar). */
  @Parameter(property = "dataproduct.attach", defaultValue = "true")
  private boolean attach;

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("Skipping data product descriptors");
      return;
    }
    Path dir = descriptorsDirectory.toPath();
    List<Path> written = writeDescriptors(dir);
    if (written.isEmpty()) {
      getLog().warn("No data product found: list DataProductProvider classes in"
          + " src/main/resources/META-INF/services/dev.dataproduct.DataProductProvider");
      return;
    }
    written.forEach(f -> getLog().info("Wrote " + project.getBasedir().toPath().relativize(f)));
    if (attach) {
      File zip = new File(project.getBuild().getDirectory(),
          project.getBuild().getFinalName() + "-" + CLASSIFIER + ".zip");
      zip(dir, zip.toPath());
      projectHelper.attachArtifact(project, "zip", CLASSIFIER, zip);
    }
  }

  @SuppressWarnings("unchecked")
  private List<Path> writeDescriptors(Path dir) throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    try {
      for (String element : project.getRuntimeClasspathElements()) {
        urls.add(new File(element).toURI().toURL());
      }
    } catch (DependencyResolutionRequiredException | MalformedURLException e) {
      throw new MojoExecutionException("Cannot build the module's classpath", e);
    }
    clean(dir);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // the module's classes with its own SDK version, isolated from the plugin's
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]),
        ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader);
      Class<?> files;
      try {
        files = Class.forName(ENTRY_POINT, true, loader);
      } catch (ClassNotFoundException e) {
        throw new MojoExecutionException("The module does not depend on dev.dataproduct:sdk-core"
            + " (no " + ENTRY_POINT + " on its runtime classpath)", e);
      }
      Method writeAll = files.getMethod("writeAll", ClassLoader.class, Path.class);
      return (List<Path>) writeAll.invoke(null, loader, dir);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new MojoExecutionException("Cannot write the descriptors of the module's products: "
          + cause, cause);
    } catch (ReflectiveOperationException | IOException e) {
      throw new MojoExecutionException("Cannot call " + ENTRY_POINT + ".writeAll", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void clean(Path dir) throws MojoExecutionException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot clean " + dir, e);
    }
  }

  private static void zip(Path dir, Path zip) throws MojoExecutionException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
        Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        ZipEntry e = new ZipEntry(f.getFileName().toString());
        e.setTime(0L);    // the same descriptors give the same zip
        out.putNextEntry(e);
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write " + zip, e);
    }
  }
}
