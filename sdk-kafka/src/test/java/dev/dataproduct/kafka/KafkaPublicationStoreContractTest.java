package dev.dataproduct.kafka;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.util.HashMap;
import java.util.Map;

/** The adapter test kit of sdk-testing, against the in-process Kafka broker. */
class KafkaPublicationStoreContractTest extends PublicationStoreContract {
  private final Map<String, String> topics = new HashMap<>();

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    topics.put(portName, EmbeddedKafka.topic(portName));
    return samePort(portName).contract(contract);
  }

  @Override
  protected OutputPort.Builder<?> samePort(String portName) {
    return KafkaOutputPort.builder(portName).properties(EmbeddedKafka.properties())
        .topic(topics.get(portName));
  }

  @Override
  protected String expectedType() {
    return "kafka";
  }
}
