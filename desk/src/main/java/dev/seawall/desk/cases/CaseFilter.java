package dev.seawall.desk.cases;

/**
 * Which cases to list; null fields do not filter. Newest activity first.
 *
 * @param overdueOnly only cases with an overdue forward
 */
public record CaseFilter(CaseState state, String customer, boolean overdueOnly, int limit, int offset) {
  public CaseFilter {
    if (limit <= 0 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000, not " + limit);
    if (offset < 0) throw new IllegalArgumentException("negative offset");
  }

  public static CaseFilter open(int limit) {
    return new CaseFilter(CaseState.OPEN, null, false, limit, 0);
  }
}
