//! Endpoint resolution as a user sees it: the client sends to the host the model's rules pick,
//! rule-set errors stop a call before anything is sent, and the environment overrides work.
//! (The model's 49 endpoint tests are generated into the amazon-ecs crate itself.)

use std::process::Command;

use amazon_ecs::error::SdkError;
use amazon_ecs::http::{HttpResponse, ReplayTransport};
use amazon_ecs::{Client, Config, Credentials};
use ecs_tests::server::{Reply, TestServer};

fn replay_client(config: amazon_ecs::ConfigBuilder) -> (Client, ReplayTransport) {
    let transport = ReplayTransport::new([HttpResponse::new(200, "{}")]);
    let config = config
        .credentials(Credentials::new("a", "b", None, None, "t"))
        .transport(transport.clone())
        .build();
    (Client::from_conf(config), transport)
}

#[tokio::test]
async fn govcloud_fips_goes_to_the_fips_host() {
    let (client, transport) =
        replay_client(Config::builder().region("us-gov-west-1").use_fips(true));
    client.stop_task().task("t").send().await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent[0].uri, "https://ecs-fips.us-gov-west-1.amazonaws.com");
    assert!(
        sent[0]
            .header("authorization")
            .unwrap()
            .contains("/us-gov-west-1/ecs/aws4_request")
    );
}

#[tokio::test]
async fn partitions_and_dual_stack() {
    for (region, fips, dual, url) in [
        (
            "cn-north-1",
            false,
            false,
            "https://ecs.cn-north-1.amazonaws.com.cn",
        ),
        ("eu-west-1", false, true, "https://ecs.eu-west-1.api.aws"),
        (
            "us-iso-east-1",
            true,
            false,
            "https://ecs-fips.us-iso-east-1.c2s.ic.gov",
        ),
    ] {
        let (client, transport) = replay_client(
            Config::builder()
                .region(region)
                .use_fips(fips)
                .use_dual_stack(dual),
        );
        client.stop_task().task("t").send().await.unwrap();
        assert_eq!(
            transport.requests()[0].uri,
            url,
            "{region} fips={fips} dual={dual}"
        );
    }
}

#[tokio::test]
async fn rule_set_errors_fail_before_sending() {
    let (client, transport) = replay_client(
        Config::builder()
            .region("us-east-1")
            .use_fips(true)
            .endpoint_url("https://example.com"),
    );
    let err = client.stop_task().task("t").send().await.unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "StopTask was not sent: cannot resolve an endpoint: Invalid Configuration: FIPS and custom endpoint are not supported"
    );
    let (client, _) = replay_client(
        Config::builder()
            .region("eu-west-1")
            .use_dual_stack(true)
            .endpoint_url("https://example.com"),
    );
    let err = client.stop_task().task("t").send().await.unwrap_err();
    assert!(
        err.to_string()
            .ends_with("Invalid Configuration: Dualstack and custom endpoint are not supported"),
        "{err}"
    );
    assert!(transport.requests().is_empty());
}

/// `AWS_ENDPOINT_URL_ECS` wins over `AWS_ENDPOINT_URL`, which would point at a closed port.
#[tokio::test(flavor = "multi_thread")]
async fn environment_endpoint_override_reaches_the_server() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/c/env"}],"failures":[]}"#,
    )])
    .await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url = server.url().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO"))
            .args([
                "run",
                "--quiet",
                "-p",
                "ecs-examples",
                "--example",
                "run_task",
                "--",
                "--task-definition",
                "td:1",
            ])
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIDENV")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_ENDPOINT_URL", format!("http://{closed}"))
            .env("AWS_ENDPOINT_URL_ECS", url)
            .env_remove("AWS_PROFILE")
            .current_dir(ecs_tests::workspace_root())
            .output()
            .expect("run the example")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.trim(),
        "Started task arn:aws:ecs:us-east-1:1:task/c/env on cluster default (status unknown)."
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("x-amz-target"),
        Some("AmazonEC2ContainerServiceV20141113.RunTask")
    );
    assert!(
        requests[0]
            .header("authorization")
            .unwrap()
            .contains("Credential=AKIDENV/")
    );
}

/// The resolver compiled from the model's `endpointBdd` agrees with the runtime's rules engine
/// running the model's `endpointRuleSet` (the two traits are the same rules; the engine is the
/// one the endpoint tests proved) on every known region, odd regions, each flag combination,
/// with and without a URL override; and so does the runtime's BDD interpreter, which also
/// passes the model's endpoint tests.
#[test]
fn compiled_bdd_resolver_and_bdd_interpreter_agree_with_the_rule_set_interpreter() {
    use aws_json_runtime::endpoint::{Bdd, EndpointParams, RuleSet};
    let model: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(ecs_tests::workspace_root().join("model/ecs.json")).unwrap(),
    )
    .unwrap();
    let service = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .find(|s| s["type"] == "service")
        .unwrap();
    let rules =
        RuleSet::parse(&service["traits"]["smithy.rules#endpointRuleSet"].to_string()).unwrap();
    // The same diagram, interpreted (what a crate does when its BDD does not compile and the
    // model has no rule set), after a round trip through the JSON a crate would embed.
    let bdd = Bdd::parse(&service["traits"]["smithy.rules#endpointBdd"].to_string()).unwrap();
    let bdd = Bdd::parse(&bdd.to_value().to_string()).unwrap();
    let cases =
        serde_json::to_string(&service["traits"]["smithy.rules#endpointTests"]["testCases"])
            .unwrap();
    aws_json_runtime::test_util::endpoint_tests(&cases, |params| bdd.evaluate(params));
    let partitions: serde_json::Value =
        serde_json::from_str(include_str!("../../endpoint-rules/src/partitions.json")).unwrap();
    let mut regions: Vec<Option<String>> = partitions["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["regions"].as_array().unwrap().iter())
        .map(|r| Some(r.as_str().unwrap().to_owned()))
        .collect();
    assert!(regions.len() > 30, "{regions:?}");
    for odd in [
        "",
        "mars-east-1",
        "us-gov-east-9",
        "cn-south-7",
        "US-EAST-1",
        "aws-global",
    ] {
        regions.push(Some(odd.to_owned()));
    }
    regions.push(None);
    let mut checked = 0;
    for region in &regions {
        for (use_fips, use_dual_stack) in
            [(false, false), (true, false), (false, true), (true, true)]
        {
            for endpoint in [None, Some("https://proxy.example.com:8443/p".to_owned())] {
                let params = EndpointParams {
                    region: region.clone(),
                    use_fips,
                    use_dual_stack,
                    endpoint,
                };
                let compiled = amazon_ecs::endpoint::resolve(&params);
                let interpreted = rules.resolve(&params);
                assert_eq!(compiled, interpreted, "{params:?}");
                assert_eq!(
                    bdd.resolve(&params),
                    interpreted,
                    "the BDD interpreted: {params:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, regions.len() * 8);
}
