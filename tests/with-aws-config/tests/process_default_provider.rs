//! An application that installs a process-level rustls provider first (as many do) and then
//! uses our client next to `aws-config`: still no panic, and TLS calls work. A separate test
//! binary, since the process default can be installed only once.

use amazon_ecs::Client;
use ecs_tests::client::RUN_TASK_OK;
use ecs_tests::server::{Reply, TestServer};
use ecs_with_aws_config::{config_for, test_pki};

#[tokio::test]
async fn works_after_the_application_installs_a_default_provider() {
    rustls::crypto::aws_lc_rs::default_provider()
        .install_default()
        .expect("first and only install in this process");
    let pki = test_pki(rustls::crypto::aws_lc_rs::default_provider().into());
    let server = TestServer::start_tls(
        vec![Reply::json(200, RUN_TASK_OK), Reply::json(200, RUN_TASK_OK)],
        pki.server,
    )
    .await;
    let config = config_for(server.url())
        .await
        .ca_bundle_pem(&pki.ca_pem)
        .build();
    // One client for both calls: the second may reuse the TLS connection.
    let client = Client::new(&config);
    for _ in 0..2 {
        let out = client
            .run_task()
            .task_definition("sleep:1")
            .send()
            .await
            .expect("RunTask over TLS succeeds");
        assert_eq!(out.tasks.as_ref().map(Vec::len), Some(1));
    }
    assert_eq!(server.requests().len(), 2);
}
