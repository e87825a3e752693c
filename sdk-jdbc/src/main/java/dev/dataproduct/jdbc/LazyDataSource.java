package dev.dataproduct.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source obtained from a supplier on the first connection, once: lets a port be declared
 * without creating a pool (see {@code JdbcOutputPort.Builder#dataSource(Supplier)}).
 */
final class LazyDataSource implements DataSource {
  private final Supplier<? extends DataSource> supplier;
  private final Object lock = new Object();
  private volatile DataSource delegate;

  LazyDataSource(Supplier<? extends DataSource> supplier) {
    this.supplier = Objects.requireNonNull(supplier, "dataSource");
  }

  DataSource delegate() {
    DataSource d = delegate;
    if (d == null) {
      synchronized (lock) {
        d = delegate;
        if (d == null) {
          d = supplier.get();
          if (d == null) {
            throw new IllegalStateException("The data source supplier returned null");
          }
          delegate = d;
        }
      }
    }
    return d;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return delegate().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return delegate().getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate().getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate().getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : delegate().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate().isWrapperFor(type);
  }

  @Override
  public String toString() {
    DataSource d = delegate;
    return d == null ? "LazyDataSource{not yet obtained}" : d.toString();
  }
}
