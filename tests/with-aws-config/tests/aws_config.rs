//! Our client in a program that links `aws-config` with its default features, so rustls has both
//! crypto providers and no process default: construction must not panic, and calls must work
//! over plain HTTP and over TLS.

use ecs_tests::client::RUN_TASK_OK;
use ecs_tests::server::{Reply, TestServer};
use ecs_with_aws_config::{
    ACCESS_KEY, config_for, run_task, rustls_cannot_choose_a_provider, test_pki,
};

#[tokio::test]
async fn both_rustls_providers_are_compiled_in() {
    // If this fails, aws-config stopped enabling aws-lc-rs and the tests below prove less.
    assert!(rustls_cannot_choose_a_provider());
}

#[tokio::test]
async fn run_task_with_config_from_aws_config() {
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    let config = config_for(server.url()).await.build();
    let out = run_task(&config).await.expect("RunTask succeeds");
    assert_eq!(out.tasks.as_ref().map(Vec::len), Some(1));
    let sent = &server.requests()[0];
    let auth = sent.header("authorization").expect("signed");
    assert!(
        auth.contains(&format!("Credential={ACCESS_KEY}/")) && auth.contains("/us-east-1/ecs/"),
        "credentials and region come from aws-config: {auth}"
    );
}

#[tokio::test]
async fn run_task_over_tls_trusting_a_ca_through_the_config() {
    let pki = test_pki(rustls::crypto::aws_lc_rs::default_provider().into());
    let server = TestServer::start_tls(vec![Reply::json(200, RUN_TASK_OK)], pki.server).await;
    assert!(server.url().starts_with("https://127.0.0.1:"));
    let config = config_for(server.url())
        .await
        .ca_bundle_pem(&pki.ca_pem)
        .build();
    let out = run_task(&config).await.expect("RunTask over TLS succeeds");
    assert_eq!(out.tasks.as_ref().map(Vec::len), Some(1));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn tls_to_an_untrusted_certificate_fails_as_a_dispatch_error() {
    let pki = test_pki(rustls::crypto::aws_lc_rs::default_provider().into());
    let server = TestServer::start_tls(vec![Reply::json(200, RUN_TASK_OK)], pki.server).await;
    let config = config_for(server.url())
        .await
        .retry_config(amazon_ecs::RetryConfig::disabled())
        .build();
    let err = run_task(&config)
        .await
        .expect_err("the test CA is not trusted by default");
    assert!(
        matches!(err, amazon_ecs::error::SdkError::DispatchFailure(_)),
        "{err:?}"
    );
    assert!(server.requests().is_empty(), "nothing got through");
}

#[tokio::test]
async fn a_bundle_without_certificates_fails_every_call_before_sending() {
    let config = config_for("https://127.0.0.1:9")
        .await
        .ca_bundle_pem("not a certificate")
        .build();
    let err = run_task(&config).await.expect_err("unusable bundle");
    assert!(
        matches!(err, amazon_ecs::error::SdkError::ConstructionFailure(_)),
        "{err:?}"
    );
    // The official `Display` names the variant; what went wrong is its source.
    let shown = amazon_ecs::error::DisplayErrorContext(&err).to_string();
    assert!(shown.contains("CA bundle"), "{shown}");
}

/// The official crate's way, unchanged: `Client::new(&sdk_config)`, and
/// `config::Builder::from(&sdk_config)` for a client with its own settings.
#[tokio::test]
async fn client_new_takes_the_sdk_config_as_the_official_crate_does() {
    ecs_with_aws_config::aws_environment();
    let server = TestServer::start(vec![
        Reply::json(200, RUN_TASK_OK),
        Reply::json(200, RUN_TASK_OK),
    ])
    .await;
    let sdk_config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(server.url())
        .load()
        .await;
    let client = amazon_ecs::Client::new(&sdk_config);
    let out = client
        .run_task()
        .task_definition("sleep:1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.tasks().len(), 1);
    let config = amazon_ecs::config::Builder::from(&sdk_config)
        .retry_config(amazon_ecs::config::retry::RetryConfig::disabled())
        .build();
    let out = amazon_ecs::Client::from_conf(config)
        .run_task()
        .task_definition("sleep:1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.tasks()[0].launch_type().map(|l| l.as_str()),
        Some("FARGATE")
    );
    for sent in server.requests() {
        let auth = sent.header("authorization").expect("signed");
        assert!(
            auth.contains(&format!("Credential={ACCESS_KEY}/")),
            "{auth}"
        );
    }
}
