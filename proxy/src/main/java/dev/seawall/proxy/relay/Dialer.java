package dev.seawall.proxy.relay;

import dev.seawall.proxy.policy.AddressPolicy;
import dev.seawall.blocklist.Blocklist;
import dev.seawall.proxy.socks.Destination;
import dev.seawall.proxy.socks.Reply;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Turns a requested destination into addresses the proxy may use: court-order blocklist on the
 * name, name lookup off the event loop, then SSRF policy and the blocklist on every address. The
 * addresses checked are the ones connected to, so a name cannot resolve differently in between.
 */
final class Dialer {
  /** The outcome: addresses to try in order, or a refusal with its reply code and metric reason. */
  sealed interface Result permits Allowed, Refused {}

  record Allowed(List<InetAddress> addresses) implements Result {}

  record Refused(int reply, String reason) implements Result {}

  private Dialer() {}

  /** Resolves and checks; {@code done} runs on {@code loop}. */
  static void resolve(ProxyContext px, Destination d, EventExecutor loop, Consumer<Result> done) {
    Blocklist list = px.blocklist();
    if (!d.isDomain()) {
      done.accept(check(px, list, List.of(d.address())));
      return;
    }
    if (list.blocksDomain(d.domain())) {
      done.accept(new Refused(Reply.NOT_ALLOWED, "blocklist_domain"));
      return;
    }
    InetAddress literal = literal(d.domain());
    if (literal != null) {
      done.accept(check(px, list, List.of(literal)));
      return;
    }
    try {
      px.blocking.execute(() -> {
        Result r;
        try {
          r = check(px, px.blocklist(), List.of(InetAddress.getAllByName(d.domain())));
        } catch (UnknownHostException | SecurityException e) {
          r = new Refused(Reply.HOST_UNREACHABLE, "resolve_failed");
        }
        Result result = r;
        loop.execute(() -> done.accept(result));
      });
    } catch (RejectedExecutionException e) {
      done.accept(new Refused(Reply.GENERAL_FAILURE, "lookup_queue_full"));
    }
  }

  static InetAddress literal(String name) {
    char c = name.charAt(0);
    if (!(Character.isDigit(c) || name.indexOf(':') >= 0)) return null;
    try {
      return InetAddress.ofLiteral(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static Result check(ProxyContext px, Blocklist list, List<InetAddress> addresses) {
    List<InetAddress> ok = new ArrayList<>(addresses.size());
    String reason = null;
    for (InetAddress a : addresses) {
      if (list.blocksAddress(a)) {
        reason = "blocklist_ip";
        continue;
      }
      AddressPolicy.Denial denial = px.policy.check(a);
      if (denial != null) {
        if (reason == null) reason = "policy_" + denial.label;
        continue;
      }
      ok.add(a);
    }
    if (ok.isEmpty()) return new Refused(Reply.NOT_ALLOWED, reason == null ? "no_address" : reason);
    return new Allowed(ok);
  }
}
