package dev.dataproduct.jdbc;

import dev.dataproduct.Publication;
import dev.dataproduct.SemanticVersion;

/**
 * Which table holds the publications of each contract major version. One table for all of them,
 * unless the port publishes each major to a table of its own ({@link
 * JdbcOutputPort.Builder#tablePerMajorVersion()}): then majors 0 and 1 keep the table as named
 * and major {@code N} from 2 on goes to {@code <table>_v<N>}, so that turning it on for a port
 * already in use moves nothing.
 *
 * @param base the table as configured; the publication log keys every major under its name
 * @param perMajor whether each major version from 2 on has a table of its own
 */
record PortTables(TableName base, boolean perMajor) {

  /** The table publications under contract major version {@code major} go to. */
  TableName forMajor(int major) {
    return perMajor && major >= 2 ? versioned(base, major) : base;
  }

  /** The table holding {@code publication} (the base table for a non-semantic version). */
  TableName of(Publication publication) {
    return forMajor(major(publication.contractVersion()));
  }

  /** {@code publication} with its table as its location. */
  Publication located(Publication p) {
    String table = of(p).toString();
    return table.equals(p.location()) ? p : new Publication(p.port(), p.id(), p.runId(),
        p.rows(), p.bytes(), p.contractVersion(), p.committedAt(), table);
  }

  /**
   * {@code <table>_v<major>}.
   *
   * @throws IllegalArgumentException when the name would be longer than an identifier may be
   */
  static TableName versioned(TableName base, int major) {
    return base.withName(base.name() + "_v" + major);
  }

  private static int major(String version) {
    try {
      return SemanticVersion.parse(version).major();
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }
}
