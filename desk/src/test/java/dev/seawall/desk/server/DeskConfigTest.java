package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.audit.Role;
import dev.seawall.passwords.PasswordHash;
import dev.seawall.desk.auth.TokenHash;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration: file, environment and options in that order of strength; errors name the line and the key. */
class DeskConfigTest {
  static ConfigFile file(String... lines) {
    return ConfigFile.parse("desk.conf", List.of(lines));
  }

  @Test
  void optionsBeatEnvironmentBeatFile() {
    ConfigFile f = file("listen = 127.0.0.1:9000", "skew = 2m", "session-ttl = 1h");
    DeskConfig fromFile = DeskConfig.load(f, Map.of(), Map.of());
    assertThat(fromFile.listen().getPort()).isEqualTo(9000);
    assertThat(fromFile.skew()).isEqualTo(Duration.ofMinutes(2));
    DeskConfig env = DeskConfig.load(f, Map.of("SEAWALL_DESK_LISTEN", "127.0.0.1:9100", "SEAWALL_DESK_SESSION_TTL", "30m"), Map.of());
    assertThat(env.listen().getPort()).isEqualTo(9100);
    assertThat(env.sessionTtl()).isEqualTo(Duration.ofMinutes(30));
    DeskConfig opt = DeskConfig.load(f, Map.of("SEAWALL_DESK_LISTEN", "127.0.0.1:9100"), Map.of("listen", "[::1]:9200"));
    assertThat(opt.listen().getPort()).isEqualTo(9200);
    assertThat(opt.listen().getAddress().isLoopbackAddress()).isTrue();
    assertThat(opt.listen().getAddress().getAddress()).hasSize(16);
  }

  @Test
  void usersAndTokensAreReadFromTheirHashes() {
    String pw = PasswordHash.create("a long password".toCharArray(), 1_000).format();
    String token = TokenHash.newToken();
    DeskConfig c = DeskConfig.load(file("user.alice = approver " + pw, "token.panel = viewer " + TokenHash.of(token).format()),
        Map.of(), Map.of());
    assertThat(c.accounts().login("alice", "a long password".toCharArray())).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.APPROVER));
    assertThat(c.accounts().login("alice", "wrong".toCharArray())).isEmpty();
    assertThat(c.accounts().bearer(token)).hasValueSatisfying(p -> assertThat(p.auditName()).isEqualTo("token:panel"));
    assertThat(c.accounts().bearer(TokenHash.newToken())).isEmpty();
    assertThat(c.warnings()).anyMatch(w -> w.contains("session-secret"));
  }

  @Test
  void errorsNameTheLineAndTheKey() {
    assertThatThrownBy(() -> DeskConfig.load(file("# comment", "", "lisen = 1.2.3.4:1"), Map.of(), Map.of()))
        .hasMessageStartingWith("desk.conf:3: unknown key 'lisen'");
    assertThatThrownBy(() -> DeskConfig.load(file("skew = soon"), Map.of(), Map.of()))
        .hasMessageStartingWith("desk.conf:1: skew: 'soon' is not a duration");
    assertThatThrownBy(() -> DeskConfig.load(file(), Map.of("SEAWALL_DESK_LISTEN", "nowhere"), Map.of()))
        .hasMessageStartingWith("environment variable SEAWALL_DESK_LISTEN: listen:");
    assertThatThrownBy(() -> DeskConfig.load(file("user.bob = boss pbkdf2-sha256$1$x$y"), Map.of(), Map.of()))
        .hasMessageStartingWith("desk.conf:1: user.bob: unknown role 'boss'");
    assertThatThrownBy(() -> DeskConfig.load(file("user.bob = viewer"), Map.of(), Map.of()))
        .hasMessageContaining("seawall desk passwd");
    assertThatThrownBy(() -> DeskConfig.load(file("session-secret = " + Base64.getEncoder().encodeToString(new byte[8])), Map.of(), Map.of()))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> ConfigFile.parse("desk.conf", List.of("skew = 1m", "skew = 2m")))
        .hasMessage("desk.conf:2: 'skew' is already set on line 1");
    assertThatThrownBy(() -> ConfigFile.parse("desk.conf", List.of("just words")))
        .hasMessage("desk.conf:1: expected 'key = value', got 'just words'");
  }

  @Test
  void mailboxFromFileEnvironmentOrOption(@TempDir Path tmp) throws Exception {
    Path pw = tmp.resolve("imap.pw");
    Files.writeString(pw, "s3cret\n");
    DeskConfig none = DeskConfig.load(file(), Map.of(), Map.of());
    assertThat(none.imap()).isNull();
    assertThat(none.describe()).containsEntry("imap", "not configured");

    DeskConfig f = DeskConfig.load(file("imap = imaps://abuse@mail.example:993/Notices", "imap-password-file = " + pw), Map.of(), Map.of());
    assertThat(f.imap().url()).isEqualTo(URI.create("imaps://abuse@mail.example:993/Notices"));
    assertThat(f.imap().password()).isEqualTo("s3cret");
    assertThat(f.describe()).containsEntry("imap", "imaps://abuse@mail.example:993/Notices");
    assertThat(f.describe().toString() + f.imap()).doesNotContain("s3cret");

    // the password from the environment, the URL from an option (over the file's)
    DeskConfig e = DeskConfig.load(file("imap = imap://abuse@mail.example/INBOX"), Map.of("SEAWALL_DESK_IMAP_PASSWORD", "from-env"),
        Map.of("imap", "imap://intake@127.0.0.1:1143/INBOX"));
    assertThat(e.imap().url().getPort()).isEqualTo(1143);
    assertThat(e.imap().password()).isEqualTo("from-env");
    DeskConfig envOnly = DeskConfig.load(file(), Map.of("SEAWALL_DESK_IMAP", "imap://abuse@mail.example/INBOX",
        "SEAWALL_DESK_IMAP_PASSWORD_FILE", pw.toString()), Map.of());
    assertThat(envOnly.imap().password()).isEqualTo("s3cret");
  }

  @Test
  void mailboxErrorsNameTheLine(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(() -> DeskConfig.load(file("# abuse mailbox", "imap = imaps://abuse@mail.example/INBOX"), Map.of(), Map.of()))
        .hasMessageStartingWith("desk.conf:2: imap: no password for imaps://abuse@mail.example/INBOX")
        .hasMessageContaining("imap-password-file").hasMessageContaining("SEAWALL_DESK_IMAP_PASSWORD");
    assertThatThrownBy(() -> DeskConfig.load(file(), Map.of(), Map.of("imap", "imap://abuse@mail.example/INBOX")))
        .hasMessageStartingWith("--imap: imap: no password");
    assertThatThrownBy(() -> DeskConfig.load(file("skew = 1m", "imap = pop3://abuse@mail.example/INBOX"),
        Map.of("SEAWALL_DESK_IMAP_PASSWORD", "x"), Map.of()))
        .hasMessageStartingWith("desk.conf:2: imap: mailbox must be imap://user@host[:port]/FOLDER or imaps://");
    assertThatThrownBy(() -> DeskConfig.load(file("imap = imap://mail.example/INBOX"), Map.of("SEAWALL_DESK_IMAP_PASSWORD", "x"), Map.of()))
        .hasMessageStartingWith("desk.conf:1: imap: mailbox imap://mail.example/INBOX needs a user and a host");
    assertThatThrownBy(() -> DeskConfig.load(file("imap = imap://a b@mail.example/"), Map.of("SEAWALL_DESK_IMAP_PASSWORD", "x"), Map.of()))
        .hasMessageStartingWith("desk.conf:1: imap: 'imap://a b@mail.example/' is not a URL");
    assertThatThrownBy(() -> DeskConfig.load(file("imap = imap://abuse:pw@mail.example/INBOX"), Map.of("SEAWALL_DESK_IMAP_PASSWORD", "x"),
        Map.of())).hasMessageStartingWith("desk.conf:1: imap: the password does not belong in the URL");
    assertThatThrownBy(() -> DeskConfig.load(file("imap = imap://abuse@mail.example/INBOX", "imap-password-file = " + tmp.resolve("none")),
        Map.of(), Map.of())).hasMessageStartingWith("desk.conf:2: imap-password-file: cannot read " + tmp.resolve("none"));
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertThatThrownBy(() -> DeskConfig.load(file("imap = imap://abuse@mail.example/INBOX", "imap-password-file = " + empty),
        Map.of(), Map.of())).hasMessageStartingWith("desk.conf:2: imap-password-file: " + empty + " is empty");
    assertThatThrownBy(() -> DeskConfig.load(file("imap-pasword-file = x"), Map.of(), Map.of()))
        .hasMessageStartingWith("desk.conf:1: unknown key 'imap-pasword-file'").hasMessageContaining("imap-password-file");
    assertThat(DeskConfig.load(file("imap-password-file = " + Files.writeString(tmp.resolve("pw"), "x")), Map.of(), Map.of()).warnings())
        .anyMatch(w -> w.contains("no imap mailbox"));
  }
}
