/**
 * Policies: quality rules checked on every row before publication ({@link
 * dev.dataproduct.policy.RowRule}) and on every publication before commit ({@link
 * dev.dataproduct.policy.DatasetRule}), built with {@link dev.dataproduct.policy.Rules}; and
 * access policies checked on every consumer read ({@link dev.dataproduct.policy.AccessPolicy}).
 */
package dev.dataproduct.policy;
