package dev.seawall.passwords;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, deliberately slow password hash: PBKDF2-HMAC-SHA256 with a random per-user salt. Text
 * form {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in unpadded base64), shared by
 * the proxy's users file and the desk's accounts, so one tool's output works in both.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
  public static final String SCHEME = "pbkdf2-sha256";
  public static final int DEFAULT_ITERATIONS = 210_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  public PasswordHash {
    if (iterations < 1_000) throw new IllegalArgumentException("iterations must be at least 1000, got " + iterations);
    if (salt.length < 16) throw new IllegalArgumentException("salt must be at least 16 bytes");
    if (hash.length != 32) throw new IllegalArgumentException("hash must be 32 bytes, got " + hash.length);
  }

  public static PasswordHash create(char[] password) {
    return create(password, DEFAULT_ITERATIONS);
  }

  public static PasswordHash create(char[] password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /** Constant-time comparison of a candidate password with this hash. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  public String format() {
    Base64.Encoder e = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + e.encodeToString(salt) + "$" + e.encodeToString(hash);
  }

  /** Parses the text form; the message names the part that is wrong. */
  public static PasswordHash parse(String text) {
    String[] p = text.split("\\$", -1);
    if (p.length != 4) throw new IllegalArgumentException("expected " + SCHEME + "$ITERATIONS$SALT$HASH");
    if (!p[0].equals(SCHEME)) throw new IllegalArgumentException("unknown password hash scheme '" + p[0] + "'");
    int iterations;
    try {
      iterations = Integer.parseInt(p[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations '" + p[1] + "' is not a number");
    }
    Base64.Decoder d = Base64.getDecoder();
    try {
      return new PasswordHash(iterations, d.decode(p[2]), d.decode(p[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad salt or hash: " + e.getMessage());
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }
}
