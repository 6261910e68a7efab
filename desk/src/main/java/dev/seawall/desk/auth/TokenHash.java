package dev.seawall.desk.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The stored form of an API token: {@code sha256$SALT$HASH} of salt + token. A token is 32 random
 * bytes, so one fast hash is enough (nobody can guess it offline) while every API call can afford
 * to check it; the salt keeps equal tokens from having equal entries.
 */
public record TokenHash(byte[] salt, byte[] hash) {
  public static final String SCHEME = "sha256";
  /** Tokens start with this, so a leaked one is recognisable in logs and secret scanners. */
  public static final String PREFIX = "swd_";
  private static final SecureRandom RANDOM = new SecureRandom();

  public TokenHash {
    if (salt.length < 16) throw new IllegalArgumentException("salt must be at least 16 bytes");
    if (hash.length != 32) throw new IllegalArgumentException("hash must be 32 bytes, got " + hash.length);
  }

  /** A new random token, in the clear: shown once, never stored. */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static TokenHash of(String token) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new TokenHash(salt, digest(salt, token));
  }

  public boolean matches(String token) {
    return MessageDigest.isEqual(hash, digest(salt, token));
  }

  public String format() {
    Base64.Encoder e = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + e.encodeToString(salt) + "$" + e.encodeToString(hash);
  }

  public static TokenHash parse(String text) {
    String[] p = text.split("\\$", -1);
    if (p.length != 3 || !p[0].equals(SCHEME)) throw new IllegalArgumentException("expected " + SCHEME + "$SALT$HASH");
    try {
      return new TokenHash(Base64.getDecoder().decode(p[1]), Base64.getDecoder().decode(p[2]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad salt or hash: " + e.getMessage());
    }
  }

  private static byte[] digest(byte[] salt, String token) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      return md.digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
