package dev.seawall.desk.server;

import dev.seawall.desk.audit.Role;
import dev.seawall.passwords.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall desk passwd NAME ROLE}: prints the configuration line of a dashboard user. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
    description = {"Hashes a password (PBKDF2-SHA256, random salt) and prints the line to put in the desk's",
        "configuration: user.NAME = ROLE HASH. Reads the password from the terminal, from --password-file,",
        "or from the first line of standard input."})
public final class DeskPasswdCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME") String name;

  @Parameters(index = "1", paramLabel = "ROLE", description = "viewer, handler, approver or admin") String role;

  @Option(names = "--password-file", description = "Read the password from this file (first line).") Path passwordFile;

  @Override
  public Integer call() throws Exception {
    Role r;
    try {
      r = Role.parse(role);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
      System.err.println("'" + name + "' is not a valid user name (letters, digits, . _ @ -; at most 64)");
      return 2;
    }
    char[] pw;
    Console console = System.console();
    if (passwordFile != null) {
      pw = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").toCharArray();
    } else if (console != null) {
      pw = console.readPassword("password for %s: ", name);
      char[] again = console.readPassword("again: ");
      if (pw == null || !Arrays.equals(pw, again)) {
        System.err.println("the passwords differ");
        return 1;
      }
    } else {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      pw = line == null ? new char[0] : line.toCharArray();
    }
    if (pw.length < 10) {
      System.err.println("the password must have at least 10 characters");
      return 1;
    }
    System.out.println("user." + name + " = " + r.label() + " " + PasswordHash.create(pw).format());
    return 0;
  }
}
