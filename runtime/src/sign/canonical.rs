//! Canonicalisation rules shared by the HMAC schemes: query strings and signed-header blocks.
//!
//! TC3, ACS3 and APIG share the shape of AWS SigV4 and agree on these steps; where they differ
//! (whether header values are lower-cased) the caller passes the rule in.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::SignError;

/// Every byte except the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`. Unlike HTML form
/// encoding, a space becomes `%20` (never `+`) and `*` becomes `%2A`, which is what the vendors'
/// servers recompute on their side.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes `text` (as UTF-8) leaving only the RFC 3986 unreserved characters, with
/// upper-case hex digits.
pub fn percent_encode_rfc3986(text: &str) -> String {
    // Collected from the encoder's `&str` pieces rather than through `Display`: signing is on
    // every request's path, and the formatting machinery costs more than the copying.
    utf8_percent_encode(text, NOT_UNRESERVED).collect()
}

/// The query string as the transport sends it: pairs in the given order, names and values
/// encoded with [`percent_encode_rfc3986`], `name=` for an empty value. OCI signs the query
/// exactly as sent, so the transport and the OCI signer must both use this function.
pub fn encode_query(pairs: &[(String, String)]) -> String {
    join_pairs(
        pairs.iter().map(|(name, value)| (percent_encode_rfc3986(name), percent_encode_rfc3986(value))),
    )
}

/// The canonical query string of the HMAC schemes: names and values encoded with
/// [`percent_encode_rfc3986`], then sorted by encoded name and, for repeated names, by encoded
/// value; `name=` for an empty value; empty when there are no parameters. Sorting happens after
/// encoding because the servers compare the encoded forms.
pub(crate) fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(name, value)| (percent_encode_rfc3986(name), percent_encode_rfc3986(value)))
        .collect();
    encoded.sort();
    join_pairs(encoded.into_iter())
}

fn join_pairs(pairs: impl Iterator<Item = (String, String)>) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&name);
        out.push('=');
        out.push_str(&value);
    }
    out
}

/// How a scheme normalises a header value before signing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueCase {
    /// Trim surrounding whitespace only (ACS3, APIG).
    Keep,
    /// Trim, then lower-case (TC3 lower-cases values as well as names).
    Lower,
}

/// The headers that a signature covers: lower-case names in ascending order, each with its
/// normalised value. Headers that share a name (in any case) are merged into one entry whose
/// values are sorted and comma-joined, the rule ACS3 documents; the other schemes never see
/// repeated headers from this crate's transport, so one rule serves all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignedHeaderSet {
    entries: Vec<(String, String)>,
}

impl SignedHeaderSet {
    /// Signs exactly the headers named in `names` (any case, any order). A named header that
    /// the request does not carry is an error: signing it with an invalid value would only
    /// surface later as an opaque signature mismatch on the server.
    pub(crate) fn named(
        headers: &[(String, String)],
        names: &[&str],
        case: ValueCase,
    ) -> Result<Self, SignError> {
        let wanted: Vec<String> = names.iter().map(|name| name.to_ascii_lowercase()).collect();
        let set = Self::matching(headers, case, |name| wanted.iter().any(|w| w == name));
        if let Some(missing) = wanted.iter().find(|name| !set.contains(name)) {
            return Err(SignError::MissingHeader { name: missing.clone() });
        }
        Ok(set)
    }

    /// Signs every header whose lower-case name satisfies `select`.
    pub(crate) fn matching(
        headers: &[(String, String)],
        case: ValueCase,
        select: impl Fn(&str) -> bool,
    ) -> Self {
        let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
        for (name, value) in headers {
            let name = name.to_ascii_lowercase();
            if !select(&name) {
                continue;
            }
            let value = match case {
                ValueCase::Keep => value.trim().to_owned(),
                ValueCase::Lower => value.trim().to_lowercase(),
            };
            match grouped.iter_mut().find(|(existing, _)| *existing == name) {
                Some((_, values)) => values.push(value),
                None => grouped.push((name, vec![value])),
            }
        }
        grouped.sort_by(|a, b| a.0.cmp(&b.0));
        let entries = grouped
            .into_iter()
            .map(|(name, mut values)| {
                values.sort();
                (name, values.join(","))
            })
            .collect();
        Self { entries }
    }

    fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|(existing, _)| existing == name)
    }

    /// The `SignedHeaders` list: names joined by `;`.
    pub(crate) fn names(&self) -> String {
        let mut out = String::with_capacity(self.entries.iter().map(|(name, _)| name.len() + 1).sum());
        for (i, (name, _)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(name);
        }
        out
    }

    /// The canonical headers block: one `name:value` line per header, each ending in `\n`.
    pub(crate) fn block(&self) -> String {
        let mut out = String::with_capacity(
            self.entries.iter().map(|(name, value)| name.len() + value.len() + 2).sum(),
        );
        for (name, value) in &self.entries {
            out.push_str(name);
            out.push(':');
            out.push_str(value);
            out.push('\n');
        }
        out
    }
}

/// Appends `(name, value)` to `headers` unless a header of that name (any case) is already there.
/// The high-level signers use it for `Host`, which the transport sets itself from the URL.
/// The canonical request the three HMAC schemes share: method, canonical URI, canonical query,
/// the signed-header block (which ends with its own blank line), the signed-header names and the
/// hashed payload, one per line.
pub(crate) fn canonical_request(
    method: &str,
    canonical_uri: &str,
    query: &[(String, String)],
    signed: &SignedHeaderSet,
    hashed_payload: &str,
) -> String {
    let parts =
        [method, canonical_uri, &canonical_query(query), &signed.block(), &signed.names(), hashed_payload];
    let mut out = String::with_capacity(parts.iter().map(|part| part.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
}

pub(crate) fn with_header_if_absent(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if !headers.iter().any(|(existing, _)| existing.eq_ignore_ascii_case(name)) {
        headers.push((name.to_owned(), value.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn rfc3986_encoding_keeps_only_unreserved_characters() {
        assert_eq!(percent_encode_rfc3986("a b*c~d-e_f.g/h+i=j&k"), "a%20b%2Ac~d-e_f.g%2Fh%2Bi%3Dj%26k");
        assert_eq!(percent_encode_rfc3986("未"), "%E6%9C%AA");
    }

    #[test]
    fn encode_query_keeps_the_order_sent() {
        let query = pairs(&[("b", "2"), ("a", "x y"), ("empty", "")]);
        assert_eq!(encode_query(&query), "b=2&a=x%20y&empty=");
        assert_eq!(encode_query(&[]), "");
    }

    #[test]
    fn canonical_query_sorts_by_encoded_name_then_value() {
        let query = pairs(&[("b", "2"), ("a", "z"), ("a", "y"), ("A", "1"), ("c d", "")]);
        assert_eq!(canonical_query(&query), "A=1&a=y&a=z&b=2&c%20d=");
    }

    #[test]
    fn repeated_headers_merge_with_sorted_values() {
        let headers = pairs(&[("X-Acs-B", " 2 "), ("x-acs-a", "one"), ("x-ACS-b", "1"), ("Other", "no")]);
        let set = SignedHeaderSet::matching(&headers, ValueCase::Keep, |name| name.starts_with("x-acs-"));
        assert_eq!(set.names(), "x-acs-a;x-acs-b");
        assert_eq!(set.block(), "x-acs-a:one\nx-acs-b:1,2\n");
    }

    #[test]
    fn named_headers_must_all_be_present() {
        let headers = pairs(&[("Host", "example.com")]);
        let error = SignedHeaderSet::named(&headers, &["host", "Content-Type"], ValueCase::Lower);
        assert_eq!(error, Err(SignError::MissingHeader { name: "content-type".to_owned() }));
        let set = SignedHeaderSet::named(&headers, &["HOST"], ValueCase::Lower);
        assert_eq!(set.map(|s| s.block()), Ok("host:example.com\n".to_owned()));
    }
}
