package dev.seawall.desk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.ledger.RepeatInfringerPolicy;
import dev.seawall.desk.registry.ServiceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example files in desk/examples are what the documentation shows: they must stay valid. */
class ExampleFilesTest {
  static Path examples() {
    return Path.of(System.getProperty("seawall.root", "..")).resolve("desk/examples");
  }

  @Test
  void exampleConfigurationAndPolicyParse() throws Exception {
    Path dir = examples();
    WorkflowConfig c = WorkflowConfig.parse(Files.readString(dir.resolve("workflow.json")), "workflow.json", dir,
        Map.of("SEAWALL_SMTP_PASSWORD", "x", "SEAWALL_PANEL_SECRET", "y"));
    assertThat(c.slaFor(ServiceKind.DEDICATED)).isEqualTo(Duration.ofHours(2));
    assertThat(c.smtp().password()).isEqualTo("x");
    assertThat(c.netctl().dryRun()).isTrue();
    RepeatInfringerPolicy p = RepeatInfringerPolicy.load(c.policy());
    assertThat(p.rules()).extracting(RepeatInfringerPolicy.Rule::name).containsExactly("warn", "acknowledge", "suspend", "null-route", "terminate");
    assertThat(Files.readString(dir.resolve("counter-notice.json"))).contains("\"reason\": \"MISIDENTIFIED\"");
  }

  @Test
  void aMissingSecretIsNamed() throws Exception {
    Path dir = examples();
    try {
      WorkflowConfig.parse(Files.readString(dir.resolve("workflow.json")), "workflow.json", dir, Map.of());
      throw new AssertionError("expected a refusal");
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isEqualTo("workflow.json.smtp.passwordEnv: environment variable SEAWALL_SMTP_PASSWORD is not set");
    }
  }
}
