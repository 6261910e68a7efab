package dev.seawall.desk.ui;

import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.agents.DesignatedAgent;
import dev.seawall.desk.exits.EnforcedExit;
import dev.seawall.desk.server.DeskServices;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The records the desk's answers rest on: designated agents (with their expiry) and exits that block BitTorrent. */
public final class OperatorPages {
  private final DeskServices services;
  private final Pages pages;

  OperatorPages(DeskServices services, Pages pages) {
    this.services = services;
    this.pages = pages;
  }

  /** @param renewBy agents whose designation expires before this date are highlighted */
  public record Model(List<DesignatedAgent> agents, List<EnforcedExit> exits, LocalDate renewBy) {}

  void register() {
    pages.get("/operator", Role.VIEWER, ctx -> {
      if (services.workflow == null) throw ApiError.workflowMissing();
      LocalDate today = LocalDate.ofInstant(services.clock.instant(), ZoneOffset.UTC);
      pages.render(ctx, "operator.jte", "Agents and exits", "operator",
          new Model(services.workflow.agents().list(), services.workflow.exits().list(), today.plusDays(90)));
    });
  }
}
