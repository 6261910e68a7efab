package dev.seawall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void everySubcommandIsRegisteredUnderItsOwnNameAndHasHelp() {
    CommandLine all = Main.commandLine(new String[0]);
    assertThat(all.getSubcommands().keySet()).containsAll(Main.SUBCOMMANDS.keySet()).contains("help");
    for (String name : Main.SUBCOMMANDS.keySet()) {
      CommandLine sub = all.getSubcommands().get(name);
      assertThat(sub.getCommandSpec().name()).as("picocli name of %s", name).isEqualTo(name);
      StringWriter out = new StringWriter();
      CommandLine one = Main.commandLine(new String[] {name, "--help"});
      one.setOut(new PrintWriter(out));
      assertThat(one.execute(name, "--help")).as("%s --help", name).isZero();
      assertThat(out.toString()).contains("Usage: seawall " + name);
      assertThat(one.getSubcommands().keySet()).containsExactly(name);
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    CommandLine cli = Main.commandLine(new String[] {"frobnicate"});
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("frobnicate")).isEqualTo(2);
  }
}
