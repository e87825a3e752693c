package dev.dataproduct.testing;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;

/** The in-memory store passes the adapter test kit, the way an adapter module uses it. */
class InMemoryPublicationStoreTest extends PublicationStoreContract {

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    return InMemoryOutputPort.builder(portName);
  }

  @Override
  protected String expectedType() {
    return "memory";
  }
}
