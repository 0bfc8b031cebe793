//! Shared pieces of the client tests: a client pointed at the scripted server, fast retries,
//! a canned RunTask response, and the shape a signed request must have.

use std::time::Duration;

use amazon_ecs::{Client, Config, Credentials, RetryConfig, TimeoutConfig};

use crate::server::{Recorded, TestServer};

pub const ACCESS_KEY: &str = "AKIDTESTVALUE";
pub const SECRET_KEY: &str = "secret/TEST+value";

pub fn fast_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryConfig::default()
    }
}

pub fn config(server: &TestServer, retry: RetryConfig, timeouts: TimeoutConfig) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some("session-TOKEN-value".into()),
            None,
            "test",
        ))
        .endpoint_url(server.url())
        .retry_config(retry)
        .timeouts(timeouts)
        .build()
}

pub fn client(server: &TestServer) -> Client {
    Client::new(&config(server, fast_retries(3), TimeoutConfig::default()))
}

pub const RUN_TASK_OK: &str = r#"{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123:task/default/abc","lastStatus":"PROVISIONING","desiredStatus":"RUNNING","launchType":"FARGATE","createdAt":1700000000.5,"containers":[{"name":"app","lastStatus":"PENDING"}]}],"failures":[{"arn":"arn:aws:ecs:us-east-1:123:container-instance/x","reason":"RESOURCE:MEMORY","detail":"not enough memory"}]}"#;

pub fn assert_signed(request: &Recorded) {
    let auth = request
        .header("authorization")
        .expect("authorization header");
    let date = request.header("x-amz-date").expect("x-amz-date header");
    assert_eq!(date.len(), 16, "x-amz-date is yyyymmddThhmmssZ: {date}");
    assert!(date.ends_with('Z') && date.as_bytes()[8] == b'T', "{date}");
    let prefix = format!(
        "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{}/us-east-1/ecs/aws4_request, SignedHeaders=",
        &date[..8]
    );
    assert!(auth.starts_with(&prefix), "{auth}");
    let signed_headers = auth[prefix.len()..].split(',').next().unwrap();
    for h in [
        "content-type",
        "host",
        "x-amz-date",
        "x-amz-target",
        "x-amz-security-token",
    ] {
        assert!(
            signed_headers.split(';').any(|s| s == h),
            "{h} is not signed: {auth}"
        );
    }
    let signature = auth.rsplit("Signature=").next().unwrap();
    assert!(
        signature.len() == 64 && signature.chars().all(|c| c.is_ascii_hexdigit()),
        "{auth}"
    );
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("session-TOKEN-value")
    );
}

/// Task overrides whose one container gets environment variable `name` = `value`: a
/// `@sensitive` value that must reach the wire but never `Debug` or tracing.
pub fn overrides_with_env(name: &str, value: &str) -> amazon_ecs::types::TaskOverride {
    use amazon_ecs::types::{ContainerOverride, KeyValuePair, TaskOverride};
    let variable = KeyValuePair::builder().name(name).value(value).build();
    let container = ContainerOverride::builder().environment(variable).build();
    TaskOverride::builder()
        .container_overrides(container)
        .build()
}
