//! The mocks beyond what the official ones promise: a mocked answer goes through the real
//! serializer and parser (so a value survives the wire exactly, or the test fails as the
//! service's reply would), rules are used in order, and a request no rule answers fails
//! naming the operation instead of reaching any network.

use amazon_ecs::Client;
use amazon_ecs::error::DisplayErrorContext;
use amazon_ecs::mocks::{RuleMode, mock, mock_client};
use amazon_ecs::operation::describe_tasks::DescribeTasksOutput;
use amazon_ecs::operation::run_task::RunTaskOutput;
use amazon_ecs::primitives::DateTime;
use amazon_ecs::types::{LaunchType, Task};

fn task() -> Task {
    Task::builder()
        .task_arn("arn:aws:ecs:us-east-1:1:task/c/t")
        .launch_type(LaunchType::Fargate)
        .created_at(DateTime::from_secs_and_nanos(1_700_000_000, 500_000_000))
        .build()
}

#[tokio::test]
async fn a_mocked_output_crosses_the_wire_and_reads_back_the_same() {
    let rule = mock!(Client::describe_tasks)
        .then_output(|| DescribeTasksOutput::builder().tasks(task()).build());
    let client = mock_client!(amazon_ecs, [&rule]);
    let out = client.describe_tasks().tasks("t").send().await.unwrap();
    assert_eq!(out.tasks(), [task()]);
    use amazon_ecs::operation::RequestId as _;
    assert_eq!(
        out.request_id(),
        Some("mock-request"),
        "read from the response"
    );
}

#[tokio::test]
async fn sequential_rules_answer_in_order_and_then_say_they_are_used_up() {
    let first = mock!(Client::run_task).then_output(|| RunTaskOutput::builder().build());
    let second =
        mock!(Client::describe_tasks).then_output(|| DescribeTasksOutput::builder().build());
    let client = mock_client!(amazon_ecs, [&first, &second]);
    client.run_task().task_definition("a").send().await.unwrap();
    let wrong = client
        .run_task()
        .task_definition("b")
        .send()
        .await
        .unwrap_err();
    assert!(
        DisplayErrorContext(&wrong)
            .to_string()
            .contains("the next mock rule (for DescribeTasks) does not match this RunTask request"),
        "{}",
        DisplayErrorContext(&wrong)
    );
    client.describe_tasks().tasks("t").send().await.unwrap();
    let done = client.describe_tasks().tasks("t").send().await.unwrap_err();
    assert!(
        DisplayErrorContext(&done)
            .to_string()
            .contains("every mock rule is used up; nothing answers this DescribeTasks request"),
        "{}",
        DisplayErrorContext(&done)
    );
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn match_any_answers_repeatedly_and_a_request_no_rule_matches_fails() {
    let rule = mock!(Client::run_task)
        .match_requests(|input| input.cluster() == Some("prod"))
        .then_output(|| RunTaskOutput::builder().build());
    let client = mock_client!(amazon_ecs, RuleMode::MatchAny, [&rule]);
    for _ in 0..3 {
        client
            .run_task()
            .cluster("prod")
            .task_definition("a")
            .send()
            .await
            .unwrap();
    }
    let err = client
        .run_task()
        .cluster("dev")
        .task_definition("a")
        .send()
        .await
        .unwrap_err();
    assert!(
        DisplayErrorContext(&err)
            .to_string()
            .contains("no mock rule answers this RunTask request"),
        "{}",
        DisplayErrorContext(&err)
    );
    assert_eq!(rule.num_calls(), 3);
}
