package dev.seawall.desk.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Federal holidays as OPM publishes them (observed dates), and §512(g)'s 10th and 14th business days around them. */
class UsBusinessCalendarTest {
  final UsBusinessCalendar cal = new UsBusinessCalendar();

  @Test
  void observedHolidaysMatchTheOpmCalendars() {
    assertThat(cal.holidays(2026)).containsExactlyInAnyOrder(d("2026-01-01"), d("2026-01-19"), d("2026-02-16"), d("2026-05-25"),
        d("2026-06-19"), d("2026-07-03"), d("2026-09-07"), d("2026-10-12"), d("2026-11-11"), d("2026-11-26"), d("2026-12-25"));
    // 2027: Juneteenth and Christmas on Saturdays -> Fridays; July 4 on a Sunday -> Monday;
    // New Year's Day 2028 on a Saturday is observed on Friday, December 31, 2027
    assertThat(cal.holidays(2027)).containsExactlyInAnyOrder(d("2027-01-01"), d("2027-01-18"), d("2027-02-15"), d("2027-05-31"),
        d("2027-06-18"), d("2027-07-05"), d("2027-09-06"), d("2027-10-11"), d("2027-11-11"), d("2027-11-25"), d("2027-12-24"),
        d("2027-12-31"));
    assertThat(cal.holidays(2028)).doesNotContain(d("2028-01-01")).contains(d("2028-01-17"), d("2028-06-19"), d("2028-07-04"));
    assertThat(cal.holidays(2020)).doesNotContain(d("2020-06-19")); // Juneteenth from 2021 on
    assertThat(cal.holidays(2021)).contains(d("2021-06-18"), d("2021-07-05"), d("2021-12-24"), d("2021-12-31"));
  }

  @ParameterizedTest(name = "received {0}: 10th business day {1}, 14th {2}")
  @CsvSource({
      // an ordinary fortnight: Monday -> two weeks later
      "2026-03-02, 2026-03-16, 2026-03-20",
      // Thanksgiving (Thu 26 Nov) is skipped
      "2026-11-18, 2026-12-03, 2026-12-09",
      // Christmas (Fri 25 Dec) and New Year's Day (Fri 1 Jan) are skipped
      "2026-12-18, 2027-01-05, 2027-01-11",
      // received on a Saturday: counting starts on Monday
      "2026-03-07, 2026-03-20, 2026-03-26",
      // received on a holiday (observed Independence Day, Fri 3 Jul 2026)
      "2026-07-03, 2026-07-17, 2026-07-23",
      // observed Christmas and New Year's Eve observance of 2028's New Year's Day
      "2027-12-17, 2028-01-04, 2028-01-10",
  })
  void restorationWindow(LocalDate received, LocalDate tenth, LocalDate fourteenth) {
    assertThat(cal.businessDaysAfter(received, 10)).isEqualTo(tenth);
    assertThat(cal.businessDaysAfter(received, 14)).isEqualTo(fourteenth);
  }

  @Test
  void weekendsAndHolidaysAreNotBusinessDays() {
    assertThat(cal.isBusinessDay(d("2026-11-26"))).isFalse();
    assertThat(cal.isBusinessDay(d("2026-11-27"))).isTrue(); // the Friday after Thanksgiving is a working day for the government
    assertThat(cal.isBusinessDay(d("2026-11-28"))).isFalse();
    assertThat(cal.isBusinessDay(d("2027-12-31"))).isFalse();
  }

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }
}
