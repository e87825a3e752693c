/**
 * A real PostgreSQL server for tests and demos: {@link
 * dev.dataproduct.testing.postgres.EmbeddedPostgresServer} (a plain object) and {@link
 * dev.dataproduct.testing.postgres.EmbeddedPostgresExtension} (JUnit 5, a schema per test).
 */
package dev.dataproduct.testing.postgres;
