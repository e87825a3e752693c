package dev.dataproduct.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code sdk-bom} lists every SDK module of the reactor, at the reactor's version, with the
 * library versions the SDK is built and tested with: a module added without its BOM entry, or a
 * version bumped in the parent but not in the BOM, fails here.
 */
class BomAlignmentTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void bom_listsEverySdkModuleOfTheReactor() throws Exception {
    Element parent = read(ROOT.resolve("pom.xml"));
    List<String> sdkModules = new ArrayList<>();
    for (String module : texts(child(parent, "modules"), "module")) {
      String artifactId = text(read(ROOT.resolve(module).resolve("pom.xml")), "artifactId");
      if (artifactId.startsWith("sdk-") && !artifactId.equals("sdk-bom")) {
        sdkModules.add(artifactId);
      }
    }
    Map<String, String> managed = bomEntries();

    assertThat(sdkModules).contains("sdk-core", "sdk-testing", "sdk-testing-s3");
    assertThat(managed.keySet()).as("modules in sdk-bom/pom.xml").containsAll(sdkModules);
    assertThat(managed.keySet()).as("sdk-bom entries that are no module of the reactor")
        .allMatch(sdkModules::contains);
  }

  @Test
  void bom_hasTheReactorVersionAndTheLibraryVersionsOfTheParent() throws Exception {
    Element parent = read(ROOT.resolve("pom.xml"));
    Element bom = read(ROOT.resolve("sdk-bom/pom.xml"));
    Map<String, String> parentProps = properties(parent);
    Map<String, String> bomProps = properties(bom);

    assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
    assertThat(bomProps.get("dataproduct.version")).isEqualTo(text(parent, "version"));
    for (String library : List.of("opentelemetry.version", "opentelemetry-semconv.version",
        "micrometer.version",
        "jackson.version", "awssdk.version", "kafka.version")) {
      assertThat(bomProps.get(library)).as(library).isNotNull()
          .isEqualTo(parentProps.get(library));
    }
    assertThat(bomEntries().values()).containsOnly("${dataproduct.version}");
  }

  private static Map<String, String> bomEntries() throws Exception {
    Element bom = read(ROOT.resolve("sdk-bom/pom.xml"));
    Map<String, String> entries = new LinkedHashMap<>();
    Element deps = child(child(bom, "dependencyManagement"), "dependencies");
    for (Element d : children(deps, "dependency")) {
      if (text(d, "groupId").equals("dev.dataproduct")) {
        entries.put(text(d, "artifactId"), text(d, "version"));
      }
    }
    return entries;
  }

  static Element read(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(Files.newInputStream(pom));
    return doc.getDocumentElement();
  }

  static Map<String, String> properties(Element project) {
    Map<String, String> props = new LinkedHashMap<>();
    Element p = child(project, "properties");
    NodeList nodes = p.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element) {
        props.put(nodes.item(i).getNodeName(), nodes.item(i).getTextContent().trim());
      }
    }
    return props;
  }

  static Element child(Element e, String name) {
    List<Element> found = children(e, name);
    assertThat(found).as("<%s> in <%s>", name, e.getNodeName()).hasSize(1);
    return found.get(0);
  }

  static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && n.getNodeName().equals(name)) {
        out.add((Element) n);
      }
    }
    return out;
  }

  static String text(Element e, String name) {
    return child(e, name).getTextContent().trim();
  }

  static List<String> texts(Element e, String name) {
    List<String> out = new ArrayList<>();
    for (Element c : children(e, name)) {
      out.add(c.getTextContent().trim());
    }
    return out;
  }
}
