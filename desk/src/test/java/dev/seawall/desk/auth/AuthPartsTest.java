package dev.seawall.desk.auth;

import dev.seawall.passwords.PasswordHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.audit.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed session cookies, CSRF tokens, password and token hashes, the login throttle. */
class AuthPartsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static SessionCookie cookies(byte[] secret, Instant now) {
    return new SessionCookie(secret, Duration.ofHours(12), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void sessionCookieIsAcceptedOnlyUnchangedWithItsKeyAndBeforeItExpires() {
    byte[] key = SessionCookie.randomSecret();
    SessionCookie now = cookies(key, T0);
    SessionCookie.Session s = now.open("alice");
    String value = now.encode(s);
    assertThat(now.decode(value)).hasValueSatisfying(d -> assertThat(d.user()).isEqualTo("alice"));
    // another instance with the same key accepts it; one with another key does not
    assertThat(cookies(key, T0.plusSeconds(60)).decode(value)).isPresent();
    assertThat(cookies(SessionCookie.randomSecret(), T0).decode(value)).isEmpty();
    // expired
    assertThat(cookies(key, T0.plus(Duration.ofHours(12))).decode(value)).isEmpty();
    // a changed user name (or expiry) breaks the signature
    String payload = value.substring(0, value.indexOf('.'));
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).replace("alice", "admin").getBytes(StandardCharsets.UTF_8));
    assertThat(now.decode(forged + value.substring(value.indexOf('.')))).isEmpty();
    for (String junk : List.of("", ".", "abc", "a.b", "%%%.%%%", value + "x")) assertThat(now.decode(junk)).as(junk).isEmpty();
  }

  @Test
  void csrfTokenBelongsToOneSession() {
    SessionCookie c = cookies(SessionCookie.randomSecret(), T0);
    SessionCookie.Session a = c.open("alice"), b = c.open("alice");
    assertThat(c.csrfValid(a, c.csrfToken(a))).isTrue();
    assertThat(c.csrfValid(a, c.csrfToken(b))).isFalse();
    assertThat(c.csrfValid(a, null)).isFalse();
    assertThat(c.csrfValid(a, "")).isFalse();
  }

  @Test
  void shortSecretsAreRefused() {
    assertThatThrownBy(() -> cookies(new byte[16], T0)).hasMessageContaining("at least 32 bytes");
  }

  @Test
  void passwordAndTokenHashesRoundTripAndAreSalted() {
    PasswordHash p = PasswordHash.create("a long password".toCharArray(), 1_000);
    PasswordHash again = PasswordHash.parse(p.format());
    assertThat(again.matches("a long password".toCharArray())).isTrue();
    assertThat(again.matches("a long passwore".toCharArray())).isFalse();
    assertThat(PasswordHash.create("a long password".toCharArray(), 1_000).format()).isNotEqualTo(p.format());
    assertThatThrownBy(() -> PasswordHash.parse("md5$x")).hasMessageContaining("pbkdf2-sha256");

    String token = TokenHash.newToken();
    assertThat(token).startsWith("swd_").hasSize(4 + 43);
    TokenHash h = TokenHash.parse(TokenHash.of(token).format());
    assertThat(h.matches(token)).isTrue();
    assertThat(h.matches(TokenHash.newToken())).isFalse();
    assertThat(TokenHash.of(token).format()).isNotEqualTo(TokenHash.of(token).format());
  }

  @Test
  void accountsLookUpUsersAndTokensAndRefuseDuplicates() {
    String t = TokenHash.newToken();
    Accounts a = new Accounts(List.of(new Accounts.User("ann", Role.APPROVER, PasswordHash.create("pw-pw-pw-pw".toCharArray(), 1_000))),
        List.of(new Accounts.Token("panel", Role.VIEWER, TokenHash.of(t))));
    assertThat(a.login("ann", "pw-pw-pw-pw".toCharArray())).hasValueSatisfying(p -> assertThat(p.actor().userId()).isEqualTo("ann"));
    assertThat(a.login("bob", "pw-pw-pw-pw".toCharArray())).isEmpty();
    assertThat(a.bearer(t)).hasValueSatisfying(p -> {
      assertThat(p.actor().userId()).isEqualTo("token:panel");
      assertThat(p.role()).isEqualTo(Role.VIEWER);
    });
    assertThat(a.bearer("not-a-token")).isEmpty();
    assertThat(a.sessionUser("ann")).isPresent();
    assertThat(a.sessionUser("gone")).isEmpty();
    var dup = new Accounts.User("ann", Role.VIEWER, PasswordHash.create("x-x-x-x-x-x".toCharArray(), 1_000));
    assertThatThrownBy(() -> new Accounts(List.of(dup, dup), List.of())).hasMessageContaining("defined twice");
  }

  @Test
  void throttleRefusesAfterRepeatedFailuresUntilTheWindowPasses() {
    Instant[] now = {T0};
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId z) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(5), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(t.allowed("ann")).isTrue();
      t.failed("ann");
    }
    assertThat(t.allowed("ann")).isFalse();
    assertThat(t.allowed("bob")).isTrue();
    now[0] = T0.plus(Duration.ofMinutes(6));
    assertThat(t.allowed("ann")).isTrue();
    t.failed("ann");
    t.succeeded("ann");
    assertThat(t.allowed("ann")).isTrue();
  }
}
