//! What the client needs from an async runtime, behind a small trait: sleeping (retry backoff,
//! waiter delays, attempt and operation timeouts). tokio's timer with the `rt-tokio` feature;
//! any other executor brings its own [`AsyncSleep`] through
//! [`ConfigBuilder::sleep_impl`](crate::ConfigBuilder::sleep_impl), as with the official SDK's
//! `sleep_impl`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// Sleeps: how the client waits between attempts and polls, and bounds a call's time.
pub trait AsyncSleep: fmt::Debug + Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The future [`AsyncSleep::sleep`] returns.
pub struct Sleep(Pin<Box<dyn Future<Output = ()> + Send + 'static>>);

impl Sleep {
    /// Wraps any future that completes when the time has passed.
    pub fn new(future: impl Future<Output = ()> + Send + 'static) -> Self {
        Sleep(Box::pin(future))
    }
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sleep")
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.0.as_mut().poll(cx)
    }
}

/// An [`AsyncSleep`] shared by the clients made from one configuration.
#[derive(Clone, Debug)]
pub struct SharedAsyncSleep(Arc<dyn AsyncSleep>);

impl SharedAsyncSleep {
    /// Shares `sleep`.
    pub fn new(sleep: impl AsyncSleep + 'static) -> Self {
        SharedAsyncSleep(Arc::new(sleep))
    }

    /// A future that completes after `duration`.
    pub fn sleep(&self, duration: Duration) -> Sleep {
        self.0.sleep(duration)
    }
}

impl AsyncSleep for SharedAsyncSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.sleep(duration)
    }
}

/// tokio's timer (`rt-tokio`): the default, which needs a tokio runtime with time enabled.
#[cfg(feature = "rt-tokio")]
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioSleep;

#[cfg(feature = "rt-tokio")]
impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Sleep::new(tokio::time::sleep(duration))
    }
}

/// The sleep a configuration gets when it sets none: tokio's with `rt-tokio`, else none.
pub(crate) fn default_sleep() -> Option<SharedAsyncSleep> {
    #[cfg(feature = "rt-tokio")]
    return Some(SharedAsyncSleep::new(TokioSleep));
    #[cfg(not(feature = "rt-tokio"))]
    None
}

/// What a call that needs to wait says when there is nothing to wait with.
pub(crate) const NO_SLEEP: &str = "retries, timeouts and waiters need an async sleep: enable \
     the `rt-tokio` feature, or set one with Config::builder().sleep_impl(..) (or turn retries \
     off with RetryConfig::disabled() and set no timeouts)";

/// The time ran out before the future completed.
#[derive(Debug)]
pub(crate) struct Elapsed;

/// `future`'s output, or [`Elapsed`] if `sleep` completes first.
pub(crate) async fn timeout<F: Future>(sleep: Sleep, future: F) -> Result<F::Output, Elapsed> {
    let mut future = std::pin::pin!(future);
    let mut sleep = sleep;
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        Pin::new(&mut sleep).poll(cx).map(|()| Err(Elapsed))
    })
    .await
}

/// The clock waiters measure their max wait with: tokio's with `rt-tokio` (so a paused test
/// clock moves it), else the standard library's.
#[cfg(feature = "rt-tokio")]
pub(crate) use tokio::time::Instant;

#[cfg(not(feature = "rt-tokio"))]
pub(crate) use std::time::Instant;
