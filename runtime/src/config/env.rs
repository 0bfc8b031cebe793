//! [`Config::from_env`]: the AWS environment variables and the shared `config` and
//! `credentials` files. Every value is checked where it is read, and an error names where it
//! came from: the variable, or the file, profile and key.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::credentials::Credentials;

use super::check::{self, Source};
use super::{Config, ConfigBuilder, ConfigError, EnvEndpoints, config_error};
use crate::profile;

/// Where environment variables come from: the process, or a fixed set in tests.
pub(crate) trait Environment {
    /// The value of `name`, if set (empty counts as unset).
    fn var_os(&self, name: &str) -> Option<OsString>;
    /// Every variable, for the `AWS_ENDPOINT_URL_<SERVICE>` family.
    fn vars_os(&self) -> Vec<(OsString, OsString)>;
}

/// The process environment. `vars_os`, not `vars`: a variable that is not UTF-8 must not
/// panic, and matters only if it is one we read.
pub(crate) struct Process;

impl Environment for Process {
    fn var_os(&self, name: &str) -> Option<OsString> {
        std::env::var_os(name)
    }
    fn vars_os(&self) -> Vec<(OsString, OsString)> {
        std::env::vars_os().collect()
    }
}

/// A fixed set of variables.
pub(crate) struct Vars(pub(crate) Vec<(OsString, OsString)>);

impl Environment for Vars {
    fn var_os(&self, name: &str) -> Option<OsString> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
    fn vars_os(&self) -> Vec<(OsString, OsString)> {
        self.0.clone()
    }
}

/// A setting's value and where it came from.
type Setting = (String, Source);

fn utf8(name: &str, value: OsString) -> Result<Option<String>, ConfigError> {
    match value.into_string() {
        Ok(v) if v.is_empty() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(config_error(format!(
            "environment variable {name} is not valid UTF-8"
        ))),
    }
}

/// The profile settings of one profile, from both shared files.
struct SharedFiles {
    /// (file, that file's keys for the profile), credentials file first: it wins.
    files: Vec<(PathBuf, BTreeMap<String, String>)>,
    profile: String,
}

impl SharedFiles {
    fn get(&self, key: &str) -> Option<Setting> {
        self.files.iter().find_map(|(file, keys)| {
            keys.get(key).map(|v| {
                let source = Source::Profile {
                    file: file.clone(),
                    profile: self.profile.clone(),
                    key: key.to_owned(),
                };
                (v.clone(), source)
            })
        })
    }
}

/// The variables of an environment and the selected profile of its shared files: where
/// every setting is looked up, the environment first.
struct Settings<'e> {
    env: &'e dyn Environment,
    shared: SharedFiles,
}

impl Settings<'_> {
    fn var(&self, name: &str) -> Result<Option<String>, ConfigError> {
        var(self.env, name)
    }

    fn env(&self, name: &str) -> Result<Option<Setting>, ConfigError> {
        Ok(self.var(name)?.map(|v| (v, Source::Env(name.to_owned()))))
    }

    /// The variable `env_name`, else the profile's `key`.
    fn setting(&self, env_name: &str, key: &str) -> Result<Option<Setting>, ConfigError> {
        Ok(self.env(env_name)?.or_else(|| self.shared.get(key)))
    }
}

pub(crate) fn var(env: &dyn Environment, name: &str) -> Result<Option<String>, ConfigError> {
    env.var_os(name).map_or(Ok(None), |v| utf8(name, v))
}

pub(crate) fn builder_from_env(env: &dyn Environment) -> Result<ConfigBuilder, ConfigError> {
    let settings = Settings {
        env,
        shared: shared_files(env)?,
    };
    let mut builder = Config::builder();
    if let Some((region, source)) = settings
        .env("AWS_REGION")?
        .or(settings.env("AWS_DEFAULT_REGION")?)
        .or_else(|| settings.shared.get("region"))
    {
        builder.config.region = Some(check::region(&region, &source)?);
    }
    if let Some(c) = credentials(&settings)? {
        builder = builder.credentials_provider(c);
    }
    builder.config.env_endpoint_urls = endpoint_urls(&settings)?;
    retry_settings(&settings, &mut builder)?;
    if let Some(fips) = parse_bool(settings.setting("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?)?
    {
        builder = builder.use_fips(fips);
    }
    if let Some(dual) =
        parse_bool(settings.setting("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?)?
    {
        builder = builder.use_dual_stack(dual);
    }
    builder.config.proxy = Some(crate::proxy::ProxyConfig::from_vars(|name| {
        settings.var(name)
    })?);
    // A CA bundle is for the default transport; a transport you set brings its own TLS.
    #[cfg(feature = "default-https-client")]
    if let Some((path, source)) = settings.setting("AWS_CA_BUNDLE", "ca_bundle")? {
        let pem = std::fs::read(&path)
            .map_err(|e| check::invalid(&source, format!("cannot read {path}: {e}")))?;
        let roots = super::parse_ca_bundle(&pem)
            .map_err(|e| check::invalid(&source, format!("{path}: {e}")))?;
        builder.config.extra_roots.extend(roots);
    }
    Ok(builder)
}

/// The selected profile (`AWS_PROFILE`, else `default`) of the shared credentials and config
/// files; an explicitly named profile that neither file has is an error.
fn shared_files(env: &dyn Environment) -> Result<SharedFiles, ConfigError> {
    let home = var(env, "HOME")?.map(PathBuf::from);
    let file = |env_name: &str, default: &str| -> Result<Option<PathBuf>, ConfigError> {
        Ok(var(env, env_name)?
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default))))
    };
    let read = |path: Option<PathBuf>,
                config_file: bool|
     -> Result<Option<(PathBuf, profile::Profiles)>, ConfigError> {
        match path {
            Some(p) if p.is_file() => std::fs::read_to_string(&p)
                .map(|t| Some((p.clone(), profile::parse(&t, config_file))))
                .map_err(|e| config_error(format!("cannot read {}: {e}", p.display()))),
            _ => Ok(None),
        }
    };
    let credentials_file = read(file("AWS_SHARED_CREDENTIALS_FILE", "credentials")?, false)?;
    let config_file = read(file("AWS_CONFIG_FILE", "config")?, true)?;
    let explicit_profile = var(env, "AWS_PROFILE")?;
    let profile = explicit_profile
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    let files: Vec<_> = [credentials_file, config_file]
        .into_iter()
        .flatten()
        .filter_map(|(path, mut profiles)| profiles.remove(&profile).map(|p| (path, p)))
        .collect();
    if explicit_profile.is_some() && files.is_empty() {
        return Err(config_error(format!(
            "AWS_PROFILE is `{profile}`, but no such profile is in the shared config or credentials file"
        )));
    }
    Ok(SharedFiles { files, profile })
}

/// Static credentials: both keys from the environment (one without the other is an error),
/// else both from the profile.
fn credentials(settings: &Settings<'_>) -> Result<Option<Credentials>, ConfigError> {
    let env_keys = (
        settings.var("AWS_ACCESS_KEY_ID")?,
        settings.var("AWS_SECRET_ACCESS_KEY")?,
    );
    Ok(match env_keys {
        (Some(id), Some(secret)) => Some(Credentials::new(
            id,
            secret,
            settings.var("AWS_SESSION_TOKEN")?,
            None,
            "environment",
        )),
        (Some(_), None) => {
            return Err(config_error(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            ));
        }
        (None, Some(_)) => {
            return Err(config_error(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            ));
        }
        (None, None) => {
            let shared = &settings.shared;
            match (
                shared.get("aws_access_key_id"),
                shared.get("aws_secret_access_key"),
            ) {
                (Some((id, _)), Some((secret, _))) => Some(Credentials::new(
                    id,
                    secret,
                    shared.get("aws_session_token").map(|(t, _)| t),
                    None,
                    "profile",
                )),
                _ => None,
            }
        }
    })
}

/// `AWS_ENDPOINT_URL_<SERVICE>` for every service, and `AWS_ENDPOINT_URL` (or the profile's
/// `endpoint_url`), each checked.
fn endpoint_urls(settings: &Settings<'_>) -> Result<EnvEndpoints, ConfigError> {
    let mut per_service = BTreeMap::new();
    for (name, value) in settings.env.vars_os() {
        let Some(suffix) = name
            .to_str()
            .and_then(|n| n.strip_prefix("AWS_ENDPOINT_URL_"))
        else {
            continue;
        };
        let name = format!("AWS_ENDPOINT_URL_{suffix}");
        if let Some(url) = utf8(&name, value)? {
            let url = check::endpoint_url(&url, &Source::Env(name))?;
            per_service.insert(suffix.to_owned(), url);
        }
    }
    let global = match settings.setting("AWS_ENDPOINT_URL", "endpoint_url")? {
        Some((url, source)) => Some(check::endpoint_url(&url, &source)?),
        None => None,
    };
    Ok(EnvEndpoints {
        global,
        per_service,
    })
}

/// `AWS_MAX_ATTEMPTS` (at least 1) and `AWS_RETRY_MODE`, or their profile keys.
fn retry_settings(settings: &Settings<'_>, builder: &mut ConfigBuilder) -> Result<(), ConfigError> {
    if let Some((attempts, source)) = settings.setting("AWS_MAX_ATTEMPTS", "max_attempts")? {
        let n: u32 = attempts
            .trim()
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                check::invalid(
                    &source,
                    format!("must be a whole number of at least 1, not `{attempts}`"),
                )
            })?;
        builder.config.retry.max_attempts = n;
    }
    if let Some((mode, source)) = settings.setting("AWS_RETRY_MODE", "retry_mode")? {
        builder.config.retry.mode = mode.parse().map_err(|e| check::invalid(&source, e))?;
    }
    Ok(())
}

fn parse_bool(setting: Option<Setting>) -> Result<Option<bool>, ConfigError> {
    let Some((value, source)) = setting else {
        return Ok(None);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(check::invalid(
            &source,
            format!("must be true or false, not `{value}`"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;

    impl Vars {
        fn new(pairs: &[(&str, &str)]) -> Vars {
            Vars(
                pairs
                    .iter()
                    .map(|(k, v)| (OsString::from(k), OsString::from(v)))
                    .collect(),
            )
        }
        fn with_raw(mut self, name: &str, value: &[u8]) -> Vars {
            self.0
                .push((OsString::from(name), OsString::from_vec(value.to_vec())));
            self
        }
    }

    fn err(pairs: &[(&str, &str)]) -> String {
        builder_from_env(&Vars::new(pairs)).unwrap_err().to_string()
    }

    #[test]
    fn environment_variables() {
        let b = builder_from_env(&Vars::new(&[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_MAX_ATTEMPTS", "5"),
            ("AWS_RETRY_MODE", "adaptive"),
            ("AWS_ENDPOINT_URL", "http://global"),
            ("AWS_ENDPOINT_URL_ECS", "http://ecs"),
            ("HOME", "/nonexistent"),
        ]))
        .unwrap();
        let c = b.config;
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.retry.max_attempts, 5);
        assert_eq!(c.env_endpoint_urls.global.as_deref(), Some("http://global"));
        assert_eq!(c.env_endpoint_urls.per_service["ECS"], "http://ecs");
        assert!(c.credentials.is_some());
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("SECRET") && !debug.contains("AKID"),
            "{debug}"
        );
    }

    #[test]
    fn malformed_values_are_errors_naming_the_variable() {
        let home = ("HOME", "/nonexistent");
        let e = err(&[("AWS_MAX_ATTEMPTS", "lots"), home]);
        assert!(e.contains("environment variable AWS_MAX_ATTEMPTS"), "{e}");
        let e = err(&[("AWS_RETRY_MODE", "eager"), home]);
        assert!(e.contains("eager") && e.contains("AWS_RETRY_MODE"), "{e}");
        let e = err(&[("AWS_ACCESS_KEY_ID", "A"), home]);
        assert!(e.contains("AWS_SECRET_ACCESS_KEY"), "{e}");
        let e = err(&[("AWS_PROFILE", "nope"), home]);
        assert!(e.contains("`nope`"), "{e}");
        let e = err(&[("AWS_ENDPOINT_URL", "localhost:4566"), home]);
        assert!(
            e.contains("environment variable AWS_ENDPOINT_URL:")
                && e.contains("write it as http://localhost:4566"),
            "{e}"
        );
        let e = err(&[("AWS_ENDPOINT_URL_ECS", "//host"), home]);
        assert!(e.contains("AWS_ENDPOINT_URL_ECS"), "{e}");
        let e = err(&[("AWS_REGION", "evil.example/"), home]);
        assert!(e.contains("environment variable AWS_REGION"), "{e}");
        let e = err(&[("AWS_DEFAULT_REGION", "US-EAST-1"), home]);
        assert!(
            e.contains("AWS_DEFAULT_REGION") && e.contains("us-east-1"),
            "{e}"
        );
    }

    #[test]
    fn non_utf8_variables() {
        // One we do not read: ignored, no panic.
        let b = builder_from_env(
            &Vars::new(&[("HOME", "/nonexistent"), ("AWS_REGION", "us-west-2")])
                .with_raw("UNRELATED", b"\xff\xfe"),
        )
        .unwrap();
        assert_eq!(b.config.region.as_deref(), Some("us-west-2"));
        // One we read: an error naming it, not a silent "unset".
        for name in ["AWS_REGION", "AWS_ENDPOINT_URL_ECS", "AWS_PROFILE"] {
            let e =
                builder_from_env(&Vars::new(&[("HOME", "/nonexistent")]).with_raw(name, b"\xff"))
                    .unwrap_err()
                    .to_string();
            assert!(e.contains(&format!("{name} is not valid UTF-8")), "{e}");
        }
    }

    struct TempHome(PathBuf);

    impl TempHome {
        fn new(tag: &str, config: &str, credentials: &str) -> TempHome {
            let dir =
                std::env::temp_dir().join(format!("aws-profile-test-{tag}-{}", std::process::id()));
            std::fs::create_dir_all(dir.join(".aws")).unwrap();
            std::fs::write(dir.join(".aws/config"), config).unwrap();
            std::fs::write(dir.join(".aws/credentials"), credentials).unwrap();
            TempHome(dir)
        }
        fn home(&self) -> String {
            self.0.to_string_lossy().into_owned()
        }
    }

    impl Drop for TempHome {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn shared_files_and_profile() {
        let t = TempHome::new(
            "ok",
            "[profile dev]\nregion = ap-south-1\nendpoint_url = http://localhost:4566\n",
            "[dev]\naws_access_key_id = AK\naws_secret_access_key = SK\n",
        );
        let home = t.home();
        let b = builder_from_env(&Vars::new(&[("HOME", &home), ("AWS_PROFILE", "dev")])).unwrap();
        assert_eq!(b.config.region.as_deref(), Some("ap-south-1"));
        assert_eq!(
            b.config.env_endpoint_urls.global.as_deref(),
            Some("http://localhost:4566")
        );
        assert!(b.config.credentials.is_some());
        let b = builder_from_env(&Vars::new(&[
            ("HOME", &home),
            ("AWS_PROFILE", "dev"),
            ("AWS_REGION", "us-east-2"),
        ]))
        .unwrap();
        assert_eq!(
            b.config.region.as_deref(),
            Some("us-east-2"),
            "environment beats the profile"
        );
    }

    #[test]
    fn errors_in_shared_files_name_file_profile_and_key() {
        for (config, credentials, key) in [
            ("[default]\nmax_attempts = many\n", "", "max_attempts"),
            (
                "[default]\nuse_fips_endpoint = yes\n",
                "",
                "use_fips_endpoint",
            ),
            (
                "",
                "[default]\nuse_dualstack_endpoint = 2\n",
                "use_dualstack_endpoint",
            ),
            ("[default]\nretry_mode = eager\n", "", "retry_mode"),
            ("[default]\nregion = evil.example/\n", "", "region"),
            (
                "[default]\nendpoint_url = localhost:4566\n",
                "",
                "endpoint_url",
            ),
        ] {
            let t = TempHome::new(key, config, credentials);
            let file = if credentials.is_empty() {
                "config"
            } else {
                "credentials"
            };
            let e = err(&[("HOME", &t.home())]);
            assert!(
                e.contains(&format!("`{key}` of profile `default` in "))
                    && e.contains(&format!(".aws/{file}")),
                "{e}"
            );
            assert!(
                !e.contains("AWS_"),
                "names no variable that is not set: {e}"
            );
        }
    }
}
