package dev.dataproduct.s3.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dataproduct.DataProductException;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import java.io.IOException;

/**
 * The contract stored in each manifest, so that {@code PublicationStore.contractOf} returns the
 * contract a publication was checked against: its ODCS v3.1.0 document ({@link
 * DataContracts#toYaml}), embedded in the manifest as a JSON object, readable by any ODCS tool.
 * Reading it back gives an equal contract, except that custom predicates (Java code) come back as
 * placeholders that refuse to run: a stored contract is for comparison (the compatibility gate)
 * and for consumers' version checks, not for enforcement.
 */
final class ContractCodec {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper(Json.FACTORY);

  private ContractCodec() {}

  /** Writes {@code c} as its ODCS document, a JSON object. */
  public static void write(JsonGenerator g, DataContract c) throws IOException {
    JSON.writeTree(g, YAML.readTree(DataContracts.toYaml(c)));
  }

  /**
   * Reads a contract written by {@link #write}.
   *
   * @throws DataProductException naming {@code source} and what is wrong ({@link
   *     DescriptorException} with the JSON path when the document is not valid ODCS)
   */
  public static DataContract read(JsonNode odcs, String source) {
    if (odcs == null || !odcs.isObject()) {
      throw new DataProductException(source + ": the manifest has no contract document");
    }
    try {
      // YAML is a superset of JSON: the ODCS reader takes the JSON text as it is
      return DataContracts.reader().fromYaml(JSON.writeValueAsString(odcs), source
          + " (contract)");
    } catch (IOException e) {
      throw new DataProductException(source + ": the stored contract cannot be read ("
          + Json.problem(e) + ")");
    }
  }
}
