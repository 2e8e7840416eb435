//! The OCI CLI/SDK config file (`~/.oci/config`): INI sections of `key=value` lines.
//!
//! The OCI tools read it with Python's `configparser`, so this follows that reading: `#` and
//! `;` start comment lines, `=` or `:` separates a key from its value, keys are
//! case-insensitive, section names are not, and every section inherits the keys of `[DEFAULT]`
//! that it does not set itself.

/// The section whose keys every profile inherits.
pub(crate) const DEFAULT_PROFILE: &str = "DEFAULT";

/// A parsed config file: sections in file order, each with its lower-cased keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigFile {
    sections: Vec<(String, Vec<(String, String)>)>,
}

/// The keys a profile sees: its own, falling back to `[DEFAULT]`'s.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile<'a> {
    own: &'a [(String, String)],
    defaults: &'a [(String, String)],
}

impl ConfigFile {
    /// Parses `text`; the error names the offending line.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
                sections.push((name.trim().to_owned(), Vec::new()));
                continue;
            }
            let line_number = index + 1;
            let Some(split_at) = line.find(['=', ':']) else {
                return Err(format!("line {line_number} is neither `[profile]` nor `key=value`"));
            };
            let Some((_, entries)) = sections.last_mut() else {
                return Err(format!("line {line_number} sets a key before any `[profile]` line"));
            };
            let key = line[..split_at].trim().to_ascii_lowercase();
            let value = line[split_at + 1..].trim().to_owned();
            // A repeated key replaces the earlier one, as a later assignment would.
            entries.retain(|(existing, _)| *existing != key);
            entries.push((key, value));
        }
        Ok(Self { sections })
    }

    /// The profile `name` with `[DEFAULT]`'s keys beneath it, or `None` if the file has no
    /// such section. `[DEFAULT]` itself is a profile (the OCI tools' default one).
    pub(crate) fn profile(&self, name: &str) -> Option<Profile<'_>> {
        let section = |wanted: &str| {
            self.sections
                .iter()
                .rev()
                .find(|(section, _)| section == wanted)
                .map(|(_, entries)| entries.as_slice())
        };
        let defaults = section(DEFAULT_PROFILE).unwrap_or(&[]);
        let own = section(name)?;
        Some(Profile { own, defaults })
    }
}

impl Profile<'_> {
    /// The value of `key` (lower-case), from the profile or else from `[DEFAULT]`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        [self.own, self.defaults]
            .into_iter()
            .find_map(|entries| entries.iter().find(|(existing, _)| existing == key))
            .map(|(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# comment
[DEFAULT]
user=ocid1.user.oc1..default
Fingerprint = aa:bb
region: us-ashburn-1

; another comment
[dev]
user = ocid1.user.oc1..dev
region=eu-frankfurt-1
";

    #[test]
    fn profiles_inherit_from_default() {
        let config = ConfigFile::parse(TEXT).expect("valid");
        let dev = config.profile("dev").expect("dev exists");
        assert_eq!(dev.get("user"), Some("ocid1.user.oc1..dev"));
        assert_eq!(dev.get("fingerprint"), Some("aa:bb"));
        assert_eq!(dev.get("region"), Some("eu-frankfurt-1"));
        assert_eq!(dev.get("tenancy"), None);
        let default = config.profile("DEFAULT").expect("DEFAULT exists");
        assert_eq!(default.get("region"), Some("us-ashburn-1"));
        assert!(config.profile("prod").is_none());
        assert!(config.profile("Dev").is_none(), "section names are case-sensitive");
    }

    #[test]
    fn malformed_lines_are_reported() {
        assert_eq!(
            ConfigFile::parse("user=x\n").err(),
            Some("line 1 sets a key before any `[profile]` line".into())
        );
        assert_eq!(
            ConfigFile::parse("[a]\n\njunk\n").err(),
            Some("line 3 is neither `[profile]` nor `key=value`".into())
        );
    }
}
