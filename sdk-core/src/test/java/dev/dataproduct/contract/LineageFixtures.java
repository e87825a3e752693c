package dev.dataproduct.contract;

import dev.dataproduct.DataProduct;

/** The descriptor tests' product, for the lineage tests of another package. */
public final class LineageFixtures {
  private LineageFixtures() {}

  public static DataProduct product() {
    return DataProductDescriptorTest.product();
  }
}
