//! The client over real sockets: AWS standard retries (which faults, the same client token and
//! invocation id on every attempt, max attempts, the quota) and timeouts.

use std::time::{Duration, Instant};

use amazon_ecs::error::{SdkError, TimeoutKind};
use amazon_ecs::operation::run_task::RunTaskError;
use amazon_ecs::{Client, Config, Credentials, RetryConfig, TimeoutConfig};
use ecs_tests::client::*;
use ecs_tests::server::{Reply, TestServer};

#[tokio::test]
async fn truncated_body_is_retried_then_a_dispatch_error() {
    let server = TestServer::start(vec![
        Reply::truncated("{\"tasks\":[", 500),
        Reply::truncated("{", 100),
        Reply::truncated("", 10),
    ])
    .await;
    let err = client(&server)
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(
        err.to_string().starts_with(
            "RunTask failed after 3 attempt(s): connection failed during the exchange"
        ),
        "{err}"
    );
    assert_eq!(server.requests().len(), 3);
}

/// Faults that are retried with the same client token and invocation id, then succeed.
#[tokio::test]
async fn transient_faults_are_retried_with_the_same_token() {
    for fault in [
        Reply::error(500, "InternalFailure", "boom"),
        Reply::error(503, "ServiceUnavailable", "busy"),
        Reply::error(400, "ThrottlingException", "slow down"),
        Reply::reset(),
        Reply::Delay(
            Duration::from_millis(800),
            Box::new(Reply::json(200, RUN_TASK_OK)),
        ),
    ] {
        let label = format!("{fault:?}").chars().take(60).collect::<String>();
        let server = TestServer::start(vec![fault, Reply::json(200, RUN_TASK_OK)]).await;
        let timeouts = TimeoutConfig {
            attempt: Some(Duration::from_millis(300)),
            ..TimeoutConfig::default()
        };
        let c = Client::new(&config(&server, fast_retries(3), timeouts));
        c.run_task()
            .task_definition("td")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let r = server.requests();
        assert_eq!(r.len(), 2, "{label}");
        assert_eq!(
            r[0].json()["clientToken"],
            r[1].json()["clientToken"],
            "{label}"
        );
        assert_eq!(
            r[0].header("amz-sdk-invocation-id"),
            r[1].header("amz-sdk-invocation-id"),
            "{label}"
        );
        assert_eq!(
            (
                r[0].header("amz-sdk-request"),
                r[1].header("amz-sdk-request")
            ),
            (Some("attempt=1; max=3"), Some("attempt=2; max=3")),
            "{label}"
        );
        assert_ne!(r[0].header("authorization"), None);
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::start(vec![
        Reply::error(400, "ClientException", "bad"),
        Reply::json(200, "{}"),
    ])
    .await;
    let err = client(&server)
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.as_service_error(),
        Some(RunTaskError::ClientException(_))
    ));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn max_attempts_and_disabled_retries_are_honoured() {
    let failures = || {
        (0..10)
            .map(|_| Reply::error(503, "ServiceUnavailable", "busy"))
            .collect::<Vec<_>>()
    };
    let server = TestServer::start(failures()).await;
    let c = Client::new(&config(&server, fast_retries(5), TimeoutConfig::default()));
    assert!(c.run_task().task_definition("td").send().await.is_err());
    assert_eq!(server.requests().len(), 5);
    assert_eq!(
        server.requests()[4].header("amz-sdk-request"),
        Some("attempt=5; max=5")
    );

    let server = TestServer::start(failures()).await;
    let c = Client::new(&config(
        &server,
        RetryConfig::disabled(),
        TimeoutConfig::default(),
    ));
    assert!(c.run_task().task_definition("td").send().await.is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retry_quota_runs_dry() {
    // 500 tokens at 5 per retry: 100 retries, then the call gives up although attempts remain.
    let server = TestServer::start(
        (0..300)
            .map(|_| Reply::error(500, "InternalFailure", "x"))
            .collect(),
    )
    .await;
    let retry = RetryConfig {
        max_attempts: 1000,
        initial_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
        ..RetryConfig::default()
    };
    let c = Client::new(&config(&server, retry, TimeoutConfig::default()));
    assert!(c.run_task().task_definition("td").send().await.is_err());
    assert_eq!(server.requests().len(), 101);
    assert!(c.run_task().task_definition("td").send().await.is_err());
    assert_eq!(
        server.requests().len(),
        102,
        "an empty quota means no retries at all"
    );
}

#[tokio::test]
async fn attempt_and_operation_timeouts_bound_the_call() {
    let stall = || Reply::Delay(Duration::from_secs(30), Box::new(Reply::json(200, "{}")));
    let server = TestServer::start(vec![stall(), stall(), stall()]).await;
    let timeouts = TimeoutConfig {
        attempt: Some(Duration::from_millis(200)),
        ..TimeoutConfig::default()
    };
    let c = Client::new(&config(&server, fast_retries(3), timeouts));
    let started = Instant::now();
    let err = c.run_task().task_definition("td").send().await.unwrap_err();
    assert!(
        matches!(&err, SdkError::TimeoutError(t) if t.kind() == TimeoutKind::Attempt),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 3);

    let server = TestServer::start(vec![stall()]).await;
    let timeouts = TimeoutConfig {
        operation: Some(Duration::from_millis(300)),
        ..TimeoutConfig::default()
    };
    let c = Client::new(&config(&server, fast_retries(3), timeouts));
    let started = Instant::now();
    let err = c.run_task().task_definition("td").send().await.unwrap_err();
    assert!(
        matches!(&err, SdkError::TimeoutError(t) if t.kind() == TimeoutKind::Operation),
        "{err:?}"
    );
    assert!(err.to_string().contains("operation timeout"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn connection_refused_is_a_dispatch_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let c = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("a", "b", None, None, "t"))
            .endpoint_url(url)
            .retry_config(fast_retries(2))
            .build(),
    );
    let err = c.stop_task().task("t").send().await.unwrap_err();
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("after 2 attempt(s): could not connect"),
        "{err}"
    );
}
