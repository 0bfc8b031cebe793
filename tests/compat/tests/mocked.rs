//! Tests written with aws-smithy-mocks' syntax. The same file runs against our crate (whose
//! mocks answer on the wire, through the real serializer and parser) and, through
//! bench/compat-official, against aws-sdk-ecs with aws-smithy-mocks: only the `use` of
//! `mocks` differs, and it lives in each crate's lib.rs.

use aws_sdk_ecs::Client;
use aws_sdk_ecs::config::retry::RetryConfig;
use aws_sdk_ecs::operation::run_task::{RunTaskError, RunTaskOutput};
use aws_sdk_ecs::operation::stop_task::StopTaskOutput;
use aws_sdk_ecs::types::Task;
use aws_sdk_ecs::types::error::ClusterNotFoundException;
use ecs_compat::mocks::{RuleMode, mock, mock_client};

#[tokio::test]
async fn a_mocked_call_returns_the_modeled_output_of_the_matching_rule() {
    let rule = mock!(Client::run_task)
        .match_requests(|input| input.task_definition() == Some("web:3"))
        .then_output(|| {
            RunTaskOutput::builder()
                .tasks(
                    Task::builder()
                        .task_arn("arn:aws:ecs:us-east-1:1:task/c/t")
                        .build(),
                )
                .build()
        });
    let client = mock_client!(aws_sdk_ecs, [&rule]);
    let out = client
        .run_task()
        .task_definition("web:3")
        .send()
        .await
        .expect("the rule answers");
    assert_eq!(
        out.tasks()[0].task_arn(),
        Some("arn:aws:ecs:us-east-1:1:task/c/t")
    );
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn a_mocked_error_is_the_modeled_variant() {
    let rule = mock!(Client::run_task).then_error(|| {
        RunTaskError::ClusterNotFoundException(
            ClusterNotFoundException::builder()
                .message("no such cluster")
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_ecs, [&rule]);
    let err = client
        .run_task()
        .task_definition("web:3")
        .send()
        .await
        .expect_err("the rule answers with an error");
    let service = err.into_service_error();
    assert!(service.is_cluster_not_found_exception(), "{service:?}");
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn a_sequence_answers_503_twice_then_the_output_and_the_client_retries() {
    let rule = mock!(Client::stop_task)
        .sequence()
        .http_status(503, None)
        .times(2)
        .output(|| StopTaskOutput::builder().build())
        .build();
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule], |config| {
        config.retry_config(RetryConfig::standard().with_max_attempts(3))
    });
    client
        .stop_task()
        .task("t")
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(rule.num_calls(), 3);
}
