package dev.seawall.firewall.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.firewall.lab.FirewallDaemon;
import dev.seawall.firewall.lab.Netns;
import dev.seawall.firewall.lab.Packaging;
import dev.seawall.firewall.lab.RouterLab;
import dev.seawall.firewall.lab.Services;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon runs as an unprivileged user with exactly the capabilities the systemd unit grants
 * (read from packaging/seawall-firewall.service), and says clearly what is missing without them.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrivilegesE2ETest {
  static RouterLab lab;
  static Services services;
  static String classPath;

  @BeforeAll
  static void up() throws Exception {
    E2E.requirements();
    lab = RouterLab.up('c', true);
    services = new Services(lab);
    classPath = readableClassPath(lab.ns().dir());
  }

  @AfterAll
  static void down() {
    if (lab != null) lab.close();
  }

  /** Copies the test class path where user nobody can read it (the Maven repository is under /root). */
  static String readableClassPath(Path parent) throws IOException {
    Path dir = Files.createDirectories(parent.resolve("cp"));
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(e);
      if (p.getFileName().toString().startsWith("surefirebooter")) {
        try (JarFile jar = new JarFile(p.toFile())) {
          String cp = jar.getManifest().getMainAttributes().getValue("Class-Path");
          if (cp != null) for (String u : cp.split(" ")) if (!u.isBlank()) entries.add(Path.of(URI.create(u)).toString());
        }
      } else {
        entries.add(e);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String e : entries) {
      Path src = Path.of(e);
      if (!Files.exists(src)) continue;
      Path dst = dir.resolve((i++) + "-" + src.getFileName());
      if (Files.isDirectory(src)) {
        try (var walk = Files.walk(src)) {
          for (Path f : (Iterable<Path>) walk::iterator) {
            Path t = dst.resolve(src.relativize(f).toString());
            if (Files.isDirectory(f)) Files.createDirectories(t);
            else Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      } else {
        Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
      }
      out.add(dst.toString());
    }
    try (var walk = Files.walk(parent)) {
      for (Path f : (Iterable<Path>) walk::iterator) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(":", out);
  }

  private List<String> setpriv(List<String> caps) {
    String list = String.join(",", caps.stream().map(c -> "+" + c.toLowerCase(Locale.ROOT).replace("cap_", "")).toList());
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    if (caps.isEmpty()) {
      cmd.add("--bounding-set=-all");
    } else {
      cmd.addAll(List.of("--inh-caps=" + list, "--ambient-caps=" + list, "--bounding-set=-all," + list));
    }
    return cmd;
  }

  private FirewallDaemon startAs(List<String> caps) throws IOException {
    List<String> prefix = setpriv(caps);
    List<String> args = List.of();
    return FirewallDaemon.start(lab.ns(), RouterLab.RTR, prefix, args, classPath);
  }

  @Test
  void runsAsNobodyWithTheUnitsCapabilities() throws Exception {
    List<String> caps = Packaging.capabilities(Packaging.unit(), "AmbientCapabilities");
    E2E.sink(lab, services, "0.0.0.0", 6881);
    try (FirewallDaemon fw = startAs(caps)) {
      Netns.Result status = lab.run(null, Duration.ofSeconds(5), "grep", "-E", "^(Uid|CapEff)", "/proc/" + fw.pid() + "/status");
      assertThat(status.out()).contains("65534").containsPattern("CapEff:\\s+0000000000003000");
      assertThat(E2E.probe(lab, lab.seed4(), 6881, 0).out()).contains("result reset");
      assertThat(fw.metric("seawall_firewall_tcp_resets_total")).isEqualTo(1);
      assertThat(services.httpV4()).isTrue();
      fw.terminate(Duration.ofSeconds(20));
      assertThat(fw.log()).contains("IPv4: rules removed", "IPv6: rules removed");
    }
    assertThat(E2E.filterRules(lab)).doesNotContain("SEAWALL");
  }

  @Test
  void withoutCapabilitiesItSaysWhatIsMissing() throws Exception {
    try {
      startAs(List.of()).close();
      throw new AssertionError("started without privileges");
    } catch (IllegalStateException e) {
      assertThat(e.getMessage()).contains("firewall exited (1)").contains("cannot start")
          .contains("needs CAP_NET_ADMIN");
    }
    assertThat(E2E.filterRules(lab)).doesNotContain("SEAWALL");
  }
}
