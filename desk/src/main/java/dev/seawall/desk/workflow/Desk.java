package dev.seawall.desk.workflow;

import dev.seawall.desk.agents.DesignatedAgents;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.cases.CaseService;
import dev.seawall.desk.cases.CaseStore;
import dev.seawall.desk.counter.CounterNotice;
import dev.seawall.desk.counter.CounterNoticeService;
import dev.seawall.desk.counter.CounterNoticeStore;
import dev.seawall.desk.exits.ExitEnforcement;
import dev.seawall.desk.forward.DeliveryRound;
import dev.seawall.desk.forward.OutboxStore;
import dev.seawall.desk.forward.SmtpMailer;
import dev.seawall.desk.forward.Templates;
import dev.seawall.desk.ledger.ActionRunner;
import dev.seawall.desk.ledger.Ledger;
import dev.seawall.desk.ledger.LedgerStore;
import dev.seawall.desk.ledger.PanelWebhook;
import dev.seawall.desk.ledger.PolicyEngine;
import dev.seawall.desk.ledger.RepeatInfringerPolicy;
import dev.seawall.desk.orders.CourtOrderService;
import dev.seawall.desk.orders.CourtOrderStore;
import dev.seawall.desk.report.ReportService;
import dev.seawall.desk.report.TransparencyReports;
import dev.seawall.desk.store.Database;
import dev.seawall.netctl.NetctlConfig;
import dev.seawall.netctl.NullRouteService;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The notice workflow's services over one database, wired once: what the {@code seawall desk}
 * server and the operator commands use. {@link #tick()} does everything that runs by itself —
 * process new notices, carry out pending actions, end suspensions, restore after counter-notices,
 * deliver mail, alert about overdue forwards, remind about agent renewals — and is safe to run
 * from several desk instances sharing one database.
 */
public final class Desk implements AutoCloseable {
  private final Database db;
  private final WorkflowConfig config;
  private final Clock clock;
  private final AuditLog audit;
  private final OutboxStore outbox;
  private final CaseStore cases;
  private final LedgerStore ledger;
  private final PolicyEngine policy;
  private final ActionRunner actions;
  private final NoticeProcessor processor;
  private final ExitEnforcement exits;
  private final DesignatedAgents agents;
  private final CounterNoticeStore counterNotices;
  private final CourtOrderStore orders;
  private final TransparencyReports reports;
  private final NullRouteService netctl;

  private Desk(Database db, WorkflowConfig config, Clock clock, NullRouteService netctl) {
    this.db = db;
    this.config = config;
    this.clock = clock;
    this.netctl = netctl;
    RepeatInfringerPolicy rules = RepeatInfringerPolicy.load(config.policy());
    Templates templates = new Templates(config.templates());
    this.audit = new AuditLog(db, clock);
    this.outbox = new OutboxStore(db, new SmtpMailer(config.smtp()), config, templates, audit, clock);
    this.cases = new CaseStore(db, outbox, audit, clock);
    this.policy = new PolicyEngine(rules, outbox, templates, audit, clock, config.operator().name(), config.panel() != null, netctl != null);
    this.ledger = new LedgerStore(db, policy, audit, clock);
    this.actions = new ActionRunner(db, config.panel() == null ? null : new PanelWebhook(config.panel()), netctl,
        config.netctl() != null && config.netctl().dryRun(), config.retry(), audit, clock);
    this.exits = new ExitEnforcement(db, audit, clock);
    this.processor = new NoticeProcessor(db, config, outbox, templates, policy, exits, audit, clock);
    this.agents = new DesignatedAgents(db, outbox, templates, audit, clock, config.calendarZone(), config.agentRenewalNotice(),
        config.operator().alertsTo());
    boolean dryRun = config.netctl() != null && config.netctl().dryRun();
    this.counterNotices = new CounterNoticeStore(db, outbox, templates, audit, clock, config.calendarZone(), config.operator().name(),
        netctl, dryRun);
    this.orders = new CourtOrderStore(db, audit, clock);
    this.reports = new TransparencyReports(db, clock, config.operator().name());
  }

  /** Opens the workflow over a database; starts netctl (with its expiry timers) when configured. */
  public static Desk open(Database db, WorkflowConfig config, Clock clock) {
    NullRouteService netctl = config.netctl() == null ? null : NetctlConfig.load(config.netctl().config()).start(clock);
    return new Desk(db, config, clock, netctl);
  }

  /** As {@link #open}, with a null-route service supplied by the caller (tests, or a server that shares one). */
  public static Desk open(Database db, WorkflowConfig config, Clock clock, NullRouteService netctl) {
    return new Desk(db, config, clock, netctl);
  }

  public Database database() {
    return db;
  }

  public WorkflowConfig config() {
    return config;
  }

  public AuditLog audit() {
    return audit;
  }

  public OutboxStore outbox() {
    return outbox;
  }

  public CaseService cases() {
    return cases;
  }

  public Ledger ledger() {
    return ledger;
  }

  public ExitEnforcement exits() {
    return exits;
  }

  public DesignatedAgents agents() {
    return agents;
  }

  public CounterNoticeService counterNotices() {
    return counterNotices;
  }

  public CourtOrderService orders() {
    return orders;
  }

  public ReportService reports() {
    return reports;
  }

  public NoticeProcessor processor() {
    return processor;
  }

  /** What one {@link #tick()} did. */
  public record Tick(NoticeProcessor.Summary processed, ActionRunner.Round actions, int suspensionsEnded, List<CounterNotice> restored, DeliveryRound mail,
      int overdueAlerted, int agentReminders, List<String> problems) {}

  public Tick tick() throws SQLException {
    List<String> problems = new ArrayList<>();
    NoticeProcessor.Summary p = processor.processNew(1000);
    problems.addAll(p.problems());
    ActionRunner.Round a = actions.runDue();
    problems.addAll(a.problems());
    int ended = ledger.expireSuspensions();
    ActionRunner.Round a2 = ended > 0 ? actions.runDue() : new ActionRunner.Round(0, 0, 0, List.of());
    problems.addAll(a2.problems());
    List<CounterNotice> restored = counterNotices.restoreDue(clock.instant());
    int reminders = agents.remindDue();
    int alerted = outbox.alertOverdue(clock.instant());
    DeliveryRound mail = outbox.deliverDue();
    problems.addAll(mail.problems());
    return new Tick(p, new ActionRunner.Round(a.done() + a2.done(), a.retried() + a2.retried(), a.failed() + a2.failed(), List.of()),
        ended, restored, mail, alerted, reminders, problems);
  }

  @Override
  public void close() {
    if (netctl != null) netctl.close();
  }
}
