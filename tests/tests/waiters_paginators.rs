//! The generated waiters (TasksRunning, TasksStopped) and the ListTasks paginator, through
//! the client. Waiter timing runs on paused tokio time with an in-memory transport that
//! stamps each request, so the suite never really sleeps and the delays are exact; the
//! paginator runs against the scripted HTTP server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use amazon_ecs::client::Waiters;
use amazon_ecs::error::SdkError;
use amazon_ecs::http::{
    BoxFuture, HttpRequest, HttpResponse, HttpTransport, ReplayTransport, TransportError,
};
use amazon_ecs::waiters::WaiterError;
use amazon_ecs::{Client, Config, Credentials, RetryConfig, TimeoutConfig};
use ecs_tests::server::{Reply, TestServer};
use serde_json::json;
use tokio::time::Instant;

/// A replay transport that also notes when (on tokio's clock) each request was sent.
#[derive(Debug, Clone)]
struct Stamped {
    replay: ReplayTransport,
    sent_at: Arc<Mutex<Vec<Instant>>>,
}

impl HttpTransport for Stamped {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent_at.lock().unwrap().push(Instant::now());
        self.replay.send(request)
    }
}

fn describe(statuses: &[&str]) -> HttpResponse {
    let tasks: Vec<_> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| json!({ "taskArn": format!("arn:aws:ecs:us-east-1:1:task/c/t{i}"), "lastStatus": s, "stoppedReason": "Essential container in task exited" }))
        .collect();
    HttpResponse::new(200, json!({ "tasks": tasks, "failures": [] }).to_string())
}

fn client_with(replies: Vec<HttpResponse>) -> (Client, Stamped) {
    let transport = Stamped {
        replay: ReplayTransport::new(replies),
        sent_at: Arc::default(),
    };
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .transport(transport.clone())
        .retry_config(RetryConfig::disabled())
        .timeouts(TimeoutConfig::disabled())
        .build();
    (Client::new(&config), transport)
}

fn gaps(t: &Stamped) -> Vec<Duration> {
    let at = t.sent_at.lock().unwrap();
    at.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test(start_paused = true)]
async fn tasks_running_succeeds_after_three_polls_with_the_model_delays() {
    let (client, transport) = client_with(vec![
        describe(&["PENDING"]),
        describe(&["PENDING"]),
        describe(&["RUNNING"]),
    ]);
    let final_poll = client
        .wait_until_tasks_running()
        .cluster("c")
        .tasks("t0")
        .wait(Duration::from_secs(300))
        .await
        .expect("RUNNING is success");
    let output = final_poll.into_result().unwrap();
    assert_eq!(output.tasks()[0].last_status(), Some("RUNNING"));
    let sent = transport.replay.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&sent[0].body).unwrap(),
        json!({ "cluster": "c", "tasks": ["t0"] })
    );
    // minDelay 6 s: the first retry waits exactly 6 s, the second between 6 and 12 s.
    let g = gaps(&transport);
    assert_eq!(g[0], Duration::from_secs(6), "{g:?}");
    assert!(
        g[1] >= Duration::from_secs(6) && g[1] <= Duration::from_secs(12),
        "{g:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stopped_task_is_a_failure_naming_the_acceptor_and_the_values() {
    let (client, _) = client_with(vec![
        describe(&["PENDING", "PENDING"]),
        describe(&["RUNNING", "STOPPED"]),
    ]);
    let err = client
        .wait_until_tasks_running()
        .tasks("t0")
        .tasks("t1")
        .wait(Duration::from_secs(300))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "waiter TasksRunning failed on attempt 2: tasks[].lastStatus has STOPPED (acceptor 1; values [\"RUNNING\", \"STOPPED\"])"
    );
    let WaiterError::FailureState(failure) = &err else {
        panic!("{err:?}")
    };
    let output = failure.final_poll().as_result().unwrap();
    assert_eq!(
        output.tasks()[1].stopped_reason(),
        Some("Essential container in task exited")
    );
    assert!(err.last_poll().is_some_and(|p| p.is_ok()));
}

#[tokio::test(start_paused = true)]
async fn a_missing_task_is_a_failure() {
    let missing = HttpResponse::new(
        200,
        json!({ "tasks": [], "failures": [{ "arn": "arn:x", "reason": "MISSING" }] }).to_string(),
    );
    let (client, _) = client_with(vec![missing]);
    let err = client
        .wait_until_tasks_stopped()
        .tasks("t0")
        .wait(Duration::from_secs(60))
        .await;
    // TasksStopped has no failure acceptor for MISSING and an empty `tasks` is not "all
    // STOPPED" (allStringEquals is false on an empty list), so it keeps polling until the
    // replay runs out; TasksRunning does fail on it.
    assert!(
        matches!(err, Err(WaiterError::OperationFailed(_))),
        "{err:?}"
    );
    let missing = HttpResponse::new(
        200,
        json!({ "tasks": [], "failures": [{ "arn": "arn:x", "reason": "MISSING" }] }).to_string(),
    );
    let (client, _) = client_with(vec![missing]);
    let err = client
        .wait_until_tasks_running()
        .tasks("t0")
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("failures[].reason has MISSING (acceptor 2"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_error_no_acceptor_handles_ends_the_waiter() {
    let not_found = HttpResponse::new(
        400,
        json!({ "__type": "ClusterNotFoundException", "message": "Cluster not found." })
            .to_string(),
    );
    let (client, transport) = client_with(vec![not_found]);
    let err = client
        .wait_until_tasks_running()
        .tasks("t0")
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert_eq!(transport.replay.requests().len(), 1);
    let WaiterError::OperationFailed(failed) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(failed.error(), SdkError::ServiceError(_)));
    assert!(err.to_string().starts_with("waiter TasksRunning stopped on attempt 1: no acceptor handles this error: DescribeTasks failed: ClusterNotFoundException"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn max_wait_ends_with_a_timeout_whose_last_poll_lands_at_the_deadline() {
    let (client, transport) = client_with((0..100).map(|_| describe(&["PENDING"])).collect());
    let start = Instant::now();
    let err = client
        .wait_until_tasks_running()
        .tasks("t0")
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaiterError::ExceededMaxWait(exceeded) = &err else {
        panic!("{err:?}")
    };
    let sent_at = transport.sent_at.lock().unwrap().clone();
    assert_eq!(
        *sent_at.last().unwrap() - start,
        Duration::from_secs(60),
        "the last poll is at the deadline"
    );
    assert_eq!(exceeded.attempts() as usize, sent_at.len());
    for gap in gaps(&transport) {
        assert!(gap >= Duration::from_secs(6), "{gap:?}");
    }
    assert_eq!(
        err.to_string(),
        format!(
            "waiter TasksRunning: still not tasks[].lastStatus are all RUNNING after {} attempts over 1 min 0 s (max wait 1 min 0 s)",
            sent_at.len()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn delays_can_be_shortened_within_the_spec_rules() {
    let (client, transport) = client_with(vec![describe(&["PENDING"]), describe(&["RUNNING"])]);
    client
        .wait_until_tasks_running()
        .tasks("t0")
        .min_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(200))
        .wait(Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(gaps(&transport), [Duration::from_millis(100)]);
    let (client, transport) = client_with(vec![describe(&["RUNNING"])]);
    let err = client
        .wait_until_tasks_running()
        .tasks("t0")
        .wait(Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, WaiterError::ConstructionFailure(_)),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("shorter than the minimum delay"),
        "{err}"
    );
    assert!(transport.replay.requests().is_empty(), "nothing is sent");
    let (client, _) = client_with(vec![]);
    let err = client
        .wait_until_tasks_running()
        .tasks("t0")
        .min_delay(Duration::from_secs(9))
        .max_delay(Duration::from_secs(3))
        .wait(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("longer than the maximum delay"),
        "{err}"
    );
}

fn list_page(arns: &[&str], token: Option<&str>) -> Reply {
    let mut body = json!({ "taskArns": arns });
    if let Some(t) = token {
        body["nextToken"] = json!(t);
    }
    Reply::json(200, &body.to_string())
}

fn server_client(server: &TestServer) -> Client {
    ecs_tests::client::client(server)
}

#[tokio::test]
async fn the_paginator_follows_tokens_sends_the_page_size_and_flattens_items_in_order() {
    let server = TestServer::start(vec![
        list_page(&["a1", "a2"], Some("t1")),
        list_page(&["b1"], Some("t2")),
        list_page(&["c1", "c2"], None),
        list_page(&["a1", "a2"], Some("t1")),
        list_page(&["b1"], Some("t2")),
        list_page(&["c1", "c2"], Some("")),
    ])
    .await;
    let client = server_client(&server);
    let mut pages = client
        .list_tasks()
        .cluster("prod")
        .into_paginator()
        .page_size(2)
        .send();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        seen.push(page.unwrap().task_arns().to_vec());
    }
    assert_eq!(seen, [vec!["a1", "a2"], vec!["b1"], vec!["c1", "c2"]]);
    let bodies: Vec<_> = server.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies,
        [
            json!({ "cluster": "prod", "maxResults": 2 }),
            json!({ "cluster": "prod", "maxResults": 2, "nextToken": "t1" }),
            json!({ "cluster": "prod", "maxResults": 2, "nextToken": "t2" }),
        ]
    );
    // Items, as an ordinary futures stream; an empty token also ends it.
    let items = client
        .list_tasks()
        .cluster("prod")
        .into_paginator()
        .items()
        .send();
    let mut items = std::pin::pin!(items);
    let mut all = Vec::new();
    while let Some(item) =
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(items.as_mut(), cx)).await
    {
        all.push(item.unwrap());
    }
    assert_eq!(all, ["a1", "a2", "b1", "c1", "c2"]);
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn the_same_token_twice_ends_the_paginator_with_an_error() {
    let server = TestServer::start(vec![
        list_page(&["a"], Some("same")),
        list_page(&["b"], Some("same")),
        list_page(&["c"], None),
    ])
    .await;
    let client = server_client(&server);
    let pages: Vec<_> = client.list_tasks().into_paginator().send().collect().await;
    assert_eq!(pages.len(), 3, "two pages, then the error: {pages:?}");
    assert!(pages[0].is_ok() && pages[1].is_ok());
    let err = pages[2].as_ref().unwrap_err();
    assert!(
        err.to_string()
            .contains("returned the page token it was sent (\"same\") again"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 2, "no third request");
    // The third reply was never asked for; the next paginator gets it.
    let rest = client
        .list_tasks()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, ["c"]);
}

#[tokio::test]
async fn an_error_page_ends_the_stream() {
    let server = TestServer::start(vec![
        list_page(&["a"], Some("t1")),
        Reply::error(400, "ClusterNotFoundException", "Cluster not found."),
    ])
    .await;
    let client = server_client(&server);
    let items: Vec<_> = client
        .list_tasks()
        .into_paginator()
        .items()
        .send()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap(), "a");
    assert!(matches!(items[1], Err(SdkError::ServiceError(_))));
}
