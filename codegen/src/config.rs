//! `model/codegen.toml`: which model, which crate name and which operations to generate.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The user-editable generator configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The model files or directories, resolved against the configuration's directory.
    pub models: Vec<PathBuf>,
    /// The service shape id, when the model holds more than one.
    pub service: Option<String>,
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// Operation names to generate.
    pub operations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawConfig {
    model: OneOrMany,
    #[serde(default)]
    service: Option<String>,
    crate_name: String,
    operations: Vec<String>,
}

/// `model = "ecs.json"` or `model = ["a.smithy", "shared/"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

impl Config {
    /// Reads the configuration at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let raw: RawConfig = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        if raw.operations.is_empty() {
            return Err(Error::Config {
                path: path.to_owned(),
                message: "`operations` lists no operation".into(),
            });
        }
        if let Err(why) = crate::names::check_package_name(&raw.crate_name) {
            return Err(Error::Config {
                path: path.to_owned(),
                message: format!("`crate-name`: {why}"),
            });
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let models = match raw.model {
            OneOrMany::One(p) => vec![p],
            OneOrMany::Many(ps) => ps,
        };
        if models.is_empty() {
            return Err(Error::Config {
                path: path.to_owned(),
                message: "`model` lists no file".into(),
            });
        }
        Ok(Config {
            models: models.into_iter().map(|m| dir.join(m)).collect(),
            service: raw.service,
            crate_name: raw.crate_name,
            operations: raw.operations,
        })
    }
}
