package dev.dataproduct.kafka;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;

/** The adapter test kit of sdk-testing, against the in-process Kafka broker. */
class KafkaPublicationStoreContractTest extends PublicationStoreContract {

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    return KafkaOutputPort.builder(portName).properties(EmbeddedKafka.properties())
        .topic(EmbeddedKafka.topic(portName)).contract(contract);
  }

  @Override
  protected String expectedType() {
    return "kafka";
  }
}
