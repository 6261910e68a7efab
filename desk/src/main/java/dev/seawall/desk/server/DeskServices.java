package dev.seawall.desk.server;

import dev.seawall.desk.api.NoticeQueries;
import dev.seawall.desk.api.RegistryCache;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.orders.CourtOrderService;
import dev.seawall.desk.orders.CourtOrderStore;
import dev.seawall.desk.report.ReportService;
import dev.seawall.desk.report.TransparencyReports;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.store.RegistryStore;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.WorkflowConfig;
import dev.seawall.netctl.NetctlConfig;
import dev.seawall.netctl.NullRouteService;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * What the desk's API and dashboard work on: the database and the services over it, opened once
 * per process. The workflow (cases, forwarding, ledger, counter-notices) is there when configured;
 * one null-route service is shared by the API and the workflow's policy actions.
 */
public final class DeskServices implements AutoCloseable {
  public final Clock clock;
  public final Database db;
  public final AuditLog audit;
  public final NoticeStore notices;
  public final RegistryStore registry;
  public final Importer importer;
  public final RegistryCache registryCache;
  public final NoticeQueries queries;
  public final CourtOrderService orders;
  /** Null when neither nullroute-config nor the workflow's netctl is set. */
  public final NullRouteService nullroutes;
  public final ReportService reports;
  /** Null when the desk has no workflow configuration. */
  public final Desk workflow;

  private DeskServices(Clock clock, Database db, NullRouteService nullroutes, Desk workflow, Duration skew) {
    this.clock = clock;
    this.db = db;
    this.audit = workflow != null ? workflow.audit() : new AuditLog(db, clock);
    this.notices = new NoticeStore(db);
    this.registry = new RegistryStore(db);
    // one parser thread: notices sent to the API come one at a time
    this.importer = new Importer(notices, clock, 1);
    this.registryCache = new RegistryCache(registry, skew, Duration.ofSeconds(10), clock);
    this.queries = new NoticeQueries(db);
    this.orders = workflow != null ? workflow.orders() : new CourtOrderStore(db, audit, clock);
    this.reports = workflow != null ? workflow.reports() : new TransparencyReports(db, clock, "this desk's operator");
    this.nullroutes = nullroutes;
    this.workflow = workflow;
  }

  public static DeskServices open(DeskConfig config, Clock clock) throws SQLException {
    WorkflowConfig wf = null;
    if (config.workflow() != null) {
      try {
        wf = WorkflowConfig.load(config.workflow());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("workflow " + config.workflow() + ": " + e.getMessage(), e);
      }
    }
    return open(config, wf, clock);
  }

  /** With the workflow's configuration already read (the demo writes its own). */
  public static DeskServices open(DeskConfig config, WorkflowConfig wf, Clock clock) throws SQLException {
    Database db = Database.open(config.db()); // a connection per use: simple, and nested uses cannot starve a pool
    NullRouteService nr = null;
    Path netctl = config.nullrouteConfig() != null ? config.nullrouteConfig()
        : wf != null && wf.netctl() != null ? wf.netctl().config() : null;
    try {
      if (netctl != null) nr = NetctlConfig.load(netctl).start(clock);
      Desk desk = wf == null ? null : Desk.open(db, wf, clock, nr);
      return new DeskServices(clock, db, nr, desk, wf != null ? wf.skew() : config.skew());
    } catch (RuntimeException e) {
      if (nr != null) nr.close();
      db.close();
      throw new IllegalArgumentException((nr == null && netctl != null ? "null-route configuration " + netctl + ": " : "")
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    if (nullroutes != null) nullroutes.close();
    db.close();
  }
}
