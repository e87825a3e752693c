package dev.dataproduct.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.DataProductDescriptor;
import dev.dataproduct.contract.DataProductDescriptor.OutputPortRef;
import dev.dataproduct.contract.DescriptorFiles;
import dev.dataproduct.spi.PortStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a page shows of one product: its ODPS descriptor, and per output port the ODCS contract
 * and the server it publishes to. Taken from a product ({@link #of(DataProduct)}) or read from
 * the files {@link DescriptorFiles} lays out ({@link #readDirectory(Path)}). Immutable.
 *
 * <pre>{@code
 * List<ProductDocuments> mesh = ProductDocuments.readDirectory(Path.of("target/dataproducts"));
 * }</pre>
 */
public final class ProductDocuments {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final DataProductDescriptor descriptor;
  private final Map<String, DataContract> contracts;
  private final Map<String, Map<String, Object>> servers;

  private ProductDocuments(DataProductDescriptor descriptor, Map<String, DataContract> contracts,
      Map<String, Map<String, Object>> servers) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.contracts = Collections.unmodifiableMap(new LinkedHashMap<>(contracts));
    Map<String, Map<String, Object>> s = new LinkedHashMap<>();
    servers.forEach((k, v) -> s.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.servers = Collections.unmodifiableMap(s);
  }

  /**
   * The documents of {@code descriptor}, with the contracts (and optionally servers) of its
   * output ports by port name.
   */
  public static ProductDocuments of(DataProductDescriptor descriptor,
      Map<String, DataContract> contracts, Map<String, Map<String, Object>> servers) {
    return new ProductDocuments(descriptor, contracts, servers);
  }

  /** The documents of a built product: its descriptor, contracts and servers. */
  public static ProductDocuments of(DataProduct product) {
    Objects.requireNonNull(product, "product");
    Map<String, DataContract> contracts = new LinkedHashMap<>();
    Map<String, Map<String, Object>> servers = new LinkedHashMap<>();
    for (OutputPort port : product.outputs().values()) {
      contracts.put(port.name(), port.contract());
      servers.put(port.name(), PortStorage.store(port).server());
    }
    return new ProductDocuments(product.descriptor(), contracts, servers);
  }

  /**
   * Reads every product of {@code dir}: each {@code <product>.odps.yaml} with the {@code
   * <product>.<port>.odcs.yaml} of its output ports (see {@link DescriptorFiles}). Products are
   * sorted by name.
   *
   * @throws DescriptorException when a file cannot be read as ODPS or ODCS
   */
  public static List<ProductDocuments> readDirectory(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Map<String, ProductDocuments> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path odps : files.filter(f -> f.getFileName().toString()
          .endsWith(DescriptorFiles.ODPS_SUFFIX)).sorted().toList()) {
        ProductDocuments d = read(odps);
        out.put(d.descriptor.id(), d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    return List.copyOf(out.values());
  }

  /**
   * Reads one ODPS file and the ODCS files of its output ports next to it; a port whose file is
   * missing has no contract.
   */
  public static ProductDocuments read(Path odpsFile) {
    DataProductDescriptor d = DataProductDescriptor.read(odpsFile);
    Path dir = odpsFile.toAbsolutePath().getParent();
    Map<String, DataContract> contracts = new LinkedHashMap<>();
    Map<String, Map<String, Object>> servers = new LinkedHashMap<>();
    for (OutputPortRef port : d.outputPorts()) {
      Path odcs = dir.resolve(DescriptorFiles.odcsFileName(d.id(), port.name()));
      if (Files.isRegularFile(odcs)) {
        contracts.put(port.name(), DataContracts.read(odcs));
        servers.put(port.name(), server(odcs));
      }
    }
    return new ProductDocuments(d, contracts, servers);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> server(Path odcs) {
    try {
      JsonNode servers = YAML.readTree(odcs.toFile()).path("servers");
      if (servers.isArray() && servers.size() > 0 && servers.get(0).isObject()) {
        return YAML.convertValue(servers.get(0), Map.class);
      }
      return Map.of();
    } catch (IOException e) {
      throw new DescriptorException(odcs.toString(), "$.servers", "cannot read: "
          + e.getClass().getSimpleName(), null);
    }
  }

  public DataProductDescriptor descriptor() {
    return descriptor;
  }

  /** The product's id (its name). */
  public String id() {
    return descriptor.id();
  }

  /** The contracts of the output ports, by port name. */
  public Map<String, DataContract> contracts() {
    return contracts;
  }

  public Optional<DataContract> contract(String port) {
    return Optional.ofNullable(contracts.get(port));
  }

  /** The server an output port publishes to (ODCS {@code servers} entry), empty when unknown. */
  public Map<String, Object> server(String port) {
    return servers.getOrDefault(port, Map.of());
  }

  /** The products this one reads from (ids of upstream products), in input-port order. */
  public List<String> upstreamProducts() {
    List<String> out = new ArrayList<>();
    descriptor.inputPorts().forEach(p -> {
      Object up = p.customProperties().get("dataproduct.upstreamProduct");
      if (up != null && !out.contains(up.toString())) {
        out.add(up.toString());
      }
    });
    return List.copyOf(out);
  }
}
