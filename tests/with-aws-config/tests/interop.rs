//! With `sdk-config` (which implies `interop`), the types that cross crates are the official
//! ones: a `config::Region` goes into aws-config's region chain and comes back, and a
//! `config::BehaviorVersion` is what `aws_config::defaults` takes, and `primitives::{DateTime,
//! Blob}` are aws-smithy-types' own, read from and written to the wire by our serializers, and
//! `error::SdkError` is aws-smithy-runtime-api's, so code written against the official error
//! types takes our errors.

use aws_config::meta::region::RegionProviderChain;
use ecs_with_aws_config::aws_environment;

#[tokio::test]
async fn region_and_behavior_version_are_the_official_types() {
    aws_environment();
    let ours = amazon_ecs::config::Region::new("eu-west-1");
    let chain = RegionProviderChain::first_try(ours.clone()).or_default_provider();
    let sdk = aws_config::defaults(amazon_ecs::config::BehaviorVersion::latest())
        .region(chain)
        .load()
        .await;
    let theirs: Option<&aws_types::region::Region> = sdk.region();
    assert_eq!(theirs, Some(&ours), "the same type, the same value");

    // A region from a provider (an Option) goes straight into our builder.
    let config = amazon_ecs::Config::builder()
        .region(sdk.region().cloned())
        .build();
    assert_eq!(config.region(), Some("eu-west-1"));
    let unset = amazon_ecs::Config::builder()
        .region(None::<amazon_ecs::config::Region>)
        .build();
    assert_eq!(unset.region(), None);
}

#[test]
fn timestamps_and_blobs_are_aws_smithy_types_own() {
    use amazon_ecs::types::Task;
    let task: Task =
        serde_json::from_str(r#"{"startedAt": 1700000000.25, "stoppedAt": 1700000060}"#).unwrap();
    // Stored as aws-smithy-types' DateTime, with no conversion.
    let started: aws_smithy_types::DateTime = *task.started_at().unwrap();
    assert_eq!(started.secs(), 1_700_000_000);
    assert_eq!(started.subsec_nanos(), 250_000_000);
    assert_eq!(
        started
            .fmt(aws_smithy_types::date_time::Format::DateTime)
            .unwrap(),
        "2023-11-14T22:13:20.25Z"
    );
    // A value built with aws-smithy-types goes into our builders and onto the wire.
    let stopped = aws_smithy_types::DateTime::from_secs(1_700_000_060);
    let built = Task::builder()
        .started_at(started)
        .stopped_at(stopped)
        .build();
    assert_eq!(built, task);
    let wire = serde_json::to_value(&built).unwrap();
    assert_eq!(
        (&wire["startedAt"], &wire["stoppedAt"]),
        (
            &serde_json::json!(1700000000.25),
            &serde_json::json!(1700000060)
        )
    );
    let blob: aws_smithy_types::Blob = amazon_ecs::primitives::Blob::new(b"hi".to_vec());
    assert_eq!(blob.as_ref(), b"hi");
}

/// Written against the official crates only, as a program's shared error helper is.
fn describe<E, R>(err: &aws_smithy_runtime_api::client::result::SdkError<E, R>) -> String
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    use aws_smithy_runtime_api::client::result::SdkError;
    use aws_types::request_id::RequestId as _;
    match err {
        SdkError::ServiceError(service) => format!(
            "{} ({}) [{}]",
            service.err().code().unwrap_or("?"),
            service.err().message().unwrap_or("?"),
            service.err().meta().request_id().unwrap_or("?"),
        ),
        other => aws_smithy_types::error::display::DisplayErrorContext(other).to_string(),
    }
}

/// A client of a local server that answers with `replies`, and the server.
async fn client_of(
    replies: Vec<ecs_tests::server::Reply>,
) -> (amazon_ecs::Client, ecs_tests::server::TestServer) {
    let server = ecs_tests::server::TestServer::start(replies).await;
    let config = ecs_with_aws_config::config_for(server.url()).await.build();
    (amazon_ecs::Client::from_conf(config), server)
}

#[tokio::test]
async fn service_errors_are_the_official_types() {
    use ecs_tests::server::Reply;
    let (client, _server) = client_of(vec![Reply::error(
        400,
        "ClusterNotFoundException",
        "no such cluster",
    )])
    .await;
    let err = client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        describe(&err),
        "ClusterNotFoundException (no such cluster) [req-400]"
    );
    // The raw response is the official one, with the status and headers that came.
    let raw: &aws_smithy_runtime_api::client::orchestrator::HttpResponse =
        err.raw_response().unwrap();
    assert_eq!(raw.status().as_u16(), 400);
    assert_eq!(raw.headers().get("x-amzn-requestid"), Some("req-400"));
    // aws-types' RequestId, on the error and on the operation's error enum.
    use aws_types::request_id::RequestId as _;
    assert_eq!(err.request_id(), Some("req-400"));
    let service = err.into_service_error();
    assert!(service.is_cluster_not_found_exception());
    assert_eq!(service.request_id(), Some("req-400"));
}

#[tokio::test]
async fn invalid_responses_are_the_official_response_error() {
    use ecs_tests::server::Reply;
    let (client, _server) = client_of(vec![Reply::json(200, "[]")]).await;
    // A response that is not the operation's: the official variant, our words in its source.
    let err = client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        aws_smithy_runtime_api::client::result::SdkError::ResponseError(_)
    ));
    let shown = describe(&err);
    assert!(
        shown.starts_with("response error: RunTask got an invalid response (HTTP 200"),
        "{shown}"
    );
    // Into the service-wide error with `?`, as with the official crate.
    let wide: amazon_ecs::Error = err.into();
    assert!(matches!(wide, amazon_ecs::Error::Unhandled(_)));
}

#[tokio::test]
async fn missing_required_members_are_the_official_construction_failure() {
    // Nothing is sent: the server has no reply to give.
    let (client, server) = client_of(Vec::new()).await;
    // A missing required member fails before sending, as a construction failure.
    let err = client.run_task().send().await.unwrap_err();
    let shown = describe(&err);
    assert!(
        shown.starts_with("failed to construct request: RunTask was not sent"),
        "{shown}"
    );
    let service = amazon_ecs::error::DisplayErrorContext(err.into_service_error()).to_string();
    assert!(
        service.contains("`taskDefinition` not set"),
        "into_service_error keeps the cause: {shown} / {service}"
    );
    assert!(server.requests().is_empty(), "nothing reached the server");
}
