package dev.dataproduct.testing.fs;

import dev.dataproduct.Row;
import dev.dataproduct.Schema;
import dev.dataproduct.StorageException;
import dev.dataproduct.format.FileFormat;
import dev.dataproduct.format.MalformedRecordException;
import dev.dataproduct.spi.BatchReader;
import dev.dataproduct.spi.ReadContext;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches of at most {@code batchSize} rows from one decoder. With a {@link ReadContext}, a
 * record the decoder cannot read as a row is quarantined through it and reading goes on;
 * without, it fails the read.
 */
final class DecodingReader implements BatchReader {
  private final FileFormat.Decoder decoder;
  private final Closeable stream;
  private final Schema schema;
  private final int batchSize;
  private final String source;
  private final ReadContext quarantineTo;
  private boolean done;

  DecodingReader(FileFormat.Decoder decoder, Closeable stream, Schema schema, int batchSize,
      String source, ReadContext quarantineTo) {
    this.decoder = decoder;
    this.stream = stream;
    this.schema = schema;
    this.batchSize = batchSize;
    this.source = source;
    this.quarantineTo = quarantineTo;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<Row> next() {
    List<Row> batch = new ArrayList<>(Math.min(batchSize, 1024));
    try {
      while (!done && batch.size() < batchSize) {
        Row row;
        try {
          row = decoder.next();
        } catch (MalformedRecordException e) {
          if (quarantineTo == null) {
            throw e;
          }
          quarantineTo.quarantine(e.getMessage(), e.record());
          continue;
        }
        if (row == null) {
          close();
        } else {
          batch.add(row);
        }
      }
    } catch (IOException e) {
      close();
      throw new StorageException("Reading " + source + " failed", e);
    }
    return batch;
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      decoder.close();
      stream.close();
    } catch (IOException e) {
      // nothing more will be read
    }
  }
}
