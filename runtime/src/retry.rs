//! AWS "standard" retries, as the AWS SDKs implement them: which failures are retried, the
//! full-jitter exponential backoff, and the retry quota (a token bucket shared by a client).

use std::sync::Mutex;
use std::time::Duration;

/// Retry settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    /// Attempts per call, the first one included; 1 disables retries.
    pub max_attempts: u32,
    /// Base of the exponential backoff (1 s in the AWS SDKs).
    pub initial_backoff: Duration,
    /// Cap on one backoff (20 s in the AWS SDKs).
    pub max_backoff: Duration,
    /// The mode asked for; see [`RetryMode`].
    pub mode: RetryMode,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            mode: RetryMode::Standard,
        }
    }
}

impl RetryConfig {
    /// Adaptive mode: standard retries, and a client-side rate limiter that is off until the
    /// service throttles, then paces attempts (the rate drops to 70 % of the measured rate at
    /// each throttle and grows back along a cubic curve), as the AWS SDKs' adaptive mode does.
    pub fn adaptive() -> Self {
        RetryConfig {
            mode: RetryMode::Adaptive,
            ..Self::default()
        }
    }

    /// Standard mode with its defaults (3 attempts, 1 s base, 20 s cap).
    pub fn standard() -> Self {
        Self::default()
    }
    /// Attempts per call, the first one included.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
    /// Base of the exponential backoff.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }
    /// Cap on one backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }
    /// No retries: one attempt per call.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::default()
        }
    }
}

/// `AWS_RETRY_MODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryMode {
    /// Standard mode (the default).
    Standard,
    /// Standard retries plus a client-side rate limiter: after the service throttles, each
    /// attempt waits for a token, and the rate follows CUBIC (see `RetryConfig::adaptive`).
    Adaptive,
    /// Legacy mode is accepted and behaves as standard.
    Legacy,
}

impl std::str::FromStr for RetryMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(RetryMode::Standard),
            "adaptive" => Ok(RetryMode::Adaptive),
            "legacy" => Ok(RetryMode::Legacy),
            other => Err(format!(
                "unknown retry mode `{other}` (expected standard, adaptive or legacy)"
            )),
        }
    }
}

/// Why a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// 5xx, transient error codes, connection errors, `@retryable` errors.
    Transient,
    /// Throttling error codes.
    Throttling,
    /// The attempt timed out.
    Timeout,
    /// Not retried (other 4xx, invalid responses).
    No,
}

impl RetryKind {
    /// Retry-quota tokens a retry of this kind costs.
    pub(crate) fn cost(self) -> u32 {
        match self {
            RetryKind::Timeout => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        }
    }
}

const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
];

const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

const TRANSIENT_STATUS: &[u16] = &[500, 502, 503, 504];

/// Classifies an error response.
pub(crate) fn classify_response(
    status: u16,
    code: Option<&str>,
    modeled_retryable: bool,
) -> RetryKind {
    match classify_code(code) {
        RetryKind::No if modeled_retryable || is_transient_status(status) => RetryKind::Transient,
        by_code => by_code,
    }
}

/// What an error code alone says: throttling, transient, or nothing.
pub(crate) fn classify_code(code: Option<&str>) -> RetryKind {
    match code {
        Some(c) if THROTTLING_CODES.contains(&c) => RetryKind::Throttling,
        Some(c) if TRANSIENT_CODES.contains(&c) => RetryKind::Transient,
        _ => RetryKind::No,
    }
}

/// The HTTP statuses retried whatever the error: 500, 502, 503, 504.
pub(crate) fn is_transient_status(status: u16) -> bool {
    TRANSIENT_STATUS.contains(&status)
}

/// Delay before retry `retry` (1 for the first retry): random(0,1) × min(2^(retry-1) × base, cap).
pub(crate) fn backoff(config: &RetryConfig, retry: u32, random: f64) -> Duration {
    let exp = 2f64.powi(retry.saturating_sub(1).min(30) as i32);
    let ceiling =
        (config.initial_backoff.as_secs_f64() * exp).min(config.max_backoff.as_secs_f64());
    Duration::from_secs_f64(ceiling * random.clamp(0.0, 1.0))
}

const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;
/// Tokens in a new client's retry quota.
pub(crate) const QUOTA_CAPACITY: u32 = 500;

/// The retry quota: retries spend tokens, successes give them back; when it is empty, calls
/// stop retrying until successes refill it.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    available: Mutex<u32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            available: Mutex::new(QUOTA_CAPACITY),
        }
    }
}

impl RetryQuota {
    /// Tokens left.
    pub(crate) fn available(&self) -> u32 {
        *self.available.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes `cost` tokens if there are that many.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        let mut available = self.available.lock().unwrap_or_else(|e| e.into_inner());
        if *available >= cost {
            *available -= cost;
            true
        } else {
            false
        }
    }

    /// After a successful call that spent `spent` tokens on retries: give them back, or one
    /// token when it spent none.
    pub(crate) fn on_success(&self, spent: u32) {
        let refund = if spent == 0 {
            NO_RETRY_INCREMENT
        } else {
            spent
        };
        let mut available = self.available.lock().unwrap_or_else(|e| e.into_inner());
        *available = (*available + refund).min(QUOTA_CAPACITY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert_eq!(
            classify_response(400, Some("ThrottlingException"), false),
            RetryKind::Throttling
        );
        assert_eq!(classify_response(503, None, false), RetryKind::Transient);
        assert_eq!(
            classify_response(400, Some("RequestTimeout"), false),
            RetryKind::Transient
        );
        assert_eq!(
            classify_response(400, Some("ServerException"), true),
            RetryKind::Transient
        );
        assert_eq!(
            classify_response(400, Some("ClientException"), false),
            RetryKind::No
        );
        assert_eq!(classify_response(404, None, false), RetryKind::No);
    }

    #[test]
    fn backoff_is_full_jitter_exponential_and_capped() {
        let c = RetryConfig::default();
        assert_eq!(backoff(&c, 1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(&c, 2, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(&c, 3, 0.5), Duration::from_secs(2));
        assert_eq!(backoff(&c, 10, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(&c, 3, 0.0), Duration::ZERO);
    }

    #[test]
    fn quota_spends_refunds_and_runs_dry() {
        let q = RetryQuota::default();
        assert!(q.try_acquire(10));
        assert_eq!(q.available(), 490);
        q.on_success(10);
        assert_eq!(q.available(), 500);
        q.on_success(0);
        assert_eq!(q.available(), 500, "never above capacity");
        let mut n = 0;
        while q.try_acquire(5) {
            n += 1;
        }
        assert_eq!(n, 100);
        assert!(!q.try_acquire(5));
    }
}

/// Clients whose configs name the same retry partition share one retry quota (the official
/// SDKs' `RetryPartition`); others have their own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RetryPartition {
    name: String,
}

impl RetryPartition {
    /// The partition called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        RetryPartition { name: name.into() }
    }
}

impl std::fmt::Display for RetryPartition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// The retry quota of a new client: its partition's, or its own.
pub(crate) fn quota_for(partition: Option<&RetryPartition>) -> std::sync::Arc<RetryQuota> {
    use std::collections::HashMap;
    use std::sync::{Arc, OnceLock, Weak};
    static PARTITIONS: OnceLock<Mutex<HashMap<String, Weak<RetryQuota>>>> = OnceLock::new();
    let Some(partition) = partition else {
        return Arc::new(RetryQuota::default());
    };
    let mut partitions = PARTITIONS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    // Partitions no client uses any more are dropped, so names do not pile up.
    partitions.retain(|_, quota| quota.strong_count() > 0);
    if let Some(quota) = partitions.get(&partition.name).and_then(Weak::upgrade) {
        return quota;
    }
    let quota = Arc::new(RetryQuota::default());
    partitions.insert(partition.name.clone(), Arc::downgrade(&quota));
    quota
}
