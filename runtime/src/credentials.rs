//! AWS credentials and the providers that supply them.
//!
//! The names and signatures are those of `aws-credential-types`, so code written for the
//! official SDK (`config::Credentials::new(..)`, `impl ProvideCredentials for MyProvider`)
//! compiles against these with only the crate path changed. They are our own so that a
//! client does not pull `aws-credential-types` and the `aws-smithy-*` crates behind it into
//! every consumer's build; with the `sdk-config` feature, providers from `aws-config` plug in
//! through `Config::from_sdk_config` or `ConfigBuilder::sdk_credentials_provider`.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// An access key id, its secret, and optionally a session token and an expiry time.
///
/// Cloning is cheap (the values are shared). `Debug` never prints the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Keys>);

#[derive(Clone, PartialEq, Eq)]
struct Keys {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expires_after: Option<SystemTime>,
    provider_name: &'static str,
}

impl Credentials {
    /// Credentials from their parts; `provider_name` says where they came from (it shows in
    /// `Debug` output).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expires_after: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Credentials(Arc::new(Keys {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expires_after,
            provider_name,
        }))
    }

    /// A builder, for setting the parts by name.
    pub fn builder() -> CredentialsBuilder {
        CredentialsBuilder::default()
    }

    /// Static credentials that never expire.
    pub fn from_keys(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "Static",
        )
    }

    /// The access key id (`AKIA...` or, for temporary credentials, `ASIA...`).
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref()
    }

    /// When the credentials stop being valid, if they do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expires_after
    }

    /// The expiry time, to change it (the other clones keep theirs).
    pub fn expiry_mut(&mut self) -> &mut Option<SystemTime> {
        &mut Arc::make_mut(&mut self.0).expires_after
    }

    /// Where the credentials came from.
    pub fn provider_name(&self) -> &'static str {
        self.0.provider_name
    }
}

/// Builds [`Credentials`] from named parts; start with [`Credentials::builder`].
#[derive(Default)]
pub struct CredentialsBuilder {
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    expires_after: Option<SystemTime>,
    provider_name: Option<&'static str>,
}

impl fmt::Debug for CredentialsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsBuilder")
            .field("access_key_id", &self.access_key_id)
            .field("provider_name", &self.provider_name)
            .finish_non_exhaustive()
    }
}

impl CredentialsBuilder {
    /// The access key id (required).
    pub fn access_key_id(mut self, access_key_id: impl Into<String>) -> Self {
        self.access_key_id = Some(access_key_id.into());
        self
    }
    /// The secret access key (required).
    pub fn secret_access_key(mut self, secret_access_key: impl Into<String>) -> Self {
        self.secret_access_key = Some(secret_access_key.into());
        self
    }
    /// The session token of temporary credentials.
    pub fn session_token(mut self, session_token: impl Into<String>) -> Self {
        self.session_token = Some(session_token.into());
        self
    }
    /// Sets or clears the session token.
    pub fn set_session_token(&mut self, session_token: Option<String>) {
        self.session_token = session_token;
    }
    /// When the credentials stop being valid.
    pub fn expiry(mut self, expiry: SystemTime) -> Self {
        self.expires_after = Some(expiry);
        self
    }
    /// Sets or clears the expiry time.
    pub fn set_expiry(&mut self, expiry: Option<SystemTime>) {
        self.expires_after = expiry;
    }
    /// Where the credentials came from (required).
    pub fn provider_name(mut self, provider_name: &'static str) -> Self {
        self.provider_name = Some(provider_name);
        self
    }
    /// The credentials.
    ///
    /// # Panics
    ///
    /// When the access key id, the secret access key or the provider name was not set, as
    /// `aws-credential-types`' builder does: that is a mistake in the program, not in its input.
    pub fn build(self) -> Credentials {
        let missing = |field: &str| format!("required field `{field}` missing");
        Credentials::new(
            self.access_key_id
                .unwrap_or_else(|| panic!("{}", missing("access_key_id"))),
            self.secret_access_key
                .unwrap_or_else(|| panic!("{}", missing("secret_access_key"))),
            self.session_token,
            self.expires_after,
            self.provider_name
                .unwrap_or_else(|| panic!("{}", missing("provider_name"))),
        )
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Credentials");
        out.field("provider_name", &self.0.provider_name)
            .field("access_key_id", &self.0.access_key_id)
            .field("secret_access_key", &crate::Redacted);
        if self.0.session_token.is_some() {
            out.field("session_token", &crate::Redacted);
        }
        out.field("expires_after", &self.0.expires_after).finish()
    }
}

#[cfg(feature = "sdk-config")]
impl From<aws_credential_types::Credentials> for Credentials {
    fn from(c: aws_credential_types::Credentials) -> Self {
        Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            c.session_token().map(str::to_owned),
            c.expiry(),
            "aws-credential-types",
        )
    }
}

/// Credentials providers: the trait, a shared handle, its future and its error.
pub mod provider {
    use std::fmt;
    use std::sync::Arc;

    pub use super::Credentials;

    /// What a provider returns.
    pub type Result = std::result::Result<Credentials, error::CredentialsError>;

    /// Something that supplies credentials when a call needs them (once per operation,
    /// before signing).
    pub trait ProvideCredentials: Send + Sync + fmt::Debug {
        /// Returns credentials, or why there are none.
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a;

        /// Credentials to use when loading was interrupted by a timeout, if the provider
        /// has some (none by default).
        fn fallback_on_interrupt(&self) -> Option<Credentials> {
            None
        }
    }

    impl ProvideCredentials for Credentials {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            future::ProvideCredentials::ready(Ok(self.clone()))
        }
    }

    impl ProvideCredentials for Arc<dyn ProvideCredentials> {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            self.as_ref().provide_credentials()
        }
    }

    /// A provider behind an `Arc`, as the configuration keeps it.
    #[derive(Clone, Debug)]
    pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

    impl SharedCredentialsProvider {
        /// Shares `provider`.
        pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
            SharedCredentialsProvider(Arc::new(provider))
        }
    }

    impl From<Arc<dyn ProvideCredentials>> for SharedCredentialsProvider {
        fn from(provider: Arc<dyn ProvideCredentials>) -> Self {
            SharedCredentialsProvider(provider)
        }
    }

    impl ProvideCredentials for SharedCredentialsProvider {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            self.0.provide_credentials()
        }
    }

    /// The future a provider returns.
    pub mod future {
        use std::future::Future;
        use std::pin::Pin;
        use std::task::{Context, Poll};

        use crate::http::BoxFuture;

        /// Credentials now (a static provider) or later (one that has to ask something).
        pub struct ProvideCredentials<'a>(State<'a>);

        impl std::fmt::Debug for ProvideCredentials<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let state = match &self.0 {
                    State::Ready(_) => "ready",
                    State::Later(_) => "pending",
                };
                f.debug_tuple("ProvideCredentials").field(&state).finish()
            }
        }

        enum State<'a> {
            Ready(Option<super::Result>),
            Later(BoxFuture<'a, super::Result>),
        }

        impl<'a> ProvideCredentials<'a> {
            /// A provider that has to wait for its answer.
            pub fn new(future: impl Future<Output = super::Result> + Send + 'a) -> Self {
                ProvideCredentials(State::Later(Box::pin(future)))
            }

            /// A provider that already has its answer.
            pub fn ready(result: super::Result) -> Self {
                ProvideCredentials(State::Ready(Some(result)))
            }
        }

        impl Future for ProvideCredentials<'_> {
            type Output = super::Result;

            fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<super::Result> {
                match &mut self.get_mut().0 {
                    State::Ready(result) => Poll::Ready(
                        result
                            .take()
                            .expect("a credentials future is not polled after it completed"),
                    ),
                    State::Later(future) => future.as_mut().poll(cx),
                }
            }
        }
    }

    /// Why a provider has no credentials.
    pub mod error {
        use std::error::Error;
        use std::fmt;
        use std::time::Duration;

        type Source = Box<dyn Error + Send + Sync + 'static>;

        /// Why a provider has no credentials; [`Error::source`] gives the underlying cause.
        #[derive(Debug)]
        pub struct CredentialsError {
            kind: Kind,
            source: Option<Source>,
        }

        #[derive(Debug)]
        enum Kind {
            NotLoaded,
            TimedOut(Duration),
            InvalidConfiguration,
            ProviderError,
            Unhandled,
        }

        impl CredentialsError {
            fn of(kind: Kind, source: Option<Source>) -> Self {
                CredentialsError { kind, source }
            }
            /// This provider has no credentials to give; the next one in a chain may.
            pub fn not_loaded(source: impl Into<Source>) -> Self {
                Self::of(Kind::NotLoaded, Some(source.into()))
            }
            /// Like [`not_loaded`](Self::not_loaded), without a cause.
            pub fn not_loaded_no_source() -> Self {
                Self::of(Kind::NotLoaded, None)
            }
            /// The provider took longer than `timeout`.
            pub fn provider_timed_out(timeout: Duration) -> Self {
                Self::of(Kind::TimedOut(timeout), None)
            }
            /// The provider is configured in a way that cannot work.
            pub fn invalid_configuration(source: impl Into<Source>) -> Self {
                Self::of(Kind::InvalidConfiguration, Some(source.into()))
            }
            /// The provider was asked and answered with an error.
            pub fn provider_error(source: impl Into<Source>) -> Self {
                Self::of(Kind::ProviderError, Some(source.into()))
            }
            /// Anything else.
            pub fn unhandled(source: impl Into<Source>) -> Self {
                Self::of(Kind::Unhandled, Some(source.into()))
            }
        }

        impl fmt::Display for CredentialsError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match &self.kind {
                    Kind::NotLoaded => {
                        f.write_str("the credentials provider has no credentials")?
                    }
                    Kind::TimedOut(t) => {
                        write!(f, "the credentials provider did not answer within {t:?}")?
                    }
                    Kind::InvalidConfiguration => {
                        f.write_str("the credentials provider is not configured correctly")?
                    }
                    Kind::ProviderError => f.write_str("the credentials provider failed")?,
                    Kind::Unhandled => f.write_str("loading credentials failed")?,
                }
                // As everywhere in this crate, `Display` carries the cause's text.
                match &self.source {
                    Some(source) => write!(f, ": {source}"),
                    None => Ok(()),
                }
            }
        }

        impl Error for CredentialsError {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                self.source.as_deref().map(|s| s as &(dyn Error + 'static))
            }
        }
    }

    /// A provider from `aws-credential-types` (what `aws-config` builds), asked through ours.
    #[cfg(feature = "sdk-config")]
    #[derive(Debug)]
    pub(crate) struct FromSdk(pub(crate) aws_credential_types::provider::SharedCredentialsProvider);

    #[cfg(feature = "sdk-config")]
    impl ProvideCredentials for FromSdk {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            use aws_credential_types::provider::ProvideCredentials as _;
            future::ProvideCredentials::new(async move {
                self.0
                    .provide_credentials()
                    .await
                    .map(Credentials::from)
                    .map_err(error::CredentialsError::provider_error)
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::provider::error::CredentialsError;
    use super::provider::{ProvideCredentials, SharedCredentialsProvider, future};
    use super::*;

    #[derive(Debug)]
    struct Later;

    impl ProvideCredentials for Later {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            future::ProvideCredentials::new(async {
                Err(CredentialsError::provider_error("the broker said no"))
            })
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(f)
    }

    #[test]
    fn debug_never_shows_the_secret_or_the_token() {
        let c = Credentials::new("AKID", "s3cr3t", Some("t0k3n".into()), None, "test");
        let shown = format!("{c:?}");
        assert!(shown.contains("AKID") && shown.contains("test"), "{shown}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("t0k3n"),
            "{shown}"
        );
    }

    #[test]
    fn the_builder_and_new_make_the_same_credentials() {
        let built = Credentials::builder()
            .access_key_id("AKID")
            .secret_access_key("secret")
            .session_token("token")
            .provider_name("test")
            .build();
        let mut made = Credentials::new("AKID", "secret", Some("token".into()), None, "test");
        assert_eq!(built, made);
        let copy = made.clone();
        *made.expiry_mut() = Some(SystemTime::UNIX_EPOCH);
        assert_eq!(
            (made.expiry(), copy.expiry()),
            (Some(SystemTime::UNIX_EPOCH), None)
        );
    }

    #[test]
    #[should_panic(expected = "required field `secret_access_key` missing")]
    fn the_builder_names_a_missing_part() {
        let _ = Credentials::builder()
            .access_key_id("AKID")
            .provider_name("test")
            .build();
    }

    #[test]
    fn static_and_deferred_providers_answer_through_the_shared_handle() {
        let c = Credentials::from_keys("AKID", "secret", None);
        let shared = SharedCredentialsProvider::new(c.clone());
        assert_eq!(block_on(shared.provide_credentials()).expect("static"), c);

        let shared = SharedCredentialsProvider::new(Later);
        let e = block_on(shared.provide_credentials()).expect_err("deferred");
        assert_eq!(
            e.to_string(),
            "the credentials provider failed: the broker said no"
        );
        assert!(std::error::Error::source(&e).is_some());
    }
}
