package dev.seawall.desk.ui;

import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.api.Audit;
import dev.seawall.desk.api.Auth;
import dev.seawall.desk.api.Params;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.orders.CourtOrder;
import dev.seawall.desk.orders.CourtOrderDraft;
import dev.seawall.desk.server.DeskServices;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** Court orders: the list, entering one (handler), and the second user's decision (approver, never the one who entered it). */
public final class OrderPages {
  private final DeskServices services;
  private final Audit audit;
  private final Pages pages;

  OrderPages(DeskServices services, Audit audit, Pages pages) {
    this.services = services;
    this.audit = audit;
    this.pages = pages;
  }

  public record Model(List<CourtOrder> orders) {}

  void register() {
    pages.get("/orders", Role.VIEWER, ctx -> pages.render(ctx, "orders.jte", "Court orders", "orders",
        new Model(services.orders.list(null).reversed())));
    pages.post("/orders", Role.HANDLER, this::create);
    pages.post("/orders/{id}/approve", Role.APPROVER, ctx -> decide(ctx, "approve"));
    pages.post("/orders/{id}/reject", Role.APPROVER, ctx -> decide(ctx, "reject"));
    pages.post("/orders/{id}/revoke", Role.APPROVER, ctx -> decide(ctx, "revoke"));
  }

  private void create(Context ctx) throws SQLException {
    CourtOrderDraft d = new CourtOrderDraft(Pages.required(ctx, "court"), Pages.required(ctx, "caseNumber"),
        Pages.optional(ctx, "title"), Pages.required(ctx, "jurisdiction"), lines(ctx, "geoScope"), lines(ctx, "domains"),
        lines(ctx, "urls"), lines(ctx, "ips"), day(ctx, "effective", true), day(ctx, "expires", false),
        Pages.optional(ctx, "reportingDuty"), date(ctx, "reportDue"), Pages.optional(ctx, "documentRef"));
    CourtOrder o = services.orders.create(Auth.principal(ctx).actor(), d);
    audit.counted("order.create");
    Pages.done(ctx, "/orders", "Order " + o.id() + " entered; it needs a second user's approval");
  }

  private void decide(Context ctx, String what) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    String reason = Pages.optional(ctx, "reason");
    var actor = Auth.principal(ctx).actor();
    CourtOrder o = switch (what) {
      case "approve" -> services.orders.approve(actor, id, reason);
      case "reject" -> services.orders.reject(actor, id, reason);
      default -> services.orders.revoke(actor, id, reason);
    };
    audit.counted("order." + what);
    Pages.done(ctx, "/orders", "Order " + id + " is " + o.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }

  /** One entry per line or comma. */
  private static List<String> lines(Context ctx, String field) {
    String v = Pages.optional(ctx, field);
    return v == null ? List.of() : Arrays.stream(v.split("[,\\r\\n]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** A date (start of the day, UTC) or an ISO instant. */
  private static Instant day(Context ctx, String field, boolean required) {
    String v = required ? Pages.required(ctx, field) : Pages.optional(ctx, field);
    if (v == null) return null;
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(field, "'" + field + "' must be a date (2026-12-31) or an instant (2026-12-31T00:00:00Z)");
    }
  }

  private static LocalDate date(Context ctx, String field) {
    String v = Pages.optional(ctx, field);
    if (v == null) return null;
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(field, "'" + field + "' must be a date such as 2026-12-31");
    }
  }
}
