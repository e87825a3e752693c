package dev.dataproduct.testing.fs;

import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

// tag::kit[]
/** The guide's file-system adapter passes the publication store kit. */
class FileSystemPublicationStoreContractTest extends PublicationStoreContract {
  @TempDir Path root;
  private final Map<String, Path> directories = new HashMap<>();

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    directories.put(portName, root.resolve(portName + "-" + directories.size()));
    return samePort(portName);
  }

  @Override
  protected OutputPort.Builder<?> samePort(String portName) {
    return FileSystemOutputPort.builder(portName).directory(directories.get(portName));
  }

  @Override
  protected OutputPort.Builder<?> retainLast(OutputPort.Builder<?> builder, int n) {
    return ((FileSystemOutputPort.Builder) builder).retainLast(n);
  }

  @Override
  protected String expectedType() {
    return "file";
  }
}
// end::kit[]
