//! Where the client reads the time it signs requests with: the system clock unless a
//! [`TimeSource`] is set on the config (`time_source(..)`, as the official builder has), which
//! tests use to sign with a fixed time. With the `interop` feature the types are
//! aws-smithy-async's own.

#[cfg(feature = "interop")]
pub use aws_smithy_async::time::{
    SharedTimeSource, StaticTimeSource, SystemTimeSource, TimeSource,
};

#[cfg(not(feature = "interop"))]
pub use own::{SharedTimeSource, StaticTimeSource, SystemTimeSource, TimeSource};

#[cfg(not(feature = "interop"))]
mod own {
    use std::fmt;
    use std::sync::Arc;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    /// A clock.
    pub trait TimeSource: fmt::Debug + Send + Sync {
        /// The time now.
        fn now(&self) -> SystemTime;
    }

    /// A clock the config keeps (cheap to clone).
    #[derive(Debug, Clone)]
    pub struct SharedTimeSource(Arc<dyn TimeSource>);

    impl SharedTimeSource {
        /// Shares `source`.
        pub fn new(source: impl TimeSource + 'static) -> Self {
            SharedTimeSource(Arc::new(source))
        }
    }

    impl Default for SharedTimeSource {
        fn default() -> Self {
            SharedTimeSource::new(SystemTimeSource)
        }
    }

    impl TimeSource for SharedTimeSource {
        fn now(&self) -> SystemTime {
            self.0.now()
        }
    }

    /// The system clock.
    #[derive(Debug, Clone, Copy, Default)]
    #[non_exhaustive]
    pub struct SystemTimeSource;

    impl SystemTimeSource {
        /// The system clock.
        pub fn new() -> Self {
            SystemTimeSource
        }
    }

    impl TimeSource for SystemTimeSource {
        fn now(&self) -> SystemTime {
            SystemTime::now()
        }
    }

    /// A clock that always says the same time.
    #[derive(Debug, Clone, Copy)]
    pub struct StaticTimeSource {
        time: SystemTime,
    }

    impl StaticTimeSource {
        /// Always `time`.
        pub fn new(time: SystemTime) -> Self {
            StaticTimeSource { time }
        }
        /// Always `secs` seconds after the epoch.
        pub fn from_secs(secs: u64) -> Self {
            Self::new(UNIX_EPOCH + Duration::from_secs(secs))
        }
    }

    impl TimeSource for StaticTimeSource {
        fn now(&self) -> SystemTime {
            self.time
        }
    }
}
