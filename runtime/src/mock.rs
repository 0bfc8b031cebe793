//! Mocked clients in aws-smithy-mocks' syntax (`mock!`, `mock_client!`, [`RuleMode`],
//! `match_requests`, `then_output`, `then_error`, `then_http_response`, sequences), so a test
//! written for aws-sdk-ecs changes only its `use` line.
//!
//! Unlike the official mocks, which hand outputs to the client past its wire code, a rule here
//! answers on the wire: an output is serialized to the JSON body the service would send and
//! an error to its `__type` and members, and the client reads them with its real parser, so
//! a mocked test exercises the wire format too. The client's transport is the rules and
//! nothing else: a request no rule answers fails (as a dispatch failure naming the operation),
//! and no mocked client can reach the network.

use std::future::Future;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ErrorMetadata, SdkError};
use crate::http::{
    BoxFuture, HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind,
};
use crate::rt::{AsyncSleep, Sleep};

/// An operation's input, and the operation it is for (generated, with `test-util`).
pub trait MockInput: DeserializeOwned {
    /// The operation's name on the wire (`RunTask`).
    const OPERATION: &'static str;
}

/// An operation's error, as the service would send it (generated, with `test-util`).
pub trait MockError {
    /// The HTTP response that carries this error.
    fn mock_response(&self) -> HttpResponse;
}

/// The response of a modeled error: its members, `__type` set to `code`, HTTP 400.
#[doc(hidden)]
pub fn error_response(code: &str, error: &impl Serialize) -> HttpResponse {
    let mut body = serde_json::to_value(error).unwrap_or_default();
    if !body.is_object() {
        body = serde_json::Value::Object(Default::default());
    }
    body["__type"] = serde_json::Value::from(code);
    HttpResponse::new(400, body.to_string()).with_header("x-amzn-requestid", "mock-request")
}

/// The response of an error the operation does not model, from its metadata.
#[doc(hidden)]
pub fn unhandled_response(meta: &ErrorMetadata) -> HttpResponse {
    let body = serde_json::json!({
        "__type": meta.code().unwrap_or("UnknownError"),
        "message": meta.message(),
    });
    let status = match crate::error::status_of(meta) {
        0 => 400,
        status => status,
    };
    HttpResponse::new(status, body.to_string()).with_header("x-amzn-requestid", "mock-request")
}

/// How a mocked client picks the rule for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuleMode {
    /// The rules in order: each answers until its responses are used up, then the next; a
    /// request the current rule does not match fails.
    #[default]
    Sequential,
    /// The first rule that matches the request and has a response left.
    MatchAny,
}

type Respond = Arc<dyn Fn() -> HttpResponse + Send + Sync>;
type Matches = Arc<dyn Fn(&[u8]) -> bool + Send + Sync>;

/// One response of a rule, given `times` times (`None`: forever).
#[derive(Clone)]
struct Step {
    respond: Respond,
    times: Option<usize>,
}

/// A rule: which requests it answers, and with what. Cloning shares its call count.
#[derive(Clone)]
pub struct Rule {
    operation: &'static str,
    matches: Matches,
    steps: Arc<Vec<Step>>,
    /// A `then_*` rule: one response, which `MatchAny` gives every time.
    simple: bool,
    calls: Arc<AtomicUsize>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &self.operation)
            .field("calls", &self.num_calls())
            .finish()
    }
}

impl Rule {
    /// How many requests this rule has answered.
    pub fn num_calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Whether the rule has no response left for its next call.
    fn is_exhausted(&self, mode: RuleMode) -> bool {
        self.response_for(self.num_calls(), mode).is_none()
    }

    /// The response of call `n` (from 0).
    fn response_for(&self, n: usize, mode: RuleMode) -> Option<&Respond> {
        if self.simple && mode == RuleMode::MatchAny {
            return self.steps.first().map(|s| &s.respond);
        }
        let mut start = 0;
        for step in self.steps.iter() {
            match step.times {
                None => return Some(&step.respond),
                Some(times) if n < start + times => return Some(&step.respond),
                Some(times) => start += times,
            }
        }
        None
    }

    /// Answers `request` if this rule is for its operation, matches it and has a response.
    fn answer(&self, operation: &str, body: &[u8], mode: RuleMode) -> Option<HttpResponse> {
        if self.operation != operation || !(self.matches)(body) {
            return None;
        }
        let n = self.num_calls();
        let respond = self.response_for(n, mode)?.clone();
        self.calls.fetch_add(1, Ordering::SeqCst);
        Some(respond())
    }
}

/// Builds a [`Rule`]; start one with `mock!(Client::operation)`.
#[allow(missing_debug_implementations)] // closures: nothing to show
pub struct RuleBuilder<I, O, E> {
    operation: &'static str,
    matches: Matches,
    types: Types<I, O, E>,
}

/// The operation's input, output and error types, carried but never held.
type Types<I, O, E> = PhantomData<fn() -> (I, O, E)>;

impl<I, O, E> RuleBuilder<I, O, E>
where
    I: MockInput + 'static,
    O: Serialize + 'static,
    E: MockError + 'static,
{
    /// What `mock!` expands to: the closures are never called, they only carry the types of
    /// the operation's input, output and error.
    #[doc(hidden)]
    pub fn new_from_mock<F, S, Fut>(_input: F, _send: S) -> Self
    where
        F: Fn() -> I,
        S: Fn() -> Fut,
        Fut: Future<Output = Result<O, SdkError<E>>>,
    {
        RuleBuilder {
            operation: I::OPERATION,
            matches: Arc::new(|_: &[u8]| true),
            types: PhantomData,
        }
    }

    /// Only requests whose input `filter` accepts (the input as the service receives it: read
    /// back from the request body).
    pub fn match_requests(mut self, filter: impl Fn(&I) -> bool + Send + Sync + 'static) -> Self {
        self.matches = Arc::new(move |body: &[u8]| {
            let body = if body.is_empty() {
                b"{}".as_slice()
            } else {
                body
            };
            serde_json::from_slice::<I>(body).is_ok_and(|input| filter(&input))
        });
        self
    }

    /// A sequence of responses, for retries and pagination.
    pub fn sequence(self) -> ResponseSequenceBuilder<I, O, E> {
        ResponseSequenceBuilder {
            rule: self,
            steps: Vec::new(),
        }
    }

    /// Answers with the output `output` makes, serialized as the service sends it.
    pub fn then_output(self, output: impl Fn() -> O + Send + Sync + 'static) -> Rule {
        self.simple(output_response(output))
    }

    /// Answers with the error `error` makes, as the service sends it.
    pub fn then_error(self, error: impl Fn() -> E + Send + Sync + 'static) -> Rule {
        self.simple(error_step(error))
    }

    /// Answers with the HTTP response `response` makes.
    pub fn then_http_response(
        self,
        response: impl Fn() -> HttpResponse + Send + Sync + 'static,
    ) -> Rule {
        self.simple(Arc::new(response))
    }

    fn simple(self, respond: Respond) -> Rule {
        self.rule(
            vec![Step {
                respond,
                times: Some(1),
            }],
            true,
        )
    }

    fn rule(self, steps: Vec<Step>, simple: bool) -> Rule {
        Rule {
            operation: self.operation,
            matches: self.matches,
            steps: Arc::new(steps),
            simple,
            calls: Arc::default(),
        }
    }
}

fn output_response<O: Serialize + 'static>(
    output: impl Fn() -> O + Send + Sync + 'static,
) -> Respond {
    Arc::new(move || {
        let body = serde_json::to_vec(&output()).unwrap_or_else(|_| b"{}".to_vec());
        HttpResponse::new(200, body).with_header("x-amzn-requestid", "mock-request")
    })
}

fn error_step<E: MockError + 'static>(error: impl Fn() -> E + Send + Sync + 'static) -> Respond {
    Arc::new(move || error().mock_response())
}

/// Builds a rule that answers with a sequence of responses.
#[allow(missing_debug_implementations)] // closures: nothing to show
pub struct ResponseSequenceBuilder<I, O, E> {
    rule: RuleBuilder<I, O, E>,
    steps: Vec<Step>,
}

impl<I, O, E> ResponseSequenceBuilder<I, O, E>
where
    I: MockInput + 'static,
    O: Serialize + 'static,
    E: MockError + 'static,
{
    fn push(mut self, respond: Respond) -> Self {
        self.steps.push(Step {
            respond,
            times: Some(1),
        });
        self
    }

    /// Then the output `output` makes.
    pub fn output(self, output: impl Fn() -> O + Send + Sync + 'static) -> Self {
        self.push(output_response(output))
    }

    /// Then the error `error` makes.
    pub fn error(self, error: impl Fn() -> E + Send + Sync + 'static) -> Self {
        self.push(error_step(error))
    }

    /// Then the HTTP response `response` makes.
    pub fn http_response(
        self,
        response: impl Fn() -> HttpResponse + Send + Sync + 'static,
    ) -> Self {
        self.push(Arc::new(response))
    }

    /// Then a response with `status` and `body` (empty when `None`).
    pub fn http_status(self, status: u16, body: Option<String>) -> Self {
        self.push(Arc::new(move || {
            HttpResponse::new(status, body.clone().unwrap_or_default())
                .with_header("x-amzn-requestid", "mock-request")
        }))
    }

    /// The last response, `times` times in all.
    pub fn times(mut self, times: usize) -> Self {
        if let Some(step) = self.steps.last_mut() {
            step.times = Some(times);
        }
        self
    }

    /// The last response, every time from then on.
    pub fn repeatedly(mut self) -> Self {
        if let Some(step) = self.steps.last_mut() {
            step.times = None;
        }
        self
    }

    /// The rule.
    pub fn build(self) -> Rule {
        self.rule.rule(self.steps, false)
    }
}

/// A transport made of rules: what `mock_client!` builds a client on.
#[derive(Debug, Clone)]
pub struct MockTransport {
    rules: Arc<Vec<Rule>>,
    mode: RuleMode,
    /// `Sequential`: the rule now answering.
    current: Arc<Mutex<usize>>,
}

impl MockTransport {
    /// A transport answering with `rules` in `mode`.
    pub fn new<'r>(mode: RuleMode, rules: impl IntoIterator<Item = &'r Rule>) -> Self {
        MockTransport {
            rules: Arc::new(rules.into_iter().cloned().collect()),
            mode,
            current: Arc::default(),
        }
    }

    fn answer(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        let operation = request
            .header("x-amz-target")
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or_default();
        match self.mode {
            RuleMode::MatchAny => self
                .rules
                .iter()
                .find_map(|r| r.answer(operation, &request.body, self.mode))
                .ok_or_else(|| format!("no mock rule answers this {operation} request")),
            RuleMode::Sequential => {
                let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
                while self
                    .rules
                    .get(*current)
                    .is_some_and(|r| r.is_exhausted(self.mode))
                {
                    *current += 1;
                }
                let rule = self.rules.get(*current).ok_or_else(|| {
                    format!("every mock rule is used up; nothing answers this {operation} request")
                })?;
                rule.answer(operation, &request.body, self.mode)
                    .ok_or_else(|| {
                        format!(
                            "the next mock rule (for {}) does not match this {operation} request",
                            rule.operation
                        )
                    })
            }
        }
    }
}

impl HttpTransport for MockTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let answer = self
            .answer(&request)
            .map_err(|e| TransportError::new(TransportErrorKind::Request, e));
        Box::pin(async move { answer })
    }
}

/// A sleep that does not wait: a mocked client's retries and waiters run at once.
#[derive(Debug, Default, Clone, Copy)]
pub struct InstantSleep;

impl AsyncSleep for InstantSleep {
    fn sleep(&self, _duration: std::time::Duration) -> Sleep {
        Sleep::new(std::future::ready(()))
    }
}

/// A rule for `Client::operation`: `mock!(Client::run_task).then_output(|| ..)`.
#[macro_export]
macro_rules! mock {
    ($operation:expr) => {
        #[allow(unreachable_code, unused_variables, clippy::diverging_sub_expression)]
        {
            $crate::mock::RuleBuilder::new_from_mock(
                || {
                    $operation(::std::todo!())
                        .as_input()
                        .clone()
                        .build()
                        .unwrap()
                },
                || $operation(::std::todo!()).send(),
            )
        }
    };
}

/// A client of crate `$crate_name` answered by `rules` (in [`RuleMode::Sequential`] unless a
/// mode is given), with test credentials, region `us-east-1`, and retries that do not wait;
/// an optional last argument adjusts the config builder.
#[macro_export]
macro_rules! mock_client {
    ($crate_name:ident, [$($rule:expr),* $(,)?]) => {
        $crate::mock_client!($crate_name, $crate::mock::RuleMode::Sequential, [$($rule),*])
    };
    ($crate_name:ident, $mode:expr, [$($rule:expr),* $(,)?]) => {
        $crate::mock_client!($crate_name, $mode, [$($rule),*], |config| config)
    };
    ($crate_name:ident, $mode:expr, [$($rule:expr),* $(,)?], $adjust:expr) => {{
        let transport = $crate::mock::MockTransport::new($mode, [$($rule),*]);
        let config = $crate_name::Config::builder()
            .region("us-east-1")
            .credentials($crate_name::config::Credentials::new(
                "ANOTREAL",
                "notrealrnrELgWzOk3IfjzDKtFBhDby",
                None,
                None,
                "mock",
            ))
            .transport(transport)
            .sleep_impl($crate::mock::InstantSleep);
        let adjust: fn($crate_name::config::Builder) -> $crate_name::config::Builder = $adjust;
        $crate_name::Client::from_conf(adjust(config).build())
    }};
}
