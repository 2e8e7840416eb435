//! Typed response headers (text, numbers, booleans, timestamps), read the same way from a
//! decoded [`Response`](crate::Response) and from a [`Download`](crate::Download). Each reader
//! gives the problem as a message; the caller wraps it in its decode error.

use std::str::FromStr;

use reqwest::header::HeaderMap;
use time::OffsetDateTime;

/// A header as text, if present and valid UTF-8.
pub(crate) fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// A header parsed as `T` (numbers, booleans); absent gives `None`.
pub(crate) fn parsed<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<T>, String> {
    match text(headers, name) {
        None => Ok(None),
        Some(text) => {
            text.parse().map(Some).map_err(|_| format!("header `{name}` has an unexpected value {text:?}"))
        }
    }
}

/// `true` / `false` in any case; absent gives `None`.
pub(crate) fn boolean(headers: &HeaderMap, name: &str) -> Result<Option<bool>, String> {
    match text(headers, name) {
        None => Ok(None),
        Some(text) => match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
            t if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
            _ => Err(format!("header `{name}` is not a boolean: {text:?}")),
        },
    }
}

/// An HTTP date (`Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT`), RFC 3339, or whole seconds
/// since the Unix epoch; absent gives `None`.
pub(crate) fn time(headers: &HeaderMap, name: &str) -> Result<Option<OffsetDateTime>, String> {
    let Some(text) = text(headers, name) else { return Ok(None) };
    parse_time(text.trim()).map(Some).ok_or_else(|| format!("header `{name}` is not a timestamp: {text:?}"))
}

/// Milliseconds since the Unix epoch; absent gives `None`.
pub(crate) fn epoch_millis(headers: &HeaderMap, name: &str) -> Result<Option<OffsetDateTime>, String> {
    let Some(text) = text(headers, name) else { return Ok(None) };
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|millis| OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).ok())
        .map(Some)
        .ok_or_else(|| format!("header `{name}` is not a count of epoch milliseconds: {text:?}"))
}

/// A header the operation documents as always present.
pub(crate) fn required<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<T, String> {
    parsed(headers, name)?.ok_or_else(|| format!("the documented header `{name}` is missing"))
}

/// An HTTP date, RFC 3339 text, or a count of epoch seconds.
fn parse_time(text: &str) -> Option<OffsetDateTime> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok().and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok());
    }
    if let Ok(parsed) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Some(parsed);
    }
    let system = httpdate::parse_http_date(text).ok()?;
    Some(OffsetDateTime::from(system))
}
