//! Tracing: a span per call and per attempt with operation, attempt, status and request id, and
//! no credential or `@sensitive` value in any span field or event.

use std::sync::{Arc, Mutex};

use ecs_tests::client::{RUN_TASK_OK, SECRET_KEY, config, fast_retries, overrides_with_env};
use ecs_tests::server::{Reply, TestServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Default)]
struct Recorded {
    /// Span name and its fields, in creation order (span id = index + 1).
    spans: Vec<(String, Vec<(String, String)>)>,
    /// Every event's fields.
    events: Vec<Vec<(String, String)>>,
}

impl Recorded {
    /// The fields of every span called `name`, in creation order.
    fn spans_named(&self, name: &str) -> Vec<&[(String, String)]> {
        self.spans
            .iter()
            .filter(|(span, _)| span == name)
            .map(|(_, fields)| fields.as_slice())
            .collect()
    }
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Recorded>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        attrs.record(&mut Fields(&mut fields));
        let mut r = self.0.lock().unwrap();
        r.spans.push((attrs.metadata().name().to_owned(), fields));
        Id::from_u64(r.spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut r = self.0.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut r.spans[index].1));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().events.push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// An attempt span's number and HTTP status.
fn attempt_status(fields: &[(String, String)]) -> (Option<&str>, Option<&str>) {
    (field(fields, "attempt"), field(fields, "status"))
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test(flavor = "current_thread")]
async fn spans_per_call_and_attempt_without_secrets() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = TestServer::start(vec![
        Reply::error(503, "ServiceUnavailable", "busy"),
        Reply::json(200, RUN_TASK_OK),
    ])
    .await;
    let client = amazon_ecs::Client::new(&config(&server, fast_retries(3), Default::default()));
    client
        .run_task()
        .task_definition("td")
        .overrides(overrides_with_env("DB_PASSWORD", "sensitive-value-42"))
        .send()
        .await
        .unwrap();

    let recorded = recorder.0.lock().unwrap();
    let calls = recorded.spans_named("call");
    assert_eq!(calls.len(), 1);
    assert_eq!(field(calls[0], "operation"), Some("\"RunTask\""));
    assert_eq!(field(calls[0], "attempts"), Some("2"));
    let attempts = recorded.spans_named("attempt");
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempt_status(attempts[0]), (Some("1"), Some("503")));
    assert_eq!(attempt_status(attempts[1]), (Some("2"), Some("200")));
    assert_eq!(field(attempts[1], "request_id"), Some("\"req-200\""));
    assert!(
        recorded
            .events
            .iter()
            .any(|e| field(e, "message").is_some_and(|m| m.contains("retrying"))),
        "the retry is logged"
    );

    let everything = format!("{:?} {:?}", recorded.spans, recorded.events);
    for secret in [SECRET_KEY, "session-TOKEN-value", "sensitive-value-42"] {
        assert!(
            !everything.contains(secret),
            "{secret} reached tracing: {everything}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_waiter_logs_each_poll_with_its_attempt_delay_and_state() {
    use amazon_ecs::client::Waiters;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let pending = r#"{"tasks":[{"taskArn":"arn:t","lastStatus":"PENDING"}]}"#;
    let running = r#"{"tasks":[{"taskArn":"arn:t","lastStatus":"RUNNING"}]}"#;
    let server =
        TestServer::start(vec![Reply::json(200, pending), Reply::json(200, running)]).await;
    let client = amazon_ecs::Client::new(&config(&server, fast_retries(1), Default::default()));
    client
        .wait_until_tasks_running()
        .tasks("arn:t")
        .min_delay(std::time::Duration::from_millis(10))
        .max_delay(std::time::Duration::from_millis(10))
        .wait(std::time::Duration::from_secs(5))
        .await
        .unwrap();
    let recorded = recorder.0.lock().unwrap();
    let polls: Vec<_> = recorded
        .events
        .iter()
        .filter(|e| field(e, "message").is_some_and(|m| m.starts_with("waiter poll")))
        .collect();
    assert_eq!(polls.len(), 2, "{:?}", recorded.events);
    assert_eq!(
        (
            field(polls[0], "waiter"),
            field(polls[0], "attempt"),
            field(polls[0], "state"),
            field(polls[0], "delay_ms")
        ),
        (
            Some("\"TasksRunning\""),
            Some("1"),
            Some("\"no match\""),
            Some("10")
        )
    );
    assert_eq!(
        (field(polls[1], "attempt"), field(polls[1], "state")),
        (Some("2"), Some("\"success\""))
    );
}
