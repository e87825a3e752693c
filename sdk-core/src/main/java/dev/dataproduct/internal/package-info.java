/**
 * The runtime behind the public API: runner, schema conformance, compiled rules, access
 * enforcement, telemetry plumbing. Public only so that the other SDK packages can reach it; no
 * compatibility promise.
 */
package dev.dataproduct.internal;
