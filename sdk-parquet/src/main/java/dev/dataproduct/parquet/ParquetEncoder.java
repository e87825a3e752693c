package dev.dataproduct.parquet;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.format.FileFormat;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file written to a stream. Parquet buffers the current row group (compressed pages)
 * and hands it to the stream when it reaches the row group size; {@link #finish()} writes the
 * last row group and the footer.
 */
final class ParquetEncoder implements FileFormat.Encoder {
  private final StreamOutputFile file;
  private final RowWriteSupport support;
  private final ParquetWriter<Row> writer;
  private static final int SIZE_EVERY = 256;
  private boolean finished;
  private long rows;
  private long buffered = -1;
  private long bufferedAt;

  ParquetEncoder(ParquetFormat format, Schema schema, OutputStream out) throws IOException {
    this.file = new StreamOutputFile(out);
    MessageType type = ParquetSchemas.of(schema);
    this.support = new RowWriteSupport(schema, type);
    this.writer = new WriterBuilder(file, support)
        .withConf(Hadoop.configuration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(format.codec())
        .withRowGroupSize(format.rowGroupBytes())
        .withPageSize(format.pageBytes())
        .withDictionaryPageSize(format.pageBytes())
        .withDictionaryEncoding(format.dictionary())
        .withWriterVersion(org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_1_0)
        .build();
  }

  @Override
  public void write(Row row) throws IOException {
    support.prepare(row); // refuses an inexact value before Parquet's writer sees the row
    writer.write(row);
    if ((++rows & (SIZE_EVERY - 1)) == 0) {
      buffered = -1;
    }
  }

  /**
   * The bytes Parquet holds in memory, as of the last multiple of {@value #SIZE_EVERY} rows or
   * the last row group written, whichever came last: the writer sums the buffers of every column
   * to tell, too much work to do per row (callers ask after each row to roll files over).
   */
  @Override
  public long bufferedBytes() {
    long position = file.position();
    if (buffered < 0 || position != bufferedAt) {
      buffered = Math.max(0, writer.getDataSize() - position);
      bufferedAt = position;
    }
    return buffered;
  }

  @Override
  public void finish() throws IOException {
    if (!finished) {
      finished = true;
      writer.close();
    }
  }

  private static final class WriterBuilder extends ParquetWriter.Builder<Row, WriterBuilder> {
    private final RowWriteSupport support;

    WriterBuilder(OutputFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected WriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
