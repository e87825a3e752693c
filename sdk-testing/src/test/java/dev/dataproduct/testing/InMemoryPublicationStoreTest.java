package dev.dataproduct.testing;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import java.util.HashMap;
import java.util.Map;

/** The in-memory store passes the adapter test kit, the way an adapter module uses it. */
class InMemoryPublicationStoreTest extends PublicationStoreContract {
  private final Map<String, InMemoryPublicationStore> stores = new HashMap<>();

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    stores.put(portName, InMemoryPublicationStore.create());
    return samePort(portName);
  }

  /** The same store: memory has no second instance over the same data. */
  @Override
  protected OutputPort.Builder<?> samePort(String portName) {
    return InMemoryOutputPort.builder(portName).store(stores.get(portName));
  }

  @Override
  protected String expectedType() {
    return "memory";
  }
}
