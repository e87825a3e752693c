package dev.dataproduct.testing;

import static dev.dataproduct.testing.DataProductAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dataproduct.Classification;
import dev.dataproduct.DataProduct;
import dev.dataproduct.DescriptorException;
import dev.dataproduct.Field;
import dev.dataproduct.FieldType;
import dev.dataproduct.InputPort;
import dev.dataproduct.Owner;
import dev.dataproduct.Principal;
import dev.dataproduct.ProductInputPort;
import dev.dataproduct.ReadOptions;
import dev.dataproduct.Row;
import dev.dataproduct.RunResult;
import dev.dataproduct.Schema;
import dev.dataproduct.Transform;
import dev.dataproduct.contract.ContractDocument;
import dev.dataproduct.contract.DataContract;
import dev.dataproduct.contract.DataContracts;
import dev.dataproduct.contract.DescriptorFiles;
import dev.dataproduct.contract.Glossary;
import dev.dataproduct.contract.ManagementPort;
import dev.dataproduct.contract.Term;
import dev.dataproduct.policy.AccessPolicy;
import dev.dataproduct.policy.Action;
import dev.dataproduct.policy.Masking;
import dev.dataproduct.policy.Rules;
import dev.dataproduct.spi.BatchReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract-first products: a product declared from its ODPS and ODCS files, with code binding only
 * what YAML cannot say, writes the same files again, byte for byte, and runs as the product the
 * files were written from.
 */
class ProductFromDescriptorTest {
  @RegisterExtension static DataProductExtension dp = DataProductExtension.create();

  @TempDir Path tmp;

  static final Schema ORDERS = Schema.of(
      Field.required("order_id", FieldType.INTEGER),
      Field.required("customer_id", FieldType.INTEGER),
      Field.optional("customer_email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2));
  static final Schema CUSTOMERS = Schema.of(
      Field.required("customer_id", FieldType.INTEGER).asPrimaryKey(),
      Field.required("segment", FieldType.STRING));
  static final Schema REPORT = Schema.of(
      Field.required("order_id", FieldType.INTEGER).asPrimaryKey(),
      Field.optional("customer_email", FieldType.STRING).withClassification(Classification.PII),
      Field.required("country", FieldType.STRING).withMaxLength(2).withTerm("country_code"),
      Field.required("amount", FieldType.NUMBER).withDecimal(12, 2)
          .withDescription("Order amount in EUR"),
      Field.required("segment", FieldType.STRING));

  static final Predicate<Row> UNDER_LIMIT =
      row -> row.getDecimal("amount").compareTo(new BigDecimal("1000")) < 0;
  static final BiPredicate<Row, Principal> EU_ONLY =
      (row, principal) -> !"US".equals(row.getString("country"));

  private final InMemoryPublicationStore crm = InMemoryPublicationStore.create();

  @BeforeEach
  void publishCustomers() {
    DataProduct upstream = DataProduct.builder("crm").version("1.0.0").domain("crm")
        .owner(Owner.business("lea@corp.example"), Owner.technical("crm-eng"))
        .input(InMemoryInputPort.of("in", CUSTOMERS, Row.of(CUSTOMERS, 1L, "retail"),
            Row.of(CUSTOMERS, 2L, "business")))
        .output(InMemoryOutputPort.builder("customers").store(crm).contract(DataContract
            .builder("customers").version("1.0.0").schema(CUSTOMERS).build()).build())
        .policy(AccessPolicy.allow("sales"))
        .build();
    assertThat(dp.run(upstream)).succeeded();
  }

  private static List<Row> orders() {
    return List.of(
        Row.of(ORDERS, 1L, 1L, "a@x.example", "DE", new BigDecimal("10.00")),
        Row.of(ORDERS, 2L, 2L, "b@x.example", "US", new BigDecimal("20.00")),
        Row.of(ORDERS, 3L, 2L, null, "de", new BigDecimal("30.00")),          // term pattern
        Row.of(ORDERS, 4L, 1L, "d@x.example", "FR", new BigDecimal("5000.00")),  // custom rule
        Row.of(ORDERS, 5L, 9L, "e@x.example", "IT", new BigDecimal("7.00")));    // no customer
  }

  private InputPort ordersPort() {
    return InMemoryInputPort.of("orders", ORDERS, orders());
  }

  private InputPort customersPort() {
    return ProductInputPort.builder("customers").from("crm", "customers", crm).as("sales")
        .schema(CUSTOMERS).contractMajor(1).build();
  }

  /** Joins orders to their customer's segment; orders of unknown customers are filtered. */
  static final Transform JOIN = ctx -> {
    java.util.Map<Long, String> segments = new java.util.HashMap<>();
    for (Row c : ctx.rows("customers")) {
      segments.put(c.getLong("customer_id"), c.getString("segment"));
    }
    ctx.countFiltered(segments.size());
    for (Row o : ctx.rows("orders")) {
      String segment = segments.get(o.getLong("customer_id"));
      if (segment == null) {
        ctx.countFiltered(1);
      } else {
        ctx.emit("report", Row.of(REPORT, o.get("order_id"), o.get("customer_email"),
            o.get("country"), o.get("amount"), segment));
      }
    }
  };

  private static DataContract reportContract() {
    return DataContract.builder("order-report").version("1.2.0")
        .description("Orders with their customer's segment")
        .schema(REPORT)
        .rule(Rules.custom("amount-under-limit", UNDER_LIMIT).description("below 1000"))
        .rule(Rules.rowCount(1, null))
        .freshness(Duration.ofHours(6))
        .retention(Duration.ofDays(30))
        .customProperty("dataproduct.example", List.of("a", "b"))
        .build();
  }

  /** The product as code declares it, publishing to {@code store}. */
  private DataProduct inCode(InMemoryPublicationStore store) {
    return DataProduct.builder("order-report").version("2.1.0").domain("sales")
        .description("Orders per customer segment")
        .owner(Owner.business("ana@corp.example"), Owner.technical("sales-data-eng"))
        .tags("orders", "segments")
        .input(ordersPort())
        .input(customersPort())
        .transform(JOIN)
        .output(InMemoryOutputPort.builder("report").store(store).contract(reportContract())
            .accessPolicy(AccessPolicy.allow("finance").unmask("customer_email"))
            .onNonConforming(Action.FAIL)
            .build())
        .policy(AccessPolicy.allow("analyst").mask("customer_email", Masking.hash())
            .filterRowsByAttribute("country", "country"))
        .policy(AccessPolicy.allow("auditor").filterRows("eu-only", EU_ONLY))
        .policy(AccessPolicy.deny("intern"))
        .glossary(Glossary.of(Term.global("country_code", FieldType.STRING)
            .withPattern("[A-Z]{2}").withDescription("ISO 3166 country code")))
        .managementPort(ManagementPort.of("docs", "discoverability",
            "https://wiki.corp.example/order-report"))
        .build();
  }

  /** The product as its files declare it, code binding the rest, publishing to {@code store}. */
  private DataProduct fromFiles(Path dir, InMemoryPublicationStore store) {
    return DataProduct.fromDescriptor(dir.resolve(DescriptorFiles.odpsFileName("order-report")))
        .bindInput(ordersPort())
        .bindInput(customersPort())
        .bindOutput(InMemoryOutputPort.builder("report").store(store))
        .bindRule("amount-under-limit", UNDER_LIMIT)
        .bindRowFilter("eu-only", EU_ONLY)
        .transform(JOIN)
        .build();
  }

  private static void assertSameFiles(Path a, Path b) throws IOException {
    List<String> names = new ArrayList<>();
    try (var files = Files.list(a)) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    }
    assertThat(names).containsExactlyInAnyOrder("order-report.odps.yaml",
        "order-report.report.odcs.yaml");
    for (String name : names) {
      assertThat(Files.readString(b.resolve(name))).as(name)
          .isEqualTo(Files.readString(a.resolve(name)));
    }
    try (var files = Files.list(b)) {
      assertThat(files.count()).isEqualTo(names.size());
    }
  }

  @Test
  void productFromItsDescriptors_writesTheSameFilesByteForByte() throws IOException {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    DescriptorFiles.write(inCode(InMemoryPublicationStore.create()), first);

    DataProduct declared = fromFiles(first, InMemoryPublicationStore.create());
    DescriptorFiles.write(declared, second);

    assertSameFiles(first, second);
    String odcs = Files.readString(first.resolve("order-report.report.odcs.yaml"));
    assertThat(odcs).contains("kind: predicate").contains("principalAttribute: country")
        .contains("urn:dataproduct:glossary:country_code").contains("property: latency");
    assertThat(declared.policies()).hasSize(3);
    assertThat(declared.output("report").onNonConforming()).isEqualTo(Action.FAIL);
    assertThat(declared.output("report").contract().rowRules())
        .extracting(r -> r.id()).contains("country-term-pattern", "amount-under-limit");
    assertThat(DataContracts.unboundRules(declared.output("report").contract())).isEmpty();
  }

  @Test
  void productFromItsDescriptors_runsAsTheProductInCode() throws IOException {
    InMemoryPublicationStore codeStore = InMemoryPublicationStore.create();
    InMemoryPublicationStore fileStore = InMemoryPublicationStore.create();
    DataProduct code = inCode(codeStore);
    DescriptorFiles.write(code, tmp);
    DataProduct files = fromFiles(tmp, fileStore);

    RunResult a = dp.run(code);
    RunResult b = dp.run(files);

    assertThat(a).succeeded().wrote("report", 2).quarantined("report", 1, "country-term-pattern")
        .quarantined("report", 1, "amount-under-limit").accountingBalanced();
    assertThat(b).succeeded().wrote("report", 2).quarantined("report", 1, "country-term-pattern")
        .quarantined("report", 1, "amount-under-limit").accountingBalanced();
    assertThat(fileStore.latestRows()).isEqualTo(codeStore.latestRows());
    assertThat(fileStore.quarantinedRows().stream().map(r -> r.get("reason")).toList())
        .isEqualTo(codeStore.quarantinedRows().stream().map(r -> r.get("reason")).toList());
    // the bound row filter works on reads through the declared product's port
    Principal auditor = Principal.of("audit-bot").withRoles("auditor");
    assertThat(read(files, auditor)).extracting(r -> r.getString("country"))
        .containsExactlyInAnyOrderElementsOf(read(code, auditor).stream()
            .map(r -> r.getString("country")).toList())
        .doesNotContain("US");
  }

  private static List<Row> read(DataProduct product, Principal principal) {
    List<Row> all = new ArrayList<>();
    try (BatchReader r = product.read("report", principal, ReadOptions.latest())) {
      for (List<Row> b = r.next(); !b.isEmpty(); b = r.next()) {
        all.addAll(b);
      }
    }
    return all;
  }

  @Test
  void contractDocument_keepsTheServerPoliciesAndPort_andWritesTheSameBytes() throws IOException {
    DescriptorFiles.write(inCode(InMemoryPublicationStore.create()), tmp);
    Path file = tmp.resolve("order-report.report.odcs.yaml");

    ContractDocument doc = DataContracts.reader().readDocument(file);

    assertThat(doc.port()).contains("report");
    assertThat(doc.storeType()).contains("memory");
    assertThat(doc.server()).containsEntry("type", "custom");
    assertThat(doc.onNonConforming()).contains(Action.FAIL);
    assertThat(doc.accessPolicies()).hasSize(4);
    assertThat(doc.accessPolicies().get(1).masks()).containsKey("customer_email");
    assertThat(doc.toYaml()).isEqualTo(Files.readString(file));
  }

  @Test
  void boundInputThatContradictsTheDescriptor_failsNamingBoth() throws IOException {
    DescriptorFiles.write(inCode(InMemoryPublicationStore.create()), tmp);

    assertThatThrownBy(() -> DataProduct.fromDescriptor(tmp.resolve("order-report.odps.yaml"))
        .bindInput(ordersPort())
        .bindInput(ProductInputPort.builder("customers").from("crm", "customers", crm)
            .as("sales").schema(CUSTOMERS).contractMajor(2).build())
        .bindOutput(InMemoryOutputPort.builder("report"))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Input port 'customers' is declared in order-report.odps.yaml")
        .hasMessageContaining("dataproduct.acceptedMajors=[1]")
        .hasMessageContaining("dataproduct.acceptedMajors=[2]");
  }

  @Test
  void unboundPortOrMissingContractFile_failsSayingWhatToDo() throws IOException {
    DescriptorFiles.write(inCode(InMemoryPublicationStore.create()), tmp);
    Path odps = tmp.resolve("order-report.odps.yaml");

    assertThatThrownBy(() -> DataProduct.fromDescriptor(odps).bindInput(ordersPort())
        .bindOutput(InMemoryOutputPort.builder("report")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unbound ports [input port 'customers']");
    assertThatThrownBy(() -> DataProduct.fromDescriptor(odps).bindInput(ordersPort())
        .bindOutput(InMemoryOutputPort.builder("elsewhere")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declares no output port 'elsewhere'; its output ports are"
            + " [report]");

    Files.delete(tmp.resolve("order-report.report.odcs.yaml"));
    assertThatThrownBy(() -> DataProduct.fromDescriptor(odps).bindInput(ordersPort())
        .bindInput(customersPort()).bindOutput(InMemoryOutputPort.builder("report")).build())
        .isInstanceOf(DescriptorException.class)
        .hasMessageContaining("order-report.report.odcs.yaml")
        .hasMessageContaining("the ODCS contract of output port 'report'");
  }

  @Test
  void unboundCustomRule_failsTheRunBeforeWriting() throws IOException {
    DescriptorFiles.write(inCode(InMemoryPublicationStore.create()), tmp);
    InMemoryPublicationStore store = InMemoryPublicationStore.create();
    DataProduct declared = DataProduct.fromDescriptor(tmp.resolve("order-report.odps.yaml"))
        .bindInput(ordersPort()).bindInput(customersPort())
        .bindOutput(InMemoryOutputPort.builder("report").store(store))
        .transform(JOIN).build();

    RunResult run = dp.run(declared);

    assertThat(run).failed().publishedNothing();
    assertThat(run).error().hasMessageContaining("amount-under-limit")
        .hasMessageContaining("without a predicate");
    assertThat(store.publications()).isEmpty();
  }
}
