package dev.seawall.desk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code seawall notices …}: intake and listing of copyright notices. */
@Command(
    name = "notices",
    mixinStandardHelpOptions = true,
    description = "Copyright notices: import (files, folders, mbox, spreadsheets, IMAP), list events with their match.",
    subcommands = {NoticesImportCommand.class, NoticesListCommand.class, NoticesPollCommand.class, NoticesStatsCommand.class,
        NoticesProcessCommand.class})
public final class NoticesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
