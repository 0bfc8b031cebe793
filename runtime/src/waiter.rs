//! Waiters (the `smithy.waiters#waitable` trait, waiters.rst): poll an operation until an
//! acceptor says success or failure, with the spec's exponential backoff with jitter between
//! polls. Generated code supplies the acceptors, compiled from the model's JMESPath to Rust;
//! this module only schedules the polls and reports how waiting ended.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use crate::rt::SharedAsyncSleep;

use crate::error::{ProvideErrorMetadata, SdkError};

/// The state an acceptor moves the waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Done, successfully.
    Success,
    /// Done, unsuccessfully.
    Failure,
    /// Poll again.
    Retry,
}

/// The acceptor that matched a poll, and what it saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// Where it moves the waiter.
    pub state: AcceptorState,
    /// Its position in the model's list, from 1.
    pub acceptor: usize,
    /// What it checks, in words (`tasks[].lastStatus: any is "STOPPED"`).
    pub rule: &'static str,
    /// The values it matched, as the model's path selected them (`["STOPPED", "RUNNING"]`).
    pub values: String,
}

/// A waiter's fixed facts, from the model.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct WaiterSpec {
    /// The waiter's name (`TasksRunning`).
    pub name: &'static str,
    /// What success looks like, in words, for the message when time runs out.
    pub goal: &'static str,
    /// Shortest delay between polls (the model's `minDelay`, 2 s by default).
    pub min_delay: Duration,
    /// Longest delay between polls (the model's `maxDelay`, 120 s by default).
    pub max_delay: Duration,
}

/// Called with every poll's result, before the acceptors decide (see the waiter builders'
/// `on_poll`): for progress output.
#[doc(hidden)]
pub struct Observer<O, E>(std::sync::Arc<ObserveFn<O, E>>);

type ObserveFn<O, E> = dyn Fn(&Result<O, SdkError<E>>) + Send + Sync;

impl<O, E> Observer<O, E> {
    /// Wraps `f`.
    pub fn new(f: impl Fn(&Result<O, SdkError<E>>) + Send + Sync + 'static) -> Self {
        Observer(std::sync::Arc::new(f))
    }
    /// Calls it.
    pub fn observe(&self, result: &Result<O, SdkError<E>>) {
        (self.0)(result)
    }
}

impl<O, E> Clone for Observer<O, E> {
    fn clone(&self) -> Self {
        Observer(self.0.clone())
    }
}

impl<O, E> fmt::Debug for Observer<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}

/// The last poll of a waiter: its output, or the error an acceptor accepted.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, E>,
}

impl<O, E> FinalPoll<O, E> {
    /// The poll's result.
    pub fn into_result(self) -> Result<O, E> {
        self.result
    }
    /// The poll's result, borrowed.
    pub fn as_result(&self) -> Result<&O, &E> {
        self.result.as_ref()
    }
}

/// How waiting ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The waiter could not start (a max wait shorter than the minimum delay, or an input
    /// that cannot be built); nothing was sent.
    ConstructionFailure(WaiterConstructionFailure),
    /// The max wait passed before any acceptor said success or failure.
    ExceededMaxWait(ExceededMaxWait<O, E>),
    /// A failure acceptor matched.
    FailureState(FailureState<O, E>),
    /// The operation failed with an error no acceptor handles.
    OperationFailed(OperationFailed<E>),
}

/// See [`WaiterError::ConstructionFailure`].
#[derive(Debug)]
pub struct WaiterConstructionFailure {
    waiter: &'static str,
    source: crate::error::BoxError,
}

/// See [`WaiterError::ExceededMaxWait`].
#[derive(Debug)]
pub struct ExceededMaxWait<O, E> {
    waiter: &'static str,
    goal: &'static str,
    attempts: u32,
    elapsed: Duration,
    max_wait: Duration,
    last_poll: Result<O, SdkError<E>>,
}

impl<O, E> ExceededMaxWait<O, E> {
    /// How many polls were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
    /// How long the waiter waited.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
    /// The last poll's result.
    pub fn last_poll(&self) -> &Result<O, SdkError<E>> {
        &self.last_poll
    }
}

/// See [`WaiterError::FailureState`].
#[derive(Debug)]
pub struct FailureState<O, E> {
    waiter: &'static str,
    matched: Matched,
    attempts: u32,
    final_poll: FinalPoll<O, SdkError<E>>,
}

impl<O, E> FailureState<O, E> {
    /// The poll the failure acceptor matched.
    pub fn final_poll(&self) -> &FinalPoll<O, SdkError<E>> {
        &self.final_poll
    }
    /// The acceptor that matched.
    pub fn matched(&self) -> &Matched {
        &self.matched
    }
}

/// See [`WaiterError::OperationFailed`].
#[derive(Debug)]
pub struct OperationFailed<E> {
    waiter: &'static str,
    attempts: u32,
    error: SdkError<E>,
}

impl<E> OperationFailed<E> {
    /// The operation's error.
    pub fn error(&self) -> &SdkError<E> {
        &self.error
    }
    /// Takes the operation's error out.
    pub fn into_error(self) -> SdkError<E> {
        self.error
    }
}

impl<O, E> WaiterError<O, E> {
    /// A waiter that cannot start.
    pub fn construction(waiter: &'static str, source: impl Into<crate::error::BoxError>) -> Self {
        WaiterError::ConstructionFailure(WaiterConstructionFailure {
            waiter,
            source: source.into(),
        })
    }
    /// The last poll's result, when there was a poll: the output or error that a failure
    /// acceptor matched, the error no acceptor handled, or the last poll before the max
    /// wait passed.
    pub fn last_poll(&self) -> Option<Result<&O, &SdkError<E>>> {
        match self {
            WaiterError::ConstructionFailure(_) => None,
            WaiterError::ExceededMaxWait(e) => Some(e.last_poll.as_ref()),
            WaiterError::FailureState(e) => Some(e.final_poll.as_result()),
            WaiterError::OperationFailed(e) => Some(Err(&e.error)),
        }
    }
}

fn minutes_and_seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        format!("{} min {} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

impl<O, E: fmt::Display + ProvideErrorMetadata> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::ConstructionFailure(e) => {
                write!(f, "waiter {} was not started: {}", e.waiter, e.source)
            }
            WaiterError::ExceededMaxWait(e) => write!(
                f,
                "waiter {}: still not {} after {} attempts over {} (max wait {})",
                e.waiter,
                e.goal,
                e.attempts,
                minutes_and_seconds(e.elapsed),
                minutes_and_seconds(e.max_wait)
            ),
            WaiterError::FailureState(e) => write!(
                f,
                "waiter {} failed on attempt {}: {} (acceptor {}; values {})",
                e.waiter, e.attempts, e.matched.rule, e.matched.acceptor, e.matched.values
            ),
            WaiterError::OperationFailed(e) => write!(
                f,
                "waiter {} stopped on attempt {}: no acceptor handles this error: {}",
                e.waiter, e.attempts, e.error
            ),
        }
    }
}

impl<O: fmt::Debug, E> std::error::Error for WaiterError<O, E>
where
    E: std::error::Error + ProvideErrorMetadata + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::ConstructionFailure(e) => Some(e.source.as_ref()),
            WaiterError::OperationFailed(e) => Some(&e.error),
            _ => None,
        }
    }
}

/// The delay before retry attempt `attempt` (from 1), waiters.rst "Waiter retries": doubling
/// from `min` up to `max`, then a uniformly random point between `min` and that. Any
/// `Duration`s will do, `Duration::MAX` included: the arithmetic is in `f64` seconds and the
/// result is clamped to `[min, max]`.
#[doc(hidden)]
pub fn backoff(attempt: u32, min: Duration, max: Duration) -> Duration {
    let (min_s, max_s) = (min.as_secs_f64(), max.as_secs_f64());
    let ceiling = if min_s > 0.0 {
        (max_s / min_s).ln() / 2f64.ln() + 1.0
    } else {
        f64::INFINITY
    };
    let delay = if f64::from(attempt) > ceiling {
        max_s
    } else {
        (min_s * 2f64.powi(attempt.saturating_sub(1).min(62) as i32)).min(max_s)
    };
    let seconds = min_s + fastrand::f64() * (delay - min_s).max(0.0);
    Duration::try_from_secs_f64(seconds)
        .unwrap_or(max)
        .clamp(min.min(max), max)
}

/// Polls with `poll` until `accept` says success or failure, the operation fails with an
/// error no acceptor takes, or `max_wait` passes (the last poll is scheduled to land at the
/// deadline, as the spec says). `sleep` waits between polls; without one the waiter cannot
/// start.
#[doc(hidden)]
pub async fn wait<O, E, F, Fut>(
    sleep: Option<SharedAsyncSleep>,
    spec: WaiterSpec,
    max_wait: Duration,
    mut poll: F,
    accept: impl Fn(&Result<O, SdkError<E>>) -> Option<Matched>,
    observer: Option<&Observer<O, E>>,
) -> Result<FinalPoll<O, SdkError<E>>, WaiterError<O, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    check_delays(&spec, max_wait)
        .map_err(|problem| WaiterError::construction(spec.name, problem))?;
    let sleep = sleep.ok_or_else(|| WaiterError::construction(spec.name, crate::rt::NO_SLEEP))?;
    let start = crate::rt::Instant::now();
    let mut last_attempt = false;
    let mut attempt = 0u32;
    loop {
        attempt = attempt.saturating_add(1);
        let result = poll().await;
        if let Some(observer) = observer {
            observer.observe(&result);
        }
        let matched = accept(&result);
        let state = matched.as_ref().map(|m| m.state);
        let result = match verdict(spec.name, attempt, matched, result) {
            Verdict::Done(outcome) => return outcome,
            Verdict::PollAgain(result) => result,
        };
        let elapsed = start.elapsed();
        if last_attempt || elapsed >= max_wait {
            tracing::info!(
                waiter = spec.name,
                attempt,
                state = "retry",
                "waiter poll; max wait passed"
            );
            let exceeded = ExceededMaxWait {
                waiter: spec.name,
                goal: spec.goal,
                attempts: attempt,
                elapsed,
                max_wait,
                last_poll: result,
            };
            return Err(WaiterError::ExceededMaxWait(exceeded));
        }
        let delay;
        (delay, last_attempt) = next_delay(&spec, attempt, max_wait - elapsed);
        tracing::info!(
            waiter = spec.name,
            attempt,
            state = if state.is_some() { "retry" } else { "no match" },
            delay_ms = delay.as_millis() as u64,
            "waiter poll"
        );
        sleep.sleep(delay).await;
    }
}

/// The delay before the next poll and whether that poll is the last: when waiting the
/// backoff would leave less than the minimum delay, the next poll lands at the deadline.
fn next_delay(spec: &WaiterSpec, attempt: u32, remaining: Duration) -> (Duration, bool) {
    let delay = backoff(attempt, spec.min_delay, spec.max_delay);
    if remaining.saturating_sub(delay) <= spec.min_delay {
        (remaining, true)
    } else {
        (delay, false)
    }
}

/// waiters.rst: the minimum delay may not exceed the maximum, and a max wait shorter than
/// the minimum delay is an error before anything is sent.
fn check_delays(spec: &WaiterSpec, max_wait: Duration) -> Result<(), String> {
    let problem = if spec.min_delay > spec.max_delay {
        format!(
            "the minimum delay ({:?}) is longer than the maximum delay ({:?})",
            spec.min_delay, spec.max_delay
        )
    } else if max_wait < spec.min_delay {
        format!(
            "the max wait ({max_wait:?}) is shorter than the minimum delay between polls ({:?})",
            spec.min_delay
        )
    } else {
        return Ok(());
    };
    Err(problem)
}

/// What one poll means: the waiter is done (success, a failure state, or an error no acceptor
/// takes), or it polls again.
enum Verdict<O, E> {
    Done(Result<FinalPoll<O, SdkError<E>>, WaiterError<O, E>>),
    PollAgain(Result<O, SdkError<E>>),
}

fn verdict<O, E>(
    waiter: &'static str,
    attempt: u32,
    matched: Option<Matched>,
    result: Result<O, SdkError<E>>,
) -> Verdict<O, E> {
    let done = |state: &str| tracing::info!(waiter, attempt, state, "waiter poll");
    match (matched, result) {
        (Some(m), result) if m.state == AcceptorState::Success => {
            done("success");
            Verdict::Done(Ok(FinalPoll { result }))
        }
        (Some(m), result) if m.state == AcceptorState::Failure => {
            done("failure");
            Verdict::Done(Err(WaiterError::FailureState(FailureState {
                waiter,
                matched: m,
                attempts: attempt,
                final_poll: FinalPoll { result },
            })))
        }
        (None, Err(error)) => {
            done("error");
            Verdict::Done(Err(WaiterError::OperationFailed(OperationFailed {
                waiter,
                attempts: attempt,
                error,
            })))
        }
        (_, result) => Verdict::PollAgain(result),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_takes_any_durations() {
        for (min, max) in [
            (Duration::MAX, Duration::MAX),
            (Duration::from_secs(1), Duration::MAX),
            (Duration::ZERO, Duration::MAX),
            (Duration::ZERO, Duration::ZERO),
            (Duration::from_nanos(1), Duration::from_nanos(3)),
        ] {
            for attempt in [1, 2, 63, 64, u32::MAX] {
                let d = backoff(attempt, min, max);
                assert!(d >= min && d <= max, "{attempt} {min:?} {max:?}: {d:?}");
            }
        }
    }

    #[test]
    fn backoff_stays_within_the_spec_bounds() {
        let (min, max) = (Duration::from_secs(2), Duration::from_secs(120));
        for attempt in 1..40 {
            for _ in 0..50 {
                let d = backoff(attempt, min, max);
                let cap = (2.0 * 2f64.powi(attempt as i32 - 1)).min(120.0);
                assert!(
                    d >= min && d.as_secs_f64() <= cap + 1e-9,
                    "attempt {attempt}: {d:?}"
                );
            }
        }
        assert_eq!(backoff(3, min, min), min);
    }
}
