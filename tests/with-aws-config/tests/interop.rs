//! With `sdk-config` (which implies `interop`), the types that cross crates are the official
//! ones: a `config::Region` goes into aws-config's region chain and comes back, and a
//! `config::BehaviorVersion` is what `aws_config::defaults` takes.

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
