package dev.dataproduct.jdbc;

/** {@link OutputPortBehaviour} on real PostgreSQL (binary COPY path). */
class PostgresOutputPortTest extends OutputPortBehaviour {
  @Override
  Target target() {
    return Target.POSTGRES;
  }
}
