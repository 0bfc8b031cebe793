//! The Rust-facing intermediate representation: everything an emitter needs, decided.
//!
//! Lowering fills it; emitters only read it. Names here are final Rust identifiers (already
//! escaped), wire names are exactly the model's, and every `Vec` is sorted by lowering.

/// The whole generated crate.
#[derive(Debug, Clone)]
pub struct Crate {
    /// Cargo package name (`amazon-ecs`).
    pub package: String,
    /// Library name used in paths (`amazon_ecs`).
    pub library: String,
    /// The service the crate talks to.
    pub service: Service,
    /// Every named Rust type, sorted by module then name.
    pub types: Vec<TypeDef>,
    /// Every generated operation, sorted by name.
    pub operations: Vec<Operation>,
    /// The service-wide `Error`: every modeled error of the generated operations, sorted by
    /// variant, each once.
    pub errors: Vec<OperationError>,
    /// The service-wide `Error`'s variant for everything else (`Unhandled`).
    pub unhandled_variant: String,
    /// Whether every type, member and variant has documentation, so the crate can ask for
    /// `#![warn(missing_docs)]` and still build without warnings.
    pub fully_documented: bool,
}

/// Facts about the service shape.
#[derive(Debug, Clone)]
pub struct Service {
    /// Shape id (`com.amazonaws.ecs#AmazonEC2ContainerServiceV20141113`).
    pub shape_id: String,
    /// Shape name: the `X-Amz-Target` prefix for awsJson.
    pub target_prefix: String,
    /// The protocol trait's shape id (`aws.protocols#awsJson1_1`).
    pub protocol_id: String,
    /// Whether the protocol is awsJson1_0 (else awsJson1_1).
    pub json_1_0: bool,
    /// `aws.protocols#awsQueryCompatible`: error codes from `x-amzn-query-error`.
    pub query_compatible: bool,
    /// Human title (`@title`), or the shape name.
    pub title: String,
    /// API version string.
    pub version: String,
    /// SigV4 signing name (`aws.auth#sigv4`), else the endpoint prefix.
    pub signing_name: String,
    /// SDK id (`aws.api#service` sdkId), else the shape name: names `AWS_ENDPOINT_URL_<ID>`.
    pub sdk_id: String,
    /// `AWS_ENDPOINT_URL_<this>` overrides the endpoint (`ECS`).
    pub endpoint_env_suffix: String,
    /// Endpoint prefix (`aws.api#service` endpointPrefix), else the lower-case SDK id.
    pub endpoint_prefix: String,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `smithy.rules#endpointRuleSet` as JSON text, embedded in the crate for the runtime's
    /// rules engine when its BDD does not compile; `None` when the model has no rule set.
    pub endpoint_rules: Option<String>,
    /// `smithy.rules#endpointTests` as a JSON list, one case per line, run by the crate's
    /// tests through the runtime's test support; `None` when the model has none.
    pub endpoint_tests: Option<String>,
    /// The `smithy.rules#endpointBdd` compiled to Rust, or why the rule set is interpreted.
    pub endpoint_bdd: Result<EndpointBdd, String>,
}

impl Service {
    /// The rule set, when the crate interprets it at run time (there is one and its BDD did
    /// not compile): the crate then embeds it and needs the runtime's `endpoint-rules`.
    pub fn interpreted_endpoint_rules(&self) -> Option<&str> {
        match (&self.endpoint_rules, &self.endpoint_bdd) {
            (Some(rules), Err(_)) => Some(rules),
            _ => None,
        }
    }
}

/// A `smithy.rules#endpointBdd` (specification.rst, "endpointBdd trait") ready to be written as
/// Rust: the node table, and each condition and result as typed pieces.
#[derive(Debug, Clone)]
pub struct EndpointBdd {
    /// Where evaluation starts.
    pub root: Reference,
    /// `(condition, high, low)` per node; node 0 is the terminal.
    pub nodes: Vec<(u32, Reference, Reference)>,
    /// The conditions, by index.
    pub conditions: Vec<BddCondition>,
    /// The results; result `k` of a reference is `results[k - 1]`.
    pub results: Vec<BddResult>,
    /// The parameters by their names in the model, for the endpoint tests.
    pub params: Vec<(String, EndpointParam)>,
}

pub use aws_endpoint_rules::bdd::Reference;

/// A parameter bound to the configuration (the only parameters our resolvers take).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointParam {
    /// `AWS::Region`, a string.
    Region,
    /// `SDK::Endpoint`, a string.
    Endpoint,
    /// `AWS::UseFIPS`, a boolean.
    UseFips,
    /// `AWS::UseDualStack`, a boolean.
    UseDualStack,
}

/// A field of `aws.partition`'s result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionField {
    /// `name`.
    Name,
    /// `dnsSuffix`.
    DnsSuffix,
    /// `dualStackDnsSuffix`.
    DualStackDnsSuffix,
    /// `implicitGlobalRegion`.
    ImplicitGlobalRegion,
    /// `supportsFIPS`.
    SupportsFips,
    /// `supportsDualStack`.
    SupportsDualStack,
}

/// One condition of the BDD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BddCondition {
    /// `isSet(param)` of a string parameter.
    IsSet(EndpointParam),
    /// `booleanEquals(param, value)`.
    ParamIs(EndpointParam, bool),
    /// `aws.partition(Region)`, binding the partition for later conditions and results.
    Partition,
    /// `booleanEquals(getAttr(partition, field), value)`.
    PartitionIs(PartitionField, bool),
}

/// One result of the BDD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BddResult {
    /// An error with this message.
    Error(String),
    /// An endpoint whose URL is these pieces joined.
    Endpoint(Vec<UrlPart>),
}

/// A piece of an endpoint URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlPart {
    /// Text as written.
    Literal(String),
    /// A string parameter.
    Param(EndpointParam),
    /// A string field of the bound partition.
    Partition(PartitionField),
}

/// An operation of the service.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Name in the model: the `X-Amz-Target` suffix.
    pub wire_name: String,
    /// Method and module name (`run_task`).
    pub fn_name: String,
    /// Module holding input, output and errors (`run_task`).
    pub module: String,
    /// Input structure.
    pub input: TypePath,
    /// Output structure.
    pub output: TypePath,
    /// Modeled errors, sorted by name.
    pub errors: Vec<OperationError>,
    /// The per-operation error enum (`RunTaskError`), in the operation's module.
    pub error_enum: String,
    /// Its variant for errors the model does not list (`Unhandled`).
    pub unhandled_variant: String,
    /// The fluent builder (`RunTaskFluentBuilder`), in the operation's module.
    pub fluent_builder: String,
    /// Input fields marked `@idempotencyToken` (filled with a UUID when unset).
    pub idempotency_tokens: Vec<String>,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `#[deprecated]` note, when deprecated.
    pub deprecated: Option<Deprecation>,
    /// Its paginator, when it is `@paginated`.
    pub paginator: Option<Paginator>,
    /// Its waiters, in model order.
    pub waiters: Vec<Waiter>,
    /// `@endpoint(hostPrefix)`, in pieces; empty when it has none.
    pub host_prefix: Vec<HostPart>,
    /// `@requestCompression` with `gzip` among its encodings.
    pub request_compression: bool,
}

/// A piece of an operation's host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPart {
    /// Text as written (`foo.`).
    Literal(String),
    /// An input member marked `@hostLabel` (`{label}`).
    Label {
        /// Its field name.
        field: String,
        /// Its name in the model, for messages.
        member: String,
    },
}

/// One modeled error of an operation.
#[derive(Debug, Clone)]
pub struct OperationError {
    /// Variant name in the operation's error enum.
    pub variant: String,
    /// The error structure.
    pub path: TypePath,
    /// The error code on the wire (the shape name).
    pub code: String,
    /// `@retryable`.
    pub retryable: bool,
}

/// An absolute path to a generated type: `crate::types::Task`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypePath {
    /// Module segments after `crate` (`["types"]`).
    pub module: Vec<String>,
    /// Type name (`Task`).
    pub name: String,
}

/// Where a type's file goes and how it is re-exported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `src/types/<file>.rs`, re-exported from `crate::types`.
    Types { file: String },
    /// `src/types/error/<file>.rs`, re-exported from `crate::types::error`.
    Errors { file: String },
    /// In `src/operation/<module>.rs` with the operation's other types.
    Operation { module: String },
}

/// `#[deprecated]` details.
#[derive(Debug, Clone)]
pub struct Deprecation {
    /// Combined `since` and `message`, if any.
    pub note: Option<String>,
}

/// One named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The shape name (the error code, for `@error` structures).
    pub wire_name: String,
    /// Its absolute path.
    pub path: TypePath,
    /// Its file.
    pub home: Home,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `#[deprecated]`, when deprecated.
    pub deprecated: Option<Deprecation>,
    /// What kind of type.
    pub kind: TypeKind,
}

/// The kinds of named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A structure (plain, input, output or error).
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// An integer enum.
    IntEnum(IntEnum),
    /// A tagged union.
    Union(Union),
}

/// What a structure is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructRole {
    /// Ordinary data.
    Plain,
    /// An `@error` structure; `retryable` from `@retryable`, `fault` client or server.
    Error {
        /// Whether the server blames the client.
        client_fault: bool,
        /// Whether `@retryable` is set.
        retryable: bool,
    },
}

/// A structure.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Fields in model order.
    pub fields: Vec<Field>,
    /// Builder type name (defined in the same file as the struct).
    pub builder: String,
    /// Where the builder is public: `types::builders::X` for shared types,
    /// `types::error::builders::X` for errors, the operation module for its own input/output.
    pub builder_path: TypePath,
    /// Plain data or error.
    pub role: StructRole,
    /// Whether `build()` returns a `Result`: for operation inputs (as in the official SDK)
    /// and for structures with a `@required` member.
    pub fallible_build: bool,
    /// Whether `Debug` must be hand-written because some field is redacted.
    pub redacted_debug: bool,
    /// The field that carries the error message, for errors.
    pub message_field: Option<String>,
}

/// How a field is represented and treated when missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// `Option<T>`; omitted on the wire when `None`.
    Optional,
    /// `T`, must be set in builders; a response that omits it gets the zero value
    /// (aws-default-zero-value.rst).
    Required,
    /// `T` with a zero `@default`; omitted on the wire when equal to it.
    Defaulted,
}

/// A structure member.
#[derive(Debug, Clone)]
pub struct Field {
    /// Member name in the model and on the wire.
    pub wire_name: String,
    /// Field identifier (escaped, `r#type`).
    pub name: String,
    /// The field's name as `Debug` prints it (`type`), for hand-written `Debug` impls.
    pub debug_label: String,
    /// Builder method that sets the value or adds one item (`task_definition`).
    pub setter: String,
    /// Builder method that replaces the whole value with an `Option` (`set_task_definition`).
    pub set_setter: String,
    /// Builder method that reads the value set so far (`get_task_definition`).
    pub getter: String,
    /// The structure's accessor method (`task_definition`; `builder_value` for a member named
    /// `builder`), or `None` where the structure already has that method (an error's
    /// `message()`).
    pub accessor: Option<String>,
    /// Value type (without the `Option` that `presence` may add).
    pub ty: RustType,
    /// Option, required or defaulted.
    pub presence: Presence,
    /// Marked `@required`: the builder's `build()` fails when it is not set.
    pub required_in_builder: bool,
    /// Debug prints a redaction instead of the value.
    pub redact: bool,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `#[deprecated]`, when deprecated.
    pub deprecated: Option<Deprecation>,
    /// The runtime's adapter, when the type holds floats (awsJson writes NaN and the
    /// infinities as strings) or timestamps in a format other than epoch seconds.
    pub serde_with: Option<WireAdapter>,
}

/// A runtime `with` adapter for a field whose values serde would not write in the wire form:
/// which codec, and which container the values sit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireAdapter {
    /// How each value is written.
    pub codec: Codec,
    /// Where the values sit.
    pub container: Container,
}

/// The runtime's codecs (`aws_json_runtime::serde::{float, date_time, http_date}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Floats; NaN and the infinities are strings.
    Float,
    /// Timestamps with `@timestampFormat("date-time")`.
    DateTime,
    /// Timestamps with `@timestampFormat("http-date")`.
    HttpDate,
}

/// The shapes of field an adapter handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// The value itself.
    Plain,
    /// `Option<T>`.
    Option,
    /// `Vec<T>`.
    List,
    /// `Option<Vec<T>>`.
    OptionList,
    /// `HashMap<K, T>`.
    Map,
    /// `Option<HashMap<K, T>>`.
    OptionMap,
}

impl WireAdapter {
    /// The adapter's module under the runtime's `serde`.
    pub fn module(self) -> String {
        let codec = match self.codec {
            Codec::Float => "float",
            Codec::DateTime => "date_time",
            Codec::HttpDate => "http_date",
        };
        let container = match self.container {
            Container::Plain => "",
            Container::Option => "::option",
            Container::List => "::list",
            Container::OptionList => "::option_list",
            Container::Map => "::map",
            Container::OptionMap => "::option_map",
        };
        format!("{codec}{container}")
    }
}

/// A Rust type as written in generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `i128` (bigInteger)
    I128,
    /// `f32`
    F32,
    /// `f64` (double, bigDecimal)
    F64,
    /// `String`
    String,
    /// Runtime `Blob`
    Blob,
    /// Runtime `DateTime`
    DateTime,
    /// Runtime `Document`
    Document,
    /// `Vec<T>`
    List(Box<RustType>),
    /// `HashMap<K, V>`
    Map(Box<RustType>, Box<RustType>),
    /// `Option<T>` inside a `@sparse` collection.
    Nullable(Box<RustType>),
    /// `Box<T>`, to break recursion.
    Boxed(Box<RustType>),
    /// A generated type.
    Named(TypePath),
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Known values in model order.
    pub variants: Vec<Variant>,
    /// Name of the variant holding unknown values.
    pub unknown: String,
}

/// One known enum value.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Variant identifier.
    pub name: String,
    /// Wire value.
    pub value: String,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `#[deprecated]`, when deprecated.
    pub deprecated: Option<Deprecation>,
}

/// An integer enum.
#[derive(Debug, Clone)]
pub struct IntEnum {
    /// Known values in model order.
    pub variants: Vec<IntVariant>,
    /// Name of the variant holding unknown values.
    pub unknown: String,
}

/// One known integer enum value.
#[derive(Debug, Clone)]
pub struct IntVariant {
    /// Variant identifier.
    pub name: String,
    /// Wire value.
    pub value: i32,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `#[deprecated]`, when deprecated.
    pub deprecated: Option<Deprecation>,
}

/// A tagged union.
#[derive(Debug, Clone)]
pub struct Union {
    /// Members in model order.
    pub variants: Vec<UnionVariant>,
    /// Name of the variant for members this model does not know.
    pub unknown: String,
    /// Whether `Debug` must redact some variant.
    pub redacted_debug: bool,
}

/// One union member.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Variant identifier.
    pub name: String,
    /// Member name on the wire.
    pub wire_name: String,
    /// Value type; `None` for a member targeting `smithy.api#Unit`.
    pub ty: Option<RustType>,
    /// Debug prints a redaction instead of the value.
    pub redact: bool,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `#[deprecated]`, when deprecated.
    pub deprecated: Option<Deprecation>,
}

/// A `@paginated` operation's paginator.
#[derive(Debug, Clone)]
pub struct Paginator {
    /// `ListTasksPaginator`, in `operation::<op>::paginator`.
    pub name: String,
    /// `ListTasksPaginatorItems`, when the trait names `items`.
    pub items_name: String,
    /// The input's token field (`next_token`).
    pub input_token: String,
    /// The output's token, a path that gives a string.
    pub output_token: PathExpr,
    /// The input builder's `set_` method for the page size and the size's type, if the
    /// trait names one.
    pub page_size: Option<(String, RustType)>,
    /// Where the items are, and their Rust type.
    pub items: Option<(PathExpr, RustType)>,
}

/// One `smithy.waiters#waitable` waiter.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// Its name in the model (`TasksRunning`).
    pub name: String,
    /// The client method (`wait_until_tasks_running`).
    pub method: String,
    /// Its module in `waiters` (`tasks_running`).
    pub module: String,
    /// Its fluent builder (`TasksRunningFluentBuilder`).
    pub fluent_builder: String,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `minDelay` and `maxDelay`, in seconds.
    pub min_delay: u64,
    /// See `min_delay`.
    pub max_delay: u64,
    /// What success means, in words.
    pub goal: String,
    /// The acceptors, in model order.
    pub acceptors: Vec<Acceptor>,
    /// `#[deprecated]`, when deprecated.
    pub deprecated: Option<Deprecation>,
}

/// A waiter acceptor.
#[derive(Debug, Clone)]
pub struct Acceptor {
    /// `success`, `failure` or `retry`.
    pub state: AcceptorState,
    /// When it matches.
    pub matcher: Matcher,
    /// The matcher in words (`tasks[].lastStatus: any is "STOPPED"`).
    pub rule: String,
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
        /// The compiled path.
        path: PathExpr,
        /// How the result is compared.
        comparator: Comparator,
        /// The expected value.
        expected: String,
        /// `inputOutput` rather than `output`.
        input_output: bool,
    },
    /// `success: true` (the call succeeded) or `false` (it failed).
    Success(bool),
    /// The call failed with this error code.
    ErrorType(String),
}

/// A path comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The result is this string.
    StringEquals,
    /// The result is this boolean.
    BooleanEquals,
    /// The result is a non-empty list of strings all equal to this.
    AllStringEquals,
    /// The result is a list with some string equal to this.
    AnyStringEquals,
}

/// A JMESPath expression with the Rust types it walks, decided at generation time.
#[derive(Debug, Clone, PartialEq)]
pub struct PathExpr {
    /// What it evaluates to.
    pub kind: ValueKind,
    /// How.
    pub node: PathNode,
}

/// What an expression gives: one value that may be null (`Option<V>` in Rust), or the
/// values of a projection (`Vec<V>`, nulls dropped).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// `Option<V>`.
    Scalar(ValueType),
    /// `Vec<V>`.
    Projection(ValueType),
}

/// The value types of compiled paths and their Rust forms `V`.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// A structure, `&S`.
    Struct(TypePath),
    /// A string or string enum, `&str`.
    Str,
    /// An integer, `i64`.
    Int,
    /// A float, `f64`.
    Float,
    /// A boolean.
    Bool,
    /// A list, `&[E]` of the Rust element type.
    List(Box<ValueType>, RustType),
}

/// The nodes of a compiled path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathNode {
    /// The output (or the `{input, output}` pair's root).
    Output,
    /// `input` of `inputOutput`.
    Input,
    /// The element a projection or filter is looking at.
    Current,
    /// A member of a structure.
    Field {
        /// The structure.
        of: Box<PathExpr>,
        /// The Rust field.
        field: String,
        /// Whether the field is an `Option`.
        optional: bool,
        /// How its value becomes `V`.
        access: Access,
    },
    /// `of[].then` (and `of[?cond].then` with a condition).
    Project {
        /// The list.
        of: Box<PathExpr>,
        /// How each `&E` becomes `V`.
        element: Access,
        /// The filter condition, evaluated on each element.
        filter: Option<Box<PathExpr>>,
        /// What is taken from each element.
        then: Box<PathExpr>,
    },
    /// `length(x)`.
    Length(Box<PathExpr>),
    /// `contains(subject, search)`.
    Contains(Box<PathExpr>, Box<PathExpr>),
    /// A comparison; `numeric` compares as `f64`.
    Compare(crate::jmespath::CompareOp, Box<PathExpr>, Box<PathExpr>),
    /// `&&`.
    And(Box<PathExpr>, Box<PathExpr>),
    /// `||`.
    Or(Box<PathExpr>, Box<PathExpr>),
    /// `!`.
    Not(Box<PathExpr>),
    /// A string literal.
    Str(String),
    /// A number literal.
    Number(f64),
    /// A boolean literal.
    Bool(bool),
}

/// How a Rust value (a field, or a list element `&E`) becomes the path value `V`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `String` → `&str`.
    String,
    /// A string enum → `&str` (`as_str`).
    Enum,
    /// An integer → `i64`.
    Int,
    /// A float → `f64`.
    Float,
    /// `bool`.
    Bool,
    /// A structure → `&S`.
    Struct,
    /// A boxed structure → `&S`.
    Boxed,
    /// A list → `&[E]`.
    List,
}
