package dev.seawall.desk.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2013-04-06T20:02:41.99Z | 2013-04-06T20:02:41.990Z",
      "2014-04-30 00:03:37.0 GMT | 2014-04-30T00:03:37Z",
      "2015-05-06T05-00-00UTC | 2015-05-06T05:00:00Z",
      "15 Feb 2014 13:45:59 GMT | 2014-02-15T13:45:59Z",
      "2021-02-15T20:09:32.000Z GMT | 2021-02-15T20:09:32Z",
      "2021-02-15T20:15:23+00:00 | 2021-02-15T20:15:23Z",
      "Fri, 23 May 2014 02:08:21 -0700 (PDT) | 2014-05-23T09:08:21Z",
      "Sun, 7 Apr 2013 03:41:10 -0500 | 2013-04-07T08:41:10Z",
      "2014-05-10 03:45:46 North American Eastern Time | 2014-05-10T07:45:46Z",
      "2014-01-10 03:45:46 North American Eastern Time | 2014-01-10T08:45:46Z",
      "2021-05-05 18:02:28 UTC | 2021-05-05T18:02:28Z",
      "1399788160 | 2014-05-11T06:02:40Z",
      "Feb 15, 2014 1:45:59 PM EST | 2014-02-15T18:45:59Z",
  })
  void readsWhatSendersWrite(String text, String expected) {
    var t = Timestamps.parse(text);
    assertThat(t).as(text).isPresent();
    assertThat(t.get().instant()).isEqualTo(Instant.parse(expected));
    assertThat(t.get().zoneAssumed()).isFalse();
  }

  @Test
  void zonelessTimesAreReadAsUtcAndSaySo() {
    var t = Timestamps.parse("18/08/2020 07:40:54", Timestamps.SlashOrder.DAY_FIRST).orElseThrow();
    assertThat(t.instant()).isEqualTo(Instant.parse("2020-08-18T07:40:54Z"));
    assertThat(t.zoneAssumed()).isTrue();
    assertThat(Timestamps.parse("8/18/2020 7:41:51 AM").orElseThrow().instant()).isEqualTo(Instant.parse("2020-08-18T07:41:51Z"));
  }

  @Test
  void whatIsNotATimeIsNotGuessed() {
    assertThat(Timestamps.parse("yesterday")).isEmpty();
    assertThat(Timestamps.parse("2020-13-45 10:00:00 UTC")).isEmpty();
    assertThat(Timestamps.parse("2021-05-05")).isEmpty(); // a date alone is not an observation time
    assertThat(Timestamps.parse("03/04/2020 10:00:00")).isEmpty(); // day or month first? refuse
    assertThat(Timestamps.parse("2021-05-05 18:02:28 Mars Time")).isEmpty();
  }
}
