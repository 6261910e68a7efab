package dev.seawall.desk.ui;

import dev.seawall.desk.audit.Role;

/** Reports: charts drawn by chart.js from {@code /api/reports/charts}. */
public final class ReportPages {
  private final Pages pages;

  ReportPages(Pages pages) {
    this.pages = pages;
  }

  public record Model(int days) {}

  void register() {
    pages.get("/reports", Role.VIEWER, ctx -> pages.render(ctx, "reports.jte", "Reports", "reports", new Model(30)));
  }
}
