package dev.dataproduct.contract;

import dev.dataproduct.DataProduct;
import dev.dataproduct.DataProductException;
import dev.dataproduct.DataProductProvider;
import dev.dataproduct.OutputPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The files of a product's descriptors, as build tools and catalogs lay them out in one
 * directory: {@code <product>.odps.yaml} (the ODPS descriptor) and {@code
 * <product>.<port>.odcs.yaml} (the ODCS contract of each output port, with the port's server and
 * roles).
 *
 * <pre>{@code
 * List<Path> written = DescriptorFiles.write(product, Path.of("target/dataproducts"));
 * }</pre>
 */
public final class DescriptorFiles {
  /** The suffix of a product's ODPS descriptor file. */
  public static final String ODPS_SUFFIX = ".odps.yaml";
  /** The suffix of an output port's ODCS contract file. */
  public static final String ODCS_SUFFIX = ".odcs.yaml";

  private DescriptorFiles() {}

  /** The ODPS file name of {@code product}. */
  public static String odpsFileName(String product) {
    return Objects.requireNonNull(product, "product") + ODPS_SUFFIX;
  }

  /** The ODCS file name of output port {@code port} of {@code product}. */
  public static String odcsFileName(String product, String port) {
    return Objects.requireNonNull(product, "product") + "." + Objects.requireNonNull(port, "port")
        + ODCS_SUFFIX;
  }

  /**
   * Writes the ODPS descriptor of {@code product} and the ODCS contract of each of its output
   * ports into {@code dir} (created when missing).
   *
   * @return the files written, the descriptor first
   */
  public static List<Path> write(DataProduct product, Path dir) {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(dir, "dir");
    List<Path> out = new ArrayList<>();
    out.add(writeFile(dir.resolve(odpsFileName(product.name())), product.descriptor().toYaml()));
    for (OutputPort port : product.outputs().values()) {
      out.add(writeFile(dir.resolve(odcsFileName(product.name(), port.name())),
          DataContracts.toYaml(port)));
    }
    return List.copyOf(out);
  }

  /**
   * Writes the descriptors of every product of every {@link DataProductProvider} that {@code
   * loader} finds (see {@link ServiceLoader}), closing each product afterwards. The entry point
   * of the Maven plugin's {@code descriptors} goal.
   *
   * @return the files written
   * @throws DataProductException when two products share a name
   */
  public static List<Path> writeAll(ClassLoader loader, Path dir) {
    Objects.requireNonNull(loader, "loader");
    List<Path> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (DataProductProvider provider : ServiceLoader.load(DataProductProvider.class, loader)) {
      for (DataProduct product : provider.products()) {
        try (product) {
          if (!names.add(product.name())) {
            throw new DataProductException("Two products are named '" + product.name()
                + "' (the second from " + provider.getClass().getName() + ")");
          }
          out.addAll(write(product, dir));
        }
      }
    }
    return List.copyOf(out);
  }

  private static Path writeFile(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
