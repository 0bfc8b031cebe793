//! Waiters and a paginator generated from `fixtures/waiters.json`, run on outputs: every
//! matcher (`errorType`, `inputOutput`, `output`, `success`), a filter projection with
//! `length`, `contains`, `&&` and a comparison, and nested token and item paths. Paused
//! tokio time and an in-memory transport, so the waits are instant and exact.

use std::time::Duration;

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

fn ok(body: serde_json::Value) -> HttpResponse {
    HttpResponse::new(200, body.to_string())
}

fn error(code: &str, status: u16) -> HttpResponse {
    HttpResponse::new(
        status,
        json!({ "__type": code, "message": "about it" }).to_string(),
    )
}

#[tokio::test(start_paused = true)]
async fn error_type_retries_then_a_filter_projection_with_length_succeeds() {
    let (client, transport) = client_with(vec![
        error("NotFound", 400),
        ok(json!({ "status": "BUILDING", "items": [{ "count": 3, "tags": ["y"] }] })),
        ok(json!({ "status": "BUILDING", "items": [
            { "name": "a", "count": 3, "tags": ["x"] },
            { "name": "b", "count": 9, "tags": ["y", "x"] },
            { "name": "c", "count": 1, "tags": ["x"] },
            { "name": "d", "count": 7, "tags": [] }
        ] })),
    ]);
    let done = client
        .wait_until_thing_ready()
        .id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
    let output = done.into_result().unwrap();
    assert_eq!(output.items().len(), 4);
    assert_eq!(
        transport.requests().len(),
        3,
        "NotFound retried, BUILDING with one match retried"
    );
}

/// `contains(tags, 'x')` of an item without `tags` raises a JMESPath error (as `length` of
/// null does), so the acceptor that evaluates it does not match: the waiter polls again
/// rather than counting that item as not matching.
#[tokio::test(start_paused = true)]
async fn a_jmespath_error_in_an_acceptor_path_is_no_match() {
    let items = |d: serde_json::Value| {
        json!({ "status": "BUILDING", "items": [
            { "name": "a", "count": 3, "tags": ["x"] },
            { "name": "b", "count": 9, "tags": ["x"] },
            d
        ] })
    };
    let (client, transport) = client_with(vec![
        // `d` has no tags: contains(null, 'x') is an error, though two items match.
        ok(items(json!({ "name": "d", "count": 7 }))),
        ok(items(json!({ "name": "d", "count": 7, "tags": ["y"] }))),
    ]);
    let done = client
        .wait_until_thing_ready()
        .id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(done.into_result().unwrap().items()[2].tags(), ["y"]);
    assert_eq!(transport.requests().len(), 2, "the error was no match");
}

/// A top-level `grid[]` over a list of lists yields the cells, as JMESPath's flatten does:
/// `length(grid[])` counts cells, not rows, and `anyStringEquals` reads the cells.
#[tokio::test(start_paused = true)]
async fn a_flatten_of_a_list_of_lists_yields_its_elements() {
    let (client, transport) = client_with(vec![
        ok(json!({ "grid": [["a", "b"], ["c"]] })),
        ok(json!({ "grid": [["a", "b"], ["c", "d"]] })),
    ]);
    let done = client
        .wait_until_grid_filled()
        .id("t-1")
        .wait(Duration::from_secs(600))
        .await
        .unwrap();
    assert_eq!(done.into_result().unwrap().grid().len(), 2);
    assert_eq!(transport.requests().len(), 2, "three cells, then four");

    let (client, _) = client_with(vec![ok(json!({ "grid": [["y"], ["z", "x"]] }))]);
    let err = client
        .wait_until_grid_filled()
        .id("t-1")
        .wait(Duration::from_secs(600))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "waiter GridFilled failed on attempt 1: grid[] has x (acceptor 2; values [\"y\", \"z\", \"x\"])"
    );
}

#[tokio::test(start_paused = true)]
async fn input_output_compares_the_input_with_the_output() {
    let (client, _) = client_with(vec![ok(json!({ "status": "t-1" }))]);
    let err = client
        .wait_until_thing_ready()
        .id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(err, WaiterError::FailureState(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "waiter ThingReady failed on attempt 1: input.id == output.status is true (acceptor 2; values Some(true))"
    );
    // A different id: no failure; READY then matches the stringEquals acceptor.
    let (client, _) = client_with(vec![ok(json!({ "status": "READY" }))]);
    client
        .wait_until_thing_ready()
        .id("t-2")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn success_false_turns_any_other_error_into_a_failure_state() {
    let (client, _) = client_with(vec![error("Broken", 500)]);
    let err = client
        .wait_until_thing_ready()
        .id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::FailureState(failure) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failure.matched().acceptor, 5);
    assert!(failure.final_poll().as_result().is_err());
    assert!(
        err.to_string().contains("the call fails (acceptor 5"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_can_be_the_success_and_is_the_final_poll() {
    let (client, transport) = client_with(vec![
        ok(json!({ "status": "UP" })),
        ok(json!({})),
        error("NotFound", 400),
    ]);
    let done = client
        .wait_until_thing_gone()
        .id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .unwrap();
    let err = done.into_result().unwrap_err();
    assert!(
        err.as_service_error().is_some_and(|e| e.is_not_found()),
        "{err:?}"
    );
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn nested_token_and_item_paths_are_followed() {
    let (client, transport) = client_with(vec![
        ok(json!({ "page": { "names": ["a", "b"], "next": "p2" } })),
        ok(json!({ "page": { "names": ["c"] } })),
    ]);
    let names = client
        .list_things()
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a", "b", "c"]);
    let bodies: Vec<serde_json::Value> = transport
        .requests()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [json!({ "limit": 2 }), json!({ "limit": 2, "token": "p2" })]
    );
}
