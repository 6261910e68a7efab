package dev.seawall.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is the bottom of the dependency graph: the JDK only, and no logging at all. */
class EngineArchitectureTest {
  private static final JavaClasses ENGINE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.seawall.engine");

  @Test
  void dependsOnTheJdkOnly() {
    classes().that().resideInAPackage("dev.seawall.engine..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.seawall.engine..", "java..")
        .check(ENGINE);
  }

  @Test
  void packetAndCaptureLayersDoNotKnowAboutDetection() {
    noClasses().that().resideInAnyPackage("dev.seawall.engine.packet..", "dev.seawall.engine.capture..",
            "dev.seawall.engine.flow..")
        .should().dependOnClassesThat().resideInAPackage("dev.seawall.engine.detect..")
        .check(ENGINE);
  }

  @Test
  void writesNoLogsAndNoFiles() {
    // Flow data must never leave memory on the enforcement side: no logger, no file output.
    noClasses().that().resideInAPackage("dev.seawall.engine..")
        .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$Logger")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
        .check(ENGINE);
  }
}
