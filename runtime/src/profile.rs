//! The shared `config` and `credentials` files (`~/.aws/`): static keys and region only.
//! Anything richer (SSO, assume-role, credential processes) goes through the `sdk-config`
//! feature and `aws-config`.

use std::collections::BTreeMap;

/// Profiles by name → key → value.
pub(crate) type Profiles = BTreeMap<String, BTreeMap<String, String>>;

/// Parses an INI-style AWS file. In the config file, sections are `[default]` and
/// `[profile NAME]`; in the credentials file, `[NAME]`.
pub(crate) fn parse(text: &str, config_file: bool) -> Profiles {
    let mut profiles = Profiles::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let section = section.trim();
            current = if config_file {
                match section.strip_prefix("profile ") {
                    Some(name) => Some(name.trim().to_owned()),
                    None if section == "default" => Some("default".to_owned()),
                    None => None, // sso-session and other section kinds
                }
            } else {
                Some(section.to_owned())
            };
            if let Some(name) = &current {
                profiles.entry(name.clone()).or_default();
            }
            continue;
        }
        let (Some(profile), Some((key, value))) = (&current, line.split_once('=')) else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or(value).trim();
        profiles
            .entry(profile.clone())
            .or_default()
            .insert(key.trim().to_ascii_lowercase(), value.to_owned());
    }
    profiles
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_both_file_kinds() {
        let config = parse(
            "[default]\nregion = eu-west-1\n\n[profile dev]\nregion=us-west-2 # comment\n[sso-session x]\nsso_region = y\n",
            true,
        );
        assert_eq!(config["default"]["region"], "eu-west-1");
        assert_eq!(config["dev"]["region"], "us-west-2");
        assert!(!config.contains_key("sso-session x"));
        let creds = parse(
            "[dev]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n; note\n",
            false,
        );
        assert_eq!(creds["dev"]["aws_access_key_id"], "AKID");
    }
}
