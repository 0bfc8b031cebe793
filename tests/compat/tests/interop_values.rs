//! `ecs_compat::interop_calls` against a scripted server: values handed between the client and
//! the official crates. Runs on the official crate (bench/compat-official) and on ours with
//! `interop` (`cargo xtask test` turns it on); without it the file is empty.
#![cfg(feature = "interop")]

use ecs_compat::interop_calls;
use ecs_tests::server::{Reply, TestServer};

fn client(server: &TestServer) -> aws_sdk_ecs::Client {
    interop_calls::client_in(
        server.url(),
        aws_types::region::Region::new("us-east-1"),
        aws_smithy_runtime_api::client::behavior_version::BehaviorVersion::latest(),
    )
}

#[tokio::test]
async fn task_times_are_aws_smithy_types_date_times() {
    let body =
        r#"{"tasks":[{"taskArn":"a","startedAt":1700000000.25},{"taskArn":"b"}],"failures":[]}"#;
    let server = TestServer::start(vec![Reply::json(200, body)]).await;
    let times = interop_calls::started_times(&client(&server), "prod", &["a", "b"])
        .await
        .unwrap();
    let expected = aws_smithy_types::DateTime::from_secs_and_nanos(1_700_000_000, 250_000_000);
    assert_eq!(times, vec![Some(expected), None]);
    assert_eq!(
        server.requests()[0].json()["tasks"],
        serde_json::json!(["a", "b"])
    );
}

#[tokio::test]
async fn errors_go_to_a_helper_typed_against_the_official_crates() {
    let server = TestServer::start(vec![
        Reply::error(400, "ClusterNotFoundException", "Cluster not found."),
        Reply::json(200, "[]"),
    ])
    .await;
    let client = client(&server);
    assert_eq!(
        interop_calls::describe_or_explain(&client, "prod", "a").await,
        "ClusterNotFoundException: Cluster not found."
    );
    let shown = interop_calls::describe_or_explain(&client, "prod", "a").await;
    assert!(shown.starts_with("response error"), "{shown}");
}
