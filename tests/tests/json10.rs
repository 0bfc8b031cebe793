//! awsJson1_0 and `awsQueryCompatible` services (`tests/fixtures/json10/queues.smithy`, read as
//! Smithy IDL) through the generated clients, over a socket to the scripted server.

use amazon_ecs::TimeoutConfig;
use aws_json_runtime::ProvideErrorMetadata;
use ecs_tests::client::{config, fast_retries};
use ecs_tests::server::{Reply, TestServer};
use query_compatible_fixture::operation::send_message::SendMessageError;

#[tokio::test]
async fn json_1_0_requests_carry_the_1_0_content_type() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"written":1}"#)]).await;
    let client = json10_fixture::Client::from_conf(config(
        &server,
        fast_retries(1),
        TimeoutConfig::default(),
    ));
    let out = client.put_row().table("t").count(0).send().await.unwrap();
    assert_eq!(out.written(), Some(1));
    let request = &server.requests()[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(request.header("x-amz-target"), Some("Tables.PutRow"));
    assert_eq!(request.header("x-amzn-query-mode"), None);
    assert_eq!(
        request.json(),
        serde_json::json!({"table": "t", "count": 0})
    );
}

#[tokio::test]
async fn json_1_0_errors_with_a_full_shape_id_are_modeled() {
    let server = TestServer::start(vec![Reply::json(
        400,
        r#"{"__type":"example.queues#TableMissing","message":"no table"}"#,
    )])
    .await;
    let client = json10_fixture::Client::from_conf(config(
        &server,
        fast_retries(1),
        TimeoutConfig::default(),
    ));
    let err = client.put_row().table("t").send().await.unwrap_err();
    assert_eq!(err.code(), Some("TableMissing"));
    assert!(err.into_service_error().is_table_missing());
}

#[tokio::test]
async fn query_compatible_codes_come_from_the_query_error_header() {
    let server = TestServer::start(vec![
        Reply::json(
            400,
            r#"{"__type":"example.queues#QueueMissing","message":"gone"}"#,
        )
        .header(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        ),
        Reply::json(
            400,
            r#"{"__type":"example.queues#QueueMissing","message":"gone"}"#,
        ),
    ])
    .await;
    let client = query_compatible_fixture::Client::from_conf(config(
        &server,
        fast_retries(1),
        TimeoutConfig::default(),
    ));
    let err = client
        .send_message()
        .queue("q")
        .body("hi")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    match err.into_service_error() {
        SendMessageError::QueueMissing(e) => assert_eq!(e.message(), Some("gone")),
        other => panic!("{other:?}"),
    }
    // Without the header the code is the type's.
    let err = client.send_message().queue("q").send().await.unwrap_err();
    assert_eq!(err.code(), Some("QueueMissing"));
    let request = &server.requests()[0];
    assert_eq!(request.header("x-amzn-query-mode"), Some("true"));
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
}
