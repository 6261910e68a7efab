package dev.seawall.firewall;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import java.io.FileOutputStream;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The enforcement side writes no files: no flow record, address or info-hash can end up on disk
 * because no code here can put anything there. (Logs go to standard error, metrics to HTTP.)
 */
class FirewallArchitectureTest {
  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.seawall.firewall");

  static final Set<String> WRITING = Set.of("write", "writeString", "newOutputStream", "newBufferedWriter",
      "createFile", "createTempFile", "createDirectory", "createDirectories", "createTempDirectory", "copy", "move",
      "createLink", "createSymbolicLink");

  @Test
  void noFileWriting() {
    noClasses().should().dependOnClassesThat().areAssignableTo(FileOutputStream.class)
        .orShould().dependOnClassesThat().areAssignableTo(FileWriter.class)
        .orShould().dependOnClassesThat().areAssignableTo(RandomAccessFile.class)
        .orShould().dependOnClassesThat().areAssignableTo(FileChannel.class)
        .orShould().callMethodWhere(new DescribedPredicate<JavaCall<?>>("a java.nio.file.Files method that writes") {
          @Override
          public boolean test(JavaCall<?> call) {
            return call.getTargetOwner().isEquivalentTo(Files.class) && WRITING.contains(call.getName());
          }
        })
        .check(MAIN);
  }

  @Test
  void onlyTheEngineAndDeclaredLibraries() {
    noClasses().that().resideInAPackage("dev.seawall.firewall..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.seawall.analyze..", "dev.seawall.proxy..",
            "dev.seawall.desk..", "dev.seawall.netctl..", "dev.seawall.cli..")
        .check(MAIN);
  }
}
