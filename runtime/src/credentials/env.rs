//! Reading credentials from environment variables through a caller-supplied lookup, so that
//! tests never have to mutate the process environment.

use super::CredentialsError;

/// Looks a variable up in the process environment. A variable that is not valid Unicode cannot
/// hold a usable credential and counts as unset.
pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The value of `name`, treating an empty value as unset: an exported-but-empty variable is a
/// common leftover and never a valid credential.
pub(crate) fn non_empty(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name).filter(|value| !value.is_empty())
}

/// The values of all of `names`, or a `Missing` error for `what` that lists every one of them
/// that is unset (not just the first, so one run tells the user everything to fix).
pub(crate) fn required<const N: usize>(
    lookup: &impl Fn(&str) -> Option<String>,
    what: &str,
    names: [&str; N],
) -> Result<[String; N], CredentialsError> {
    let values = names.map(|name| non_empty(lookup, name));
    let unset: Vec<&str> =
        names.iter().zip(&values).filter(|(_, value)| value.is_none()).map(|(name, _)| *name).collect();
    if !unset.is_empty() {
        return Err(CredentialsError::missing(what, unset));
    }
    Ok(values.map(Option::unwrap_or_default))
}

#[cfg(test)]
pub(crate) mod fake {
    use std::collections::HashMap;

    /// A lookup over a fixed set of variables.
    pub(crate) fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
        move |name| vars.get(name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_reports_every_unset_or_empty_variable() {
        let lookup = fake::env(&[("A", "1"), ("B", "")]);
        match required(&lookup, "things", ["A", "B", "C"]) {
            Err(CredentialsError::Missing { what, tried }) => {
                assert_eq!(what, "things");
                assert_eq!(tried, ["B", "C"]);
            }
            other => panic!("expected Missing, got {other:?}"),
        }
        assert_eq!(required(&lookup, "things", ["A"]).ok(), Some(["1".to_owned()]));
    }
}
