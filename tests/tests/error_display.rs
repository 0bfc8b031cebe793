//! What a user reads when a call fails: the `Display` of each `SdkError` variant, exactly, and
//! the chain under it, which never repeats a line (a program that prints an error and then
//! each `source()` used to print the first line twice), through `DisplayErrorContext` too.

use std::error::Error as _;
use std::time::Duration;

use amazon_ecs::error::{DisplayErrorContext, SdkError};
use amazon_ecs::{Client, TimeoutConfig};
use ecs_tests::client::{config, fast_retries};
use ecs_tests::server::{Reply, TestServer};

/// The error and each source, one line each, as a program prints them.
fn chain(err: &dyn std::error::Error) -> Vec<String> {
    let mut lines = vec![err.to_string()];
    let mut next = err.source();
    while let Some(cause) = next {
        lines.push(cause.to_string());
        next = cause.source();
    }
    lines
}

fn assert_no_line_twice(err: &dyn std::error::Error) {
    let lines = chain(err);
    for (i, line) in lines.iter().enumerate() {
        assert!(
            !lines[..i].contains(line),
            "`{line}` is printed twice: {lines:#?}"
        );
    }
}

#[tokio::test]
async fn a_service_error_says_code_message_status_and_request_id() {
    let server = TestServer::start(vec![
        // The scripted server's request id is `req-<status>`.
        Reply::error(400, "ClusterNotFoundException", "Cluster not found."),
    ])
    .await;
    let client = Client::new(&config(&server, fast_retries(1), TimeoutConfig::default()));
    let err = client
        .run_task()
        .task_definition("t")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "RunTask failed: ClusterNotFoundException: Cluster not found. (HTTP 400, request id req-400)"
    );
    assert_no_line_twice(&err);
    assert_eq!(
        DisplayErrorContext(&err).to_string(),
        "RunTask failed: ClusterNotFoundException: Cluster not found. (HTTP 400, request id req-400)"
    );
}

#[tokio::test]
async fn a_construction_failure_says_what_was_not_sent_and_why() {
    let server = TestServer::start(vec![]).await;
    let client = Client::new(&config(&server, fast_retries(1), TimeoutConfig::default()));
    let err = client.run_task().send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "RunTask was not sent: cannot build RunTaskInput: required member `taskDefinition` not set"
    );
    assert_no_line_twice(&err);
    assert_eq!(
        err.source().map(ToString::to_string).as_deref(),
        Some("cannot build RunTaskInput: required member `taskDefinition` not set")
    );
}

#[tokio::test]
async fn a_dispatch_failure_says_how_many_attempts_and_what_the_transport_said() {
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = amazon_ecs::Config::builder()
        .region("us-east-1")
        .credentials(amazon_ecs::Credentials::new("AKID", "s", None, None, "t"))
        .endpoint_url(&url)
        .retry_config(fast_retries(2))
        .build();
    let err = Client::new(&config)
        .run_task()
        .task_definition("t")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.starts_with("RunTask failed after 2 attempt(s): "),
        "{shown}"
    );
    assert_no_line_twice(&err);
    let context = DisplayErrorContext(&err).to_string();
    assert!(context.starts_with(&shown), "{context}");
}

#[tokio::test]
async fn a_timeout_says_which_limit_and_how_long() {
    let server = TestServer::start(vec![Reply::Delay(
        Duration::from_secs(5),
        Box::new(Reply::json(200, "{}")),
    )])
    .await;
    let timeouts = TimeoutConfig::builder()
        .operation_timeout(Duration::from_millis(50))
        .build();
    let client = Client::new(&config(&server, fast_retries(1), timeouts));
    let err = client
        .run_task()
        .task_definition("t")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "RunTask timed out: no response within the operation timeout of 50ms"
    );
    assert_eq!(chain(&err).len(), 1, "nothing under it");
}

#[tokio::test]
async fn a_response_error_says_status_request_id_and_what_was_wrong() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"tasks": 7}"#)]).await;
    let client = Client::new(&config(&server, fast_retries(1), TimeoutConfig::default()));
    let err = client
        .run_task()
        .task_definition("t")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.starts_with("RunTask got an invalid response (HTTP 200, request id req-200): tasks: invalid type: integer `7`, expected a sequence"),
        "{shown}"
    );
    assert_no_line_twice(&err);
}

/// A response whose body stops halfway: headers and 10 of 100 promised bytes, then silence.
fn stalled() -> Reply {
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: application/x-amz-json-1.1\r\n\r\n{\"tasks\":[";
    Reply::Stall(head.as_bytes().to_vec(), Duration::from_secs(5))
}

#[tokio::test]
async fn a_stalled_body_fails_the_attempt_after_the_grace_period() {
    use amazon_ecs::config::StalledStreamProtectionConfig;
    let server = TestServer::start(vec![stalled()]).await;
    let config = config(&server, fast_retries(1), TimeoutConfig::default())
        .to_builder()
        .stalled_stream_protection(
            StalledStreamProtectionConfig::enabled()
                .grace_period(Duration::from_millis(200))
                .build(),
        )
        .build();
    let started = std::time::Instant::now();
    let err = Client::new(&config)
        .run_task()
        .task_definition("t")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(
        DisplayErrorContext(&err)
            .to_string()
            .contains("the response body sent nothing for 200ms (stalled-stream protection"),
        "{}",
        DisplayErrorContext(&err)
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "not the 5 s stall"
    );
}

#[tokio::test]
async fn without_protection_a_stalled_body_waits_for_the_timeout() {
    use amazon_ecs::config::StalledStreamProtectionConfig;
    let server = TestServer::start(vec![stalled()]).await;
    let timeouts = TimeoutConfig::builder()
        .operation_timeout(Duration::from_millis(600))
        .build();
    let config = config(&server, fast_retries(1), timeouts)
        .to_builder()
        .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
        .build();
    let err = Client::new(&config)
        .run_task()
        .task_definition("t")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
}
