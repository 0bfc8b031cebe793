//! The client on an executor that is not tokio: `pollster::block_on` on a plain thread, no
//! reactor and no timer, with a user transport (the replay transport) and a user `AsyncSleep`
//! made of a thread and a waker. A RunTask call, a retry after a 503, and a waiter that polls
//! twice all complete; any use of tokio's timer here would panic ("no reactor running").

use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use std::time::{Duration, Instant};

use amazon_ecs::client::Waiters as _;
use amazon_ecs::config::{AsyncSleep, Sleep};
use amazon_ecs::http::{HttpResponse, ReplayTransport};
use amazon_ecs::{Client, Config, Credentials, RetryConfig};
use ecs_tests::client::RUN_TASK_OK;

/// Sleeps on a thread of its own, then wakes the task: a timer any executor can use.
#[derive(Debug, Default)]
struct ThreadSleep {
    slept: Arc<Mutex<Vec<Duration>>>,
}

impl AsyncSleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.slept.lock().unwrap().push(duration);
        let state: Arc<Mutex<(bool, Option<Waker>)>> = Arc::default();
        let timer = state.clone();
        std::thread::spawn(move || {
            std::thread::sleep(duration);
            let mut s = timer.lock().unwrap();
            s.0 = true;
            if let Some(waker) = s.1.take() {
                waker.wake();
            }
        });
        Sleep::new(std::future::poll_fn(move |cx| {
            let mut s = state.lock().unwrap();
            if s.0 {
                Poll::Ready(())
            } else {
                s.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        }))
    }
}

fn client(replies: Vec<HttpResponse>, sleep: ThreadSleep) -> (Client, ReplayTransport) {
    let transport = ReplayTransport::new(replies);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .transport(transport.clone())
        .sleep_impl(sleep)
        .retry_config(RetryConfig {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(5),
            ..RetryConfig::default()
        })
        .build();
    (Client::new(&config), transport)
}

#[test]
fn a_call_with_a_retry_runs_without_tokio() {
    let sleep = ThreadSleep::default();
    let slept = sleep.slept.clone();
    let (client, transport) = client(
        vec![
            HttpResponse::new(503, "{}".to_owned()),
            HttpResponse::new(200, RUN_TASK_OK.to_owned()),
        ],
        sleep,
    );
    let out = pollster::block_on(client.run_task().task_definition("sleep:1").send())
        .expect("RunTask after one retry");
    assert_eq!(out.tasks().len(), 1);
    assert_eq!(transport.requests().len(), 2);
    assert_eq!(
        slept.lock().unwrap().len(),
        1,
        "the retry slept through our sleep"
    );
}

#[test]
fn a_waiter_polls_and_sleeps_without_tokio() {
    let task = |status: &str| {
        HttpResponse::new(
            200,
            format!(r#"{{"tasks":[{{"taskArn":"arn:t","lastStatus":"{status}"}}]}}"#),
        )
    };
    let sleep = ThreadSleep::default();
    let slept = sleep.slept.clone();
    let (client, transport) = client(vec![task("PENDING"), task("RUNNING")], sleep);
    let start = Instant::now();
    let done = pollster::block_on(
        client
            .wait_until_tasks_running()
            .cluster("c")
            .tasks("arn:t")
            .min_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(20))
            .wait(Duration::from_secs(10)),
    )
    .expect("the tasks run");
    assert_eq!(done.into_result().unwrap().tasks().len(), 1);
    assert_eq!(transport.requests().len(), 2);
    assert_eq!(*slept.lock().unwrap(), [Duration::from_millis(20)]);
    assert!(
        start.elapsed() >= Duration::from_millis(20),
        "it really slept"
    );
}

/// Adaptive mode: once the service throttles, attempts wait for the client's rate (here 0.5 a
/// second, the least rate, so about 2 s for the first token), on top of the backoff; standard
/// mode only backs off. The sleeps are recorded, not slept.
#[test]
fn adaptive_mode_paces_attempts_after_a_throttle_and_standard_mode_does_not() {
    #[derive(Debug, Default)]
    struct Recorded(Arc<Mutex<Vec<Duration>>>);
    impl AsyncSleep for Recorded {
        fn sleep(&self, duration: Duration) -> Sleep {
            self.0.lock().unwrap().push(duration);
            Sleep::new(std::future::ready(()))
        }
    }
    let run = |retry: RetryConfig| {
        let throttled = || {
            HttpResponse::new(
                400,
                r#"{"__type":"ThrottlingException","message":"slow down"}"#.to_owned(),
            )
        };
        let transport = ReplayTransport::new([
            throttled(),
            throttled(),
            HttpResponse::new(200, RUN_TASK_OK.to_owned()),
        ]);
        let slept = Arc::new(Mutex::new(Vec::new()));
        let mut builder = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None, None, "test"))
            .transport(transport.clone())
            .sleep_impl(Recorded(slept.clone()));
        builder.set_retry_config(Some(retry));
        let config = builder.build();
        pollster::block_on(Client::new(&config).run_task().task_definition("t").send())
            .expect("the third attempt succeeds");
        assert_eq!(transport.requests().len(), 3);
        slept.lock().unwrap().clone()
    };
    let standard = run(RetryConfig::standard());
    assert_eq!(standard.len(), 2, "two backoffs: {standard:?}");
    let adaptive = run(RetryConfig::adaptive());
    assert!(adaptive.len() > 2, "backoffs and rate waits: {adaptive:?}");
    assert!(
        adaptive.iter().any(|d| *d >= Duration::from_millis(1500)),
        "a wait for the first token at 0.5 a second: {adaptive:?}"
    );
}
