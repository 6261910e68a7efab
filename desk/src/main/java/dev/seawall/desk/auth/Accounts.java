package dev.seawall.desk.auth;

import dev.seawall.passwords.PasswordHash;
import dev.seawall.desk.audit.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desk's users (password logins for the dashboard) and API tokens, as configured. Only hashes
 * are held; a role is looked up on every request, so a changed configuration takes effect at the
 * next restart without old sessions keeping old rights.
 */
public final class Accounts {
  public record User(String name, Role role, PasswordHash password) {}

  public record Token(String name, Role role, TokenHash hash) {}

  /** Compared against when the user does not exist, so that a wrong name costs as much as a wrong password. */
  private static final class Dummy {
    static final PasswordHash HASH = PasswordHash.create("not a password".toCharArray());
  }

  private final Map<String, User> users = new LinkedHashMap<>();
  private final List<Token> tokens;

  public Accounts(List<User> users, List<Token> tokens) {
    for (User u : users) {
      if (this.users.put(u.name(), u) != null) throw new IllegalArgumentException("user '" + u.name() + "' is defined twice");
    }
    this.tokens = List.copyOf(tokens);
    long distinct = tokens.stream().map(Token::name).distinct().count();
    if (distinct != tokens.size()) throw new IllegalArgumentException("two tokens have the same name");
  }

  public Optional<Principal> login(String user, char[] password) {
    User u = user == null ? null : users.get(user);
    if (u == null) {
      Dummy.HASH.matches(password);
      return Optional.empty();
    }
    return u.password().matches(password) ? Optional.of(new Principal(u.name(), u.role(), Principal.Via.SESSION)) : Optional.empty();
  }

  /** The user a session belongs to, if still configured. */
  public Optional<Principal> sessionUser(String name) {
    User u = users.get(name);
    return u == null ? Optional.empty() : Optional.of(new Principal(u.name(), u.role(), Principal.Via.SESSION));
  }

  public Optional<Principal> bearer(String token) {
    if (token == null || !token.startsWith(TokenHash.PREFIX)) return Optional.empty();
    Token found = null;
    for (Token t : tokens) {
      // every entry is checked so that the time taken does not tell which one matched
      if (t.hash().matches(token) && found == null) found = t;
    }
    return found == null ? Optional.empty() : Optional.of(new Principal(found.name(), found.role(), Principal.Via.TOKEN));
  }

  public int userCount() {
    return users.size();
  }

  public int tokenCount() {
    return tokens.size();
  }
}
