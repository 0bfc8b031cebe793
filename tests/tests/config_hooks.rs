//! The config builder's hooks from the official crate, over a socket: `time_source` (the
//! clock requests are signed with), `interceptor` (each hook, its order, a failing hook, and a
//! header value with a line break),
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

/// Sets a header whose value smuggles a second header after a CR LF, as a hook fed from
/// outside input might.
#[derive(Debug)]
struct Smuggler;

impl Intercept for Smuggler {
    fn name(&self) -> &'static str {
        "Smuggler"
    }
    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context
            .request_mut()
            .headers_mut()
            .insert("x-trace", "1\r\nx-smuggled: yes");
        Ok(())
    }
}

#[tokio::test]
async fn a_header_with_a_line_break_fails_the_call_and_never_reaches_the_wire() {
    let server = TestServer::start(vec![Reply::json(200, RUN_TASK_OK)]).await;
    let client = client_with(&server, |b| b.interceptor(Smuggler));
    let err = client
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let shown = DisplayErrorContext(&err).to_string();
    assert!(shown.contains("x-trace"), "names the header: {shown}");
    assert!(
        server.requests().is_empty(),
        "nothing was sent: {:?}",
        server.requests()
    );
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

/// Counts how often it is asked; its credentials expire `lifetime` after the clock's time.
#[derive(Debug)]
struct Counting {
    asked: Arc<Mutex<u32>>,
    expiry: Option<std::time::SystemTime>,
}

impl amazon_ecs::config::ProvideCredentials for Counting {
    fn provide_credentials<'a>(
        &'a self,
    ) -> amazon_ecs::config::credentials::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        *self.asked.lock().unwrap() += 1;
        let mut credentials = amazon_ecs::config::Credentials::builder()
            .access_key_id("AKIDCOUNTED")
            .secret_access_key("secret")
            .provider_name("counting");
        credentials.set_expiry(self.expiry);
        amazon_ecs::config::credentials::provider::future::ProvideCredentials::ready(Ok(
            credentials.build(),
        ))
    }
}

async fn times_asked(
    expiry_in: Option<u64>,
    cache: Option<amazon_ecs::config::SharedIdentityCache>,
) -> u32 {
    const NOW: u64 = 1_700_000_000;
    let server = TestServer::start(vec![
        Reply::json(200, RUN_TASK_OK),
        Reply::json(200, RUN_TASK_OK),
    ])
    .await;
    let asked = Arc::new(Mutex::new(0));
    let provider = Counting {
        asked: asked.clone(),
        expiry: expiry_in.map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(NOW + s)),
    };
    let client = client_with(&server, |b| {
        let mut b = b
            .credentials_provider(provider)
            .time_source(StaticTimeSource::from_secs(NOW));
        b.set_identity_cache(cache);
        b
    });
    for _ in 0..2 {
        client
            .run_task()
            .task_definition("td")
            .send()
            .await
            .unwrap();
    }
    *asked.lock().unwrap()
}

#[tokio::test]
async fn credentials_are_kept_until_shortly_before_they_expire() {
    use amazon_ecs::config::IdentityCache;
    // The default: asked once for two calls, with or without an expiry an hour away.
    assert_eq!(times_asked(None, None).await, 1);
    assert_eq!(times_asked(Some(3600), None).await, 1);
    // Within the 10 s buffer of their expiry, they are loaded again for each call.
    assert_eq!(times_asked(Some(5), None).await, 2);
    // A shorter buffer keeps them.
    let short = IdentityCache::lazy()
        .buffer_time(std::time::Duration::from_secs(1))
        .build();
    assert_eq!(times_asked(Some(5), Some(short)).await, 1);
    // No cache: asked for every call.
    assert_eq!(times_asked(None, Some(IdentityCache::no_cache())).await, 2);
}

#[tokio::test]
async fn clients_in_one_retry_partition_share_one_retry_quota() {
    use amazon_ecs::config::retry::RetryPartition;
    let failures = (0..250)
        .map(|_| Reply::error(500, "ServerException", "down"))
        .collect();
    let server = TestServer::start(failures).await;
    let partitioned =
        |name: &str| client_with(&server, |b| b.retry_partition(RetryPartition::new(name)));
    // 100 retries at 5 tokens drain the 500-token quota of partition "drained".
    let first = partitioned("drained");
    for _ in 0..100 {
        first
            .run_task()
            .task_definition("td")
            .send()
            .await
            .unwrap_err();
    }
    assert_eq!(server.requests().len(), 200);
    // Another client in the same partition gets no retry; one in another partition does.
    partitioned("drained")
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 201, "the shared quota is empty");
    partitioned("fresh")
        .run_task()
        .task_definition("td")
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 203, "a quota of its own");
}
