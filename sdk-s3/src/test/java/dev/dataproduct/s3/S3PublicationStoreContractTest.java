package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter test kit of sdk-testing, against S3Proxy through the AWS SDK. */
class S3PublicationStoreContractTest extends PublicationStoreContract {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();
  private final Map<String, String> buckets = new HashMap<>();

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    buckets.put(portName, S3.newBucket());
    return samePort(portName).contract(contract);
  }

  @Override
  protected OutputPort.Builder<?> samePort(String portName) {
    return S3OutputPort.builder(portName).client(S3.client()).bucket(buckets.get(portName))
        .prefix("products/" + portName);
  }

  @Override
  protected OutputPort.Builder<?> retainLast(OutputPort.Builder<?> builder, int n) {
    return ((S3OutputPort.Builder) builder).retainLast(n);
  }

  @Override
  protected String expectedType() {
    return "s3";
  }
}
