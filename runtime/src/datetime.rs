//! [`DateTime`]: a Smithy `timestamp` to the microsecond, its three wire forms (epoch seconds,
//! RFC 3339 `date-time`, RFC 7231 `http-date`), and the civil-calendar arithmetic they share.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time (Smithy `timestamp`), kept to the microsecond.
///
/// On the awsJson wire it is epoch seconds as a JSON number with an optional fraction
/// (aws-json.rst, timestamps): `1589000000` or `1589000000.123`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    seconds: i64,
    /// Always in `0..1_000_000_000`, also for times before 1970.
    nanos: u32,
}

impl DateTime {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    pub fn from_secs(seconds: i64) -> Self {
        DateTime { seconds, nanos: 0 }
    }

    /// Milliseconds since the epoch.
    pub fn from_millis(millis: i64) -> Self {
        DateTime {
            seconds: millis.div_euclid(1000),
            nanos: (millis.rem_euclid(1000) * 1_000_000) as u32,
        }
    }

    /// Seconds and nanoseconds (`nanos` is clamped to below one second).
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        DateTime {
            seconds,
            nanos: nanos.min(999_999_999),
        }
    }

    /// The earliest time a response may carry: 0001-01-01T00:00:00Z.
    pub const MIN_WIRE_SECS: i64 = -62_135_596_800;
    /// The latest time a response may carry: 9999-12-31T23:59:59Z.
    pub const MAX_WIRE_SECS: i64 = 253_402_300_799;

    /// Fractional epoch seconds, rounded to the microsecond as Python's
    /// `datetime.fromtimestamp` (and so botocore) rounds them: the fraction split off toward
    /// zero, scaled to microseconds, rounded half to even. `None` for NaN, infinities and
    /// values outside the years 1 to 9999.
    pub fn from_secs_f64(value: f64) -> Option<Self> {
        if !value.is_finite() {
            return None;
        }
        let (mut whole, fraction) = (value.trunc(), value.fract());
        let mut micros = round_half_even(fraction * 1e6);
        if micros >= 1e6 {
            micros -= 1e6;
            whole += 1.0;
        } else if micros < 0.0 {
            micros += 1e6;
            whole -= 1.0;
        }
        if whole < Self::MIN_WIRE_SECS as f64 || whole > Self::MAX_WIRE_SECS as f64 {
            return None;
        }
        Some(DateTime {
            seconds: whole as i64,
            nanos: micros as u32 * 1000,
        })
    }

    /// Epoch seconds as a JSON number is written (`1589000000`, `1614320832.6772125`,
    /// `1.589e9`): integers exactly, others through the nearest double (the parse of the text is
    /// correctly rounded, as Python's is) and [`from_secs_f64`](Self::from_secs_f64). This is
    /// botocore's reading of every value.
    pub fn from_epoch_text(text: &str) -> Result<Self, String> {
        let out_of_range = || format!("{TEXT_ERROR_PREFIX}{text}{OUT_OF_RANGE}");
        let is_integer = !text.contains(['.', 'e', 'E']);
        if is_integer {
            let seconds: i64 = text.parse().map_err(|_| match text.parse::<i128>() {
                Ok(_) => out_of_range(),
                Err(_) => format!("{TEXT_ERROR_PREFIX}{text}{NOT_EPOCH_SECONDS}"),
            })?;
            return if (Self::MIN_WIRE_SECS..=Self::MAX_WIRE_SECS).contains(&seconds) {
                Ok(DateTime::from_secs(seconds))
            } else {
                Err(out_of_range())
            };
        }
        let value: f64 = text
            .parse()
            .map_err(|_| format!("{TEXT_ERROR_PREFIX}{text}{NOT_EPOCH_SECONDS}"))?;
        Self::from_secs_f64(value).ok_or_else(out_of_range)
    }

    /// Now, from the system clock.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// Whole seconds since the epoch (floor).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs).
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Epoch seconds as a float.
    pub fn as_secs_f64(&self) -> f64 {
        // Divide an exact integer once, so the result is the double nearest the decimal value
        // and prints back as the same short decimal (1589000000.123, not ...1229999).
        if self.nanos.is_multiple_of(1_000_000) {
            (self.seconds as f64 * 1e3 + f64::from(self.nanos / 1_000_000)) / 1e3
        } else if self.nanos.is_multiple_of(1000) {
            (self.seconds as f64 * 1e6 + f64::from(self.nanos / 1000)) / 1e6
        } else {
            self.seconds as f64 + f64::from(self.nanos) / 1e9
        }
    }
}

/// `x` rounded to the nearest integer, ties to even (Python's `round`).
fn round_half_even(x: f64) -> f64 {
    let rounded = x.round();
    if (x - rounded).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        rounded
    }
}

impl DateTime {
    /// This crate's public `DateTime` (aws-smithy-types' with the `interop` feature) as the
    /// type that parses and formats the wire forms.
    pub(crate) fn from_public(t: &crate::DateTime) -> Self {
        DateTime::from_secs_and_nanos(t.secs(), t.subsec_nanos())
    }

    /// Back to the public type.
    pub(crate) fn into_public(self) -> crate::DateTime {
        crate::DateTime::from_secs_and_nanos(self.seconds, self.nanos)
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime {
                seconds: d.as_secs() as i64,
                nanos: d.subsec_nanos(),
            },
            Err(e) => {
                let d = e.duration();
                let (secs, nanos) = (d.as_secs() as i64, d.subsec_nanos());
                if nanos == 0 {
                    DateTime {
                        seconds: -secs,
                        nanos: 0,
                    }
                } else {
                    DateTime {
                        seconds: -secs - 1,
                        nanos: 1_000_000_000 - nanos,
                    }
                }
            }
        }
    }
}

impl From<DateTime> for SystemTime {
    fn from(t: DateTime) -> Self {
        if t.seconds >= 0 {
            UNIX_EPOCH + Duration::new(t.seconds as u64, t.nanos)
        } else {
            UNIX_EPOCH - Duration::from_secs(t.seconds.unsigned_abs())
                + Duration::from_nanos(u64::from(t.nanos))
        }
    }
}

/// RFC 3339 in UTC, e.g. `2020-05-09T05:33:20.123Z`.
impl std::fmt::Display for DateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days = self.seconds.div_euclid(86_400);
        let rem = self.seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )?;
        match self.nanos {
            0 => {}
            n if n % 1_000_000 == 0 => write!(f, ".{:03}", n / 1_000_000)?,
            n if n % 1000 == 0 => write!(f, ".{:06}", n / 1000)?,
            n => write!(f, ".{n:09}")?,
        }
        f.write_str("Z")
    }
}

impl std::fmt::Debug for DateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// An optional `.digits` fraction at the start of `rest` as nanoseconds (digits past nine cut)
/// and what follows it.
fn fraction(rest: &str) -> Option<(u32, &str)> {
    let Some(frac) = rest.strip_prefix('.') else {
        return Some((0, rest));
    };
    let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let kept = &frac[..digits.min(9)];
    let nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
    Some((nanos, &frac[digits..]))
}

/// `Z` or `±hh:mm` (hours to 23, minutes to 59) as seconds east of UTC.
fn utc_offset(rest: &str) -> Option<i64> {
    if matches!(rest, "Z" | "z") {
        return Some(0);
    }
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let o = &rest[1..];
    let digits = |part: &str| -> Option<i64> {
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if o.len() != 5 || o.as_bytes()[2] != b':' {
        return None;
    }
    let (h, m) = (digits(&o[..2])?, digits(&o[3..])?);
    (h <= 23 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl DateTime {
    /// Reads an RFC 3339 date-time (`2019-12-16T22:48:18-01:00`, `...18.123Z`), with any
    /// offset and up to nine fraction digits (finer ones are cut, as for epoch seconds).
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not an RFC 3339 date-time");
        let b = text.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
            let part = text.get(r).ok_or_else(bad)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let (nanos, rest) = fraction(&text[19..]).ok_or_else(bad)?;
        let offset = utc_offset(rest).ok_or_else(bad)?;
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month as u32)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(bad());
        }
        let seconds = days_from_civil(year, month as u32, day as u32) * 86_400
            + hour * 3600
            + minute * 60
            + second.min(59)
            - offset;
        Ok(DateTime::from_secs_and_nanos(seconds, nanos))
    }

    /// Reads an IMF-fixdate (`Sun, 02 Jan 2000 20:34:56 GMT`, also with `.123` seconds).
    pub fn parse_http_date(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not an HTTP date");
        let parts: Vec<&str> = text.split(' ').collect();
        let [weekday, day, month, year, time, "GMT"] = parts[..] else {
            return Err(bad());
        };
        if !weekday.ends_with(',') || day.len() != 2 || year.len() != 4 {
            return Err(bad());
        }
        let month = MONTHS.iter().position(|m| *m == month).ok_or_else(bad)? as u32 + 1;
        let digits = |s: &str| -> Result<i64, String> {
            if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (day, year) = (digits(day)?, digits(year)?);
        let (clock, frac) = match time.split_once('.') {
            Some((c, f)) => (c, Some(f)),
            None => (time, None),
        };
        let hms: Vec<&str> = clock.split(':').collect();
        let [h, m, sec] = hms[..] else {
            return Err(bad());
        };
        if h.len() != 2 || m.len() != 2 || sec.len() != 2 {
            return Err(bad());
        }
        let (h, m, sec) = (digits(h)?, digits(m)?, digits(sec)?);
        let nanos = match frac {
            None => 0,
            Some(f) => {
                let kept = &f[..f.len().min(9)];
                digits(f)?;
                kept.parse::<u32>().map_err(|_| bad())? * 10u32.pow(9 - kept.len() as u32)
            }
        };
        if day < 1 || day > days_in_month(year, month) || h > 23 || m > 59 || sec > 60 {
            return Err(bad());
        }
        let seconds =
            days_from_civil(year, month, day as u32) * 86_400 + h * 3600 + m * 60 + sec.min(59);
        Ok(DateTime::from_secs_and_nanos(seconds, nanos))
    }

    /// As an IMF-fixdate, `Sun, 02 Jan 2000 20:34:56 GMT` (with milliseconds when the time
    /// has a fraction).
    pub fn http_date(&self) -> impl std::fmt::Display + '_ {
        struct HttpDate<'a>(&'a DateTime);
        impl std::fmt::Display for HttpDate<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let t = self.0;
                let days = t.seconds.div_euclid(86_400);
                let rem = t.seconds.rem_euclid(86_400);
                let (y, m, d) = civil_from_days(days);
                write!(
                    f,
                    "{}, {d:02} {} {y:04} {:02}:{:02}:{:02}",
                    WEEKDAYS[days.rem_euclid(7) as usize],
                    MONTHS[m as usize - 1],
                    rem / 3600,
                    rem % 3600 / 60,
                    rem % 60
                )?;
                if t.nanos != 0 {
                    write!(f, ".{:03}", t.nanos / 1_000_000)?;
                }
                f.write_str(" GMT")
            }
        }
        HttpDate(self)
    }
}

fn days_in_month(year: i64, month: u32) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day) → days since 1970-01-01, the inverse of [`civil_from_days`].
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            serializer.serialize_i64(self.seconds)
        } else {
            serializer.serialize_f64(self.as_secs_f64())
        }
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_epoch_seconds(deserializer)?.ok_or_else(|| {
            serde::de::Error::custom("expected a timestamp as epoch seconds, found null")
        })
    }
}

/// How every error of [`DateTime::from_epoch_text`] starts.
pub(crate) const TEXT_ERROR_PREFIX: &str = "timestamp ";
const NOT_EPOCH_SECONDS: &str = " is not epoch seconds";
const OUT_OF_RANGE: &str = " is out of range (years 1 to 9999)";

/// The text of the value an error of [`DateTime::from_epoch_text`] is about, from the error's
/// message (serde_json's, which adds the position), for the response reader to find where the
/// value starts.
pub(crate) fn failed_text(message: &str) -> Option<&str> {
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    let rest = message.strip_prefix(TEXT_ERROR_PREFIX)?;
    rest.strip_suffix(NOT_EPOCH_SECONDS)
        .or_else(|| rest.strip_suffix(OUT_OF_RANGE))
}

/// serde_json's name for its raw values (feature `raw_value`): asked for a newtype struct of
/// this name, it gives the value's text as written, which `read_epoch_seconds` parses.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Reads a timestamp as epoch seconds from the number's text as written where the format
/// gives it (serde_json: a number read as a double first would not always be the nearest
/// double, and 1 ulp is 30 µs in the year 9999), or from the number otherwise; `None` for
/// `null`.
pub(crate) fn read_epoch_seconds<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime>, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, EpochSeconds)
}

/// The visitor of [`read_epoch_seconds`].
struct EpochSeconds;

impl<'de> serde::de::Visitor<'de> for EpochSeconds {
    type Value = Option<DateTime>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a timestamp as epoch seconds")
    }

    /// serde_json's raw value: one entry, the value's text.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error as _;
        let key = map.next_key_seed(Text(|key: &str| key == RAW_VALUE_TOKEN))?;
        if key != Some(true) {
            return Err(A::Error::custom(
                "expected a timestamp as epoch seconds, found an object",
            ));
        }
        map.next_value_seed(Text(|text: &str| match text.trim() {
            "null" => Ok(None),
            number => DateTime::from_epoch_text(number).map(Some),
        }))?
        .map_err(A::Error::custom)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        DateTime::from_epoch_text(&v.to_string())
            .map(Some)
            .map_err(E::custom)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        DateTime::from_epoch_text(&v.to_string())
            .map(Some)
            .map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        DateTime::from_secs_f64(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("timestamp {v} is out of range (years 1 to 9999)")))
    }
}

/// A string read as the format holds it (borrowed or not) and handed to `F`, with no copy.
struct Text<F>(F);

impl<'de, T, F: FnOnce(&str) -> T> serde::de::DeserializeSeed<'de> for Text<F> {
    type Value = T;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<T, F: FnOnce(&str) -> T> serde::de::Visitor<'_> for Text<F> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(v))
    }
}

#[cfg(test)]
mod tests {
    use super::DateTime;

    #[test]
    fn fractional_seconds_round_trip_exactly() {
        for text in [
            "1589000000.123",
            "1476822811.295",
            "1.5",
            "-1.25",
            "1589000000.000001",
            "0.5",
        ] {
            let t: DateTime = serde_json::from_str(text).unwrap();
            let back: f64 = serde_json::to_string(&t).unwrap().parse().unwrap();
            assert_eq!(back, text.parse::<f64>().unwrap(), "{text}");
        }
        let t: DateTime = serde_json::from_str("1589000000.123").unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (1_589_000_000, 123_000_000));
        assert_eq!(serde_json::to_string(&t).unwrap(), "1589000000.123");
        assert_eq!(
            serde_json::to_string(&DateTime::from_secs(1_589_000_000)).unwrap(),
            "1589000000"
        );
        assert_eq!(
            serde_json::from_str::<DateTime>("1.589e9").unwrap(),
            DateTime::from_secs(1_589_000_000)
        );
    }

    #[test]
    fn displays_rfc3339() {
        assert_eq!(
            DateTime::from_millis(1_589_002_400_123).to_string(),
            "2020-05-09T05:33:20.123Z"
        );
        assert_eq!(DateTime::from_secs(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(
            DateTime::from_secs_f64(-0.5).unwrap().to_string(),
            "1969-12-31T23:59:59.500Z"
        );
    }

    #[test]
    fn fractions_finer_than_a_microsecond_round_to_the_nearest() {
        // botocore (Python's datetime) reads these the same way.
        for (text, secs, micros) in [
            ("1614320832.677212521", 1_614_320_832, 677_212),
            ("1614320832.6772125", 1_614_320_832, 677_212),
            ("1614320832.9999996", 1_614_320_833, 0),
            ("-0.0000004", 0, 0),
            ("-1.0000006", -2, 999_999),
            ("253402300799.5", 253_402_300_799, 500_000),
        ] {
            let t: DateTime = serde_json::from_str(text).unwrap();
            assert_eq!(
                (t.secs(), t.subsec_nanos()),
                (secs, micros * 1000),
                "{text}"
            );
        }
    }

    #[test]
    fn out_of_range_is_an_error_not_a_clamp() {
        for text in [
            "1e14",
            "-1e14",
            "9.3e12",
            "253402300800",
            "-62135596801",
            "1e300",
        ] {
            let e = serde_json::from_str::<DateTime>(text)
                .unwrap_err()
                .to_string();
            assert!(e.contains("out of range"), "{text}: {e}");
        }
        assert_eq!(
            serde_json::from_str::<DateTime>("253402300799")
                .unwrap()
                .to_string(),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(
            serde_json::from_str::<DateTime>("-62135596800")
                .unwrap()
                .to_string(),
            "0001-01-01T00:00:00Z"
        );
    }

    #[test]
    fn rejects_non_numbers() {
        assert!(serde_json::from_str::<DateTime>("\"2020-01-01\"").is_err());
        assert!(serde_json::from_str::<DateTime>("1e300").is_err());
    }

    #[test]
    fn epoch_seconds_read_from_the_text_whatever_the_reader() {
        let exact = DateTime::from_epoch_text("1614320832.6772125").unwrap();
        assert_eq!(
            (exact.secs(), exact.subsec_nanos()),
            (1_614_320_832, 677_212_000)
        );
        let from_str: DateTime = serde_json::from_str("1614320832.6772125").unwrap();
        let from_reader: DateTime = serde_json::from_reader(&b"1614320832.6772125"[..]).unwrap();
        let from_value: DateTime =
            serde_json::from_value(serde_json::json!(1_614_320_832.677_212_5)).unwrap();
        assert_eq!((from_str, from_reader, from_value), (exact, exact, exact));
        let err = |text: &str| {
            serde_json::from_str::<DateTime>(text)
                .unwrap_err()
                .to_string()
        };
        assert!(err("1e400").contains("out of range"), "{}", err("1e400"));
        assert!(err("253402300800").contains("out of range"));
        assert!(err("99999999999999999999").contains("out of range"));
        assert!(
            err("\"1.5\"").contains("epoch seconds"),
            "{}",
            err("\"1.5\"")
        );
        assert!(err("null").contains("found null"));
        let object = err("{\"a\":1}");
        assert!(
            object.contains("timestamp {\"a\":1} is not epoch seconds"),
            "{object}"
        );
    }
}
