package dev.seawall.desk.ui;

import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.api.Audit;
import dev.seawall.desk.api.Auth;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.ledger.LedgerAction;
import dev.seawall.desk.ledger.Party;
import dev.seawall.desk.ledger.PartyStatus;
import dev.seawall.desk.ledger.RepeatInfringerPolicy;
import dev.seawall.desk.ledger.Strike;
import dev.seawall.desk.registry.Customer;
import dev.seawall.desk.server.DeskServices;
import dev.seawall.desk.workflow.Desk;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/** The repeat-infringer ledger: parties and their standing; one party's strikes and actions, and what people may do. */
public final class LedgerPages {
  private final DeskServices services;
  private final Audit audit;
  private final Pages pages;

  LedgerPages(DeskServices services, Audit audit, Pages pages) {
    this.services = services;
    this.audit = audit;
    this.pages = pages;
  }

  public record ListModel(boolean configured, RepeatInfringerPolicy policy, List<PartyStatus> parties) {}

  public record PartyModel(Party party, Customer customer, PartyStatus status, List<Strike> strikes, List<LedgerAction> actions) {
    /** The party's page address. */
    public String path() {
      return "/ledger/" + URLEncoder.encode(party.customer(), StandardCharsets.UTF_8)
          + (party.subscriber() == null ? "" : "?subscriber=" + URLEncoder.encode(party.subscriber(), StandardCharsets.UTF_8));
    }
  }

  void register() {
    pages.get("/ledger", Role.VIEWER, ctx -> {
      if (services.workflow == null) {
        pages.render(ctx, "ledger.jte", "Ledger", "ledger", new ListModel(false, null, List.of()));
        return;
      }
      pages.render(ctx, "ledger.jte", "Ledger", "ledger",
          new ListModel(true, desk().ledger().policy(), desk().ledger().parties(500)));
    });
    pages.get("/ledger/{customer}", Role.VIEWER, this::party);
    pages.post("/ledger/{customer}/acknowledge", Role.HANDLER, ctx -> change(ctx, "acknowledge"));
    pages.post("/ledger/{customer}/lift-suspension", Role.APPROVER, ctx -> change(ctx, "lift-suspension"));
    pages.post("/ledger/{customer}/reinstate", Role.APPROVER, ctx -> change(ctx, "reinstate"));
  }

  private Desk desk() {
    if (services.workflow == null) throw ApiError.workflowMissing();
    return services.workflow;
  }

  private void party(Context ctx) throws SQLException {
    Party p = new Party(ctx.pathParam("customer"), ctx.queryParam("subscriber"));
    Customer c = services.registryCache.registry().customer(p.customer());
    if (services.workflow == null) {
      if (c == null) throw ApiError.notFound("no customer '" + p.customer() + "'");
      pages.render(ctx, "party.jte", p.toString(), "ledger", new PartyModel(p, c, null, List.of(), List.of()));
      return;
    }
    PartyStatus s = desk().ledger().status(p);
    List<Strike> strikes = desk().ledger().strikes(p, true);
    List<LedgerAction> actions = desk().ledger().actions(p);
    if (c == null && strikes.isEmpty() && actions.isEmpty()) throw ApiError.notFound("no customer '" + p.customer() + "'");
    pages.render(ctx, "party.jte", p.toString(), "ledger", new PartyModel(p, c, s, strikes, actions));
  }

  private void change(Context ctx, String what) throws SQLException {
    Party p = new Party(ctx.pathParam("customer"), Pages.optional(ctx, "subscriber"));
    String reason = Pages.required(ctx, "reason");
    var actor = Auth.principal(ctx).actor();
    PartyStatus s = switch (what) {
      case "acknowledge" -> desk().ledger().acknowledge(actor, p, reason);
      case "lift-suspension" -> desk().ledger().liftSuspension(actor, p, reason);
      default -> desk().ledger().reinstate(actor, p, reason);
    };
    audit.counted("ledger." + what);
    Pages.done(ctx, new PartyModel(p, null, s, List.of(), List.of()).path(), p + " is now " + s.standing().name().toLowerCase(java.util.Locale.ROOT));
  }
}
