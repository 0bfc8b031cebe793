//! Fuzz target: waiters and paginators with hostile settings. Delays and max waits anywhere
//! from zero to `Duration::MAX`, page sizes of any `i32`, and services that answer with
//! absent, empty, repeated or odd page tokens: every run ends (in virtual time, on a paused
//! clock) with a result or an error, never a panic or a hang, and the result is the one the
//! settings and replies call for.

use std::time::Duration;

use ecs_fuzz::{fuzz, guarded};
use proptest::prelude::*;
use serde_json::json;
use waiter_fixture::client::Waiters;
use waiter_fixture::http::{HttpResponse, ReplayTransport};
use waiter_fixture::waiters::WaiterError;
use waiter_fixture::{Client, Config, Credentials, RetryConfig};

fn client_with(replies: Vec<HttpResponse>) -> (Client, ReplayTransport) {
    let transport = ReplayTransport::new(replies);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .transport(transport.clone())
        .retry_config(RetryConfig::disabled())
        .build();
    (Client::new(&config), transport)
}

/// A paused-clock runtime: sleeps advance virtual time at once.
fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("tokio runtime")
}

/// Durations where arithmetic breaks: zero, a nanosecond, around a second, and the top of the
/// range, with anything in between now and then.
fn duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        Just(Duration::ZERO),
        Just(Duration::from_nanos(1)),
        Just(Duration::from_secs(1)),
        Just(Duration::from_secs(3600)),
        Just(Duration::from_secs(u64::MAX)),
        Just(Duration::MAX),
        (0u64..10_000).prop_map(Duration::from_millis),
        any::<u64>().prop_map(Duration::from_nanos),
    ]
}

/// The granularity of tokio's timer wheel (1 ms), plus the part of a tick that passed before
/// the waiter started.
const TIMER_RESOLUTION: Duration = Duration::from_millis(2);

#[derive(Debug, Clone)]
struct WaiterCase {
    min_delay: Option<Duration>,
    max_delay: Option<Duration>,
    max_wait: Duration,
    /// Polls that say BUILDING before the one that says READY (if `ready`).
    building: usize,
    ready: bool,
}

fn waiter_case() -> impl Strategy<Value = WaiterCase> {
    (
        prop::option::of(duration()),
        prop::option::of(duration()),
        duration(),
        0usize..6,
        any::<bool>(),
    )
        .prop_map(
            |(min_delay, max_delay, max_wait, building, ready)| WaiterCase {
                min_delay,
                max_delay,
                max_wait,
                building,
                ready,
            },
        )
}

#[test]
fn waiters_end_with_the_outcome_their_settings_call_for() {
    fuzz("waiter_settings", 400, waiter_case(), |case| {
        let c = case.clone();
        let (outcome, sent, elapsed) = guarded("wait", Duration::from_secs(10), move || {
            let status = |s: &str| HttpResponse::new(200, json!({ "status": s }).to_string());
            let mut replies = vec![status("BUILDING"); c.building];
            if c.ready {
                replies.push(status("READY"));
            }
            let (client, transport) = client_with(replies);
            paused_runtime().block_on(async {
                let mut waiter = client.wait_until_thing_ready().id("t-1");
                if let Some(d) = c.min_delay {
                    waiter = waiter.min_delay(d);
                }
                if let Some(d) = c.max_delay {
                    waiter = waiter.max_delay(d);
                }
                let start = tokio::time::Instant::now();
                let outcome = waiter.wait(c.max_wait).await;
                let outcome = match outcome {
                    Ok(_) => "success",
                    Err(WaiterError::ConstructionFailure(_)) => "construction",
                    Err(WaiterError::ExceededMaxWait(_)) => "timeout",
                    Err(WaiterError::FailureState(_)) => "failure",
                    Err(WaiterError::OperationFailed(_)) => "operation",
                    Err(_) => "other",
                };
                (outcome, transport.requests().len(), start.elapsed())
            })
        })?;
        // Tokio's timer rounds a sleep's deadline up to the next tick of its millisecond
        // wheel: the last poll lands at the deadline to within that resolution.
        let deadline = case.max_wait.saturating_add(TIMER_RESOLUTION);
        prop_assert!(
            elapsed <= deadline,
            "waited {elapsed:?} past {:?}",
            case.max_wait
        );
        match outcome {
            // Nothing is sent when the settings are refused.
            "construction" => prop_assert_eq!(sent, 0),
            // Success is the READY reply, after every BUILDING one.
            "success" => prop_assert!(case.ready && sent == case.building + 1),
            // Out of replies: the transport's error, which the `success: false` acceptor turns
            // into the failure state.
            "failure" => prop_assert_eq!(sent, case.building + usize::from(case.ready) + 1),
            "timeout" => prop_assert!(sent >= 1 && sent <= case.building + 1),
            other => prop_assert!(false, "unexpected outcome {other}"),
        }
        Ok(())
    });
}

#[derive(Debug, Clone)]
enum Token {
    Absent,
    Empty,
    /// The token the paginator sent for this page (the service repeats it).
    Repeat,
    Fresh(String),
}

fn pages() -> impl Strategy<Value = (i32, Vec<(u8, Token)>)> {
    let token = prop_oneof![
        1 => Just(Token::Absent),
        1 => Just(Token::Empty),
        1 => Just(Token::Repeat),
        6 => prop_oneof![
            Just("p\r\n\"\\".to_owned()),
            Just("\u{0}".to_owned()),
            "[a-z]{1,4}",
            Just("x".repeat(10_000)),
        ]
        .prop_map(Token::Fresh),
    ];
    (any::<i32>(), prop::collection::vec((0u8..4, token), 0..8))
}

#[test]
fn paginators_stop_where_the_tokens_say() {
    fuzz("paginator_settings", 300, pages(), |(page_size, pages)| {
        // The replies, with each token made concrete, and where the paginator must stop.
        let mut sent = None::<String>;
        let mut replies = Vec::new();
        let mut expected_names = Vec::new();
        let mut stop = None;
        for (i, (count, token)) in pages.iter().enumerate() {
            let names: Vec<String> = (0..*count).map(|n| format!("{i}-{n}")).collect();
            let next = match token {
                Token::Absent => None,
                Token::Empty => Some(String::new()),
                Token::Repeat => Some(sent.clone().unwrap_or_default()),
                Token::Fresh(t) => Some(t.clone()),
            };
            replies.push(HttpResponse::new(
                200,
                json!({ "page": { "names": names, "next": next } }).to_string(),
            ));
            expected_names.extend(names);
            let repeated = next.is_some() && next == sent;
            match next {
                Some(t) if !t.is_empty() && !repeated => sent = Some(t),
                _ => {
                    stop = Some((i + 1, repeated));
                    break;
                }
            }
        }
        let replies_len = replies.len();
        let (names, requests) = guarded("paginate", Duration::from_secs(10), move || {
            let (client, transport) = client_with(replies);
            let names = paused_runtime().block_on(
                client
                    .list_things()
                    .into_paginator()
                    .page_size(page_size)
                    .items()
                    .send()
                    .collect::<Vec<_>>(),
            );
            (names, transport.requests())
        })?;
        let bodies: Vec<serde_json::Value> = requests
            .iter()
            .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
            .collect();
        prop_assert!(bodies.iter().all(|b| b["limit"] == page_size));
        let ok: Vec<&String> = names.iter().filter_map(|n| n.as_ref().ok()).collect();
        let errors = names.iter().filter(|n| n.is_err()).count();
        prop_assert_eq!(ok, expected_names.iter().collect::<Vec<_>>());
        match stop {
            Some((pages, repeated)) => {
                prop_assert_eq!(requests.len(), pages);
                prop_assert_eq!(
                    errors,
                    usize::from(repeated),
                    "an error for a repeated token only"
                );
            }
            // Out of replies: one more request, which fails.
            None => {
                prop_assert_eq!(requests.len(), replies_len + 1);
                prop_assert_eq!(errors, 1);
            }
        }
        Ok(())
    });
}
