//! The client over real sockets: the exact request on the wire, responses and errors as a user
//! sees them, retries, timeouts and idempotency. The server is `ecs_tests::server`, a scripted
//! HTTP/1.1 server on 127.0.0.1.

use std::time::{Duration, Instant};

use amazon_ecs::error::{SdkError, TimeoutKind};
use amazon_ecs::operation::run_task::RunTaskError;
use amazon_ecs::types::{
    AwsVpcConfiguration, ContainerOverride, KeyValuePair, LaunchType, NetworkConfiguration,
    TaskOverride,
};
use amazon_ecs::{Client, Config, Credentials, RetryConfig, TimeoutConfig};
use ecs_tests::server::{Recorded, Reply, TestServer};
use serde_json::json;

const ACCESS_KEY: &str = "AKIDTESTVALUE";
const SECRET_KEY: &str = "secret/TEST+value";

fn fast_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryConfig::default()
    }
}

fn config(server: &TestServer, retry: RetryConfig, timeouts: TimeoutConfig) -> Config {
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

fn client(server: &TestServer) -> Client {
    Client::new(&config(server, fast_retries(3), TimeoutConfig::default()))
}

const RUN_TASK_OK: &str = r#"{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123:task/default/abc","lastStatus":"PROVISIONING","desiredStatus":"RUNNING","launchType":"FARGATE","createdAt":1700000000.5,"containers":[{"name":"app","lastStatus":"PENDING"}]}],"failures":[{"arn":"arn:aws:ecs:us-east-1:123:container-instance/x","reason":"RESOURCE:MEMORY","detail":"not enough memory"}]}"#;

fn assert_signed(request: &Recorded) {
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

#[tokio::test]
async fn run_task_request_on_the_wire() {
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    let out = client(&server)
        .run_task()
        .cluster("prod")
        .task_definition("sleep360:1")
        .count(2)
        .launch_type(LaunchType::Fargate)
        .network_configuration(
            NetworkConfiguration::builder()
                .awsvpc_configuration(
                    AwsVpcConfiguration::builder()
                        .subnets("subnet-1")
                        .security_groups("sg-1")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .overrides(
            TaskOverride::builder()
                .container_overrides(
                    ContainerOverride::builder()
                        .name("app")
                        .command("echo 你好 ✓")
                        .environment(
                            KeyValuePair::builder()
                                .name("PASSWORD")
                                .value("hunter2-on-the-wire")
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("RunTask succeeds");
    assert_eq!(
        out.tasks.as_ref().unwrap()[0].launch_type,
        Some(LaunchType::Fargate)
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(
        r.header("x-amz-target"),
        Some("AmazonEC2ContainerServiceV20141113.RunTask")
    );
    assert_eq!(
        r.header("host"),
        Some(server.url().trim_start_matches("http://"))
    );
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
    assert!(
        r.header("amz-sdk-invocation-id")
            .is_some_and(|id| id.len() == 36)
    );
    assert!(
        r.header("user-agent")
            .is_some_and(|ua| ua.starts_with("amazon-ecs/"))
    );
    assert_signed(r);
    let body = r.json();
    let token = body["clientToken"]
        .as_str()
        .expect("clientToken filled in")
        .to_owned();
    assert!(uuid_v4(&token), "{token}");
    assert_eq!(
        body,
        json!({
            "cluster": "prod",
            "taskDefinition": "sleep360:1",
            "count": 2,
            "launchType": "FARGATE",
            "networkConfiguration": { "awsvpcConfiguration": { "subnets": ["subnet-1"], "securityGroups": ["sg-1"] } },
            "overrides": { "containerOverrides": [{ "name": "app", "command": ["echo 你好 ✓"], "environment": [{ "name": "PASSWORD", "value": "hunter2-on-the-wire" }] }] },
            "clientToken": token,
        })
    );
}

/// Every one of RunTask's 19 input members, set through the fluent builder, on the wire.
#[tokio::test]
async fn run_task_with_every_member_on_the_wire() {
    use amazon_ecs::types::*;
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    client(&server)
        .run_task()
        .capacity_provider_strategy(
            CapacityProviderStrategyItem::builder()
                .capacity_provider("FARGATE")
                .weight(1)
                .build()
                .unwrap(),
        )
        .cluster("c")
        .count(1)
        .enable_ecs_managed_tags(true)
        .enable_execute_command(true)
        .group("g")
        .launch_type(LaunchType::External)
        .network_configuration(
            NetworkConfiguration::builder()
                .awsvpc_configuration(AwsVpcConfiguration::builder().subnets("s").build().unwrap())
                .build()
                .unwrap(),
        )
        .overrides(TaskOverride::builder().memory("1024").build().unwrap())
        .placement_constraints(
            PlacementConstraint::builder()
                .r#type(PlacementConstraintType::DistinctInstance)
                .build()
                .unwrap(),
        )
        .placement_strategy(
            PlacementStrategy::builder()
                .r#type(PlacementStrategyType::Binpack)
                .field("memory")
                .build()
                .unwrap(),
        )
        .platform_version("LATEST")
        .propagate_tags(PropagateTags::None)
        .reference_id("r")
        .started_by("me")
        .tags(Tag::builder().key("k").value("v").build().unwrap())
        .task_definition("td:7")
        .client_token("token-19")
        .volume_configurations(
            TaskVolumeConfiguration::builder()
                .name("v")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].json(),
        json!({
            "capacityProviderStrategy": [{ "capacityProvider": "FARGATE", "weight": 1 }],
            "cluster": "c",
            "count": 1,
            "enableECSManagedTags": true,
            "enableExecuteCommand": true,
            "group": "g",
            "launchType": "EXTERNAL",
            "networkConfiguration": { "awsvpcConfiguration": { "subnets": ["s"] } },
            "overrides": { "memory": "1024" },
            "placementConstraints": [{ "type": "distinctInstance" }],
            "placementStrategy": [{ "type": "binpack", "field": "memory" }],
            "platformVersion": "LATEST",
            "propagateTags": "NONE",
            "referenceId": "r",
            "startedBy": "me",
            "tags": [{ "key": "k", "value": "v" }],
            "taskDefinition": "td:7",
            "clientToken": "token-19",
            "volumeConfigurations": [{ "name": "v" }],
        })
    );
}

fn uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts[2].starts_with('4')
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

#[tokio::test]
async fn inputs_with_few_members_and_other_operations() {
    let server = TestServer::start(vec![
        Reply::json(200, "{}"),
        Reply::json(200, ""),
        Reply::json(200, r#"{"task":{"taskArn":"t","lastStatus":"STOPPED"}}"#),
    ])
    .await;
    let c = client(&server);
    c.run_task()
        .task_definition("td")
        .client_token("mine")
        .send()
        .await
        .unwrap();
    let out = c
        .describe_tasks()
        .tasks("t1")
        .tasks("t2")
        .include(amazon_ecs::types::TaskField::Tags)
        .send()
        .await
        .unwrap();
    assert_eq!(out.tasks, None, "an empty body is an empty output");
    let stopped = c.stop_task().task("t").reason("done").send().await.unwrap();
    assert_eq!(
        stopped.task.unwrap().last_status.as_deref(),
        Some("STOPPED")
    );
    let r = server.requests();
    assert_eq!(
        r[0].json(),
        json!({ "taskDefinition": "td", "clientToken": "mine" }),
        "a caller's token is kept"
    );
    assert_eq!(
        r[1].header("x-amz-target"),
        Some("AmazonEC2ContainerServiceV20141113.DescribeTasks")
    );
    assert_eq!(
        r[1].json(),
        json!({ "tasks": ["t1", "t2"], "include": ["TAGS"] })
    );
    assert_eq!(r[2].json(), json!({ "task": "t", "reason": "done" }));
}

#[tokio::test]
async fn missing_required_member_fails_before_sending() {
    let server = TestServer::start(vec![]).await;
    let err = client(&server)
        .run_task()
        .cluster("c")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "RunTask was not sent: cannot build RunTaskRequest: required member `taskDefinition` not set"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn missing_region_or_credentials_is_a_clear_error() {
    let server = TestServer::start(vec![]).await;
    let no_region = Client::from_conf(
        Config::builder()
            .credentials(Credentials::new("a", "b", None, None, "t"))
            .build(),
    );
    let err = no_region.stop_task().task("t").send().await.unwrap_err();
    assert!(err.to_string().contains("no region is configured"), "{err}");
    let no_creds = Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(server.url())
            .build(),
    );
    let err = no_creds.stop_task().task("t").send().await.unwrap_err();
    assert!(
        err.to_string().contains("no credentials are configured"),
        "{err}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn describe_tasks_with_one_hundred_tasks() {
    let tasks: Vec<_> = (0..100).map(|i| json!({ "taskArn": format!("arn:task/{i}"), "lastStatus": "RUNNING", "containers": [{ "name": "c" }] })).collect();
    let server = TestServer::start(vec![Reply::json(
        200,
        &json!({ "tasks": tasks, "failures": [] }).to_string(),
    )])
    .await;
    let out = client(&server)
        .describe_tasks()
        .cluster("c")
        .set_tasks(Some((0..100).map(|i| format!("arn:task/{i}")).collect()))
        .send()
        .await
        .unwrap();
    let tasks = out.tasks.unwrap();
    assert_eq!(tasks.len(), 100);
    assert_eq!(tasks[99].task_arn.as_deref(), Some("arn:task/99"));
    assert_eq!(
        server.requests()[0].json()["tasks"]
            .as_array()
            .unwrap()
            .len(),
        100
    );
}

#[tokio::test]
async fn full_run_task_response_with_failures() {
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    let out = client(&server)
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap();
    let task = &out.tasks.as_ref().unwrap()[0];
    assert_eq!(
        task.task_arn.as_deref(),
        Some("arn:aws:ecs:us-east-1:123:task/default/abc")
    );
    assert_eq!(
        task.created_at.unwrap().to_string(),
        "2023-11-14T22:13:20.500Z"
    );
    let failure = &out.failures.as_ref().unwrap()[0];
    assert_eq!(
        (failure.reason.as_deref(), failure.detail.as_deref()),
        (Some("RESOURCE:MEMORY"), Some("not enough memory"))
    );
}

#[tokio::test]
async fn every_modeled_run_task_error_is_its_variant() {
    let codes = [
        "AccessDeniedException",
        "BlockedException",
        "ClientException",
        "ClusterNotFoundException",
        "ConflictException",
        "InvalidParameterException",
        "PlatformTaskDefinitionIncompatibilityException",
        "PlatformUnknownException",
        "ServerException",
        "UnsupportedFeatureException",
    ];
    // ServerException is a 500 and is retried; give it three chances to fail.
    let mut replies = Vec::new();
    for code in codes {
        let status = if code == "ServerException" { 500 } else { 400 };
        for _ in 0..if status == 500 { 3 } else { 1 } {
            replies.push(Reply::error(
                status,
                &format!("com.amazonaws.ecs#{code}"),
                &format!("about {code}"),
            ));
        }
    }
    let server = TestServer::start(replies).await;
    let c = client(&server);
    for code in codes {
        let err = c.run_task().task_definition("td").send().await.unwrap_err();
        let meta = err.meta().expect("service error").clone();
        let service = err.into_service_error().expect("service error");
        assert_eq!(service.code(), Some(code));
        assert_eq!(service.message(), Some(format!("about {code}").as_str()));
        let matched = matches!(
            (&service, code),
            (
                RunTaskError::AccessDeniedException(_),
                "AccessDeniedException"
            ) | (RunTaskError::BlockedException(_), "BlockedException")
                | (RunTaskError::ClientException(_), "ClientException")
                | (
                    RunTaskError::ClusterNotFoundException(_),
                    "ClusterNotFoundException"
                )
                | (RunTaskError::ConflictException(_), "ConflictException")
                | (
                    RunTaskError::InvalidParameterException(_),
                    "InvalidParameterException"
                )
                | (
                    RunTaskError::PlatformTaskDefinitionIncompatibilityException(_),
                    "PlatformTaskDefinitionIncompatibilityException",
                )
                | (
                    RunTaskError::PlatformUnknownException(_),
                    "PlatformUnknownException"
                )
                | (RunTaskError::ServerException(_), "ServerException")
                | (
                    RunTaskError::UnsupportedFeatureException(_),
                    "UnsupportedFeatureException"
                )
        );
        assert!(matched, "{code} became {service:?}");
        assert_eq!(
            meta.request_id(),
            Some(if code == "ServerException" {
                "req-500"
            } else {
                "req-400"
            })
        );
    }
}

#[tokio::test]
async fn unknown_code_and_code_precedence() {
    let server = TestServer::start(vec![
        Reply::error(400, "SomethingNewException", "new"),
        Reply::error(400, "aws#ClusterNotFoundException", "by type").header(
            "X-Amzn-Errortype",
            "InvalidParameterException:http://internal.amazon.com/",
        ),
    ])
    .await;
    let c = client(&server);
    let err = c.run_task().task_definition("td").send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "RunTask failed: SomethingNewException: new (HTTP 400, request id req-400)"
    );
    match err.into_service_error() {
        Some(RunTaskError::Unhandled(e)) => assert_eq!(
            (e.meta().code(), e.meta().status()),
            (Some("SomethingNewException"), 400)
        ),
        other => panic!("{other:?}"),
    }
    let err = c.run_task().task_definition("td").send().await.unwrap_err();
    assert!(
        matches!(
            err.as_service_error(),
            Some(RunTaskError::InvalidParameterException(_))
        ),
        "header wins over __type: {err:?}"
    );
}

#[tokio::test]
async fn html_error_page_is_a_typed_error() {
    let html = Reply::Response {
        status: 500,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: b"<html><body><h1>500 Internal Server Error</h1></body></html>".to_vec(),
    };
    let server = TestServer::start(vec![html.clone(), html.clone(), html]).await;
    let err = client(&server)
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 3, "500 is retried");
    let meta = err.meta().expect("service error");
    assert_eq!((meta.status(), meta.code()), (500, None));
    assert!(matches!(
        err.as_service_error(),
        Some(RunTaskError::Unhandled(_))
    ));
    assert!(
        err.to_string()
            .starts_with("RunTask failed: HTTP 500 without an error code"),
        "{err}"
    );
}

#[tokio::test]
async fn invalid_json_on_200_is_a_response_error_and_not_retried() {
    let server = TestServer::start(vec![Reply::json(200, "{\"tasks\": [ oops")]).await;
    let err = client(&server)
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("RunTask got an invalid response (HTTP 200, request id req-200)"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 1);
    let server = TestServer::start(vec![Reply::json(200, r#"{"tasks":"not a list"}"#)]).await;
    let err = client(&server)
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
}

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
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
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
        matches!(&err, SdkError::Timeout(t) if t.kind() == TimeoutKind::Attempt),
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
        matches!(&err, SdkError::Timeout(t) if t.kind() == TimeoutKind::Operation),
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
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("after 2 attempt(s): could not connect"),
        "{err}"
    );
}

#[tokio::test]
async fn no_secret_reaches_debug_output() {
    let server = TestServer::start(vec![]).await;
    let config = config(&server, fast_retries(1), TimeoutConfig::default());
    let c = Client::new(&config);
    let fluent = c.run_task().task_definition("td").overrides(
        TaskOverride::builder()
            .container_overrides(
                ContainerOverride::builder()
                    .environment(
                        KeyValuePair::builder()
                            .name("K")
                            .value("env-secret-value")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap(),
    );
    let debug = format!(
        "{config:?} {c:?} {fluent:?} {:?}",
        Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some("session-TOKEN-value".into()),
            None,
            "t"
        )
    );
    for secret in [SECRET_KEY, "session-TOKEN-value", "env-secret-value"] {
        assert!(!debug.contains(secret), "{secret} leaked: {debug}");
    }
    let request = amazon_ecs::http::HttpRequest {
        method: "POST".into(),
        url: "https://x".into(),
        headers: vec![
            (
                "authorization".into(),
                "AWS4-HMAC-SHA256 Signature=abc".into(),
            ),
            ("x-amz-security-token".into(), "session-TOKEN-value".into()),
        ],
        body: vec![],
    };
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("Signature=abc") && !debug.contains("session-TOKEN-value"),
        "{debug}"
    );
}

#[tokio::test]
async fn replay_transport_test_double() {
    use amazon_ecs::http::{HttpResponse, ReplayTransport};
    let transport = ReplayTransport::new([HttpResponse::new(200, RUN_TASK_OK)]);
    let c = Client::from_conf(
        Config::builder()
            .region("eu-west-1")
            .credentials(Credentials::new("a", "b", None, None, "t"))
            .transport(transport.clone())
            .build(),
    );
    let out = c.run_task().task_definition("td").send().await.unwrap();
    assert_eq!(out.tasks.unwrap().len(), 1);
    let sent = transport.requests();
    assert_eq!(sent[0].url, "https://ecs.eu-west-1.amazonaws.com");
    assert_eq!(
        sent[0].header("x-amz-target"),
        Some("AmazonEC2ContainerServiceV20141113.RunTask")
    );
}

#[test]
fn sigv4_matches_an_independent_implementation() {
    let path = ecs_tests::workspace_root().join("tests/fixtures/sigv4/sigv4_known_answer.json");
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = |k: &str| case[k].as_str().unwrap().to_owned();
    let mut request = amazon_ecs::http::HttpRequest {
        method: s("method"),
        url: s("url"),
        headers: case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_owned(),
                    h[1].as_str().unwrap().to_owned(),
                )
            })
            .collect(),
        body: s("body").into_bytes(),
    };
    let credentials = Credentials::new(
        s("access_key_id"),
        s("secret_access_key"),
        None,
        None,
        "fixture",
    );
    // 2026-01-02T03:04:05Z
    let time = std::time::UNIX_EPOCH + Duration::from_secs(1_767_323_045);
    aws_json_runtime::sign::sign_request(
        &mut request,
        &credentials,
        &s("region"),
        &s("service"),
        time,
    )
    .unwrap();
    assert_eq!(
        request.header("x-amz-date"),
        Some(s("expected_x_amz_date").as_str())
    );
    assert_eq!(
        request.header("authorization"),
        Some(s("expected_authorization").as_str())
    );
}
