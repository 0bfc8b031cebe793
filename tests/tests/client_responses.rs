//! The client over real sockets: responses and errors as a user sees them, from a full RunTask
//! response to every modeled error, unknown codes, HTML pages and invalid JSON.

use amazon_ecs::error::{ProvideErrorMetadata, SdkError};
use amazon_ecs::operation::run_task::RunTaskError;
use ecs_tests::client::*;
use ecs_tests::server::{Reply, TestServer};
use serde_json::json;

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
        task.created_at,
        Some(amazon_ecs::primitives::DateTime::from_secs_and_nanos(
            1_700_000_000,
            500_000_000
        ))
    );
    let failure = &out.failures.as_ref().unwrap()[0];
    assert_eq!(
        (failure.reason.as_deref(), failure.detail.as_deref()),
        (Some("RESOURCE:MEMORY"), Some("not enough memory"))
    );
}

#[tokio::test]
// Over 60 lines: one reply and one expected variant per modeled error.
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
        assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
        let meta = err.meta().clone();
        let service = err.into_service_error();
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
        RunTaskError::Unhandled(e) => assert_eq!(
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
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    let meta = err.meta();
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
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
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
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
}

/// The generator decides which error member is `message()` from the same keys the runtime
/// reads an error body's message from; one list changing alone would make the two disagree.
#[test]
fn error_message_keys_agree_between_generator_and_runtime() {
    assert_eq!(
        ecs_codegen::lower::ERROR_MESSAGE_MEMBERS,
        aws_json_runtime::aws_json::ERROR_MESSAGE_KEYS
    );
}
