//! The calling code of `ecs_compat::calls`, written for `aws-sdk-ecs`, run against our crate
//! and a scripted server: the requests it sends and the values and errors it sees.

use std::time::Duration;

use ecs_compat::calls::{self, Outcome, Started};
use ecs_tests::server::{Reply, TestServer};
use serde_json::json;

const TASK_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:task/prod/0a1b";

#[tokio::test]
async fn run_task_sends_what_the_builders_set_and_reads_outputs_through_accessors() {
    let body = json!({
        "tasks": [
            { "taskArn": TASK_ARN, "lastStatus": "PROVISIONING" },
            { "taskArn": format!("{TASK_ARN}2") }
        ],
        "failures": [{ "arn": "arn:aws:ecs:us-east-1:123456789012:container-instance/x", "reason": "RESOURCE:MEMORY" }]
    });
    let server = TestServer::start(vec![Reply::json(200, &body.to_string())]).await;
    let client = calls::client_for(server.url(), None);
    let started = calls::start(&client, "prod", "web:3", "subnet-9", 2)
        .await
        .unwrap();
    assert_eq!(
        started,
        Started {
            task_arns: vec![TASK_ARN.to_owned(), format!("{TASK_ARN}2")],
            failures: vec![(
                "arn:aws:ecs:us-east-1:123456789012:container-instance/x".to_owned(),
                "RESOURCE:MEMORY".to_owned()
            )],
        }
    );
    let sent = &server.requests()[0];
    assert_eq!(
        sent.header("x-amz-target"),
        Some("AmazonEC2ContainerServiceV20141113.RunTask")
    );
    let mut sent_body = sent.json();
    assert!(
        sent_body["clientToken"]
            .as_str()
            .is_some_and(|t| t.len() == 36),
        "{sent_body}"
    );
    sent_body.as_object_mut().unwrap().remove("clientToken");
    assert_eq!(
        sent_body,
        json!({
            "cluster": "prod",
            "taskDefinition": "web:3",
            "launchType": "FARGATE",
            "count": 2,
            "networkConfiguration": { "awsvpcConfiguration": {
                "subnets": ["subnet-9"], "securityGroups": ["sg-0123"], "assignPublicIp": "ENABLED"
            } },
            "overrides": { "containerOverrides": [{
                "name": "app",
                "command": ["echo", "hello"],
                "environment": [{ "name": "MODE", "value": "compat" }]
            }] },
            "tags": [{ "key": "team", "value": "platform" }],
            "startedBy": "compat-test"
        })
    );
}

#[tokio::test]
async fn describe_and_stop_read_every_kind_of_accessor() {
    let describe = json!({
        "tasks": [{
            "taskArn": TASK_ARN, "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
            "launchType": "FARGATE", "cpu": "256", "createdAt": 1700000000.25, "version": 4,
            "enableExecuteCommand": true,
            "tags": [{ "key": "team", "value": "platform" }],
            "containers": [
                { "name": "app", "lastStatus": "STOPPED", "exitCode": 137, "reason": "OOM" },
                { "name": "sidecar", "lastStatus": "STOPPED" }
            ]
        }],
        "failures": [{ "arn": "arn:aws:ecs:us-east-1:123456789012:task/prod/gone", "reason": "MISSING" }]
    });
    let stop = json!({ "task": { "taskArn": TASK_ARN, "desiredStatus": "STOPPED" } });
    let server = TestServer::start(vec![
        Reply::json(200, &describe.to_string()),
        Reply::json(200, &stop.to_string()),
    ])
    .await;
    let client = calls::client_for(server.url(), None);
    let lines = calls::describe(&client, "prod", &[TASK_ARN.to_owned()])
        .await
        .unwrap();
    assert_eq!(
        lines,
        [
            format!(
                "{TASK_ARN} STOPPED -> STOPPED launch=FARGATE cpu=256 created=1700000000 version=4 exec=true tags=team=platform"
            ),
            "  app STOPPED exit=Some(137) reason=OOM".to_owned(),
            "  sidecar STOPPED exit=None reason=-".to_owned(),
            "failure arn:aws:ecs:us-east-1:123456789012:task/prod/gone MISSING".to_owned(),
        ]
    );
    assert_eq!(
        server.requests()[0].json(),
        json!({ "cluster": "prod", "tasks": [TASK_ARN], "include": ["TAGS"] })
    );
    let desired = calls::stop(&client, "prod", TASK_ARN).await.unwrap();
    assert_eq!(desired.as_deref(), Some("STOPPED"));
    assert_eq!(
        server.requests()[1].json(),
        json!({ "cluster": "prod", "task": TASK_ARN, "reason": "stopped by the compat test" })
    );
}

#[tokio::test]
async fn errors_match_by_variant_is_method_code_and_service_wide_error() {
    let server = TestServer::start(vec![
        Reply::error(400, "ClusterNotFoundException", "Cluster not found."),
        Reply::error(400, "InvalidParameterException", "bad count"),
        Reply::error(500, "ServerException", "try again"),
        Reply::error(500, "ServerException", "try again"),
        Reply::error(400, "ClusterNotFoundException", "Cluster not found."),
        Reply::error(400, "ClusterNotFoundException", "no such cluster"),
        Reply::error(400, "SomethingNewException", "new"),
    ])
    .await;
    let client = calls::client_for(server.url(), None);
    assert_eq!(
        calls::classify(&client, "missing").await,
        Outcome::NoSuchCluster {
            message: Some("Cluster not found.".into()),
            status: Some(400)
        }
    );
    assert_eq!(
        calls::classify(&client, "prod").await,
        Outcome::Invalid {
            code: Some("InvalidParameterException".into()),
            message: Some("bad count".into())
        }
    );
    assert_eq!(
        calls::classify(&client, "prod").await,
        Outcome::OtherService {
            code: Some("ServerException".into()),
            retryable_server: true,
            request_id: Some("req-500".into())
        },
        "a ServerException is retried once (two attempts), then reported"
    );
    assert_eq!(
        calls::service_error_code(&client, "missing")
            .await
            .as_deref(),
        Some("cluster not found: Cluster not found.")
    );
    assert_eq!(
        calls::start_or_explain(&client, "missing").await,
        "no cluster: no such cluster"
    );
    assert_eq!(
        calls::start_or_explain(&client, "prod").await,
        "other: Some(\"SomethingNewException\") Some(\"new\")"
    );
    assert_eq!(server.requests().len(), 7);
}

#[tokio::test]
async fn timeouts_and_dispatch_failures_are_their_variants() {
    let slow = TestServer::start(vec![Reply::Delay(
        Duration::from_secs(5),
        Box::new(Reply::json(200, "{}")),
    )])
    .await;
    let client = calls::client_for(slow.url(), Some(Duration::from_millis(200)));
    assert_eq!(calls::classify(&client, "prod").await, Outcome::Timeout);

    // A port nobody listens on: the connection is refused on every attempt.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = calls::client_for(&url, None);
    assert_eq!(calls::classify(&client, "prod").await, Outcome::Dispatch);
    // into_service_error() turns a failure that is not a service error into the
    // operation's unhandled variant, which has no code.
    assert_eq!(
        calls::service_error_code(&client, "prod").await.as_deref(),
        Some("(none)")
    );
}

#[tokio::test]
async fn the_waiter_and_the_paginator_have_the_official_names() {
    let server = TestServer::start(vec![
        Reply::json(
            200,
            &json!({ "tasks": [{ "taskArn": TASK_ARN, "lastStatus": "RUNNING" }] }).to_string(),
        ),
        Reply::json(
            200,
            &json!({ "taskArns": ["a", "b"], "nextToken": "t1" }).to_string(),
        ),
        Reply::json(200, &json!({ "taskArns": ["c"] }).to_string()),
    ])
    .await;
    let client = calls::client_for(server.url(), None);
    let statuses = calls::wait_running(&client, "prod", &[TASK_ARN.to_owned()])
        .await
        .unwrap();
    assert_eq!(statuses, ["RUNNING"]);
    assert_eq!(
        calls::list_all(&client, "prod").await.unwrap(),
        ["a", "b", "c"]
    );
    let sent = server.requests();
    assert_eq!(
        sent[0].header("x-amz-target"),
        Some("AmazonEC2ContainerServiceV20141113.DescribeTasks")
    );
    assert_eq!(
        sent[1].json(),
        json!({ "cluster": "prod", "maxResults": 2 })
    );
    assert_eq!(
        sent[2].json(),
        json!({ "cluster": "prod", "maxResults": 2, "nextToken": "t1" })
    );
}

#[test]
fn a_pinned_behavior_version_is_accepted_and_ordered() {
    let (pinned, latest_is_at_least) = ecs_compat::calls::pinned_behavior_version();
    assert!(latest_is_at_least);
    let _config = aws_sdk_ecs::Config::builder()
        .behavior_version(pinned)
        .build();
}

#[tokio::test]
async fn outputs_carry_the_request_id_of_their_response() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"task":{}}"#)]).await;
    let client = calls::client_for(server.url(), None);
    let id = calls::stop_request_id(&client, "prod", TASK_ARN)
        .await
        .unwrap();
    assert_eq!(id.as_deref(), Some("req-200"));
}

#[tokio::test]
async fn adaptive_mode_retries_a_throttled_call_until_it_succeeds() {
    let server = TestServer::start(vec![
        Reply::error(400, "ThrottlingException", "Rate exceeded"),
        Reply::json(200, r#"{"task":{}}"#),
    ])
    .await;
    let client = calls::adaptive_client(server.url());
    calls::stop(&client, "prod", TASK_ARN).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_classifier_retries_what_the_built_in_ones_do_not() {
    let server = TestServer::start(vec![
        Reply::error(400, "ConflictException", "try again"),
        Reply::error(400, "ConflictException", "try again"),
        Reply::json(200, r#"{"tasks":[],"failures":[]}"#),
    ])
    .await;
    let client = calls::client_with_classifier(
        server.url(),
        calls::RetryCodes {
            codes: &["ConflictException"],
        },
    );
    calls::start(&client, "prod", "web:1", "subnet-1", 1)
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 3, "both conflicts retried");

    // Without the code in its list, the built-in decision stands: a 400 is not retried.
    let server = TestServer::start(vec![Reply::error(400, "ConflictException", "no")]).await;
    let client = calls::client_with_classifier(server.url(), calls::RetryCodes { codes: &[] });
    assert!(
        calls::start(&client, "prod", "web:1", "subnet-1", 1)
            .await
            .is_err()
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_retry_classifier_can_forbid_the_retries_the_built_in_ones_make() {
    let server = TestServer::start(vec![
        Reply::error(500, "ServerException", "down"),
        Reply::json(200, r#"{"tasks":[],"failures":[]}"#),
    ])
    .await;
    let client = calls::client_with_classifier(server.url(), calls::NeverRetry);
    assert!(
        calls::start(&client, "prod", "web:1", "subnet-1", 1)
            .await
            .is_err()
    );
    assert_eq!(server.requests().len(), 1, "the 500 is not retried");
}

#[tokio::test]
async fn an_interceptor_adds_a_header_that_is_signed() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"task":{}}"#)]).await;
    let client = calls::client_with_interceptor(server.url(), calls::TraceHeader("trace-42"));
    calls::stop(&client, "prod", TASK_ARN).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-trace-id"), Some("trace-42"));
    let auth = sent.header("authorization").unwrap();
    assert!(auth.contains("x-trace-id"), "signed: {auth}");
}
