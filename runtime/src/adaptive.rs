//! Adaptive retry mode's client-side rate limiter, as the AWS SDKs define it: a token bucket
//! that is off until the service throttles, then paced by CUBIC (the rate drops to 70 % of the
//! measured sending rate at each throttle and grows back along a cubic curve). Every attempt
//! takes a token first, waiting when the bucket is empty; every response updates the rate.
//! Shared by the calls of one client.

use std::sync::Mutex;
use std::time::Duration;

use crate::rt::Instant;

/// The rate a throttle leaves: this fraction of the rate before it.
const BETA: f64 = 0.7;
/// How fast the rate grows back after a throttle.
const SCALE_CONSTANT: f64 = 0.4;
/// Weight of the newest measurement in the smoothed sending rate.
const SMOOTH: f64 = 0.8;
/// The lowest fill rate, in tokens a second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket.
const MIN_CAPACITY: f64 = 1.0;

/// The limiter of one client.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    start: Instant,
    state: Mutex<State>,
}

#[derive(Debug, Default, Clone)]
struct State {
    /// Tokens a second, once enabled.
    fill_rate: f64,
    max_capacity: f64,
    current_capacity: f64,
    last_timestamp: Option<f64>,
    /// Off until the first throttle.
    enabled: bool,
    /// The smoothed rate of responses, a second.
    measured_tx_rate: f64,
    last_tx_rate_bucket: f64,
    request_count: u64,
    last_max_rate: f64,
    last_throttle_time: f64,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            start: Instant::now(),
            state: Mutex::new(State::default()),
        }
    }
}

impl RateLimiter {
    fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a token for an attempt: how long to wait before sending it (zero while the
    /// service has not throttled).
    pub(crate) fn acquire(&self) -> Duration {
        let now = self.now();
        self.state().acquire(now)
    }

    /// What a response says about the rate: `throttled` when the service throttled.
    pub(crate) fn update(&self, throttled: bool) {
        let now = self.now();
        self.state().update(now, throttled);
    }

    /// Tokens a second, once a throttle has enabled the limiter.
    #[cfg(test)]
    fn fill_rate(&self) -> Option<f64> {
        let state = self.state();
        state.enabled.then_some(state.fill_rate)
    }
}

impl State {
    fn acquire(&mut self, now: f64) -> Duration {
        if !self.enabled {
            return Duration::ZERO;
        }
        self.refill(now);
        let wait = if self.current_capacity < 1.0 {
            (1.0 - self.current_capacity) / self.fill_rate
        } else {
            0.0
        };
        // Taken now, paid for by the wait: concurrent callers queue behind each other.
        self.current_capacity -= 1.0;
        Duration::try_from_secs_f64(wait).unwrap_or(Duration::ZERO)
    }

    fn update(&mut self, now: f64, throttled: bool) {
        self.update_measured_rate(now);
        let calculated = if throttled {
            let rate = if self.enabled {
                self.measured_tx_rate.min(self.fill_rate)
            } else {
                self.measured_tx_rate
            };
            self.last_max_rate = rate;
            self.last_throttle_time = now;
            self.enabled = true;
            rate * BETA
        } else {
            let window = (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
            SCALE_CONSTANT * (now - self.last_throttle_time - window).powi(3) + self.last_max_rate
        };
        let rate = calculated.min(2.0 * self.measured_tx_rate);
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.current_capacity = self.current_capacity.min(self.max_capacity);
    }

    /// The smoothed rate of responses, measured over half-second buckets.
    fn update_measured_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_tx_rate_bucket {
            let current = self.request_count as f64 / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate = current * SMOOTH + self.measured_tx_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_tx_rate_bucket = bucket;
        }
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_timestamp {
            let filled = (now - last) * self.fill_rate;
            self.current_capacity = (self.current_capacity + filled).min(self.max_capacity);
        }
        self.last_timestamp = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_until_the_first_throttle() {
        let mut s = State::default();
        for t in 0..10 {
            s.update(f64::from(t) * 0.1, false);
            assert_eq!(s.acquire(f64::from(t) * 0.1), Duration::ZERO);
        }
        assert!(!s.enabled);
    }

    #[test]
    fn a_throttle_cuts_the_rate_to_beta_and_success_grows_it_back_cubically() {
        let mut s = State::default();
        // 10 responses a second for 2 s.
        for i in 0..20 {
            s.update(f64::from(i) * 0.1, false);
        }
        let measured = s.measured_tx_rate;
        assert!(measured > 5.0, "{measured}");
        s.update(2.0, true);
        assert!(s.enabled);
        let after_throttle = s.fill_rate;
        assert!(
            (after_throttle - s.last_max_rate * BETA).abs() < 1e-9,
            "{after_throttle} vs {}",
            s.last_max_rate
        );
        // Just after the throttle, success grows the rate along the cubic, still under the
        // rate the throttle cut.
        let window = (s.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
        let mut soon = s.clone();
        soon.update(2.0 + window / 2.0, false);
        assert!(soon.fill_rate >= MIN_FILL_RATE);
        assert!(
            soon.fill_rate <= s.last_max_rate + 1e-9,
            "{}",
            soon.fill_rate
        );
    }

    #[test]
    fn an_empty_bucket_makes_the_next_attempt_wait() {
        let mut s = State {
            enabled: true,
            fill_rate: 2.0,
            max_capacity: 2.0,
            current_capacity: 0.0,
            last_timestamp: Some(0.0),
            ..State::default()
        };
        // Empty: one token takes half a second at 2 a second.
        assert_eq!(s.acquire(0.0), Duration::from_millis(500));
        // A second caller queues behind the first.
        assert_eq!(s.acquire(0.0), Duration::from_secs(1));
        // After 1.5 s the debt is paid and a token is there.
        assert_eq!(s.acquire(1.5), Duration::ZERO);
    }

    #[test]
    fn the_limiter_reads_its_own_clock() {
        let limiter = RateLimiter::default();
        assert_eq!(limiter.fill_rate(), None);
        limiter.update(true);
        assert_eq!(limiter.fill_rate(), Some(MIN_FILL_RATE));
        assert!(
            limiter.acquire() > Duration::ZERO,
            "an enabled, empty bucket waits"
        );
    }
}
