//! The generator's one error type. Every message names the input it is about: the file, the
//! shape id and member path, and for JSON syntax errors the line and column.

use std::path::PathBuf;

/// Everything that can go wrong between reading a model and writing a crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The model file is not valid JSON, or not shaped like a Smithy JSON AST.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Json {
        /// The model file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A Smithy IDL file does not parse.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Idl {
        /// The `.smithy` file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// The output directory cannot be created or written to.
    #[error("cannot write to output directory {}: {source}", path.display())]
    Output {
        /// The output directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The model parses but breaks a Smithy rule the generator relies on.
    #[error("{}: {shape}: {message}", path.display())]
    Model {
        /// The model file.
        path: PathBuf,
        /// Shape id, with `$member` when a member is at fault.
        shape: String,
        /// What is wrong.
        message: String,
    },
    /// An operation asked for in the configuration is not in the service.
    #[error("{}: operation `{name}` is not in service {service}{}", path.display(), suggest(suggestions))]
    UnknownOperation {
        /// The model file.
        path: PathBuf,
        /// The service shape id.
        service: String,
        /// The name that was asked for.
        name: String,
        /// The closest operation names in the service.
        suggestions: Vec<String>,
    },
    /// The configuration file is malformed.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Emitted code did not parse as Rust (a generator bug; the file is named).
    #[error("generated {file} is not valid Rust: {message}")]
    Format {
        /// The generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

fn suggest(names: &[String]) -> String {
    match names {
        [] => String::new(),
        _ => format!(
            "; did you mean {}?",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
