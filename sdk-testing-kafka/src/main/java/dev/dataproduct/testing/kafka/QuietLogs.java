package dev.dataproduct.testing.kafka;

/**
 * Keeps the broker's and the clients' INFO logs out of test and demo output: sets slf4j-simple's
 * levels for Kafka's loggers to WARN unless the user set them (system properties are read by
 * slf4j-simple when each logger is created, i.e. after this runs as long as Kafka was not used
 * before).
 */
final class QuietLogs {
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";
  private static final String[] LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger"};

  private QuietLogs() {}

  static void apply() {
    for (String logger : LOGGERS) {
      if (System.getProperty(PREFIX + logger) == null) {
        System.setProperty(PREFIX + logger, "warn");
      }
    }
  }
}
