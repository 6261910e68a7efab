package dev.seawall.proxy.auth;

import dev.seawall.passwords.PasswordHash;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks RFC 1929 credentials against the users file. PBKDF2 is slow on purpose, so a successful
 * check is remembered as an HMAC of user and password under a key that lives only in this process:
 * the next connection of the same user costs one HMAC. Wrong passwords are never remembered, so
 * guessing stays slow. Call {@link #check} off the event loop.
 */
public final class Authenticator {
  private static final int MAX_REMEMBERED = 65_536;

  private final Map<String, PasswordHash> users;
  private final byte[] key = new byte[32];
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
  private final long rememberNanos;

  private record Remembered(byte[] tag, long until) {}

  public Authenticator(Map<String, PasswordHash> users, long rememberNanos) {
    this.users = Map.copyOf(users);
    this.rememberNanos = rememberNanos;
    new SecureRandom().nextBytes(key);
  }

  public int size() {
    return users.size();
  }

  /** Whether {@code user} exists and {@code password} is its password. */
  public boolean check(String user, byte[] password) {
    PasswordHash h = users.get(user);
    byte[] tag = tag(user, password);
    long now = System.nanoTime();
    Remembered r = remembered.get(user);
    if (r != null && r.until - now > 0 && java.security.MessageDigest.isEqual(r.tag, tag)) return true;
    if (h == null) {
      // Same cost as a real check, so timing does not reveal which user names exist.
      PasswordHash.create(new char[] {'x'}, 1_000).matches(new char[] {'y'});
      return false;
    }
    char[] chars = decode(password);
    try {
      if (chars == null || !h.matches(chars)) return false;
    } finally {
      if (chars != null) Arrays.fill(chars, '\0');
    }
    if (remembered.size() >= MAX_REMEMBERED) remembered.clear();
    remembered.put(user, new Remembered(tag, now + rememberNanos));
    return true;
  }

  /** Whether a check would be answered from memory (cheap enough for the event loop). */
  public boolean remembered(String user, byte[] password) {
    Remembered r = remembered.get(user);
    return r != null && r.until - System.nanoTime() > 0 && java.security.MessageDigest.isEqual(r.tag, tag(user, password));
  }

  private byte[] tag(String user, byte[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(user.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(password);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static char[] decode(byte[] password) {
    try {
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(password));
      char[] out = new char[cb.remaining()];
      cb.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
