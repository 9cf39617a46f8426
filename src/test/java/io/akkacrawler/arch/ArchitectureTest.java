package io.akkacrawler.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.javadsl.AbstractBehavior;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the structure the README's "Layout" describes: dependencies run one way (cli → metrics,
 * cluster → wiring → frontier → collect → fetch → parse/url/cookies/robots/state/config/warc →
 * values; metrics sees only config and the values, and the crawl reaches it only through
 * CrawlListener), packages have no cycles, every actor is typed, and no main source file passes 400
 * lines.
 */
class ArchitectureTest {
  private static final String ROOT = "io.akkacrawler";

  /** The public API's values in the root package, which every layer may use. */
  private static final Set<String> ROOT_VALUES =
      Set.of(
          "CrawlException",
          "CrawlListener",
          "CrawlMessage",
          "CrawlProgress",
          "CrawlRecord",
          "CrawlSummary",
          "HostReport",
          "Outcome",
          "ResultSink");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  private static DescribedPredicate<JavaClass> rootClasses(String description, boolean values) {
    return DescribedPredicate.describe(
        description,
        c ->
            c.getPackageName().equals(ROOT)
                && ROOT_VALUES.contains(c.getSimpleName().replaceAll("\\$.*", "")) == values);
  }

  @Test
  void dependenciesRunOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("launch")
        .definedBy(
            DescribedPredicate.describe(
                "cli, bench and Main",
                c ->
                    c.getPackageName().startsWith(ROOT + ".cli")
                        || c.getPackageName().startsWith(ROOT + ".bench")
                        || (c.getPackageName().equals(ROOT)
                            && c.getSimpleName().matches("Main.*|Logback(Setup|Provider).*"))))
        .layer("metrics")
        .definedBy(ROOT + ".metrics..")
        .layer("cluster")
        .definedBy(ROOT + ".cluster..")
        .layer("wiring")
        .definedBy(
            DescribedPredicate.describe(
                "Crawler and LocalWorkers",
                c ->
                    c.getPackageName().equals(ROOT)
                        && c.getSimpleName().matches("(Crawler|LocalWorkers)(\\$.*)?")))
        .layer("frontier")
        .definedBy(ROOT + ".frontier..")
        .layer("collect")
        .definedBy(ROOT + ".collect..")
        .layer("fetch")
        .definedBy(ROOT + ".fetch..")
        .layer("core")
        .definedBy(
            ROOT + ".parse..",
            ROOT + ".url..",
            ROOT + ".cookies..",
            ROOT + ".robots..",
            ROOT + ".state..",
            ROOT + ".config..",
            ROOT + ".demo..",
            ROOT + ".warc..")
        .layer("values")
        .definedBy(
            DescribedPredicate.or(
                DescribedPredicate.describe(
                    "io.akkacrawler.job", c -> c.getPackageName().startsWith(ROOT + ".job")),
                rootClasses("the API's values", true)))
        .whereLayer("launch")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("metrics")
        .mayOnlyBeAccessedByLayers("launch")
        .whereLayer("cluster")
        .mayOnlyBeAccessedByLayers("launch")
        .whereLayer("wiring")
        .mayOnlyBeAccessedByLayers("launch", "cluster")
        .whereLayer("frontier")
        .mayOnlyBeAccessedByLayers("launch", "cluster", "wiring")
        .whereLayer("collect")
        .mayOnlyBeAccessedByLayers("launch", "cluster", "wiring", "frontier")
        .whereLayer("fetch")
        .mayOnlyBeAccessedByLayers("launch", "cluster", "wiring", "frontier", "collect")
        .whereLayer("core")
        .mayOnlyBeAccessedByLayers(
            "launch", "metrics", "cluster", "wiring", "frontier", "collect", "fetch")
        .check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void everyActorIsTyped() {
    List<String> untyped =
        classes.stream()
            .filter(c -> c.isAssignableTo(AbstractBehavior.class))
            .map(JavaClass::reflect)
            .filter(ArchitectureTest::behaviorOfObject)
            .map(Class::getName)
            .toList();
    assertEquals(List.of(), untyped, "actors whose protocol is Object");
  }

  private static boolean behaviorOfObject(Class<?> actor) {
    Type superType = actor.getGenericSuperclass();
    return superType instanceof ParameterizedType p
        && p.getActualTypeArguments()[0].equals(Object.class);
  }

  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    List<String> long400;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      long400 =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(ArchitectureTest::over400)
              .map(Path::toString)
              .sorted()
              .toList();
    }
    assertEquals(List.of(), long400, "main source files over 400 lines");
  }

  private static boolean over400(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count() > 400;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
