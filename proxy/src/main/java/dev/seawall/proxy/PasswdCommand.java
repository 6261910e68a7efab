package dev.seawall.proxy;

import dev.seawall.passwords.PasswordHash;
import dev.seawall.proxy.auth.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall proxy passwd --users FILE USER}: adds or replaces a user's salted password hash. */
@Command(
    name = "passwd",
    mixinStandardHelpOptions = true,
    description = {
      "Adds USER to the users file, or replaces its password. The password is read from the terminal",
      "(twice), or from the first line of standard input with --stdin. Only a salted PBKDF2-SHA256 hash",
      "is stored; the file is rewritten atomically with mode 600."
    })
public final class PasswdCommand implements Callable<Integer> {
  @Option(names = "--users", required = true, paramLabel = "FILE", description = "users file (created if absent)")
  Path users;

  @Option(names = "--stdin", description = "read the password from standard input")
  boolean stdin;

  @Option(names = "--iterations", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS, description = "PBKDF2 iterations (default ${DEFAULT-VALUE})")
  int iterations;

  @Parameters(index = "0", paramLabel = "USER")
  String user;

  @Override
  public Integer call() {
    char[] password;
    try {
      password = readPassword();
    } catch (IOException e) {
      System.err.println("seawall proxy passwd: " + e.getMessage());
      return 1;
    }
    if (password == null) return 1;
    try {
      if (password.length == 0) {
        System.err.println("seawall proxy passwd: empty password");
        return 2;
      }
      if (new String(password).getBytes(StandardCharsets.UTF_8).length > 255) {
        System.err.println("seawall proxy passwd: password longer than 255 bytes (RFC 1929 limit)");
        return 2;
      }
      UsersFile.put(users, user, PasswordHash.create(password, iterations));
      System.err.println("seawall proxy passwd: " + user + " saved in " + users);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("seawall proxy passwd: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("seawall proxy passwd: " + users + ": " + e.getMessage());
      return 1;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private char[] readPassword() throws IOException {
    if (stdin) {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) throw new IOException("no password on standard input");
      return line.toCharArray();
    }
    Console c = System.console();
    if (c == null) throw new IOException("no terminal: use --stdin");
    char[] a = c.readPassword("Password for %s: ", user);
    char[] b = c.readPassword("Again: ");
    if (a == null || b == null || !Arrays.equals(a, b)) {
      System.err.println("seawall proxy passwd: passwords differ");
      return null;
    }
    Arrays.fill(b, '\0');
    return a;
  }
}
