import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.util.time.Interval;
import io.camunda.zeebe.model.bpmn.util.time.RepeatingInterval;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Checks BPMN files the way Zeebe does when they are deployed, without the engine (which may not run here).
 *
 * <p>Zeebe rejects a deployment in two stages: the design-time validators that ship in zeebe-bpmn-model, and the
 * engine's runtime validators, which parse every FEEL expression and check static timer values. The first stage is
 * run as is; the second is redone here with the same FEEL engine and the same timer parsers, because the engine
 * module that holds those validators is not open source.
 *
 * <p>Usage: java -cp &lt;zeebe-bpmn-model + feel-engine classpath&gt; ValidateModels.java FILE... Prints one line
 * per problem as "file: element id: message"; exits 1 when any file has a problem, 0 when all are clean.
 */
public class ValidateModels {

  private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final String ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0";
  private static final String NO_ELEMENT = "(document)";

  /** Free text that Zeebe never evaluates, so a leading "=" there is not an expression. */
  private static final Set<String> NOT_EXPRESSIONS =
      Set.of(BPMN_NS + "#documentation", BPMN_NS + "#text", ZEEBE_NS + "#header", ZEEBE_NS + "#property");

  /** Places where Zeebe accepts only a FEEL expression, not a static value ("#" means the element's text). */
  private static final Map<String, List<String>> EXPRESSION_ONLY =
      Map.of(
          BPMN_NS + "#conditionExpression", List.of("#"),
          ZEEBE_NS + "#output", List.of("source"),
          ZEEBE_NS + "#subscription", List.of("correlationKey"),
          ZEEBE_NS + "#loopCharacteristics", List.of("inputCollection", "outputElement"),
          ZEEBE_NS + "#script", List.of("expression"));

  static {
    // Nothing here logs anything we need; without a provider SLF4J warns about that on every run.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
  }

  private static final FeelEngineApi FEEL = FeelEngineBuilder.create().build();

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: java -cp <classpath> ValidateModels.java FILE.bpmn...");
      System.exit(2);
    }
    int problems = 0;
    for (String file : args) {
      for (String problem : check(Path.of(file))) {
        System.out.println(file + ": " + problem);
        problems++;
      }
    }
    System.exit(problems == 0 ? 0 : 1);
  }

  private static List<String> check(Path file) throws Exception {
    List<String> problems = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      problems.add(NO_ELEMENT + ": file not found");
      return problems;
    }
    BpmnModelInstance model;
    try {
      // Reading also validates against the BPMN and Zeebe XML schemas, as deployment does.
      model = Bpmn.readModelFromFile(file.toFile());
    } catch (RuntimeException e) {
      problems.add(NO_ELEMENT + ": " + describe(e));
      return problems;
    }
    model
        .validate(ZeebeDesignTimeValidators.VALIDATORS)
        .getResults()
        .forEach(
            (element, results) -> {
              for (ValidationResult result : results) {
                // Zeebe deploys a model with warnings, so only errors count.
                if (result.getType() == ValidationResultType.ERROR) {
                  problems.add(idOf(element) + ": " + result.getMessage());
                }
              }
            });
    Element root = parseDom(file.toFile()).getDocumentElement();
    walk(root, NO_ELEMENT, problems);
    return problems;
  }

  private static void walk(Element element, String ownerId, List<String> problems) {
    String key = element.getNamespaceURI() + "#" + element.getLocalName();
    if (NOT_EXPRESSIONS.contains(key)) return;
    // A problem in an event definition is reported on its event, the element a modeler shows.
    boolean reportable = element.hasAttribute("id") && !element.getLocalName().endsWith("EventDefinition");
    String id = reportable ? element.getAttribute("id") : ownerId;
    List<String> expressionOnly = EXPRESSION_ONLY.getOrDefault(key, List.of());

    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      if (attribute.getNamespaceURI() != null) continue; // xmlns and xsi:type declarations
      String where = element.getLocalName() + " " + attribute.getLocalName();
      checkValue(id, where, attribute.getValue(), expressionOnly.contains(attribute.getLocalName()), problems);
    }

    boolean hasChildElements = false;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element childElement) {
        hasChildElements = true;
        walk(childElement, id, problems);
      }
    }
    if (!hasChildElements) {
      String text = element.getTextContent().strip();
      if (!text.isEmpty() || expressionOnly.contains("#")) {
        checkValue(id, element.getLocalName(), text, expressionOnly.contains("#"), problems);
      }
      if (BPMN_NS.equals(element.getNamespaceURI()) && !text.startsWith("=")) {
        checkStaticTimer(id, element.getLocalName(), text, problems);
      }
    }
  }

  private static void checkValue(String id, String where, String value, boolean expressionOnly, List<String> problems) {
    if (value.startsWith("=")) {
      ParseResult result = FEEL.parseExpression(value.substring(1));
      if (result.isFailure()) {
        problems.add(id + ": " + where + ": FEEL expression '" + value + "' does not parse: " + result.failure().message());
      }
    } else if (expressionOnly) {
      problems.add(id + ": " + where + ": expected a FEEL expression (starting with '='), found static value '" + value + "'");
    }
  }

  /** Static timer values are parsed at deployment; an expression is only known when the timer starts. */
  private static void checkStaticTimer(String id, String kind, String value, List<String> problems) {
    try {
      switch (kind) {
        case "timeDuration" -> Interval.parse(value).toEpochMilli(System.currentTimeMillis());
        case "timeDate" -> ZonedDateTime.parse(value).toInstant().toEpochMilli();
        // A cycle not starting with "R" is a cron expression, which only the engine's parser checks.
        case "timeCycle" -> {
          if (value.startsWith("R")) RepeatingInterval.parse(value).getDueDate(System.currentTimeMillis());
        }
        default -> {}
      }
    } catch (RuntimeException e) {
      problems.add(id + ": " + kind + ": invalid timer value '" + value + "': " + describe(e));
    }
  }

  private static org.w3c.dom.Document parseDom(File file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file);
  }

  private static String idOf(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      String id = e.getAttributeValue("id");
      if (id != null) return id;
    }
    return NO_ELEMENT;
  }

  /** The innermost cause says what is wrong (e.g. which schema rule failed); outer ones only wrap it. */
  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
    String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    return message.replaceAll("\\s+", " ").strip();
  }
}
