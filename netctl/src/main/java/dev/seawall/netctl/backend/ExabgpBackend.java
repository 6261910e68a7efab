package dev.seawall.netctl.backend;

import dev.seawall.netctl.BackendException;
import dev.seawall.netctl.Community;
import dev.seawall.netctl.Prefix;
import dev.seawall.netctl.RouteBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remote-triggered blackholing through ExaBGP 4.2's text API, spoken over its command pipes
 * ({@code NAME.in} / {@code NAME.out}, the ones {@code exabgpcli} uses; ExaBGP opens them when they
 * exist and {@code exabgp.api.cli} is true). With {@code exabgp.api.ack} (the default) every command
 * is answered "done" or "error", so a refused announce is reported, not lost.
 *
 * <p>ExaBGP keeps its adj-RIB-out across session flaps; when ExaBGP itself restarts the periodic
 * reconcile ({@code show adj-rib out}) re-announces.
 */
public final class ExabgpBackend implements RouteBackend {
  private final Duration answerWithin;
  // "neighbor 10.0.0.2 local-ip ... ipv4 unicast 192.0.2.1/32 next-hop self community [ 64500:666 blackhole no-export ]"
  private static final Pattern ADJ_RIB = Pattern.compile("\\b(ipv4|ipv6) unicast (\\S+)(.*)$");
  private static final Pattern BLACKHOLE = Pattern.compile("community \\[[^]]*\\b(blackhole|65535:666)\\b");

  private final Path in;
  private final Path out;
  private final String nextHop4;
  private final String nextHop6;
  private final List<Community> communities;

  /**
   * @param pipes the pipe path without suffix, e.g. /run/exabgp/exabgp for exabgp.in and exabgp.out
   * @param nextHop4 IPv4 next hop, "self" for ExaBGP's local address
   * @param nextHop6 IPv6 next hop, "self" likewise
   */
  public ExabgpBackend(Path pipes, String nextHop4, String nextHop6, List<Community> extra) {
    this(pipes, nextHop4, nextHop6, extra, Duration.ofSeconds(10));
  }

  /** As above, waiting at most {@code answerWithin} for each answer. */
  public ExabgpBackend(Path pipes, String nextHop4, String nextHop6, List<Community> extra, Duration answerWithin) {
    this.answerWithin = answerWithin;
    this.in = pipes.resolveSibling(pipes.getFileName() + ".in");
    this.out = pipes.resolveSibling(pipes.getFileName() + ".out");
    this.nextHop4 = nextHop4 == null ? "self" : nextHop4;
    this.nextHop6 = nextHop6 == null ? "self" : nextHop6;
    Set<Community> all = new LinkedHashSet<>(List.of(Community.BLACKHOLE, Community.NO_EXPORT));
    all.addAll(extra);
    this.communities = List.copyOf(all);
  }

  @Override
  public String name() {
    return "exabgp " + in.getParent().resolve(in.getFileName().toString().replaceAll("\\.in$", ".{in,out}"));
  }

  /** The exact text-API command for announcing {@code p}. */
  public String announceCommand(Prefix p) {
    StringBuilder c = new StringBuilder("announce route ").append(p).append(" next-hop ")
        .append(p.isIpv4() ? nextHop4 : nextHop6).append(" community [");
    communities.forEach(x -> c.append(' ').append(x));
    return c.append(" ]").toString();
  }

  @Override
  public void announce(Prefix p) {
    command(announceCommand(p));
  }

  @Override
  public void withdraw(Prefix p) {
    command("withdraw route " + p + " next-hop " + (p.isIpv4() ? nextHop4 : nextHop6));
  }

  @Override
  public Set<Prefix> announced() {
    Set<Prefix> found = new LinkedHashSet<>();
    // "extensive" prints the communities, with well-known ones by name ("blackhole")
    for (String line : command("show adj-rib out extensive")) {
      Matcher m = ADJ_RIB.matcher(line);
      if (!m.find() || !BLACKHOLE.matcher(m.group(3)).find()) continue;
      try {
        found.add(Prefix.parse(m.group(2)));
      } catch (IllegalArgumentException e) {
        throw new BackendException("exabgp: 'show adj-rib out' line not understood: " + line);
      }
    }
    return found;
  }

  /** The neighbors ExaBGP knows (first column of "show neighbor summary"). */
  @Override
  public java.util.Map<Prefix, String> protectedAddresses() {
    java.util.Map<Prefix, String> out = new java.util.LinkedHashMap<>();
    for (String line : command("show neighbor summary")) {
      String first = line.strip().split("\\s+")[0];
      if (!first.matches("[0-9a-fA-F:.]+") || first.indexOf('.') < 0 && first.indexOf(':') < 0) continue;
      try {
        out.put(Prefix.parse(first), "BGP peer");
      } catch (IllegalArgumentException e) {
        // a header or a line that is not a neighbor
      }
    }
    return out;
  }

  @Override
  public String health() {
    List<String> lines = command("show neighbor summary");
    return lines.isEmpty() ? "no neighbors" : String.join("; ", lines);
  }

  /**
   * Sends one command and returns the lines of its answer before "done"; "error" is an exception.
   * Both pipes are opened read-write: a FIFO opened that way never blocks in open(), so a stopped
   * ExaBGP shows up as a timeout instead of a hung thread.
   */
  public synchronized List<String> command(String command) {
    if (!Files.exists(in) || !Files.exists(out)) {
      throw new BackendException("exabgp: pipes " + in + " and " + out + " do not exist (mkfifo them, set exabgp.api.cli=true)");
    }
    var exec = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("exabgp-answer").factory());
    try (FileChannel answers = FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Future<List<String>> reply = exec.submit(() -> readAnswer(answers));
      try (FileChannel commands = FileChannel.open(in, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) commands.write(b);
      }
      try {
        return reply.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // the command may still sit in the pipe: drain it so a later ExaBGP start does not replay it
        drain(in);
        throw new BackendException("exabgp: no answer to '" + command + "' within " + answerWithin + " (is exabgp running with api.cli and api.ack?)");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof BackendException be ? be : new BackendException("exabgp: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("exabgp: interrupted waiting for an answer to '" + command + "'");
      }
    } catch (IOException e) {
      throw new BackendException("exabgp: cannot use " + in + " / " + out + ": " + e.getMessage(), e);
    } finally {
      exec.shutdownNow(); // closing the channel (above) ends a blocked read
    }
  }

  private List<String> readAnswer(FileChannel answers) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.allocate(8192);
    StringBuilder pending = new StringBuilder();
    while (answers.read(buf) >= 0) {
      buf.flip();
      pending.append(StandardCharsets.UTF_8.decode(buf));
      buf.clear();
      int nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        String line = pending.substring(0, nl).strip();
        pending.delete(0, nl + 1);
        if (line.equals("done")) return lines;
        if (line.equals("error")) throw new BackendException("exabgp answered 'error'" + (lines.isEmpty() ? "" : ": " + String.join("; ", lines)));
        if (!line.isEmpty()) lines.add(line);
      }
    }
    throw new BackendException("exabgp: answer pipe closed before 'done'");
  }

  private static void drain(Path fifo) {
    try (FileChannel ch = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // non-blocking peek is not offered for FIFOs in NIO: read what is there from another thread
      var t = Thread.ofPlatform().daemon().start(() -> {
        try {
          ch.read(ByteBuffer.allocate(65536));
        } catch (IOException ignored) {
          // closed below
        }
      });
      t.join(200);
    } catch (IOException | InterruptedException ignored) {
      // best effort
    }
  }
}
