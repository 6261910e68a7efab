package dev.seawall.desk.counter;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * US business days for §512(g): Monday to Friday except the federal holidays of 5 U.S.C. 6103(a),
 * computed by rule for any year, on the days they are observed (a holiday on a Saturday is observed
 * the Friday before, one on a Sunday the Monday after — so New Year's Day on a Saturday is observed
 * on December 31 of the year before). Inauguration Day, a holiday only around Washington, D.C., is
 * not counted.
 */
public final class UsBusinessCalendar {
  private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

  /** The observed federal holidays that fall in {@code year} (including a Dec 31 observance of next New Year's Day). */
  public Set<LocalDate> holidays(int year) {
    return byYear.computeIfAbsent(year, UsBusinessCalendar::compute);
  }

  private static Set<LocalDate> compute(int year) {
    Set<LocalDate> out = new TreeSet<>();
    for (int y : new int[] {year, year + 1}) {
      for (LocalDate d : actual(y)) {
        LocalDate o = observed(d);
        if (o.getYear() == year) out.add(o);
      }
    }
    return Set.copyOf(out);
  }

  /** The holidays of a year on their calendar dates (before moving weekend ones). */
  static Set<LocalDate> actual(int y) {
    Set<LocalDate> s = new TreeSet<>();
    s.add(LocalDate.of(y, Month.JANUARY, 1));
    if (y >= 1986) s.add(nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3));   // Birthday of Martin Luther King, Jr.
    s.add(nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3));                 // Washington's Birthday
    s.add(LocalDate.of(y, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))); // Memorial Day
    if (y >= 2021) s.add(LocalDate.of(y, Month.JUNE, 19));              // Juneteenth National Independence Day
    s.add(LocalDate.of(y, Month.JULY, 4));
    s.add(nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1));                // Labor Day
    s.add(nth(y, Month.OCTOBER, DayOfWeek.MONDAY, 2));                  // Columbus Day
    s.add(LocalDate.of(y, Month.NOVEMBER, 11));                         // Veterans Day
    s.add(nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4));               // Thanksgiving Day
    s.add(LocalDate.of(y, Month.DECEMBER, 25));
    return s;
  }

  private static LocalDate nth(int y, Month m, DayOfWeek dow, int n) {
    return LocalDate.of(y, m, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
  }

  static LocalDate observed(LocalDate d) {
    return switch (d.getDayOfWeek()) {
      case SATURDAY -> d.minusDays(1);
      case SUNDAY -> d.plusDays(1);
      default -> d;
    };
  }

  public boolean isBusinessDay(LocalDate d) {
    DayOfWeek w = d.getDayOfWeek();
    return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !holidays(d.getYear()).contains(d);
  }

  /** The {@code n}-th business day after {@code day} ({@code day} itself not counted). */
  public LocalDate businessDaysAfter(LocalDate day, int n) {
    if (n < 1) throw new IllegalArgumentException("n must be ≥ 1");
    LocalDate d = day;
    int left = n;
    while (left > 0) {
      d = d.plusDays(1);
      if (isBusinessDay(d)) left--;
    }
    return d;
  }
}
