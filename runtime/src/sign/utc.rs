//! The UTC calendar fields of a signing time and the four ways the schemes print them.
//!
//! The calendar comes from `time`; the printing is plain `format!` over its fields rather
//! than `time`'s formatter, whose `Result` would make each signer invent a fallback for an
//! error that fixed numeric layouts cannot produce. Every conversion here is total.

use time::{Month, OffsetDateTime, PrimitiveDateTime, UtcOffset, Weekday};

/// A moment in UTC, split into the calendar fields the schemes print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcFields(PrimitiveDateTime);

impl UtcFields {
    /// The calendar fields of `unix_seconds` (seconds since 1970-01-01T00:00:00Z). A count
    /// beyond `time`'s calendar (years -9999 to 9999) is pinned to its first or last second:
    /// a date no server accepts, which is the honest outcome for such a clock.
    pub(crate) fn from_unix(unix_seconds: i64) -> Self {
        match OffsetDateTime::from_unix_timestamp(unix_seconds) {
            Ok(moment) => Self::from_datetime(moment),
            Err(_) if unix_seconds < 0 => Self(PrimitiveDateTime::MIN),
            Err(_) => Self(PrimitiveDateTime::MAX),
        }
    }

    /// The calendar fields of `moment`, whatever its offset.
    pub(crate) fn from_datetime(moment: OffsetDateTime) -> Self {
        // Converting to UTC fails only within a day of the calendar's ends; the moment's own
        // wall-clock fields are then as far from any date a server accepts.
        let utc = moment.checked_to_offset(UtcOffset::UTC).unwrap_or(moment);
        Self(PrimitiveDateTime::new(utc.date(), utc.time()))
    }

    /// `YYYY-MM-DD` (TC3 credential scope).
    pub(crate) fn date(&self) -> String {
        let t = self.0;
        format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (ACS3 `x-acs-date`).
    pub(crate) fn iso8601_extended(&self) -> String {
        let t = self.0;
        format!("{}T{:02}:{:02}:{:02}Z", self.date(), t.hour(), t.minute(), t.second())
    }

    /// `YYYYMMDDTHHMMSSZ` (APIG `X-Sdk-Date`).
    pub(crate) fn iso8601_basic(&self) -> String {
        let t = self.0;
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }

    /// RFC 7231 IMF-fixdate, e.g. `Thu, 05 Jan 2014 21:31:40 GMT` (OCI `date`).
    pub(crate) fn imf_fixdate(&self) -> String {
        let t = self.0;
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            weekday_abbreviation(t.weekday()),
            t.day(),
            month_abbreviation(t.month()),
            t.year(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

/// The three-letter English day name IMF-fixdate requires, whatever the locale.
fn weekday_abbreviation(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// The three-letter English month name IMF-fixdate requires.
fn month_abbreviation(month: Month) -> &'static str {
    match month {
        Month::January => "Jan",
        Month::February => "Feb",
        Month::March => "Mar",
        Month::April => "Apr",
        Month::May => "May",
        Month::June => "Jun",
        Month::July => "Jul",
        Month::August => "Aug",
        Month::September => "Sep",
        Month::October => "Oct",
        Month::November => "Nov",
        Month::December => "Dec",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::format_description::well_known::Rfc2822;
    use time::macros::format_description;

    #[test]
    fn formats_the_vector_times() {
        let tc3 = UtcFields::from_unix(1_551_113_065);
        assert_eq!(tc3.date(), "2019-02-25");
        // The OCI examples print "Thu, 05 Jan 2014", but 5 January 2014 was a Sunday; the
        // vectors sign their Date header as given, so the slip does not affect them.
        let oci = UtcFields::from_unix(1_388_957_500);
        assert_eq!(oci.imf_fixdate(), "Sun, 05 Jan 2014 21:31:40 GMT");
        let acs3 = UtcFields::from_datetime(time::macros::datetime!(2023-10-26 18:22:32 +08:00));
        assert_eq!(acs3.iso8601_extended(), "2023-10-26T10:22:32Z");
        let apig = UtcFields::from_datetime(time::macros::datetime!(2019-11-15 03:36:55 UTC));
        assert_eq!(apig.iso8601_basic(), "20191115T033655Z");
    }

    /// Compares every field with `time`'s own calendar over dates that stress the leap rules.
    #[test]
    fn agrees_with_the_time_crate() {
        let samples = [
            -62_135_596_800, // 0001-01-01
            -2_208_988_800,  // 1900-01-01 (not a leap year)
            -1,
            0,
            951_782_400,     // 2000-02-29
            951_868_799,     // 2000-02-29 23:59:59
            1_709_251_199,   // 2024-02-29 23:59:59
            4_107_542_400,   // 2100-03-01
            253_402_300_799, // 9999-12-31 23:59:59
        ];
        let full = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        for unix in samples.into_iter().chain((0..2000).map(|i| i * 7_654_321 - 3_000_000_000)) {
            let expected = time::OffsetDateTime::from_unix_timestamp(unix).expect("sample in range");
            let ours = UtcFields::from_unix(unix);
            assert_eq!(ours.iso8601_extended(), expected.format(full).expect("formattable"), "{unix}");
            // RFC 2822 prints `+0000` where IMF-fixdate prints `GMT`; the rest is the same.
            // (`time` formats RFC 2822 from 1900 on only.)
            if expected.year() >= 1900 {
                let rfc2822 = expected.format(&Rfc2822).expect("formattable");
                assert_eq!(ours.imf_fixdate().replace("GMT", "+0000"), rfc2822, "{unix}");
            }
        }
    }

    /// Clocks beyond the calendar and offsets that push a moment past its end still print.
    #[test]
    fn out_of_range_times_print_without_panicking() {
        assert_eq!(UtcFields::from_unix(i64::MAX).date(), "9999-12-31");
        assert_eq!(UtcFields::from_unix(i64::MIN).iso8601_basic(), "-99990101T000000Z");
        let last = time::macros::datetime!(9999-12-31 23:30 -01:00);
        assert_eq!(UtcFields::from_datetime(last).iso8601_extended(), "9999-12-31T23:30:00Z");
    }
}
