package dev.dataproduct.jdbc;

/** {@link OutputPortBehaviour} on H2 (multi-row INSERT path). */
class H2OutputPortTest extends OutputPortBehaviour {
  @Override
  Target target() {
    return Target.H2;
  }
}
