package dev.dataproduct.s3;

import dev.dataproduct.testing.s3.EmbeddedS3Extension;
import dev.dataproduct.OutputPort;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.testing.PublicationStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter test kit of sdk-testing, against S3Proxy through the AWS SDK. */
class S3PublicationStoreContractTest extends PublicationStoreContract {
  @RegisterExtension static final EmbeddedS3Extension S3 = EmbeddedS3Extension.create();

  @Override
  protected OutputPort.Builder<?> newPort(String portName, DataContract contract) {
    return S3OutputPort.builder(portName).client(S3.client()).bucket(S3.newBucket())
        .prefix("products/" + portName).contract(contract);
  }

  @Override
  protected String expectedType() {
    return "s3";
  }
}
