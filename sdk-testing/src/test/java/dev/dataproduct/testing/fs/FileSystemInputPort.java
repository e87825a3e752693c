package dev.dataproduct.testing.fs;

import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.policy.Action;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads every {@code *.jsonl} file of a directory, in name order, as rows of a schema.
 *
 * <pre>{@code
 * InputPort feed = FileSystemInputPort.of("feed", Path.of("/landing/feed"), FEED,
 *     Action.QUARANTINE);    // records that are not JSON objects are quarantined
 * }</pre>
 */
public final class FileSystemInputPort implements InputPort {
  private static final FileFormat FORMAT = Formats.jsonLines();
  private final String name;
  private final Path directory;
  private final Schema schema;
  private final Action onMalformed;

  private FileSystemInputPort(String name, Path directory, Schema schema, Action onMalformed) {
    this.name = Objects.requireNonNull(name, "name");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.schema = Objects.requireNonNull(schema, "schema");
    if (onMalformed == Action.WARN) {
      throw new IllegalArgumentException("onMalformed(WARN): use QUARANTINE or FAIL");
    }
    this.onMalformed = onMalformed;
  }

  /**
   * A port over {@code directory}; a record that is not a row fails the read ({@link
   * Action#FAIL}) or is quarantined ({@link Action#QUARANTINE}).
   */
  public static FileSystemInputPort of(String name, Path directory, Schema schema,
      Action onMalformed) {
    return new FileSystemInputPort(name, directory, schema, onMalformed);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String type() {
    return "file";
  }

  @Override
  public BatchReader read(ReadContext context) {
    context.setAttribute("file.directory", directory.toString());
    List<Path> files;
    try (Stream<Path> all = Files.list(directory)) {
      files = all.filter(p -> p.getFileName().toString().endsWith(FORMAT.extension()))
          .sorted().toList();
    } catch (IOException e) {
      throw new StorageException("Listing " + directory + " failed", e);
    }
    ReadContext quarantine = onMalformed == Action.QUARANTINE ? context : null;
    return new BatchReader() {
      private int next;
      private DecodingReader current;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public List<Row> next() {
        while (true) {
          if (current == null) {
            if (next >= files.size()) {
              return List.of();
            }
            current = open(files.get(next++), context.batchSize(), quarantine);
          }
          List<Row> batch = current.next();
          if (!batch.isEmpty()) {
            return batch;
          }
          current = null; // that file is exhausted (and closed)
        }
      }

      @Override
      public void close() {
        if (current != null) {
          current.close();
          current = null;
        }
        next = files.size();
      }
    };
  }

  private DecodingReader open(Path file, int batchSize, ReadContext quarantine) {
    try {
      InputStream in = Files.newInputStream(file);
      return new DecodingReader(FORMAT.decoder(schema, in, file.toString()), in, schema,
          batchSize, file.toString(), quarantine);
    } catch (IOException e) {
      throw new StorageException("Opening " + file + " failed", e);
    }
  }
}
