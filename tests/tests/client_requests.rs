//! The client over real sockets (the scripted server on 127.0.0.1): the exact request on the
//! wire, SigV4 against an independent implementation, what fails before sending, the test
//! double, and what `Debug` must never show.

use std::time::Duration;

use amazon_ecs::error::SdkError;
use amazon_ecs::types::{
    AwsVpcConfiguration, ContainerOverride, KeyValuePair, LaunchType, NetworkConfiguration,
    TaskOverride,
};
use amazon_ecs::{Client, Config, Credentials, TimeoutConfig};
use ecs_tests::client::*;
use ecs_tests::server::{Reply, TestServer};
use serde_json::json;

#[tokio::test]
// Over 60 lines: the expected wire request, spelled out header by header.
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
                .build(),
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
                                .build(),
                        )
                        .build(),
                )
                .build(),
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
// Over 60 lines: every member set, then the JSON it must become, in full.
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
                .build(),
        )
        .overrides(TaskOverride::builder().memory("1024").build())
        .placement_constraints(
            PlacementConstraint::builder()
                .r#type(PlacementConstraintType::DistinctInstance)
                .build(),
        )
        .placement_strategy(
            PlacementStrategy::builder()
                .r#type(PlacementStrategyType::Binpack)
                .field("memory")
                .build(),
        )
        .platform_version("LATEST")
        .propagate_tags(PropagateTags::None)
        .reference_id("r")
        .started_by("me")
        .tags(Tag::builder().key("k").value("v").build())
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
            // `base` has a zero default: written although not set (effective defaults are).
            "capacityProviderStrategy": [{ "capacityProvider": "FARGATE", "weight": 1, "base": 0 }],
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
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "RunTask was not sent: cannot build RunTaskInput: required member `taskDefinition` not set"
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

/// A provider that has to wait for its credentials, written as code for `aws-sdk-ecs` writes
/// one (only the crate path differs), and one whose source refuses.
#[derive(Debug)]
struct Broker {
    refuse: bool,
}

impl amazon_ecs::config::ProvideCredentials for Broker {
    fn provide_credentials<'a>(
        &'a self,
    ) -> amazon_ecs::config::credentials::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        use amazon_ecs::config::credentials::provider::{error::CredentialsError, future};
        future::ProvideCredentials::new(async move {
            tokio::task::yield_now().await;
            if self.refuse {
                return Err(CredentialsError::provider_error("the broker is down"));
            }
            Ok(Credentials::builder()
                .access_key_id("ASIABROKER")
                .secret_access_key("broker-secret")
                .session_token("broker-token")
                .provider_name("broker")
                .build())
        })
    }
}

#[tokio::test]
async fn a_custom_credentials_provider_signs_or_fails_before_sending() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let client = |refuse| {
        Client::from_conf(
            Config::builder()
                .region("us-east-1")
                .endpoint_url(server.url())
                .credentials_provider(Broker { refuse })
                .build(),
        )
    };
    client(false)
        .stop_task()
        .task("t")
        .send()
        .await
        .expect("sent");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let auth = requests[0].header("authorization").expect("signed");
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=ASIABROKER/"),
        "{auth}"
    );
    assert_eq!(
        requests[0].header("x-amz-security-token"),
        Some("broker-token")
    );

    let err = client(true).stop_task().task("t").send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = amazon_ecs::error::DisplayErrorContext(&err).to_string();
    assert!(shown.contains("the broker is down"), "{shown}");
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn no_secret_reaches_debug_output() {
    let server = TestServer::start(vec![]).await;
    let config = config(&server, fast_retries(1), TimeoutConfig::default());
    let c = Client::new(&config);
    let fluent = c
        .run_task()
        .task_definition("td")
        .overrides(overrides_with_env("K", "env-secret-value"));
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
        uri: "https://x".parse().unwrap(),
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
    assert_eq!(sent[0].uri, "https://ecs.eu-west-1.amazonaws.com");
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
        uri: s("url").parse().unwrap(),
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
