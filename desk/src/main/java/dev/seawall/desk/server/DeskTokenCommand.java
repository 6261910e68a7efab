package dev.seawall.desk.server;

import dev.seawall.desk.audit.Role;
import dev.seawall.desk.auth.TokenHash;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code seawall desk token NAME ROLE}: a new API token and its configuration line. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Creates a random API token. Prints the token once (give it to the client: it is not stored) and",
        "the line to put in the desk's configuration: token.NAME = ROLE HASH."})
public final class DeskTokenCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME") String name;

  @Parameters(index = "1", paramLabel = "ROLE", description = "viewer, handler, approver or admin") String role;

  @Override
  public Integer call() {
    Role r;
    try {
      r = Role.parse(role);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
      System.err.println("'" + name + "' is not a valid token name (letters, digits, . _ @ -; at most 64)");
      return 2;
    }
    String token = TokenHash.newToken();
    System.out.println("token: " + token);
    System.out.println("token." + name + " = " + r.label() + " " + TokenHash.of(token).format());
    return 0;
  }
}
