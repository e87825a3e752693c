package dev.dataproduct.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dataproduct.contract.DescriptorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTableRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mesh site in a browser engine (HtmlUnit: DOM, CSS display, JavaScript). */
class MeshSiteBrowserTest {
  @TempDir Path dir;
  private WebClient browser;
  private SampleMesh mesh;

  @BeforeEach
  void setUp() {
    browser = new WebClient(BrowserVersion.FIREFOX);
    browser.getOptions().setThrowExceptionOnScriptError(true);
    browser.getOptions().setCssEnabled(true);
    mesh = new SampleMesh().run();
  }

  @AfterEach
  void tearDown() {
    browser.close();
    mesh.kpis.close();
    mesh.orders.close();
  }

  private HtmlPage writeAndOpenIndex() throws Exception {
    MeshSite.builder().product(mesh.orders).product(mesh.kpis).glossary(SampleMesh.GLOSSARY)
        .build().write(dir);
    return browser.getPage(dir.resolve("index.html").toUri().toURL());
  }

  private static List<HtmlTableRow> productRows(HtmlPage index) {
    return index.getByXPath("//table[@id='products']/tbody/tr");
  }

  private static List<String> visibleProducts(HtmlPage index) {
    return productRows(index).stream().filter(DomElement::isDisplayed)
        .map(r -> r.getAttribute("data-product")).toList();
  }

  @Test
  void index_listsEveryProduct_withDomainOwnersTagsTermsAndConsumption() throws Exception {
    HtmlPage index = writeAndOpenIndex();

    assertThat(index.getTitleText()).isEqualTo("Data mesh \u2014 2 data products");
    assertThat(visibleProducts(index)).containsExactly("clean-orders", "customer-kpis");
    HtmlTableRow orders = productRows(index).get(0);
    assertThat(orders.getCell(1).asNormalizedText()).isEqualTo("sales");
    assertThat(orders.getCell(2).asNormalizedText()).contains("ana@corp.example", "sales-data-eng");
    assertThat(orders.getCell(3).asNormalizedText()).contains("orders", "daily");
    assertThat(orders.getCell(4).asNormalizedText()).contains("customer_id", "sales_channel");
    assertThat(orders.getCell(6).asNormalizedText()).isEqualTo("customer-kpis");
    assertThat(productRows(index).get(1).getCell(5).asNormalizedText()).isEqualTo("clean-orders");
    assertThat(index.getElementById("shown").asNormalizedText()).isEqualTo("2 of 2 products");

    DomElement term = index.getElementById("term-customer_id");
    assertThat(term.asNormalizedText()).contains("The CRM's customer number",
        "crm-team@corp.example", "clean-orders: customer", "customer-kpis: customer");
  }

  @Test
  void search_filtersByDomainOwnerTagAndTerm_asOneTypes() throws Exception {
    HtmlPage index = writeAndOpenIndex();
    HtmlInput search = (HtmlInput) index.getElementById("search");

    search.type("marketing");
    assertThat(visibleProducts(index)).containsExactly("customer-kpis");
    assertThat(index.getElementById("shown").asNormalizedText()).isEqualTo("1 of 2 products");

    search.setValue("");
    search.type("ana@corp");
    assertThat(visibleProducts(index)).containsExactly("clean-orders");

    search.setValue("");
    search.type("customer_id");
    assertThat(visibleProducts(index)).containsExactly("clean-orders", "customer-kpis");

    search.setValue("");
    search.type("daily sales_channel");
    assertThat(visibleProducts(index)).containsExactly("clean-orders");

    search.setValue("");
    search.type("nothing-matches");
    assertThat(visibleProducts(index)).isEmpty();
    assertThat(index.getElementById("shown").asNormalizedText()).isEqualTo("0 of 2 products");

    search.setValue("");
    search.type("customer");
    HtmlSelect domain = (HtmlSelect) index.getElementById("domain-filter");
    domain.setSelectedAttribute("marketing", true);
    assertThat(visibleProducts(index)).containsExactly("customer-kpis");
  }

  @Test
  void links_leadFromTheIndexToEachPage_andBetweenUpstreamAndConsumer() throws Exception {
    HtmlPage index = writeAndOpenIndex();
    List<HtmlAnchor> links = index.getByXPath("//a[@class='product-link']");
    assertThat(links).hasSize(2);

    HtmlPage orders = links.get(0).click();
    assertThat(orders.getElementById("product-name").asNormalizedText()).isEqualTo("clean-orders");
    HtmlAnchor consumer = orders.getFirstByXPath("//ul[@class='consumers']//a");
    HtmlPage kpis = consumer.click();
    assertThat(kpis.getElementById("product-name").asNormalizedText()).isEqualTo("customer-kpis");
    HtmlAnchor upstream = kpis.getFirstByXPath("//a[@class='upstream']");
    assertThat(((HtmlPage) upstream.click()).getElementById("product-name").asNormalizedText())
        .isEqualTo("clean-orders");
    HtmlPage back = ((HtmlAnchor) kpis.getFirstByXPath("//a[@class='index-link']")).click();
    assertThat(back.getTitleText()).startsWith("Data mesh");

    for (Path page : List.of(dir.resolve("index.html"), dir.resolve("clean-orders.html"))) {
      String html = Files.readString(page);
      assertThat(html).doesNotContain("http-equiv", "<link ", " src=\"", "//cdn");
    }
  }

  @Test
  void productPage_showsSchemaTermsRulesSlasAccessHistoryAndChart() throws Exception {
    writeAndOpenIndex();
    HtmlPage page = browser.getPage(dir.resolve("clean-orders.html").toUri().toURL());

    assertThat(page.getElementById("overview").asNormalizedText()).contains(
        "Confirmed orders, cleaned <b>daily</b>", "ana@corp.example", "sales-data-eng");
    DomElement port = page.getElementById("port-orders-lake");
    assertThat(port.asNormalizedText()).contains("clean-orders 1.2.0", "Server type");
    List<HtmlTableRow> fields = page.getByXPath("//table[@class='schema']/tbody/tr");
    assertThat(fields).extracting(r -> r.getAttribute("data-field"))
        .containsExactly("order_id", "customer", "email", "channel", "amount");
    assertThat(fields.get(1).asNormalizedText()).contains("customer_id",
        "The CRM's customer number");
    assertThat(fields.get(2).getCell(4).asNormalizedText()).isEqualTo("pii");
    assertThat(fields.get(3).asNormalizedText()).contains("Where the order was placed <web|store>");
    assertThat(fields.get(4).asNormalizedText()).contains("<script>alert(1)</script>");
    assertThat(page.getElementsByTagName("script")).isEmpty();

    DomElement amountRule = page.getFirstByXPath("//tr[@data-rule='amount-positive']");
    assertThat(amountRule.asNormalizedText()).contains("amount at least 0", "QUARANTINE");
    DomElement emailRule = page.getFirstByXPath("//tr[@data-rule='known-email']");
    assertThat(emailRule.asNormalizedText()).contains("values hidden: field classified pii",
        "WARN");
    assertThat(port.asNormalizedText()).contains("at least every 24 hours",
        "stay readable 30 days", "row count at least 1");

    assertThat(page.getElementById("access").asNormalizedText())
        .contains("roles analyst", "customer (nulled)", "roles finance", "email");

    DomElement history = page.getElementById("history-orders-lake");
    List<HtmlTableRow> pubs = history.getByXPath(".//table[@class='publications']/tbody/tr");
    assertThat(pubs).hasSize(3);
    assertThat(pubs.get(0).asNormalizedText()).contains("3", "2", "1", "33.3%", "1.2.0");
    assertThat(history.getByXPath(".//*[local-name()='rect' and @class='bar']")).hasSize(3);
    assertThat(history.getByXPath(".//*[local-name()='rect' and @class='bar-quarantine']"))
        .hasSize(3);
    assertThat(history.getByXPath(".//*[local-name()='circle' and @class='gap late']"))
        .hasSize(1);
    assertThat(history.getByXPath(".//*[local-name()='circle' and @class='gap']")).hasSize(1);

    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain("secret.example");
      }
    }
  }

  @Test
  void siteFromDescriptorFiles_matchesTheProducts_withoutHistory() throws Exception {
    Path files = dir.resolve("descriptors");
    DescriptorFiles.write(mesh.orders, files);
    DescriptorFiles.write(mesh.kpis, files);
    List<ProductDocuments> docs = ProductDocuments.readDirectory(files);
    assertThat(docs).extracting(ProductDocuments::id)
        .containsExactly("clean-orders", "customer-kpis");
    assertThat(docs.get(0).contract("orders-lake")).contains(
        mesh.orders.output("orders-lake").contract());

    Path site = dir.resolve("site");
    MeshSite.builder().products(docs).glossary(SampleMesh.GLOSSARY).build().write(site);
    HtmlPage page = browser.getPage(site.resolve("clean-orders.html").toUri().toURL());
    assertThat(page.getByXPath("//table[@class='schema']/tbody/tr")).hasSize(5);
    assertThat(page.getElementById("history").asNormalizedText())
        .contains("No publication history");
    HtmlPage index = browser.getPage(site.resolve("index.html").toUri().toURL());
    assertThat(visibleProducts(index)).containsExactly("clean-orders", "customer-kpis");
  }

  @Test
  void runtimePage_ofOneProduct_standsAlone() {
    String html = ProductPage.of(mesh.orders).render();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("3 retained publications")
        .doesNotContain("index-link", "secret.example");
  }
}
