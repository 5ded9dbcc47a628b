//! The date-time work auth needs, on `jiff` (std only, no time-zone
//! database): `X-Sdk-Date` stamps, RFC 3339 expiry times and HTTP dates.
//!
//! `jiff` over `time` or `chrono`: one maintained crate (by the author of
//! `regex`) whose parsers cover both RFC 3339 and RFC 9110/2822 without
//! macros or extra crates, with its time-zone features off.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::fmt::rfc2822::DateTimeParser;
use jiff::tz::Offset;
use std::time::SystemTime;

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into a time.
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    text.trim()
        .parse::<Timestamp>()
        .ok()
        .and_then(|t| SystemTime::try_from(t).ok())
}

/// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), as `Retry-After`
/// carries one.
pub(crate) fn parse_http_date(text: &str) -> Option<SystemTime> {
    static PARSER: DateTimeParser = DateTimeParser::new();
    PARSER
        .parse_timestamp(text.trim())
        .ok()
        .and_then(|t| SystemTime::try_from(t).ok())
}

/// The UTC calendar time of `time`; `None` outside jiff's range (years
/// -9999 to 9999).
pub(crate) fn utc(time: SystemTime) -> Option<DateTime> {
    Timestamp::try_from(time)
        .ok()
        .map(|t| Offset::UTC.to_datetime(t))
}

/// The time of a UTC calendar date and time of day; `None` if invalid.
pub(crate) fn from_utc(
    year: i16,
    month: i8,
    day: i8,
    hour: i8,
    minute: i8,
    second: i8,
) -> Option<SystemTime> {
    let dt = DateTime::new(year, month, day, hour, minute, second, 0).ok()?;
    Offset::UTC
        .to_timestamp(dt)
        .ok()
        .and_then(|t| SystemTime::try_from(t).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn parses_sts_expiration() {
        let t = parse_rfc3339("2022-09-07T03:27:51.158Z").unwrap();
        let d = t.duration_since(UNIX_EPOCH).unwrap();
        assert_eq!(d.as_secs(), 1_662_521_271);
        assert_eq!(d.subsec_millis(), 158);
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(UNIX_EPOCH));
        assert_eq!(
            parse_rfc3339("2022-09-07T11:27:51+08:00").unwrap(),
            UNIX_EPOCH + Duration::from_secs(1_662_521_271)
        );
        // The metadata service's microseconds.
        assert_eq!(
            parse_rfc3339("2017-12-07T06:02:46.185000Z").unwrap(),
            UNIX_EPOCH + Duration::from_millis(1_512_626_566_185)
        );
        for bad in [
            "",
            "2022-09-07",
            "2022-13-07T00:00:00Z",
            "2022-02-30T00:00:00Z",
            "2022-09-07T03:27:51",
            "2022-09-07T03:27:51.Z",
            "x022-09-07T03:27:51Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_and_civil_times() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(UNIX_EPOCH + Duration::from_secs(784_111_777))
        );
        assert_eq!(parse_http_date("06 Nov 1994"), None);
        assert_eq!(parse_http_date("Sun, 31 Nov 1994 08:49:37 GMT"), None);
        let at = UNIX_EPOCH + Duration::from_secs(1_795_926_258);
        let dt = utc(at).unwrap();
        assert_eq!(dt.to_string(), "2026-11-29T04:24:18");
        assert_eq!(from_utc(2026, 11, 29, 4, 24, 18), Some(at));
        assert_eq!(from_utc(2026, 2, 29, 0, 0, 0), None);
    }
}
