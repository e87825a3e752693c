package dev.dataproduct.jdbc;

import dev.dataproduct.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** PostgreSQL binary {@code COPY ... FROM STDIN}: rows encoded and streamed in chunks. */
final class CopySink implements RowSink.OfRows {
  /** Bytes per write to the driver. */
  private static final int CHUNK = 256 * 1024;

  private final PgCopy copy;
  private final PgBinary.RowEncoder encoder;
  private final PgBinary.Buffer buffer = new PgBinary.Buffer(CHUNK + 64 * 1024);
  private volatile long bytes;

  /** Starts the COPY on {@code connection}, in its open transaction. */
  CopySink(Connection connection, String copySql, PgBinary.RowEncoder encoder)
      throws SQLException {
    this.copy = PgCopy.start(connection, copySql);
    this.encoder = encoder;
    buffer.put(PgBinary.HEADER);
  }

  @Override
  public void write(List<Row> rows) throws SQLException {
    for (int i = 0, n = rows.size(); i < n; i++) {
      encoder.encode(rows.get(i), buffer);
      if (buffer.size() >= CHUNK) {
        flush();
      }
    }
  }

  private void flush() throws SQLException {
    int n = buffer.size();
    if (n > 0) {
      copy.write(buffer.array(), n);
      bytes += n;
      buffer.reset();
    }
  }

  @Override
  public void finish() throws SQLException {
    buffer.putShort(PgBinary.TRAILER);
    flush();
    copy.end();
  }

  @Override
  public void cancel() {
    copy.cancel();
  }

  @Override
  public long bytes() {
    return bytes;
  }

  @Override
  public String operation() {
    return "COPY";
  }
}
