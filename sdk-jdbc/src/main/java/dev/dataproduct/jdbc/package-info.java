/**
 * JDBC input and output ports: {@link dev.dataproduct.jdbc.JdbcInputPort} streams a query or a
 * table (optionally incrementally), {@link dev.dataproduct.jdbc.JdbcOutputPort} publishes to a
 * table in one transaction per publication (append, overwrite or upsert, see {@link
 * dev.dataproduct.jdbc.WriteMode}), with binary {@code COPY} on PostgreSQL. Databases differ
 * behind {@link dev.dataproduct.jdbc.SqlDialect}; PostgreSQL and H2 are built in. The JDBC driver
 * is yours: this module depends on none.
 */
package dev.dataproduct.jdbc;
