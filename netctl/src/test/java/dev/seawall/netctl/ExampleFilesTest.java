package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.testkit.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped router example must be a configuration BIRD accepts, and reject what Seawall rejects. */
class ExampleFilesTest {
  @Test
  void birdExampleParses() throws Exception {
    Host.requireCommands("bird");
    Process p = new ProcessBuilder("bird", "-p", "-c", "examples/bird-rtbh.conf").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    // bird -p must fail on a broken file, or this test proves nothing
    Path broken = Files.createTempFile("bird", ".conf");
    try {
      Files.writeString(broken, Files.readString(Path.of("examples/bird-rtbh.conf")).replace("reject;", "rejec;"));
      Process q = new ProcessBuilder("bird", "-p", "-c", broken.toString()).redirectErrorStream(true).start();
      q.getInputStream().readAllBytes();
      assertThat(q.waitFor()).isNotZero();
    } finally {
      Files.deleteIfExists(broken);
    }
  }
}
