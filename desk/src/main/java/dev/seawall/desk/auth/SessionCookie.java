package dev.seawall.desk.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dashboard sessions as signed cookies: {@code base64url(user|expires|nonce).base64url(HMAC)}. No
 * session table: every desk instance that shares the secret accepts the cookie, so instances behind
 * one load balancer need nothing else in common than the database. The CSRF token of a session is
 * derived from its nonce with the same key, so forms carry a value that a page on another site
 * cannot know.
 */
public final class SessionCookie {
  public static final String NAME = "seawall_desk";
  /** The request attribute holding the decoded session of a logged-in browser. */
  public static final String REQUEST_ATTRIBUTE = "seawall.session";
  private static final SecureRandom RANDOM = new SecureRandom();

  public record Session(String user, Instant expires, String nonce) {}

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  public SessionCookie(byte[] secret, Duration ttl, Clock clock) {
    if (secret.length < 32) throw new IllegalArgumentException("the session secret must be at least 32 bytes, got " + secret.length);
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.ttl = ttl;
    this.clock = clock;
  }

  public static byte[] randomSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }

  public Duration ttl() {
    return ttl;
  }

  /** A new session for a user who just logged in. */
  public Session open(String user) {
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    return new Session(user, clock.instant().plus(ttl), b64(n));
  }

  public String encode(Session s) {
    String payload = b64((s.user() + "|" + s.expires().getEpochSecond() + "|" + s.nonce()).getBytes(StandardCharsets.UTF_8));
    return payload + "." + b64(mac(payload));
  }

  /** The session in a cookie value, when it is signed by us and not expired. */
  public Optional<Session> decode(String value) {
    if (value == null) return Optional.empty();
    int dot = value.indexOf('.');
    if (dot <= 0) return Optional.empty();
    String payload = value.substring(0, dot);
    byte[] sig;
    String text;
    try {
      sig = Base64.getUrlDecoder().decode(value.substring(dot + 1));
      text = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(sig, mac(payload))) return Optional.empty();
    String[] p = text.split("\\|", -1);
    if (p.length != 3) return Optional.empty();
    Instant expires;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(p[1]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(expires)) return Optional.empty();
    return Optional.of(new Session(p[0], expires, p[2]));
  }

  public String csrfToken(Session s) {
    return b64(mac("csrf|" + s.nonce()));
  }

  public boolean csrfValid(Session s, String token) {
    return token != null && MessageDigest.isEqual(csrfToken(s).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] mac(String text) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
