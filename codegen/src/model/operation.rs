//! The typed traits of operations: pagination, waiters, host prefixes and protocol tests.
//! Their paths and values are already typed against the shapes they refer to.

use super::ShapeId;
use super::path::Path;
use super::value::Value;

/// `@paginated` (behavior-traits.rst), merged over the service's and checked: the tokens and
/// page size are input members, the output token and items are paths over the output.
#[derive(Debug, Clone)]
pub struct Paginated {
    /// The input member that carries the token.
    pub input_token: String,
    /// Where the next token is in the output: a string or a map.
    pub output_token: Path,
    /// Where the page's items are in the output: a list or a map.
    pub items: Option<Path>,
    /// The input member that limits a page's size.
    pub page_size: Option<String>,
}

/// A `smithy.waiters#waitable` waiter (waiters.rst).
#[derive(Debug, Clone)]
pub struct Waiter {
    /// Its name (`TasksRunning`).
    pub name: String,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `minDelay`, in seconds (default 2).
    pub min_delay: u64,
    /// `maxDelay`, in seconds (default 120).
    pub max_delay: u64,
    /// `deprecated`.
    pub deprecated: bool,
    /// In order; at least one is a success acceptor.
    pub acceptors: Vec<Acceptor>,
}

/// A waiter acceptor.
#[derive(Debug, Clone)]
pub struct Acceptor {
    /// What a match means.
    pub state: AcceptorState,
    /// When it matches.
    pub matcher: Matcher,
}

/// An acceptor's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Done.
    Success,
    /// Failed.
    Failure,
    /// Poll again.
    Retry,
}

/// An acceptor's matcher.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// A path over the output (or, for `inputOutput`, over `{input, output}`), compared.
    Path {
        /// The path as written in the model.
        text: String,
        /// The path, typed.
        path: Path,
        /// How its value is compared.
        comparator: Comparator,
        /// The expected value, as written.
        expected: String,
        /// `inputOutput` rather than `output`.
        input_output: bool,
    },
    /// `success: true` (the call succeeded) or `false` (it failed).
    Success(bool),
    /// The call failed with this error code (the shape name; a shape id is cut to it).
    ErrorType(String),
}

/// A path comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The value is this string.
    StringEquals,
    /// The value is this boolean.
    BooleanEquals,
    /// The value is a non-empty list of strings all equal to this.
    AllStringEquals,
    /// The value is a list with some string equal to this.
    AnyStringEquals,
}

/// A piece of an operation's `@endpoint(hostPrefix)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPart {
    /// Text as written (`foo.`): letters, digits, `-` and `.` only.
    Literal(String),
    /// `{label}`: an input member marked `@hostLabel` that targets a string.
    Label(String),
}

/// Where a protocol test case applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    /// Clients only.
    Client,
    /// Servers only.
    Server,
}

/// One `smithy.test#httpRequestTests` case (http-protocol-compliance-tests.rst).
#[derive(Debug, Clone)]
pub struct RequestTest {
    /// Its id.
    pub id: String,
    /// The protocol it tests.
    pub protocol: ShapeId,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `appliesTo`: both sides when `None`.
    pub applies_to: Option<AppliesTo>,
    /// The expected method.
    pub method: String,
    /// The expected path.
    pub uri: String,
    /// The endpoint host the client is configured with.
    pub host: Option<String>,
    /// The host the request must go to.
    pub resolved_host: Option<String>,
    /// Headers that must be sent, as written.
    pub headers: Vec<(String, String)>,
    /// Headers that must not be sent.
    pub forbid_headers: Vec<String>,
    /// Headers that must be sent, with any value.
    pub require_headers: Vec<String>,
    /// The expected body.
    pub body: Option<String>,
    /// The body's media type.
    pub body_media_type: Option<String>,
    /// The input, typed against the operation's input structure.
    pub params: Value,
}

/// One `smithy.test#httpResponseTests` case.
#[derive(Debug, Clone)]
pub struct ResponseTest {
    /// Its id.
    pub id: String,
    /// The protocol it tests.
    pub protocol: ShapeId,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `appliesTo`: both sides when `None`.
    pub applies_to: Option<AppliesTo>,
    /// The HTTP status.
    pub code: u16,
    /// Headers of the response.
    pub headers: Vec<(String, String)>,
    /// The response body.
    pub body: Option<String>,
    /// The body's media type.
    pub body_media_type: Option<String>,
    /// The output (or error) the response must read as, typed against its structure.
    pub params: Value,
}
