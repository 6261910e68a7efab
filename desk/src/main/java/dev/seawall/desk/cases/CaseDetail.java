package dev.seawall.desk.cases;

import dev.seawall.desk.audit.AuditEntry;
import dev.seawall.desk.forward.Delivery;
import java.util.List;

/** A case page: the case, its notices and events, every mail sent for it, and its audit trail. */
public record CaseDetail(CaseView view, List<CaseNotice> notices, List<Delivery> deliveries, List<AuditEntry> trail) {
  public CaseDetail {
    notices = List.copyOf(notices);
    deliveries = List.copyOf(deliveries);
    trail = List.copyOf(trail);
  }
}
