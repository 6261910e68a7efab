package dev.seawall.desk.server;

import dev.seawall.desk.api.NoticeQueries;
import dev.seawall.desk.api.RegistryCache;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.store.RegistryStore;
import dev.seawall.netctl.NetctlConfig;
import dev.seawall.netctl.NullRouteService;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/** What the desk's API and dashboard work on: the database and the services over it, opened once per process. */
public final class DeskServices implements AutoCloseable {
  public final Clock clock;
  public final Database db;
  public final NoticeStore notices;
  public final RegistryStore registry;
  public final Importer importer;
  public final RegistryCache registryCache;
  public final NoticeQueries queries;
  /** Null when the desk has no nullroute-config. */
  public final NullRouteService nullroutes;

  private DeskServices(Clock clock, Database db, NullRouteService nullroutes, Duration skew) {
    this.clock = clock;
    this.db = db;
    this.notices = new NoticeStore(db);
    this.registry = new RegistryStore(db);
    // one parser thread: notices sent to the API come one at a time
    this.importer = new Importer(notices, clock, 1);
    this.registryCache = new RegistryCache(registry, skew, Duration.ofSeconds(10), clock);
    this.queries = new NoticeQueries(db);
    this.nullroutes = nullroutes;
  }

  public static DeskServices open(DeskConfig config, Clock clock) throws SQLException {
    Database db = Database.open(config.db());
    NullRouteService nr = null;
    try {
      if (config.nullrouteConfig() != null) nr = NetctlConfig.load(config.nullrouteConfig()).start(clock);
    } catch (RuntimeException e) {
      db.close();
      throw new IllegalArgumentException("nullroute-config " + config.nullrouteConfig() + ": " + e.getMessage(), e);
    }
    return new DeskServices(clock, db, nr, config.skew());
  }

  @Override
  public void close() throws SQLException {
    if (nullroutes != null) nullroutes.close();
    db.close();
  }
}
