//! Fuzz target: environment variables (any bytes, non-UTF-8 included) and shared config and
//! credentials files through `Config::builder_from_vars`. It returns a builder or a clear
//! error, never panics.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use amazon_ecs::Config;
use ecs_fuzz::fuzz;
use proptest::prelude::*;

const NAMES: &[&str] = &[
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_ECS",
    "AWS_ENDPOINT_URL_",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_CA_BUNDLE",
    "HTTPS_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "NO_PROXY",
    "REQUEST_METHOD",
    "UNRELATED",
];

const KEYS: &[&str] = &[
    "region",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "max_attempts",
    "retry_mode",
    "use_fips_endpoint",
    "use_dualstack_endpoint",
    "endpoint_url",
    "ca_bundle",
];

fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            "us-east-1",
            "true",
            "FALSE",
            "3",
            "0",
            "-1",
            "99999999999",
            "standard",
            "adaptive",
            "http://localhost:4566",
            "localhost:4566",
            "http://user:p%40ss@proxy:3128",
            "socks5://proxy:1080",
            "*",
            ".example.com,10.0.0.0/8",
            "dev",
            "default",
            "/nonexistent",
            "",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        "[ -~]{0,24}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..12),
    ]
}

fn profile_file(config_file: bool) -> impl Strategy<Value = String> {
    let section = prop_oneof![
        Just("[default]".to_owned()),
        Just(
            if config_file {
                "[profile dev]"
            } else {
                "[dev]"
            }
            .to_owned()
        ),
        "\\[[ -~]{0,10}\\]?",
    ];
    let line = prop_oneof![
        (prop::sample::select(KEYS), "[ -~]{0,20}").prop_map(|(k, v)| format!("{k} = {v}")),
        "[ -~\t]{0,30}",
        Just("# comment".to_owned()),
    ];
    prop::collection::vec((section, prop::collection::vec(line, 0..5)), 0..3).prop_map(|s| {
        s.into_iter()
            .map(|(head, lines)| format!("{head}\n{}\n", lines.join("\n")))
            .collect::<String>()
    })
}

#[test]
fn environment_and_shared_files_never_panic() {
    let dir = std::env::temp_dir().join(format!("ecs-fuzz-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let strategy = (
        prop::collection::vec((prop::sample::select(NAMES), value()), 0..8),
        profile_file(true),
        profile_file(false),
    );
    fuzz(
        "environment",
        500,
        strategy,
        |(vars, config, credentials)| {
            std::fs::write(dir.join("config"), &config).expect("write config");
            std::fs::write(dir.join("credentials"), &credentials).expect("write credentials");
            let mut env: Vec<(OsString, OsString)> = vec![
                ("AWS_CONFIG_FILE".into(), dir.join("config").into()),
                (
                    "AWS_SHARED_CREDENTIALS_FILE".into(),
                    dir.join("credentials").into(),
                ),
            ];
            env.extend(
                vars.into_iter()
                    .map(|(k, v)| (OsString::from(k), OsString::from_vec(v))),
            );
            match Config::builder_from_vars(env) {
                Ok(builder) => {
                    let _ = format!("{:?}", builder.build());
                }
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            Ok(())
        },
    );
    let _ = std::fs::remove_dir_all(&dir);
}
