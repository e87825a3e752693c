/**
 * An in-process Apache Kafka broker for tests and demos: {@link
 * dev.dataproduct.testing.kafka.EmbeddedKafka} (a plain object) and {@link
 * dev.dataproduct.testing.kafka.EmbeddedKafkaExtension} (JUnit 5).
 */
package dev.dataproduct.testing.kafka;
