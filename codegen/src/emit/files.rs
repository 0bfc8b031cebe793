//! Part of stage 4, emit: the crate's skeleton: `Cargo.toml`, `lib.rs` and module files.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Doc, ident, inner_docs};
use crate::ir::{self, Home, TypeKind};

/// Facts for `Cargo.toml` that do not come from the model.
#[derive(Debug, Clone)]
pub struct CargoManifest {
    /// Path from the crate to the runtime crate, as written in `Cargo.toml`.
    pub runtime_path: String,
    /// Adds an empty `[workspace]` so the crate builds outside any workspace.
    pub standalone: bool,
    /// Adds tokio as a dev-dependency, for generated `#[tokio::test]`s.
    pub dev_tokio: bool,
}

/// The `rust-version` of a generated crate: the runtime's (the workspace's), since generated
/// code uses nothing newer (let chains, 1.88, in waiters). A test holds the two equal.
pub const RUST_VERSION: &str = "1.88";

/// `Cargo.toml`: the package, its features (with what each switches) and dependencies.
// Over 60 lines: one template, the manifest as it reads, in one place.
pub fn cargo_toml(krate: &ir::Crate, manifest: &CargoManifest) -> String {
    let workspace = if manifest.standalone {
        "\n[workspace]\n"
    } else {
        ""
    };
    let mut dev = String::new();
    if krate.service.endpoint_tests.is_some() || manifest.dev_tokio {
        // The tests of a generated crate use the runtime's test support.
        dev.push_str(&format!(
            "\n[dev-dependencies]\naws-json-runtime = {{ path = {}, default-features = false, features = [\"test-util\"] }}\n",
            toml_string(&manifest.runtime_path)
        ));
    }
    if manifest.dev_tokio {
        dev.push_str("tokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n");
    }
    format!(
        r#"[package]
name = {package}
version = "0.1.0"
edition = "2024"
rust-version = "{msrv}"
description = {description}
license = "Apache-2.0"
publish = false

[features]
default = ["default-https-client", "rt-tokio"]
# The default transport: hyper over rustls (ring, or aws-lc-rs with `tls-aws-lc-rs`), proxies
# from the environment. Without it, set one with `Config::builder().transport(..)`: nothing
# from tokio, hyper or rustls is then built.
default-https-client = ["aws-json-runtime/default-https-client"]
# tokio's timer for retries, timeouts and waiters. Manifests written for aws-sdk-* that name
# only this feature get their HTTP client from aws-config; here it brings the default client.
# For another executor, leave it off and set `Config::builder().sleep_impl(..)`.
rt-tokio = ["aws-json-runtime/rt-tokio", "default-https-client"]
# aws-sdk-*'s name for its rustls client: the default client.
rustls = ["default-https-client"]
# The TLS crypto provider of the default client: ring (the default) or aws-lc-rs, which wins
# when both are on.
tls-ring = ["default-https-client"]
tls-aws-lc-rs = ["default-https-client", "aws-json-runtime/tls-aws-lc-rs"]
# aws-sdk-* crates need it to default to the latest behavior version; this crate always
# behaves as the latest, so it switches nothing (it exists so their manifests work).
behavior-version-latest = []
# aws-sdk-*'s feature for its own networked tests; nothing here.
gated-tests = []
# Config::from_sdk_config: region and credentials from aws-config's SdkConfig (and interop).
sdk-config = ["interop", "aws-json-runtime/sdk-config"]
# The official types where values cross crates: config::Region is aws-types' and
# config::BehaviorVersion aws-smithy-runtime-api's, so they pass to aws-config and other
# aws-sdk-* crates. Off, ours (with the same API) keep the build small.
interop = ["aws-json-runtime/interop"]
# Test doubles: `http::ReplayTransport` replays canned responses and records requests, and
# `mocks` (aws-smithy-mocks' `mock!`, `mock_client!`, `RuleMode`).
test-util = ["aws-json-runtime/test-util"]

[dependencies]
aws-json-runtime = {{ path = {runtime}, default-features = false{runtime_features} }}
serde = {{ version = "1", default-features = false, features = ["std"] }}
serde_json = "1"
{dev}{workspace}"#,
        package = toml_string(&krate.package),
        description = toml_string(&format!(
            "A client for {} ({}), generated from its Smithy model.",
            krate.service.title,
            krate.service.protocol.name()
        )),
        runtime = toml_string(&manifest.runtime_path),
        runtime_features = runtime_features(krate),
        msrv = RUST_VERSION,
    )
}

/// The runtime features this crate needs beyond the TLS provider, so that a build gets
/// flate2 only when an operation gzips its request body, and the rules interpreter only when
/// the endpoint rules are not compiled.
fn runtime_features(krate: &ir::Crate) -> String {
    let mut features = Vec::new();
    if krate.operations.iter().any(|op| op.request_compression) {
        features.push("\"request-compression\"");
    }
    if krate.service.interpreted_endpoint_rules().is_some() {
        features.push("\"endpoint-rules\"");
    }
    if features.is_empty() {
        String::new()
    } else {
        format!(", features = [{}]", features.join(", "))
    }
}

/// A TOML basic string holding `text` exactly: quotes, backslashes and control characters
/// escaped (toml.io, "String").
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The crate's documentation: the service, an example call, and its operations.
fn crate_docs(krate: &ir::Crate) -> TokenStream {
    let service = &krate.service;
    let mut lines = vec![
        format!("{} (API version {}).", service.title, service.version),
        String::new(),
    ];
    lines.extend(service.docs.iter().cloned());
    lines.push(String::new());
    if let Some(op) = krate.operations.first() {
        let lib = &krate.library;
        lines.extend([
            format!(
                "Create a [`Client`] from a [`Config`] and call an operation, here `{}`:",
                op.wire_name
            ),
            String::new(),
            "```no_run".to_owned(),
            "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
            format!("let client = {lib}::Client::new(&{lib}::Config::from_env().await?);"),
            format!("let output = client.{}().send().await?;", op.fn_name),
            "# let _ = output;".to_owned(),
            "# Ok(())".to_owned(),
            "# }".to_owned(),
            "```".to_owned(),
            String::new(),
        ]);
    }
    lines.extend(protocol_lines(service));
    lines.extend(operation_lines(krate));
    inner_docs(&lines)
}

/// Which model and protocol the crate speaks, and the protocols it leaves aside.
fn protocol_lines(service: &ir::Service) -> Vec<String> {
    let mut lines = vec![format!(
        "Generated from the Smithy model of `{}`, speaking `{}`.",
        service.shape_id,
        service.protocol.trait_id()
    )];
    if !service.other_protocols.is_empty() {
        let others: Vec<String> = service
            .other_protocols
            .iter()
            .map(|p| format!("`{p}`"))
            .collect();
        lines.push(format!(
            "The service also offers {}, which this client does not use: of the protocols \
             the generator writes, it picks the first the service offers among {}.",
            others.join(", "),
            crate::select::PROTOCOL_PRIORITY
                .map(|p| format!("`{}`", p.name()))
                .join(", ")
        ));
    }
    lines
}

/// The operations in the crate, and those left out with why.
fn operation_lines(krate: &ir::Crate) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        "Operations in this crate:".to_owned(),
        String::new(),
    ];
    for op in &krate.operations {
        lines.push(format!(
            "- [`{}`](crate::operation::{})",
            op.wire_name, op.module
        ));
    }
    if !krate.left_out.is_empty() {
        lines.extend([
            String::new(),
            "Left out, because the generator cannot write them correctly yet:".to_owned(),
            String::new(),
        ]);
        for l in &krate.left_out {
            lines.push(format!("- `{}`: {}.", l.operation, l.reason));
        }
    }
    lines
}

pub fn lib_rs(krate: &ir::Crate) -> TokenStream {
    let crate_docs = crate_docs(krate);
    let missing_docs = krate
        .fully_documented
        .then(|| quote!(#![warn(missing_docs)]));
    let waiters_mod = krate.has_waiters().then(|| {
        quote!(
            pub mod waiters;
        )
    });
    let reexports = reexport_modules();
    quote! {
        #crate_docs
        // The model's deprecations are for users of the crate; the crate itself must build cleanly.
        #![allow(deprecated)]
        #missing_docs

        pub mod client;
        pub mod endpoint;
        mod error_meta;
        pub mod operation;
        pub mod types;
        #waiters_mod

        pub use client::Client;
        pub use error_meta::Error;
        pub use ::aws_json_runtime::{Config, ConfigBuilder, ConfigError, Credentials, ProxyConfig, RetryConfig, RetryMode, TimeoutConfig};

        #reexports
    }
}

/// `config`, `primitives`, `error`, `mocks` and `http`: the runtime's types under the names
/// the official SDK crates use.
// Over 60 lines: one template of `pub use`s with their docs, as the modules read.
fn reexport_modules() -> TokenStream {
    quote! {
        /// The client's configuration: region, credentials, endpoint, retries and timeouts.
        pub mod config {
            pub use ::aws_json_runtime::{AsyncSleep, BehaviorVersion, Config, ConfigBuilder as Builder, ConfigError, Credentials, IntoRegion, Region, SharedAsyncSleep, SharedCredentialsProvider, ProvideCredentials, Sleep, StalledStreamProtectionConfig};
            pub use ::aws_json_runtime::intercept::{ConfigBag, Intercept, RuntimeComponents, SharedInterceptor};
            pub use ::aws_json_runtime::time::{SharedTimeSource, StaticTimeSource, SystemTimeSource, TimeSource};
            pub use ::aws_json_runtime::identity::{IdentityCache, SharedIdentityCache};
            /// Credentials providers in full: the future a provider returns, its error type and
            /// the credentials builder.
            pub use ::aws_json_runtime::credentials;

            /// The HTTP types of the client's requests and responses.
            pub mod http {
                pub use ::aws_json_runtime::{HttpRequest, HttpResponse, StatusCode};
            }

            /// Retry settings, and retry classifiers (`ClassifyRetry`) that decide which
            /// failures are retried besides the built-in ones.
            pub mod retry {
                pub use ::aws_json_runtime::{RetryConfig, RetryMode, RetryPartition};
                pub use ::aws_json_runtime::classify::{ClassifyRetry, ErrorKind, RetryAction, RetryClassifierPriority, RetryReason, SharedRetryClassifier};
            }

            /// What an interceptor's hooks and a retry classifier see of an attempt.
            pub mod interceptors {
                pub use ::aws_json_runtime::classify::{Error, Input, InterceptorContext, OrchestratorError, Output};
                pub use ::aws_json_runtime::intercept::{BeforeDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef};
            }

            /// Timeout settings.
            pub mod timeout {
                pub use ::aws_json_runtime::{TimeoutConfig, TimeoutConfigBuilder};
            }
        }

        /// Value types shared by the shapes: blobs, timestamps and documents.
        pub mod primitives {
            pub use ::aws_json_runtime::{Blob, DateTime, Document};
        }

        /// What a call can fail with: [`SdkError`](error::SdkError) wraps each operation's
        /// error enum, [`ProvideErrorMetadata`](error::ProvideErrorMetadata) gives any error's
        /// code and message, and [`BuildError`](error::BuildError) is a value that could not
        /// be built.
        pub mod error {
            pub use ::aws_json_runtime::BuildError;
            pub use ::aws_json_runtime::error::{
                BoxError, ConnectorError, ConstructionFailure, DisplayErrorContext, DispatchFailure, ErrorMetadata, ProvideErrorMetadata, ResponseError, SdkError, ServiceError,
                TimeoutError, TimeoutKind, UnhandledError,
            };
        }

        /// Mocked clients in aws-smithy-mocks' syntax (feature `test-util`): a test written
        /// with `use aws_smithy_mocks::{mock, mock_client, RuleMode};` says
        /// `use <this crate>::mocks::{mock, mock_client, RuleMode};` instead. Outputs and
        /// errors go through the real serializer and parser, and no mocked client reaches the
        /// network.
        #[cfg(feature = "test-util")]
        pub mod mocks {
            pub use ::aws_json_runtime::{mock, mock_client};
            pub use ::aws_json_runtime::mock::{Rule, RuleBuilder, RuleMode};
        }

        /// Plugging in another HTTP client, and (feature `test-util`) a test double that
        /// replays canned responses.
        pub mod http {
            #[cfg(feature = "test-util")]
            pub use ::aws_json_runtime::test_util::{Replay, ReplayTransport};
            pub use ::aws_json_runtime::{BoxFuture, HttpRequest, HttpResponse, HttpTransport, ProxyConfig, StatusCode, TransportError, TransportErrorKind};
            #[cfg(feature = "default-https-client")]
            pub use ::aws_json_runtime::HyperTransport;
            #[cfg(feature = "default-https-client")]
            pub use ::aws_json_runtime::hyper_transport::{crypto_provider, tls_config};
            /// The rustls version the default transport is built with, for [`HyperTransport::with_tls_config`].
            #[cfg(feature = "default-https-client")]
            pub use ::aws_json_runtime::rustls;
        }
    }
}

/// `types.rs` (or `types/error.rs` when `errors`): one module per type, re-exported, and the
/// builders gathered in `builders`.
pub fn types_rs(krate: &ir::Crate, errors: bool) -> TokenStream {
    let mut mods = Vec::new();
    let mut builders = Vec::new();
    for def in &krate.types {
        let file = match (&def.home, errors) {
            (Home::Types { module }, false) | (Home::Errors { module }, true) => ident(module),
            _ => continue,
        };
        let name = ident(&def.path.name);
        mods.push(quote!(mod #file; pub use #file::#name;));
        if let TypeKind::Struct(s) = &def.kind {
            let builder = ident(&s.builder);
            builders.push(quote!(pub use super::#file::#builder;));
        }
    }
    let header = if errors {
        inner_docs(&["Errors the service can return, one type per modeled error.".to_owned()])
    } else {
        inner_docs(&[
            "The data types of the service: structures, enums and unions.".to_owned(),
            String::new(),
            "Each type's serde is exactly its awsJson wire form, written out rather than derived:"
                .to_owned(),
            "a structure is read only from a JSON object, each member straight into its field."
                .to_owned(),
        ])
    };
    let error_mod = (!errors).then(|| {
        quote!(
            pub mod error;
        )
    });
    quote! {
        #header
        #error_mod
        #(#mods)*

        /// Builders for the structures in this module.
        pub mod builders {
            #(#builders)*
        }
    }
}

pub fn operation_rs(krate: &ir::Crate) -> TokenStream {
    let mods = krate.operations.iter().map(|op| {
        let module = ident(&op.module);
        let doc = Doc(format!(" Input, output and errors of `{}`.", op.wire_name));
        quote!(#[doc = #doc] pub mod #module;)
    });
    let header =
        inner_docs(&["One module per operation, holding its input and output types.".to_owned()]);
    quote! {
        #header

        pub use ::aws_json_runtime::RequestId;

        #(#mods)*
    }
}

/// `src/operation/<op>.rs`: the operation's own types (input, output), its error enum, fluent
/// builder and paginator, and the `builders` re-exports.
pub fn operation_module(op: &ir::Operation, defs: &[&ir::TypeDef]) -> TokenStream {
    let mut lines = vec![
        format!(
            "`{}`: input, output, errors and the fluent builder.",
            op.wire_name
        ),
        String::new(),
    ];
    lines.extend(op.docs.iter().cloned());
    let header = inner_docs(&lines);
    let types = defs.iter().map(|def| super::type_def(def));
    let items = super::fluent::operation_items(op);
    quote! {
        #header
        #(#types)*
        #items
    }
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn toml_strings_hold_any_text_exactly() {
        #[derive(serde::Deserialize)]
        struct Doc {
            s: String,
        }
        for text in [
            "plain",
            "a \"quote\"",
            "back\\slash",
            "cr\rlf\n tab\t",
            "\u{1}\u{7f}é",
            "",
        ] {
            let doc: Doc = toml::from_str(&format!("s = {}", toml_string(text))).unwrap();
            assert_eq!(doc.s, text);
        }
    }
}
