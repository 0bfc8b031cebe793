//! Settings and responses that used to panic, send signed requests to the wrong host, or change
//! data silently. Each goes through the generated client as a user calls it.

use amazon_ecs::error::SdkError;
use amazon_ecs::http::{HttpResponse, ReplayTransport};
use amazon_ecs::{Client, Config, Credentials};
use ecs_tests::client::*;
use ecs_tests::server::{Reply, TestServer};

fn replay_config(transport: &ReplayTransport) -> amazon_ecs::ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new(
            "AKID",
            "secret",
            Some("session".into()),
            None,
            "test",
        ))
        .transport(transport.clone())
}

/// Calls StopTask with `config` and returns the error, checking nothing was sent.
async fn construction_error(config: Config, transport: &ReplayTransport) -> String {
    let err = Client::new(&config)
        .stop_task()
        .task("t")
        .send()
        .await
        .expect_err("invalid setting");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(transport.requests().is_empty(), "nothing may be sent");
    err.to_string()
}

#[tokio::test]
async fn endpoint_urls_that_are_not_absolute_http_urls_fail_before_sending() {
    for (url, says) in [
        ("localhost:4566", "write it as http://localhost:4566"),
        ("//host", "has no scheme"),
        ("//", "has no scheme"),
        ("http://", "has no host"),
        ("ftp://x", "scheme `ftp`"),
        ("http://key:secret@evil.example/", "user info"),
        ("http://a.example\r\nx-injected: 1", "control"),
    ] {
        let transport = ReplayTransport::new([HttpResponse::new(200, "{}")]);
        let config = replay_config(&transport)
            .region("us-east-1")
            .endpoint_url(url)
            .build();
        let e = construction_error(config, &transport).await;
        assert!(
            e.contains(says) && e.contains("Config::builder().endpoint_url(..)"),
            "{url:?}: {e}"
        );
    }
}

#[tokio::test]
async fn regions_that_are_not_host_labels_fail_before_sending() {
    for region in [
        "evil.example/",
        "x@evil.example/",
        "a#b",
        "x?y",
        "",
        &"a".repeat(64),
        "_",
        "us east 1",
        "ü-1",
        "US-EAST-1",
    ] {
        let transport = ReplayTransport::new([HttpResponse::new(200, "{}")]);
        let config = replay_config(&transport).region(region).build();
        let e = construction_error(config, &transport).await;
        assert!(
            e.contains("Config::builder().region(..)"),
            "{region:?}: {e}"
        );
    }
}

#[tokio::test]
async fn a_good_setting_after_a_bad_one_does_not_hide_it() {
    let transport = ReplayTransport::new([HttpResponse::new(200, "{}")]);
    let config = replay_config(&transport)
        .region("evil.example/")
        .region("us-east-1")
        .build();
    let e = construction_error(config, &transport).await;
    assert!(e.contains("evil.example/"), "{e}");
}

#[tokio::test]
async fn valid_regions_resolve_to_their_own_host() {
    let transport = ReplayTransport::new([HttpResponse::new(200, "{}")]);
    let config = replay_config(&transport).region("eu-west-3").build();
    Client::new(&config)
        .stop_task()
        .task("t")
        .send()
        .await
        .unwrap();
    assert_eq!(
        transport.requests()[0].uri,
        "https://ecs.eu-west-3.amazonaws.com"
    );
}

async fn run_task_response(
    body: &str,
) -> Result<amazon_ecs::operation::run_task::RunTaskOutput, String> {
    let server = TestServer::start(vec![Reply::json(200, body)]).await;
    client(&server)
        .run_task()
        .task_definition("td")
        .send()
        .await
        .map_err(|e| {
            assert!(matches!(e, SdkError::ResponseError(_)), "{e:?}");
            format!(
                "{e} / {:?}",
                std::error::Error::source(&e).map(|s| s.to_string())
            )
        })
}

#[tokio::test]
async fn a_json_array_is_never_a_structure() {
    for body in [
        "[]",
        r#"[[{"taskArn":"x"}]]"#,
        r#"{"tasks":[["arn","x"]]}"#,
        r#"{"tasks":[{"containers":[["c"]]}]}"#,
    ] {
        let e = run_task_response(body).await.expect_err(body);
        assert!(e.contains("expected struct"), "{body}: {e}");
    }
}

#[tokio::test]
async fn out_of_range_timestamps_are_errors_naming_the_member() {
    let e = run_task_response(r#"{"tasks":[{"taskArn":"a"},{"createdAt":1e14}]}"#)
        .await
        .unwrap_err();
    assert!(
        e.contains("tasks[1].createdAt") && e.contains("out of range"),
        "{e}"
    );
}

#[tokio::test]
async fn null_on_a_member_that_is_not_optional_reads_as_its_zero_value() {
    // botocore and the protocol tests read null as absent; `version` is a non-optional long.
    let out = run_task_response(
        r#"{"tasks":[{"version":null,"taskArn":"a","containers":[{"exitCode":null,"name":null}]}]}"#,
    )
    .await
    .unwrap();
    let task = &out.tasks.unwrap()[0];
    assert_eq!(task.version, 0);
    assert_eq!(task.task_arn.as_deref(), Some("a"));
}

#[test]
fn from_env_ignores_a_non_utf8_variable_it_does_not_read() {
    use std::os::unix::ffi::OsStrExt;
    // A child process, so this process's environment stays as the other tests expect.
    if std::env::var_os("ECS_TEST_CHILD").is_some() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let config = rt.block_on(Config::from_env()).expect("no panic, no error");
        assert_eq!(config.region(), Some("ap-east-1"));
        let bad = rt.block_on(async {
            // SAFETY: this child process runs this one test on one thread.
            unsafe { std::env::set_var("AWS_REGION", std::ffi::OsStr::from_bytes(b"\xff")) };
            Config::from_env().await.unwrap_err().to_string()
        });
        assert!(bad.contains("AWS_REGION is not valid UTF-8"), "{bad}");
        return;
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "from_env_ignores_a_non_utf8_variable_it_does_not_read",
            "--nocapture",
        ])
        .env("ECS_TEST_CHILD", "1")
        .env("UNRELATED_BINARY", std::ffi::OsStr::from_bytes(b"\xff\xfe"))
        .env("AWS_REGION", "ap-east-1")
        .env("HOME", "/nonexistent")
        .env_remove("AWS_PROFILE")
        .status()
        .unwrap();
    assert!(status.success(), "the child test failed");
}
