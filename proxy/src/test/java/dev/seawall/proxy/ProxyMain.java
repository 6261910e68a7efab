package dev.seawall.proxy;

import picocli.CommandLine;

/** {@code seawall proxy} as a process of its own, for tests that read what the process prints and writes. */
public final class ProxyMain {
  private ProxyMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProxyCommand()).execute(args));
  }
}
