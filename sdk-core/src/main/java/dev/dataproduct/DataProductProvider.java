package dev.dataproduct;

import java.util.List;

/**
 * Lists the data products a module declares, for build tools: the {@code
 * dataproduct-maven-plugin} finds every provider of the module with {@link
 * java.util.ServiceLoader} (a file {@code
 * META-INF/services/dev.dataproduct.DataProductProvider} naming the implementing classes) and
 * writes each product's ODPS descriptor and the ODCS contract of each output port.
 *
 * <p>Products are built, never run: build them over unconnected resources (a {@code DataSource}
 * or an S3 client that is only configured). The caller closes them.
 *
 * <pre>{@code
 * public final class SalesProductsProvider implements DataProductProvider {
 *   public List<DataProduct> products() {
 *     return List.of(SalesProducts.dailyRevenue(DemoEnvironment.unconnected()));
 *   }
 * }
 * }</pre>
 */
public interface DataProductProvider {
  /** The products, built but not run. */
  List<DataProduct> products();
}
