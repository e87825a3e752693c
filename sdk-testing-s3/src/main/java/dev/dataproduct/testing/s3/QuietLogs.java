package dev.dataproduct.testing.s3;

/**
 * Keeps S3Proxy's start-up and request logs out of test output: sets slf4j-simple's levels for
 * its loggers to WARN unless the user set them (system properties are read by slf4j-simple when
 * each logger is created, i.e. after this runs as long as S3Proxy was not used before).
 */
final class QuietLogs {
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";
  private static final String[] LOGGERS = {"org.gaul", "org.jclouds", "org.eclipse.jetty"};

  private QuietLogs() {}

  static void apply() {
    for (String logger : LOGGERS) {
      if (System.getProperty(PREFIX + logger) == null) {
        System.setProperty(PREFIX + logger, "warn");
      }
    }
  }
}
