//! `cargo xtask codegen`: argument parsing and a call into `ecs-codegen`. No generator logic.
//! `cargo xtask test`: every test, in the two builds of the generated crate (see `test`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use ecs_codegen::{Config, Operations, Options};

/// Most of the generator's allocations are small and short-lived tokens; mimalloc serves them
/// faster than the system allocator (measured in the commit that added it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask test [ARGS FOR CARGO TEST]...
       cargo xtask codegen [--check] [--strict] [--model PATH]... [--service ID]
                           [--operations A,B | --all-operations] [--crate-name NAME] [--out DIR]
                           [--protocol-tests] [--api-diff FILE] [--deny-breaking]

`test` runs every test: the workspace, where the generated crate has its own types, then the
drop-in suite and tests/with-aws-config with the official types (`interop`).

`codegen` regenerates generated/ from model/codegen.toml. With --model/--operations/--out, generates
another model (e.g. a newer upstream one) into DIR as a standalone crate. --model takes a
JSON AST file, a Smithy IDL (.smithy) file or a directory of them, and may be repeated; the
files are merged into one model. --service picks the service when the model has several.
The crate is named after the service (amazon-<sdkId>) unless --crate-name is given.
  --check            change nothing; fail if any generated file is stale
  --strict           fail, writing nothing, if an operation cannot be generated (by default
                     it is left out, with the reason printed and in the crate docs)
  --protocol-tests   write the model's client protocol compliance cases (httpRequestTests,
                     httpResponseTests) for the crate's protocol as its tests/protocol.rs
  --api-diff FILE    write what changed in the public API (against the crate in the output
                     directory, from its api.txt) to FILE as Markdown
  --deny-breaking    fail, writing nothing, if the public API changes in a breaking way";

#[derive(Clone)]
struct Args {
    /// The arguments as given, for the command a stale `--check` tells the user to run.
    given: Vec<String>,
    check: bool,
    strict: bool,
    protocol_tests: bool,
    api_diff: Option<PathBuf>,
    deny_breaking: bool,
    models: Vec<PathBuf>,
    service: Option<String>,
    operations: Option<Operations>,
    crate_name: Option<String>,
    out: Option<PathBuf>,
}

fn parse(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let given: Vec<String> = args.collect();
    let mut args = given.clone().into_iter();
    match args.next().as_deref() {
        Some("codegen") => {}
        Some("-h" | "--help") | None => return Err(USAGE.to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`\n\n{USAGE}")),
    }
    let mut parsed = Args {
        given,
        check: false,
        strict: false,
        protocol_tests: false,
        api_diff: None,
        deny_breaking: false,
        models: Vec::new(),
        service: None,
        operations: None,
        crate_name: None,
        out: None,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--strict" => parsed.strict = true,
            "--protocol-tests" => parsed.protocol_tests = true,
            "--api-diff" => parsed.api_diff = Some(absolute(value("--api-diff")?.into())),
            "--deny-breaking" => parsed.deny_breaking = true,
            "--model" => parsed.models.push(value("--model")?.into()),
            "--service" => parsed.service = Some(value("--service")?),
            "--out" => parsed.out = Some(value("--out")?.into()),
            "--crate-name" => {
                let name = value("--crate-name")?;
                ecs_codegen::names::check_package_name(&name)
                    .map_err(|why| format!("--crate-name: {why}"))?;
                parsed.crate_name = Some(name);
            }
            "--all-operations" => parsed.operations = Some(Operations::All),
            "--operations" => parsed.operations = Some(operation_list(&value("--operations")?)?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// `--operations A,B`: the names, at least one.
fn operation_list(list: &str) -> Result<Operations, String> {
    let names: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        return Err("--operations needs at least one operation name".to_owned());
    }
    Ok(Operations::Named(names))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    }
}

fn run(args: Args) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    let (options, out, project_run) = options(args.clone(), &root)?;
    let shown_of = |dir: &Path| dir.strip_prefix(&root).unwrap_or(dir).display().to_string();
    // The project's own run also covers the crates generated from test fixtures.
    let mut crates = vec![(options, out)];
    if project_run {
        crates.extend(ecs_codegen::fixture_crates(&root));
    }
    if args.check {
        for (options, dir) in &crates {
            let unchanged = ecs_codegen::check(options, dir, &shown_of(dir)).map_err(|stale| {
                // The fix is this command without `--check` (the project's own run: as is).
                stale.replace(
                    "`cargo xtask codegen`",
                    &format!("`{}`", fix_command(&args.given)),
                )
            })?;
            println!(
                "codegen --check: {} is up to date ({unchanged} files)",
                shown_of(dir)
            );
        }
        return Ok(());
    }
    // The fixtures first, the crate asked for last, so its summary is the last line.
    crates.rotate_left(1);
    for (options, dir) in &crates {
        let generated = ecs_codegen::generate(options).map_err(|e| e.to_string())?;
        let asked_for = dir == &crates.last().expect("the crate asked for").1;
        if asked_for {
            explain(&generated, args.strict)?;
            api_changes(&generated, dir, &args)?;
        }
        let report =
            ecs_codegen::write::write(dir, &generated.files, false).map_err(|e| e.to_string())?;
        if asked_for {
            println!(
                "codegen: {} shapes, {} operations → {}: {} files written, {} unchanged, {} removed in {} ms",
                generated.shapes,
                generated.operations,
                shown_of(dir),
                report.written.len(),
                report.unchanged.len(),
                report.removed.len(),
                started.elapsed().as_millis()
            );
        }
    }
    Ok(())
}

/// `cargo xtask` and `given` without `--check`, each argument quoted for a POSIX shell where
/// it needs it.
fn fix_command(given: &[String]) -> String {
    let mut command = String::from("cargo xtask");
    for arg in given.iter().filter(|a| *a != "--check") {
        let plain = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./,:=@%+#".contains(c));
        command.push(' ');
        if plain {
            command.push_str(arg);
        } else {
            command.push('\'');
            command.push_str(&arg.replace('\'', "'\\''"));
            command.push('\'');
        }
    }
    command
}

/// Compares the API about to be written with the crate in `dir` (its `api.txt`), prints the
/// summary, writes `--api-diff`, and with `--deny-breaking` fails on a breaking change.
fn api_changes(generated: &ecs_codegen::Generated, dir: &Path, args: &Args) -> Result<(), String> {
    let path = dir.join("api.txt");
    // No summary (a new crate, or one generated before summaries): nothing to compare.
    let old = if path.is_file() {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Some(ecs_codegen::api::Api::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?)
    } else {
        None
    };
    let Some(old) = old else {
        println!(
            "codegen: API: no api.txt in {}, so nothing to compare (a new crate)",
            dir.display()
        );
        return Ok(());
    };
    let changes = ecs_codegen::api::diff(&old, &generated.api);
    println!("codegen: {}", ecs_codegen::api::summary(&changes));
    if let Some(file) = &args.api_diff {
        std::fs::write(file, ecs_codegen::api::markdown(&changes))
            .map_err(|e| format!("--api-diff {}: {e}", file.display()))?;
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    if args.deny_breaking && breaking > 0 {
        return Err(format!(
            "--deny-breaking: {breaking} breaking API change(s), nothing written"
        ));
    }
    Ok(())
}

/// Says which crate and protocol this is and what was left out; with `strict`, an operation
/// left out is an error and nothing is written.
fn explain(generated: &ecs_codegen::Generated, strict: bool) -> Result<(), String> {
    let (protocol, others) = &generated.protocol;
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(" (the service also offers {}: not used)", others.join(", "))
    };
    println!(
        "codegen: crate {}, speaking {protocol}{also}",
        generated.package
    );
    let left_out: Vec<String> = generated
        .left_out
        .iter()
        .map(|(op, why)| format!("{op}: {why}"))
        .collect();
    if strict && !left_out.is_empty() {
        return Err(format!(
            "--strict: {} operation(s) cannot be generated, nothing written:\n  {}",
            left_out.len(),
            left_out.join("\n  ")
        ));
    }
    for line in &left_out {
        println!("codegen: left out {line}");
    }
    Ok(())
}

/// The options `args` ask for over `model/codegen.toml`, the output directory, and whether
/// this is the project's own run (no model, service, operations, name or directory given).
fn options(args: Args, root: &Path) -> Result<(Options, PathBuf, bool), String> {
    let config = Config::load(&root.join("model/codegen.toml")).map_err(|e| e.to_string())?;
    let default_out = root.join("generated");
    let out = args
        .out
        .map(absolute)
        .unwrap_or_else(|| default_out.clone());
    let standalone = out != default_out;
    let project_run = !standalone
        && args.models.is_empty()
        && args.service.is_none()
        && args.operations.is_none()
        && args.crate_name.is_none()
        && !args.protocol_tests;
    let from_args = !args.models.is_empty();
    let options = Options {
        models: if args.models.is_empty() {
            config.models
        } else {
            args.models.into_iter().map(absolute).collect()
        },
        service: args.service.or(config.service),
        operations: args
            .operations
            .unwrap_or(Operations::Named(config.operations)),
        // Another model's crate is named after its service unless a name is given.
        package: match args.crate_name {
            Some(name) => Some(name),
            None if from_args => None,
            None => Some(config.crate_name),
        },
        runtime_path: ecs_codegen::relative_path(&out, &root.join("runtime")),
        standalone,
        protocol_tests: args.protocol_tests,
    };
    Ok((options, out, project_run))
}

/// The cargo runs of `cargo xtask test`, in order. The workspace builds the generated crate
/// without `interop` (its own error, time and region types); the drop-in suite then runs with
/// it, and tests/with-aws-config, a workspace of its own because `sdk-config` turns `interop`
/// on (in the main workspace, feature unification would for every test).
fn test(extra: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let runs: [(&str, &[&str]); 4] = [
        ("the workspace", &["test", "--workspace"]),
        (
            "the runtime with the official types (interop)",
            &[
                "test",
                "-p",
                "aws-json-runtime",
                "--features",
                "interop,test-util",
            ],
        ),
        (
            "the drop-in suite with the official types (interop)",
            &[
                "test",
                "-p",
                "ecs-compat",
                "--features",
                "aws-sdk-ecs/interop",
            ],
        ),
        (
            "tests/with-aws-config (aws-config, sdk-config, interop)",
            &[
                "test",
                "--manifest-path",
                "tests/with-aws-config/Cargo.toml",
            ],
        ),
    ];
    for (what, args) in runs {
        eprintln!("xtask test: {what}");
        let status = std::process::Command::new(&cargo)
            .args(args)
            .args(extra)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("could not run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("tests failed: {what} (`cargo {}`)", args.join(" ")));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let result = if args.peek().map(String::as_str) == Some("test") {
        test(&args.skip(1).collect::<Vec<_>>())
    } else {
        parse(args).and_then(run)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
