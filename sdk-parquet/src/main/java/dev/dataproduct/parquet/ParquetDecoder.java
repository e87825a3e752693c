package dev.dataproduct.parquet;

import dev.dataproduct.DataProductException;
import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one Parquet file. Parquet's footer is at the end of the file and row groups are read by
 * offset, so the stream is first copied into a temporary file (deleted on close; the copy also
 * consumes the stream to its end, which lets the caller verify its checksum), then read one row
 * group at a time: memory is bounded by the largest row group, not by the file.
 */
final class ParquetDecoder implements FileFormat.Decoder {
  private final Path spool;
  private final String source;
  private final ParquetReader<Row> reader;
  private boolean closed;

  private ParquetDecoder(Path spool, String source, ParquetReader<Row> reader) {
    this.spool = spool;
    this.source = source;
    this.reader = reader;
  }

  static ParquetDecoder open(Schema schema, InputStream in, String source) throws IOException {
    Path spool = Files.createTempFile("dataproduct-", ".parquet");
    try {
      try (OutputStream out = Files.newOutputStream(spool)) {
        in.transferTo(out);
      }
      ParquetReader<Row> reader;
      try {
        reader = new ReaderBuilder(new LocalInputFile(spool), schema, source)
            .withConf(Hadoop.configuration()).build();
      } catch (RuntimeException | IOException e) {
        throw unreadable(source, e);
      }
      return new ParquetDecoder(spool, source, reader);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spool);
      throw e;
    }
  }

  @Override
  public Row next() throws IOException {
    try {
      return reader.read();
    } catch (DataProductException e) {
      throw e;
    } catch (RuntimeException | IOException e) {
      throw unreadable(source, e);
    }
  }

  /**
   * A file that is not valid Parquet. The message names the source and the problem's class but
   * neither Parquet's message nor a cause: those may quote bytes of the file.
   */
  private static DataProductException unreadable(String source, Exception e) {
    return new DataProductException(source + " is not a readable Parquet file ("
        + e.getClass().getSimpleName() + "); replace or remove it");
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      try {
        reader.close();
      } finally {
        Files.deleteIfExists(spool);
      }
    }
  }

  private static final class ReaderBuilder extends ParquetReader.Builder<Row> {
    private final Schema schema;
    private final String source;

    ReaderBuilder(InputFile file, Schema schema, String source) {
      super(file);
      this.schema = schema;
      this.source = source;
    }

    @Override
    protected ReadSupport<Row> getReadSupport() {
      return new RowReadSupport(schema, source);
    }
  }

  /** Reads the file's columns the schema names (by name); fields absent from the file are null. */
  private static final class RowReadSupport extends ReadSupport<Row> {
    private final Schema schema;
    private final String source;

    RowReadSupport(Schema schema, String source) {
      this.schema = schema;
      this.source = source;
    }

    @Override
    public ReadContext init(InitContext context) {
      MessageType file = context.getFileSchema();
      java.util.List<Type> wanted = new java.util.ArrayList<>();
      for (Type t : file.getFields()) {
        if (schema.fieldNames().contains(t.getName())) {
          wanted.add(t);
        }
      }
      return new ReadContext(new MessageType(file.getName(), wanted));
    }

    @Override
    public RecordMaterializer<Row> prepareForRead(Configuration configuration,
        Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
      return new RowMaterializer(schema, readContext.getRequestedSchema(), source);
    }
  }
}
