//! Fuzz target: region, endpoint URL, FIPS and dual-stack, set in code or through the
//! environment, through endpoint resolution and signing. Nothing panics, and a signed request
//! only ever goes to the configured endpoint's host or to `ecs[-fips].<region>.<partition
//! suffix>` for the region as configured.

use std::ffi::OsString;
use std::time::Duration;

use amazon_ecs::http::{HttpResponse, ReplayTransport};
use amazon_ecs::{Client, Config, Credentials};
use ecs_fuzz::{fuzz, runtime};
use proptest::prelude::*;

/// Every DNS suffix a partition may put after the region.
fn partition_suffixes() -> Vec<String> {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../../endpoint-rules/src/partitions.json"))
            .expect("partitions.json");
    let mut suffixes = Vec::new();
    for p in data["partitions"].as_array().expect("partitions") {
        for key in ["dnsSuffix", "dualStackDnsSuffix"] {
            if let Some(s) = p[key].as_str() {
                suffixes.push(s.to_owned());
            }
        }
    }
    assert!(
        suffixes.iter().any(|s| s == "amazonaws.com"),
        "{suffixes:?}"
    );
    suffixes
}

fn region() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "us-east-1",
            "us-gov-west-1",
            "cn-north-1",
            "us-iso-east-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
            "us-isof-south-1",
            "eusc-de-east-1",
            "aws-global",
            "mars-west-1",
        ])
        .prop_map(str::to_owned),
        "[a-z0-9.-]{0,20}",
        "[a-zA-Z0-9._@/#?:% -]{0,70}",
        any::<String>(),
        prop::sample::select(vec![
            "evil.example/",
            "x@evil.example/",
            "evil.example#",
            "a.b",
            "US-EAST-1",
            "us-east-1.",
            "evil.example:443",
            "[::1]",
            "us-east-1/../x",
        ])
        .prop_map(str::to_owned),
    ]
}

fn endpoint_url() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.4,
        prop_oneof![
            prop::sample::select(vec![
                "http://localhost:4566",
                "https://ecs.example.com/base",
                "http://127.0.0.1:9",
                "localhost:4566",
                "//host",
                "//",
                "http://",
                "http://u:p@evil.example/",
                "https://a.com?x",
                "HTTPS://Example.COM:443",
                "http://[::1]:80/",
            ])
            .prop_map(str::to_owned),
            "(https?://)?[a-zA-Z0-9.:@/?#\\[\\]_-]{0,30}",
            any::<String>(),
        ],
    )
}

#[derive(Debug, Clone)]
struct Settings {
    region: Option<String>,
    endpoint_url: Option<String>,
    fips: bool,
    dual_stack: bool,
    from_env: bool,
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        prop::option::weighted(0.95, region()),
        endpoint_url(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(region, endpoint_url, fips, dual_stack, from_env)| Settings {
                region,
                endpoint_url,
                fips,
                dual_stack,
                from_env,
            },
        )
}

fn config(s: &Settings, transport: &ReplayTransport) -> Option<Config> {
    let credentials = Credentials::new("AKID", "secret", Some("token".into()), None, "fuzz");
    let builder = if s.from_env {
        let mut vars: Vec<(OsString, OsString)> = vec![("HOME".into(), "/nonexistent".into())];
        let mut set = |k: &str, v: &str| vars.push((k.into(), v.into()));
        if let Some(r) = &s.region {
            set("AWS_REGION", r);
        }
        if let Some(u) = &s.endpoint_url {
            set("AWS_ENDPOINT_URL", u);
        }
        set(
            "AWS_USE_FIPS_ENDPOINT",
            if s.fips { "true" } else { "false" },
        );
        set(
            "AWS_USE_DUALSTACK_ENDPOINT",
            if s.dual_stack { "true" } else { "false" },
        );
        // An invalid value is a clear error here, which is fine: nothing can be sent.
        Config::builder_from_vars(vars).ok()?
    } else {
        let mut b = Config::builder()
            .use_fips(s.fips)
            .use_dual_stack(s.dual_stack);
        if let Some(r) = &s.region {
            b = b.region(r.clone());
        }
        if let Some(u) = &s.endpoint_url {
            b = b.endpoint_url(u.clone());
        }
        b
    };
    Some(
        builder
            .credentials(credentials)
            .transport(transport.clone())
            .build(),
    )
}

fn authority(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

#[test]
fn signed_requests_only_go_where_the_user_or_the_rules_meant() {
    let rt = runtime();
    let suffixes = partition_suffixes();
    fuzz("endpoints", 3000, settings(), |s| {
        let transport = ReplayTransport::new([HttpResponse::new(200, "{}")]);
        let Some(config) = config(&s, &transport) else {
            return Ok(());
        };
        let sent = rt
            .block_on(async {
                tokio::time::timeout(
                    Duration::from_secs(10),
                    Client::new(&config).stop_task().task("t").send(),
                )
                .await
            })
            .map_err(|_| TestCaseError::fail("the call hung"))?;
        let requests = transport.requests();
        match (&sent, requests.as_slice()) {
            (Err(e), []) => {
                let _ = e.to_string();
                Ok(())
            }
            (Ok(_), [request]) => {
                let host = authority(&request.uri.to_string());
                prop_assert!(request.header("authorization").is_some());
                // An empty environment variable counts as unset, as in the AWS SDKs.
                let configured = s
                    .endpoint_url
                    .as_ref()
                    .filter(|u| !(s.from_env && u.is_empty()));
                if let Some(url) = configured {
                    prop_assert_eq!(&host, &authority(url), "configured endpoint");
                    return Ok(());
                }
                let region = s.region.as_deref().unwrap_or_default();
                let expected: Vec<String> = suffixes
                    .iter()
                    .flat_map(|suffix| {
                        [
                            format!("ecs.{region}.{suffix}"),
                            format!("ecs-fips.{region}.{suffix}"),
                        ]
                    })
                    .collect();
                prop_assert!(
                    expected.contains(&host),
                    "sent to {} for region {:?}",
                    request.uri,
                    region
                );
                Ok(())
            }
            (outcome, requests) => Err(TestCaseError::fail(format!(
                "{outcome:?} after {} requests",
                requests.len()
            ))),
        }
    });
}
