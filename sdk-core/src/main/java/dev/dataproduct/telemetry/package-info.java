/**
 * Telemetry: the span, attribute and meter names of {@link
 * dev.dataproduct.telemetry.TelemetryNames} (public API: dashboards depend on them) and the
 * {@link dev.dataproduct.telemetry.Telemetry} holder that injects OpenTelemetry and Micrometer.
 */
package dev.dataproduct.telemetry;
