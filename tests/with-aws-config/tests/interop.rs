//! With `sdk-config` (which implies `interop`), the types that cross crates are the official
//! ones: a `config::Region` goes into aws-config's region chain and comes back, and a
//! `config::BehaviorVersion` is what `aws_config::defaults` takes, and `primitives::{DateTime,
//! Blob}` are aws-smithy-types' own, read from and written to the wire by our serializers.

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
        started.fmt(aws_smithy_types::date_time::Format::DateTime).unwrap(),
        "2023-11-14T22:13:20.25Z"
    );
    // A value built with aws-smithy-types goes into our builders and onto the wire.
    let stopped = aws_smithy_types::DateTime::from_secs(1_700_000_060);
    let built = Task::builder().started_at(started).stopped_at(stopped).build();
    assert_eq!(built, task);
    let wire = serde_json::to_value(&built).unwrap();
    assert_eq!(
        (&wire["startedAt"], &wire["stoppedAt"]),
        (&serde_json::json!(1700000000.25), &serde_json::json!(1700000060))
    );
    let blob: aws_smithy_types::Blob = amazon_ecs::primitives::Blob::new(b"hi".to_vec());
    assert_eq!(blob.as_ref(), b"hi");
}
