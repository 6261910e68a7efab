package dev.seawall.desk.ledger;

import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.WorkflowConfig;
import dev.seawall.netctl.AddResult;
import dev.seawall.netctl.NullRouteRequest;
import dev.seawall.netctl.NullRouteService;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries out the ledger actions that reach outside the desk — the panel webhook for suspensions,
 * terminations and their reversal, and null-routes through netctl — and records what happened:
 * DONE, DRY_RUN, REFUSED (a netctl rail, with its message) or, after the retries run out, FAILED.
 */
public final class ActionRunner {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Database db;
  private final PanelWebhook panel;
  private final NullRouteService netctl;
  private final boolean dryRun;
  private final WorkflowConfig.Retry retry;
  private final AuditLog audit;
  private final Clock clock;

  /**
   * @param panel  null when no webhook is configured
   * @param netctl null when null-routing is not configured
   */
  public ActionRunner(Database db, PanelWebhook panel, NullRouteService netctl, boolean dryRun, WorkflowConfig.Retry retry,
      AuditLog audit, Clock clock) {
    this.db = db;
    this.panel = panel;
    this.netctl = netctl;
    this.dryRun = dryRun;
    this.retry = retry;
    this.audit = audit;
    this.clock = clock;
  }

  /** What one pass did. */
  public record Round(int done, int retried, int failed, List<String> problems) {}

  public Round runDue() throws SQLException {
    Instant now = clock.instant();
    List<LedgerAction> due;
    List<Integer> attempts = new ArrayList<>();
    try (Connection c = db.connect()) {
      due = Jdbc.query(c, "SELECT * FROM ledger_action WHERE outcome = 'PENDING' AND next_attempt_at <= ? ORDER BY id LIMIT 200",
          rs -> {
            attempts.add(rs.getInt("attempts"));
            return Standings.action(rs);
          }, now);
    }
    int done = 0, retried = 0, failed = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < due.size(); i++) {
      LedgerAction a = due.get(i);
      if (!claim(a.id(), now)) continue;
      Result r = run(a);
      int tries = attempts.get(i) + 1;
      Outcome outcome = r.outcome;
      Instant next = null;
      if (outcome == Outcome.PENDING) {
        if (tries >= retry.maxAttempts()) {
          outcome = Outcome.FAILED;
        } else {
          next = Jdbc.micros(clock.instant().plus(retry.delayAfter(tries)));
        }
      }
      Outcome finalOutcome = outcome;
      Instant nextAttempt = next;
      Jdbc.tx(db, c -> {
        Jdbc.update(c, "UPDATE ledger_action SET outcome = ?, attempts = ?, next_attempt_at = ?, detail = ? WHERE id = ?",
            finalOutcome, tries, Jdbc.time(nextAttempt), r.detail, a.id());
        if (finalOutcome != Outcome.PENDING) {
          audit.append(c, PolicyEngine.POLICY, "ledger." + a.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
              + finalOutcome.name().toLowerCase(Locale.ROOT).replace('_', '-'), PolicyEngine.subject(a.party()),
              "action " + a.id() + " carried out", a.noticeIds(), r.detail);
        }
        return null;
      });
      switch (finalOutcome) {
        case PENDING -> {
          retried++;
          problems.add("action " + a.id() + ": " + r.detail);
        }
        case FAILED -> {
          failed++;
          problems.add("action " + a.id() + ": " + r.detail);
        }
        default -> done++;
      }
    }
    return new Round(done, retried, failed, problems);
  }

  /** Pushes the next attempt ahead so that another desk instance does not run the same action meanwhile. */
  private boolean claim(long id, Instant now) throws SQLException {
    return Jdbc.tx(db, c -> Jdbc.update(c, "UPDATE ledger_action SET next_attempt_at = ? WHERE id = ? AND outcome = 'PENDING'"
        + " AND next_attempt_at <= ?", Jdbc.micros(now.plus(java.time.Duration.ofMinutes(5))), id, now) == 1);
  }

  private record Result(Outcome outcome, String detail) {}

  private Result run(LedgerAction a) {
    return switch (a.kind()) {
      case SUSPEND, TERMINATE, UNSUSPEND, REINSTATE -> webhook(a);
      case NULL_ROUTE -> nullRoute(a);
      default -> new Result(Outcome.DONE, a.detail());
    };
  }

  private Result webhook(LedgerAction a) {
    String base = a.detail() == null ? "" : a.detail().replaceAll("; panel webhook pending$", "") + "; ";
    if (panel == null) return new Result(Outcome.FAILED, base + "no panel webhook configured");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", a.kind().name().toLowerCase(Locale.ROOT));
    body.put("customer", a.party().customer());
    body.put("subscriber", a.party().subscriber());
    body.put("until", a.until() == null ? null : a.until().toString());
    body.put("reason", a.reason());
    body.put("rule", a.rule());
    body.put("notices", a.noticeIds());
    body.put("action", a.id());
    body.put("at", a.at().toString());
    try {
      PanelWebhook.Answer r = panel.post(a.id(), JSON.writeValueAsString(body));
      String what = "panel " + panel.target() + " answered HTTP " + r.status() + (r.body().isEmpty() ? "" : ": " + r.body());
      return new Result(r.ok() ? Outcome.DONE : Outcome.PENDING, base + what);
    } catch (IOException e) {
      return new Result(Outcome.PENDING, base + "panel " + panel.target() + " unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Outcome.PENDING, base + "interrupted");
    }
  }

  private Result nullRoute(LedgerAction a) {
    String ip = a.detail() == null ? "" : a.detail().replaceAll(" .*", "");
    if (netctl == null) return new Result(Outcome.FAILED, ip + " — no netctl configured");
    dev.seawall.netctl.Prefix p;
    try {
      p = dev.seawall.netctl.Prefix.parse(ip);
    } catch (IllegalArgumentException e) {
      return new Result(Outcome.FAILED, ip + " — not an address netctl accepts: " + e.getMessage());
    }
    Instant now = clock.instant();
    java.time.Duration ttl = a.until() == null ? null : java.time.Duration.between(now, a.until());
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) return new Result(Outcome.FAILED, ip + " — the null-route period already ended");
    List<String> notices = a.noticeIds().stream().map(n -> "notice-" + n).toList();
    AddResult r = netctl.add(new NullRouteRequest(p, a.reason(), notices, ttl, "desk:" + a.actor(), dryRun));
    return switch (r) {
      case AddResult.Announced x -> new Result(Outcome.DONE, ip + " announced until " + x.route().expires() + (x.extended() ? " (extended)" : ""));
      case AddResult.WouldAnnounce x -> new Result(Outcome.DRY_RUN, ip + " dry run: would announce until " + x.route().expires());
      case AddResult.Refused x -> new Result(Outcome.REFUSED, ip + " refused: " + x.message());
      case AddResult.Failed x -> new Result(Outcome.PENDING, ip + " failed: " + x.message());
    };
  }
}
