//! Timestamps on the wire as a count of seconds or milliseconds since the Unix epoch, as
//! [`time::OffsetDateTime`] (UTC). Written as a JSON integer; read from an integer, a number with
//! a fraction, or a string of digits (some services quote their numbers).

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::OffsetDateTime;

/// Nanoseconds per unit of the wire count.
#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    Millis,
}

impl Unit {
    fn nanos(self) -> i128 {
        match self {
            Unit::Seconds => 1_000_000_000,
            Unit::Millis => 1_000_000,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Seconds => "epoch seconds",
            Unit::Millis => "epoch milliseconds",
        }
    }
}

fn to_wire(value: &OffsetDateTime, unit: Unit) -> i64 {
    // Truncated towards the earlier instant, so that a value read back is never later.
    let count = value.unix_timestamp_nanos().div_euclid(unit.nanos());
    count.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

fn from_nanos<E: de::Error>(nanos: i128, unit: Unit, shown: &dyn fmt::Display) -> Result<OffsetDateTime, E> {
    OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .map_err(|_| E::custom(format_args!("{shown} is out of range for a timestamp in {}", unit.name())))
}

struct EpochVisitor(Unit);

impl Visitor<'_> for EpochVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a timestamp in {}", self.0.name())
    }

    fn visit_i64<E: de::Error>(self, count: i64) -> Result<OffsetDateTime, E> {
        from_nanos(i128::from(count) * self.0.nanos(), self.0, &count)
    }

    fn visit_u64<E: de::Error>(self, count: u64) -> Result<OffsetDateTime, E> {
        from_nanos(i128::from(count) * self.0.nanos(), self.0, &count)
    }

    fn visit_f64<E: de::Error>(self, count: f64) -> Result<OffsetDateTime, E> {
        if !count.is_finite() {
            return Err(E::custom(format_args!("{count} is not a timestamp in {}", self.0.name())));
        }
        let nanos = count * self.0.nanos() as f64;
        if nanos.abs() >= i128::MAX as f64 {
            return Err(E::custom(format_args!(
                "{count} is out of range for a timestamp in {}",
                self.0.name()
            )));
        }
        from_nanos(nanos.round() as i128, self.0, &count)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<OffsetDateTime, E> {
        let trimmed = text.trim();
        if let Ok(count) = trimmed.parse::<i64>() {
            return self.visit_i64(count);
        }
        match trimmed.parse::<f64>() {
            Ok(count) if trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') => {
                self.visit_f64(count)
            }
            _ => Err(E::custom(format_args!("invalid timestamp {text:?}: expected {}", self.0.name()))),
        }
    }
}

macro_rules! epoch_format {
    ($(#[$doc:meta])* $name:ident, $unit:expr) => {
        $(#[$doc])*
        pub mod $name {
            use super::*;

            pub fn serialize<S: Serializer>(value: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(to_wire(value, $unit))
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
                d.deserialize_any(EpochVisitor($unit))
            }

            /// The same format for an `Option` field (absent or `null` is `None`).
            pub mod option {
                use super::*;
                use serde::Deserialize;

                pub fn serialize<S: Serializer>(value: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => super::serialize(value, s),
                        None => s.serialize_none(),
                    }
                }

                pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
                    #[derive(Deserialize)]
                    struct Wrapped(#[serde(deserialize_with = "super::deserialize")] OffsetDateTime);
                    Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(value)| value))
                }
            }
        }
    };
}

epoch_format!(
    /// Seconds since the Unix epoch (`1700000000`); a fraction read is kept to the nanosecond,
    /// a value written is truncated to the second.
    epoch_seconds,
    Unit::Seconds
);

epoch_format!(
    /// Milliseconds since the Unix epoch (`1700000000123`); a value written is truncated to the
    /// millisecond.
    epoch_millis,
    Unit::Millis
);

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use time::macros::datetime;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Times {
        #[serde(with = "super::epoch_seconds")]
        created: time::OffsetDateTime,
        #[serde(with = "super::epoch_millis")]
        modified: time::OffsetDateTime,
        #[serde(with = "super::epoch_millis::option", default)]
        deleted: Option<time::OffsetDateTime>,
    }

    #[test]
    fn seconds_and_millis_round_trip() {
        let json = r#"{"created":1700000000,"modified":1700000000123,"deleted":null}"#;
        let times: Times = serde_json::from_str(json).unwrap();
        assert_eq!(times.created, datetime!(2023-11-14 22:13:20 UTC));
        assert_eq!(times.modified, datetime!(2023-11-14 22:13:20.123 UTC));
        assert_eq!(times.deleted, None);
        assert_eq!(serde_json::to_string(&times).unwrap(), json);
    }

    #[test]
    fn quoted_fractional_and_negative_counts_are_read() {
        let times: Times =
            serde_json::from_str(r#"{"created":"1700000000","modified":-1000,"deleted":"1700000000123"}"#)
                .unwrap();
        assert_eq!(times.created, datetime!(2023-11-14 22:13:20 UTC));
        assert_eq!(times.modified, datetime!(1969-12-31 23:59:59 UTC));
        assert_eq!(times.deleted, Some(datetime!(2023-11-14 22:13:20.123 UTC)));
        let times: Times = serde_json::from_str(r#"{"created":1700000000.5,"modified":0}"#).unwrap();
        assert_eq!(times.created, datetime!(2023-11-14 22:13:20.5 UTC));
    }

    #[test]
    fn bad_values_are_errors_naming_the_format() {
        for bad in [r#""yesterday""#, "true", "1e300", r#""1e3""#] {
            let json = format!(r#"{{"created":{bad},"modified":0}}"#);
            let error = serde_json::from_str::<Times>(&json).unwrap_err().to_string();
            assert!(error.contains("epoch seconds"), "{bad}: {error}");
        }
    }
}
