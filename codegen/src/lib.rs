//! Generates a Rust crate for an awsJson service from its Smithy 2.0 model (JSON AST or IDL).
//!
//! The pipeline, one module per stage (see `ARCHITECTURE.md`):
//! [`load`] (JSON AST or IDL → one merged model) → [`validate`] (every trait typed and checked:
//! the typed [`model`]) → [`select`] (the service, its protocol, the chosen operations and their
//! closure) → [`lower`] (model → Rust-facing [`ir`]: every name, type and path decided, with
//! naming in [`names`] and docs in [`docs`]) → [`emit`] (IR → tokens) →
//! [`format`](mod@format) (prettyplease) → [`write`](mod@write) (only-if-changed, stale files
//! removed, or a check that changes nothing).

pub mod api;
pub mod config;
pub mod docs;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod jmespath;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod select;
pub mod validate;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

pub use config::Config;
pub use error::{Error, Result};
pub use select::Operations;
pub use write::WriteReport;

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The model: JSON AST or IDL files, or directories of them, merged into one model.
    pub models: Vec<PathBuf>,
    /// The service to generate, as an absolute shape id; `None` when the model has one.
    pub service: Option<String>,
    /// Which operations to generate.
    pub operations: Operations,
    /// Cargo package name of the generated crate; `None` derives it from the service's SDK id
    /// (`amazon-ecs`, `amazon-comprehendmedical`), so two services never share a name.
    pub package: Option<String>,
    /// Path from the generated crate to the runtime crate, as written in its `Cargo.toml`.
    pub runtime_path: String,
    /// Whether the crate gets its own `[workspace]` (when generated outside this workspace).
    pub standalone: bool,
    /// Whether to write the model's protocol compliance cases as `tests/protocol.rs`.
    pub protocol_tests: bool,
}

/// The generated crate in memory: file contents by relative path, and what it holds.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Formatted files by path relative to the crate root.
    pub files: BTreeMap<String, String>,
    /// Shapes in the selection.
    pub shapes: usize,
    /// Operations generated.
    pub operations: usize,
    /// The package name (given, or derived from the service).
    pub package: String,
    /// The protocol the client speaks (`awsJson1_1`), and the service's other protocol
    /// traits, which it does not use.
    pub protocol: (&'static str, Vec<String>),
    /// Operations asked for but left out, with why (also in the crate docs).
    pub left_out: Vec<(String, String)>,
    /// The crate's public API (also written as `api.txt`).
    pub api: api::Api,
}

/// Runs load → select → lower → emit → format and returns the files without writing them.
pub fn generate(options: &Options) -> Result<Generated> {
    let shown = options.models.first().cloned().unwrap_or_default();
    if let Some(package) = &options.package {
        names::check_package_name(package).map_err(|message| Error::Config {
            path: "(the package name option)".into(),
            message,
        })?;
    }
    let model = load::load_paths(&shown, &options.models)?;
    let selection = select::select(&model, options.service.as_deref(), &options.operations)?;
    let krate = lower::lower(
        &model,
        &selection,
        &lower::LowerOptions {
            package: options.package.clone(),
            protocol_tests: options.protocol_tests,
        },
    )?;
    let manifest = emit::CargoManifest {
        runtime_path: options.runtime_path.clone(),
        standalone: options.standalone,
        dev_tokio: krate
            .protocol_tests
            .as_ref()
            .is_some_and(|t| !t.cases.is_empty()),
    };
    let jobs = emit::emit(&krate, &manifest);
    let files = format_in_parallel(&jobs)?;
    Ok(Generated {
        files,
        shapes: selection.shapes.len(),
        operations: krate.operations.len(),
        package: krate.package.clone(),
        protocol: (
            krate.service.protocol.name(),
            krate.service.other_protocols.clone(),
        ),
        left_out: krate
            .left_out
            .iter()
            .map(|l| (l.operation.clone(), l.reason.clone()))
            .collect(),
        api: api::Api::of(&krate),
    })
}

/// The stack of each formatting thread. syn and prettyplease recurse once per level of
/// nesting in the emitted code; the deepest code the model's limits allow (an endpoint BDD of
/// `lower::endpoints::MAX_BRANCHES` branches, a waiter path `jmespath::MAX_DEPTH` deep, lists
/// `validate::MAX_COLLECTION_DEPTH` deep) needs a few MiB, and the default 2 MiB of a spawned
/// thread was not always enough. Every file is formatted on a thread of this size.
pub const FORMAT_STACK: usize = 64 * 1024 * 1024;

/// Emits and formats every file, on as many threads as the machine has (at most 8), each with
/// [`FORMAT_STACK`]: formatting (syn + prettyplease) is most of the generator's time and each
/// file is independent. Tokens stay on the thread that made them; the result is the same
/// whatever the thread count.
fn format_in_parallel(jobs: &BTreeMap<String, emit::Job<'_>>) -> Result<BTreeMap<String, String>> {
    let jobs: Vec<(&String, &emit::Job<'_>)> = jobs.iter().collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((name, job)) = jobs.get(i) else {
                return done;
            };
            done.push((i, format::format(name, job.run())));
        }
    };
    let mut results: Vec<(usize, Result<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(FORMAT_STACK)
                    .spawn_scoped(scope, work)
                    .map_err(|source| Error::Io {
                        path: "(formatting thread)".into(),
                        source,
                    })
            })
            .collect::<Result<_>>()?;
        let mut all = Vec::new();
        for worker in workers {
            all.extend(
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        Ok::<_, Error>(all)
    })?;
    // In path order, so the first error reported is the same on every run.
    results.sort_by_key(|(i, _)| *i);
    results
        .into_iter()
        .map(|(i, text)| Ok((jobs[i].0.clone(), text?)))
        .collect()
}

/// Options for the project's own crate: `model/codegen.toml` under the workspace `root`,
/// generated into `root/generated` (what `cargo xtask codegen` does with no arguments).
pub fn project_options(root: &Path) -> Result<Options> {
    let config = Config::load(&root.join("model/codegen.toml"))?;
    Ok(Options {
        models: config.models,
        service: config.service,
        operations: Operations::Named(config.operations),
        package: Some(config.crate_name),
        runtime_path: relative_path(&root.join("generated"), &root.join("runtime")),
        standalone: false,
        protocol_tests: false,
    })
}

/// A crate in the workspace generated from a test fixture rather than from `model/`.
struct Fixture {
    /// Its directory, under the workspace root.
    dir: &'static str,
    package: &'static str,
    /// Model paths: under the workspace root, or under `../shared/protocol-tests` when they
    /// start with `shared:`.
    models: &'static [&'static str],
    service: Option<&'static str>,
    protocol_tests: bool,
}

/// `tests/waiter-fixture`, whose waiters use every matcher; `tests/protocol-awsjson11`, the
/// official awsJson1_1 protocol tests (Smithy IDL) with their cases as its tests;
/// `tests/regen-fixture`, what newer models hold (non-zero defaults, required members of every
/// type, a map page token, streaming operations left out); and the awsJson1_0 and
/// query-compatible fixture services.
const FIXTURES: &[Fixture] = &[
    Fixture {
        dir: "tests/waiter-fixture",
        package: "waiter-fixture",
        models: &["tests/fixtures/waiters.json"],
        service: None,
        protocol_tests: false,
    },
    Fixture {
        dir: "tests/protocol-awsjson11",
        package: "protocol-awsjson11",
        models: &["shared:awsJson1_1", "shared:shared-types.smithy"],
        service: Some("aws.protocoltests.json#JsonProtocol"),
        protocol_tests: true,
    },
    Fixture {
        dir: "tests/regen-fixture",
        package: "regen-fixture",
        models: &["tests/fixtures/regen"],
        service: None,
        protocol_tests: false,
    },
    Fixture {
        dir: "tests/json10-fixture",
        package: "json10-fixture",
        models: &["tests/fixtures/json10"],
        service: Some("example.queues#Tables"),
        protocol_tests: true,
    },
    Fixture {
        dir: "tests/query-compatible-fixture",
        package: "query-compatible-fixture",
        models: &["tests/fixtures/json10"],
        service: Some("example.queues#Queues"),
        protocol_tests: true,
    },
];

/// The crates in the workspace generated from test fixtures (the `FIXTURES` table), each with its
/// options and directory: `cargo xtask codegen` regenerates them and `--check` checks them with
/// `generated/`, so a generator change that they depend on never leaves the workspace unable to
/// build. A fixture whose models are missing (the official suite lives in `../shared`) is left
/// out; the up-to-date test insists on it under CI.
pub fn fixture_crates(root: &Path) -> Vec<(Options, std::path::PathBuf)> {
    let shared = root.join("../shared/protocol-tests");
    FIXTURES
        .iter()
        .filter_map(|f| {
            let models: Vec<PathBuf> = f
                .models
                .iter()
                .map(|m| match m.strip_prefix("shared:") {
                    Some(rest) => shared.join(rest),
                    None => root.join(m),
                })
                .collect();
            if models.iter().any(|m| !m.exists()) {
                return None;
            }
            let dir = root.join(f.dir);
            let options = Options {
                models,
                service: f.service.map(str::to_owned),
                operations: Operations::All,
                package: Some(f.package.to_owned()),
                runtime_path: relative_path(&dir, &root.join("runtime")),
                standalone: false,
                protocol_tests: f.protocol_tests,
            };
            Some((options, dir))
        })
        .collect()
}

/// `cargo xtask codegen --check`: generates from `options` and compares with `out`, changing
/// nothing. `Ok` with the number of files that are up to date; `Err` with a message naming each
/// stale file (`shown` names `out`) and the command that regenerates it.
pub fn check(options: &Options, out: &Path, shown: &str) -> std::result::Result<usize, String> {
    let generated = generate(options).map_err(|e| e.to_string())?;
    let report = write::write(out, &generated.files, true).map_err(|e| e.to_string())?;
    if !report.is_stale() {
        return Ok(report.unchanged.len());
    }
    let mut msg = format!("{shown} is stale:\n");
    for f in &report.written {
        msg.push_str(&format!("  {f} would change\n"));
    }
    for f in &report.removed {
        msg.push_str(&format!("  {f} would be removed\n"));
    }
    msg.push_str("run `cargo xtask codegen` to regenerate it");
    Err(msg)
}

/// `to` written relative to directory `from` when both are absolute and share a root
/// (`generated` → `../runtime`); otherwise `to` as given.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    if !from
        .first()
        .is_some_and(|c| matches!(c, Component::RootDir))
        || from.first() != to_parts.first()
    {
        return to.to_string_lossy().into_owned();
    }
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> =
        std::iter::repeat_n("..".to_owned(), from.len() - common).collect();
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::Path;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(Path::new("/w/generated"), Path::new("/w/runtime")),
            "../runtime"
        );
        assert_eq!(
            relative_path(Path::new("/tmp/x/y"), Path::new("/w/runtime")),
            "../../../w/runtime"
        );
        assert_eq!(
            relative_path(Path::new("rel"), Path::new("/w/runtime")),
            "/w/runtime"
        );
    }
}
