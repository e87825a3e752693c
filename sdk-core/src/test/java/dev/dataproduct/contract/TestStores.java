package dev.dataproduct.contract;

import dev.dataproduct.Publication;
import dev.dataproduct.Schema;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.LineageDataset;
import dev.dataproduct.spi.PublicationStore;
import dev.dataproduct.spi.PublicationWriter;
import dev.dataproduct.spi.WriteContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A store that only describes itself, for tests of the documents an output port writes (they
 * read the store's type and server, never its data). The in-memory store with data lives in
 * sdk-testing, which sdk-core's tests cannot depend on.
 */
final class TestStores {
  private TestStores() {}

  static PublicationStore described(String type, Map<String, Object> server) {
    return described(type, server, () -> Optional.empty());
  }

  /** A described store that names its lineage dataset with {@code lineage} (which may throw). */
  static PublicationStore described(String type, Map<String, Object> server,
      Supplier<Optional<LineageDataset>> lineage) {
    return described(type, server, lineage, s -> Optional.empty());
  }

  /** A described store that says its physical schema with {@code physical} (which may throw). */
  static PublicationStore physical(String type, Map<String, Object> server,
      Function<Schema, Optional<PhysicalSchema>> physical) {
    return described(type, server, () -> Optional.empty(), physical);
  }

  private static PublicationStore described(String type, Map<String, Object> server,
      Supplier<Optional<LineageDataset>> lineage,
      Function<Schema, Optional<PhysicalSchema>> physical) {
    return new PublicationStore() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Map<String, Object> server() {
        return server;
      }

      @Override
      public Optional<LineageDataset> lineageDataset() {
        return lineage.get();
      }

      @Override
      public Optional<PhysicalSchema> physicalSchema(Schema schema) {
        return physical.apply(schema);
      }

      @Override
      public PublicationWriter open(WriteContext context) {
        throw new UnsupportedOperationException("TestStores.described holds no data");
      }

      @Override
      public List<Publication> publications() {
        return List.of();
      }

      @Override
      public BatchReader read(Publication publication, Schema schema, int batchSize) {
        throw new UnsupportedOperationException("TestStores.described holds no data");
      }

      @Override
      public Optional<DataContract> contractOf(Publication publication) {
        return Optional.empty(); // holds no publication
      }

      @Override
      public PublicationStore quarantine() {
        return this;
      }
    };
  }
}
