//! The config builder's hooks from the official crate, over a socket: `time_source` (the
//! clock requests are signed with), `interceptor` (each hook, its order, and a failing hook),
//! and `http_client` (the transport under its official name).

use std::sync::{Arc, Mutex};

use amazon_ecs::config::interceptors::{
    BeforeDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
    BeforeTransmitInterceptorContextRef,
};
use amazon_ecs::config::{ConfigBag, Intercept, RuntimeComponents, StaticTimeSource};
use amazon_ecs::error::{BoxError, DisplayErrorContext, SdkError};
use amazon_ecs::{Client, TimeoutConfig};
use ecs_tests::client::{RUN_TASK_OK, config, fast_retries};
use ecs_tests::server::{Reply, TestServer};

fn client_with(
    server: &TestServer,
    change: impl FnOnce(amazon_ecs::ConfigBuilder) -> amazon_ecs::ConfigBuilder,
) -> Client {
    let base = config(server, fast_retries(2), TimeoutConfig::default());
    Client::from_conf(change(base.to_builder()).build())
}

#[tokio::test]
async fn requests_are_signed_with_the_time_source_given() {
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    // 2023-11-14T22:13:20Z
    let client = client_with(&server, |b| {
        b.time_source(StaticTimeSource::from_secs(1_700_000_000))
    });
    client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-amz-date"), Some("20231114T221320Z"));
    let auth = sent.header("authorization").unwrap();
    assert!(
        auth.contains("/20231114/us-east-1/ecs/aws4_request"),
        "{auth}"
    );
}

/// Records the hooks it sees, in order, and changes the request in two of them.
#[derive(Debug, Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
    fail_in: Option<&'static str>,
}

impl Recorder {
    fn note(&self, hook: &'static str, detail: String) -> Result<(), BoxError> {
        self.seen.lock().unwrap().push(format!("{hook}: {detail}"));
        match self.fail_in {
            Some(h) if h == hook => Err("refused by the test".into()),
            _ => Ok(()),
        }
    }
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "Recorder"
    }
    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let headers = &mut context.request_mut().headers_mut();
        headers.insert("X-Before-Signing", "1");
        let had = headers.get("authorization").is_some();
        self.note("modify_before_signing", format!("signed yet: {had}"))
    }
    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context
            .request_mut()
            .headers_mut()
            .insert("x-after-signing", "2");
        let had = context.request().header("authorization").is_some();
        self.note("modify_before_transmit", format!("signed yet: {had}"))
    }
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let method = context.request().method().to_owned();
        self.note("read_before_transmit", method)
    }
    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let status = context.response().status().as_u16();
        self.note("read_before_deserialization", status.to_string())
    }
}

#[tokio::test]
async fn interceptor_hooks_run_in_order_on_every_attempt() {
    let server = TestServer::start(vec![
        Reply::error(500, "ServerException", "down"),
        Reply::json(200, RUN_TASK_OK),
    ])
    .await;
    let recorder = Recorder::default();
    let client = client_with(&server, |b| b.interceptor(recorder.clone()));
    client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap();
    let attempt = |status: &str| {
        vec![
            "modify_before_signing: signed yet: false".to_owned(),
            "modify_before_transmit: signed yet: true".to_owned(),
            "read_before_transmit: POST".to_owned(),
            format!("read_before_deserialization: {status}"),
        ]
    };
    let expected = [attempt("500"), attempt("200")].concat();
    assert_eq!(*recorder.seen.lock().unwrap(), expected);
    for sent in server.requests() {
        assert_eq!(sent.header("x-before-signing"), Some("1"));
        assert_eq!(sent.header("x-after-signing"), Some("2"));
        let auth = sent.header("authorization").unwrap();
        assert!(auth.contains("x-before-signing"), "signed: {auth}");
        assert!(
            !auth.contains("x-after-signing"),
            "added after signing: {auth}"
        );
    }
}

#[tokio::test]
async fn a_failing_hook_fails_the_call_naming_the_interceptor() {
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    let recorder = Recorder {
        fail_in: Some("modify_before_signing"),
        ..Recorder::default()
    };
    let client = client_with(&server, |b| b.interceptor(recorder));
    let err = client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(
        shown.contains(
            "interceptor `Recorder` failed in modify_before_signing: refused by the test"
        ),
        "{shown}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");

    // After the response came: the call fails with it, and is not retried.
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    let recorder = Recorder {
        fail_in: Some("read_before_deserialization"),
        ..Recorder::default()
    };
    let client = client_with(&server, |b| b.interceptor(recorder));
    let err = client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(
        shown.contains("interceptor `Recorder` failed in read_before_deserialization"),
        "{shown}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn http_client_is_the_transport_under_its_official_name() {
    use amazon_ecs::http::{HttpResponse, ReplayTransport};
    let replay = ReplayTransport::new(vec![HttpResponse::new(200, RUN_TASK_OK)]);
    let server = TestServer::start(vec![]).await;
    let client = client_with(&server, |b| b.http_client(replay.clone()));
    client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap();
    assert_eq!(replay.requests().len(), 1);
    assert!(
        server.requests().is_empty(),
        "the transport given took the call"
    );
}
