//! The credentials cache (`identity_cache(..)`, as the official builder has): by default a
//! client keeps the credentials its provider gave until shortly before they expire, so a
//! provider that calls a service (assume-role, SSO, IMDS, a container endpoint) is asked once
//! per expiry, not once per call, as the official SDKs do.
//!
//! [`IdentityCache::lazy`] (the default) keeps them until `buffer_time` before their expiry
//! (10 s), or for `default_expiration` (15 min) when they have none, and gives the provider
//! `load_timeout` (5 s) to answer when a sleep is configured; [`IdentityCache::no_cache`] asks
//! the provider on every call.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::credentials::Credentials;

/// Builds the credentials caches a config takes.
#[derive(Debug)]
#[non_exhaustive]
pub struct IdentityCache;

impl IdentityCache {
    /// Asks the provider on every call.
    pub fn no_cache() -> SharedIdentityCache {
        SharedIdentityCache(Policy::NoCache)
    }

    /// Keeps credentials until shortly before they expire (the default).
    pub fn lazy() -> LazyCacheBuilder {
        LazyCacheBuilder::default()
    }
}

/// The settings of [`IdentityCache::lazy`].
#[derive(Debug, Clone, Copy)]
pub struct LazyCacheBuilder {
    load_timeout: Duration,
    buffer_time: Duration,
    default_expiration: Duration,
}

impl Default for LazyCacheBuilder {
    fn default() -> Self {
        LazyCacheBuilder {
            load_timeout: Duration::from_secs(5),
            buffer_time: Duration::from_secs(10),
            default_expiration: Duration::from_secs(15 * 60),
        }
    }
}

impl LazyCacheBuilder {
    /// How long the provider may take (5 s); it needs a sleep (`rt-tokio` or `sleep_impl`).
    pub fn load_timeout(mut self, timeout: Duration) -> Self {
        self.load_timeout = timeout;
        self
    }
    /// How long before their expiry credentials are loaded again (10 s).
    pub fn buffer_time(mut self, buffer: Duration) -> Self {
        self.buffer_time = buffer;
        self
    }
    /// How long credentials without an expiry are kept (15 min).
    pub fn default_expiration(mut self, expiration: Duration) -> Self {
        self.default_expiration = expiration;
        self
    }
    /// The cache.
    pub fn build(self) -> SharedIdentityCache {
        SharedIdentityCache(Policy::Lazy(self))
    }
}

/// A credentials cache policy a config keeps; each client built from the config has its own
/// cache with it.
#[derive(Debug, Clone, Copy)]
pub struct SharedIdentityCache(Policy);

impl Default for SharedIdentityCache {
    fn default() -> Self {
        IdentityCache::lazy().build()
    }
}

#[derive(Debug, Clone, Copy)]
enum Policy {
    NoCache,
    Lazy(LazyCacheBuilder),
}

impl SharedIdentityCache {
    /// How long the provider may take to answer, if limited.
    pub(crate) fn load_timeout(&self) -> Option<Duration> {
        match self.0 {
            Policy::Lazy(lazy) => Some(lazy.load_timeout),
            Policy::NoCache => None,
        }
    }
}

/// One client's cached credentials.
#[derive(Debug, Default)]
pub(crate) struct CredentialsSlot {
    held: Mutex<Option<(Credentials, SystemTime)>>,
}

impl CredentialsSlot {
    /// The cached credentials, if they are still good at `now`.
    pub(crate) fn get(&self, now: SystemTime) -> Option<Credentials> {
        let held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        match &*held {
            Some((credentials, until)) if now < *until => Some(credentials.clone()),
            _ => None,
        }
    }

    /// Keeps `credentials`, loaded at `now`, as `policy` says.
    pub(crate) fn put(
        &self,
        policy: &SharedIdentityCache,
        credentials: &Credentials,
        now: SystemTime,
    ) {
        let Policy::Lazy(lazy) = policy.0 else {
            return;
        };
        let until = match credentials.expiry() {
            Some(expiry) => expiry.checked_sub(lazy.buffer_time).unwrap_or(now),
            None => now + lazy.default_expiration,
        };
        *self.held.lock().unwrap_or_else(|e| e.into_inner()) = Some((credentials.clone(), until));
    }
}
