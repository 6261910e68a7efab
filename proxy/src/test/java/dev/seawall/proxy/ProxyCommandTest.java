package dev.seawall.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.proxy.auth.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Usage errors of {@code seawall proxy}: exit status 2 and a message naming the option and the value.
 * An argument taken as valid would start the proxy, which runs until stopped: the timeout fails it.
 */
@Timeout(10)
class ProxyCommandTest {

  private record Run(int exit, String err) {}

  private static Run run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new ProxyCommand()).execute(args);
      return new Run(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void withoutAListenAddressItSaysSo() {
    Run r = run("--threads", "1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--listen ADDR:PORT is required");
  }

  /** The users-file command needs no --listen (a required option of the parent would be demanded). */
  @Test
  void passwdAddsAUserWithoutListenAddress(@TempDir Path dir) throws Exception {
    Path users = dir.resolve("users");
    InputStream saved = System.in;
    Run r;
    try {
      System.setIn(new ByteArrayInputStream("s3cret pw\n".getBytes(StandardCharsets.UTF_8)));
      r = run("passwd", "--users", users.toString(), "--stdin", "--iterations", "1000", "alice");
    } finally {
      System.setIn(saved);
    }
    assertThat(r.exit()).as(r.err()).isZero();
    var loaded = UsersFile.load(users);
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.users()).containsOnlyKeys("alice");
    assertThat(loaded.users().get("alice").matches("s3cret pw".toCharArray())).isTrue();
    assertThat(Files.readString(users)).doesNotContain("s3cret");
  }

  @Test
  void anUnknownBulkRelayIsAUsageError() {
    Run r = run("--listen", "127.0.0.1:0", "--bulk-relay", "zero-copy");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--bulk-relay").contains("'zero-copy'").contains("copy").contains("splice");
  }

  @Test
  void socks4AndPasswordsTogetherIsAUsageError() {
    Run r = run("--listen", "127.0.0.1:0", "--socks4", "--users", "/nonexistent");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--socks4 cannot be combined with --users");
  }

  @Test
  void aBadListenAddressIsAUsageError() {
    Run r = run("--listen", "localhost-without-port");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("localhost-without-port");
  }
}
