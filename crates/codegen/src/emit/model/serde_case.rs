//! serde's `rename_all` case conversions of a field name, done as serde does them, so that a
//! struct says `#[serde(rename_all = "...")]` instead of a `rename` per field exactly when
//! serde would produce those wire names itself. A field the convention does not produce keeps
//! its own `rename`, which serde lets override the struct's `rename_all`.

/// A `rename_all` convention the generator may put on a struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// `PascalCase` (Tencent's and Alibaba RPC's wire names).
    Pascal,
    /// `camelCase` (Huawei's and OCI's wire names).
    Camel,
}

impl CaseRule {
    /// Every convention, in the order a tie between them is settled.
    pub const ALL: [CaseRule; 2] = [CaseRule::Pascal, CaseRule::Camel];

    /// The convention's name in `#[serde(rename_all = "...")]`.
    pub fn attr(self) -> &'static str {
        match self {
            CaseRule::Pascal => "PascalCase",
            CaseRule::Camel => "camelCase",
        }
    }

    /// The wire name serde derives from field `name` under this convention. serde's rules for
    /// fields (which it reads as snake_case): Pascal drops every `_` and upper-cases (ASCII
    /// only) the character after one and the first; camel is Pascal with the first character
    /// lower-cased again. Nothing else changes, so `type_` is `Type` and `x509_cert` is
    /// `X509Cert`. A raw identifier's `r#` is not part of the name. `None` when serde's derive
    /// would refuse the name: camelCase lower-cases the first *byte*, and panics when the name
    /// starts with a non-ASCII character.
    pub fn apply(self, name: &str) -> Option<String> {
        let name = name.strip_prefix("r#").unwrap_or(name);
        let mut pascal = String::with_capacity(name.len());
        let mut capitalize = true;
        for ch in name.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        match self {
            CaseRule::Pascal => Some(pascal),
            CaseRule::Camel => {
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) if first.is_ascii() => {
                        Some(first.to_ascii_lowercase().to_string() + chars.as_str())
                    }
                    Some(_) => None,
                    None => Some(pascal),
                }
            }
        }
    }
}

/// The convention for a struct whose document fields are `(Rust name, wire name)` pairs: the
/// one that leaves the fewest attributes (its own `rename_all` counted, plus a `rename` for
/// each field it does not produce), or none when per-field renames are as few. A convention
/// serde would refuse for one of the names is no candidate.
pub fn best_rule<'a>(fields: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Option<CaseRule> {
    let plain_renames =
        fields.clone().filter(|&(rust, wire)| rust.strip_prefix("r#").unwrap_or(rust) != wire).count();
    let renames = |rule: CaseRule| {
        fields.clone().try_fold(0, |renames, (rust, wire)| {
            let named = rule.apply(rust)?;
            Some(renames + usize::from(named != wire))
        })
    };
    let mut best = (plain_renames, None);
    for rule in CaseRule::ALL {
        if let Some(renames) = renames(rule)
            && 1 + renames < best.0
        {
            best = (1 + renames, Some(rule));
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Declares a struct (serde's `rename_all` given as `$($attr)*`) with field names where a
    /// hand-written conversion could part from serde's: digits, a keyword's trailing `_`, a
    /// leading `_`, a doubled `_`, upper case already in the name, a raw identifier, non-ASCII
    /// letters (serde upper-cases ASCII only). `TRICKY` lists the same names.
    macro_rules! tricky {
        ($name:ident $(, $attr:meta)?) => {
            #[allow(non_snake_case, dead_code)]
            #[derive(Default, serde::Serialize)]
            $(#[serde($attr)])?
            struct $name {
                type_: u8,
                vpc_id: u8,
                x509_cert: u8,
                md5: u8,
                a: u8,
                page_number2: u8,
                ip_v6_address: u8,
                a__b: u8,
                _leading: u8,
                trailing_: u8,
                already_Mixed: u8,
                HTTPHeader: u8,
                r#match: u8,
                name_ä: u8,
            }
        };
    }

    const TRICKY: [&str; 14] = [
        "type_",
        "vpc_id",
        "x509_cert",
        "md5",
        "a",
        "page_number2",
        "ip_v6_address",
        "a__b",
        "_leading",
        "trailing_",
        "already_Mixed",
        "HTTPHeader",
        "r#match",
        "name_ä",
    ];

    tricky!(Plain);
    tricky!(Pascal, rename_all = "PascalCase");
    tricky!(Camel, rename_all = "camelCase");

    /// A `rename_all` struct that flattens another: the convention does not reach into the
    /// flattened members (what lets an open struct's `extra` sit beside it).
    #[derive(serde::Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Flattening {
        #[serde(flatten)]
        inner: Plain,
    }

    /// serde's own output for the fields of `value`, in declaration order.
    fn serde_names(value: impl serde::Serialize) -> Vec<String> {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(members)) => members.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn conversions_match_serde_itself() {
        let ours = |rule: CaseRule| TRICKY.iter().filter_map(|name| rule.apply(name)).collect::<Vec<_>>();
        assert_eq!(ours(CaseRule::Pascal), serde_names(Pascal::default()));
        assert_eq!(ours(CaseRule::Camel), serde_names(Camel::default()));
        // The plain names, as serde sees them without a convention: `r#` dropped.
        let plain: Vec<&str> = TRICKY.iter().map(|name| name.strip_prefix("r#").unwrap_or(name)).collect();
        assert_eq!(plain, serde_names(Plain::default()));
        assert_eq!(plain, serde_names(Flattening { inner: Plain::default() }));
    }

    /// serde upper-cases ASCII only, and its camelCase panics on a name that starts with a
    /// non-ASCII character (so no `Camel` twin of this struct can be declared).
    #[test]
    fn a_leading_non_ascii_letter_stays_in_pascal_and_rules_out_camel() {
        #[derive(Default, serde::Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Umlaut {
            über_name: u8,
        }
        assert_eq!(
            CaseRule::Pascal.apply("über_name").into_iter().collect::<Vec<_>>(),
            serde_names(Umlaut::default())
        );
        assert_eq!(CaseRule::Camel.apply("über_name"), None);
        // camelCase would cover two of three fields, but serde cannot derive it here.
        let fields = [("über_name", "überName"), ("page_no", "pageNo"), ("page_size", "pageSize")];
        assert_eq!(best_rule(fields.into_iter()), None);
    }

    #[test]
    fn the_rule_with_the_fewest_attributes_wins_and_a_tie_keeps_per_field_renames() {
        let pick = |fields: &[(&str, &str)]| best_rule(fields.iter().copied());
        let tencent = [("page_number", "PageNumber"), ("vpc_id", "VpcId"), ("type_", "Type")];
        assert_eq!(pick(&tencent), Some(CaseRule::Pascal));
        let huawei = [("repo_id", "repoId"), ("name", "name"), ("x509_cert", "x509Cert")];
        assert_eq!(pick(&huawei), Some(CaseRule::Camel));
        // An acronym serde cannot produce keeps its rename next to the convention.
        let acronym = [("vpc_id", "VPCId"), ("page_number", "PageNumber"), ("limit", "Limit")];
        assert_eq!(pick(&acronym), Some(CaseRule::Pascal));
        // One rename either way: the convention would add an attribute, not save one.
        assert_eq!(pick(&[("page_number", "PageNumber")]), None);
        // snake_case wire names need nothing.
        assert_eq!(pick(&[("drive_id", "drive_id"), ("file_id", "file_id")]), None);
        assert_eq!(pick(&[]), None);
    }
}
