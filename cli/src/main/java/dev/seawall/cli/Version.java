package dev.seawall.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest, so there is one source of truth. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"seawall " + (v == null ? "(development build)" : v), "Java " + Runtime.version()};
  }
}
