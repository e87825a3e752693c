package dev.dataproduct.testing.fs;

import dev.dataproduct.InputPort;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.Formats;
import dev.dataproduct.policy.Action;
import dev.dataproduct.testing.InputPortContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The guide's file-system input port passes the input port kit. */
class FileSystemInputPortContractTest extends InputPortContract {
  private static final int ROWS_PER_FILE = 10;
  @TempDir Path root;
  private int sources;

  @Override
  protected InputPort newInput(String name, Schema schema, List<Row> rows) {
    return FileSystemInputPort.of(name, write(schema, rows, 0), schema, Action.FAIL);
  }

  @Override
  protected InputPort inputWithMalformedRecords(String name, Schema schema, List<Row> rows,
      int malformed) {
    return FileSystemInputPort.of(name, write(schema, rows, malformed), schema,
        Action.QUARANTINE);
  }

  @Override
  protected String expectedType() {
    return "file";
  }

  /** Rows as JSON Lines files of ten rows each, then one file of broken records. */
  private Path write(Schema schema, List<Row> rows, int malformed) {
    Path dir = root.resolve("source-" + (sources++));
    FileFormat format = Formats.jsonLines();
    try {
      Files.createDirectories(dir);
      int file = 0;
      for (int from = 0; from < rows.size(); from += ROWS_PER_FILE) {
        try (OutputStream out = Files.newOutputStream(dir.resolve(
            String.format("part-%03d.jsonl", file++)))) {
          FileFormat.Encoder encoder = format.encoder(schema, out);
          for (Row r : rows.subList(from, Math.min(rows.size(), from + ROWS_PER_FILE))) {
            encoder.write(r);
          }
          encoder.finish();
        }
      }
      if (malformed > 0) {
        Files.writeString(dir.resolve(String.format("part-%03d.jsonl", file)),
            "{\"id\": 1, \"kind\": \n".repeat(malformed));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
