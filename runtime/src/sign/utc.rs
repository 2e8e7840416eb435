//! The UTC calendar fields of a signing time and the four ways the schemes print them.
//!
//! The conversion is done here by arithmetic on Unix seconds instead of through `time`'s
//! offset and formatting APIs because those are fallible (out-of-range dates, formatter
//! errors) and the high-level signers return plain headers: this conversion is total, so a
//! signer never has to invent a fallback date. A time outside years 0000-9999 prints as
//! something no server accepts, which is the most honest outcome for it.

/// A moment in UTC, split into the calendar fields the schemes print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcFields {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 = Monday ... 6 = Sunday.
    weekday: u32,
}

const SECONDS_PER_DAY: i64 = 86_400;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl UtcFields {
    /// The calendar fields of `unix_seconds` (seconds since 1970-01-01T00:00:00Z).
    pub(crate) fn from_unix(unix_seconds: i64) -> Self {
        let days = unix_seconds.div_euclid(SECONDS_PER_DAY);
        let second_of_day = unix_seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday (index 3 counting from Monday).
        let weekday = (days + 3).rem_euclid(7);
        Self {
            year,
            month,
            day,
            hour: small(second_of_day / 3600),
            minute: small(second_of_day % 3600 / 60),
            second: small(second_of_day % 60),
            weekday: small(weekday),
        }
    }

    /// The calendar fields of `moment`, whatever its offset.
    pub(crate) fn from_datetime(moment: time::OffsetDateTime) -> Self {
        Self::from_unix(moment.unix_timestamp())
    }

    /// `YYYY-MM-DD` (TC3 credential scope).
    pub(crate) fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (ACS3 `x-acs-date`).
    pub(crate) fn iso8601_extended(&self) -> String {
        format!("{}T{:02}:{:02}:{:02}Z", self.date(), self.hour, self.minute, self.second)
    }

    /// `YYYYMMDDTHHMMSSZ` (APIG `X-Sdk-Date`).
    pub(crate) fn iso8601_basic(&self) -> String {
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// RFC 7231 IMF-fixdate, e.g. `Thu, 05 Jan 2014 21:31:40 GMT` (OCI `date`).
    pub(crate) fn imf_fixdate(&self) -> String {
        let weekday = WEEKDAYS.get(self.weekday as usize).copied().unwrap_or("???");
        let month = MONTHS.get(self.month.wrapping_sub(1) as usize).copied().unwrap_or("???");
        format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
            self.day, self.year, self.hour, self.minute, self.second
        )
    }
}

/// Converts a value already known to be small (a time-of-day part, a weekday) to `u32`.
fn small(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// Year, month (1-12) and day (1-31) of the proleptic Gregorian calendar for a count of days
/// since 1970-01-01: Howard Hinnant's `civil_from_days`, which works in 400-year eras
/// starting on 1 March so that the leap day falls at the end of each year.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift the epoch to 0000-03-01; `days` is at most |i64::MAX| / 86400, so this cannot
    // overflow.
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, small(month), small(day))
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
}
