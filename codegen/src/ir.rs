//! The Rust-facing intermediate representation: everything an emitter needs, decided.
//!
//! Lowering fills it; emitters only read it. Every Rust name here (types, modules, files,
//! builders, setters and getters, client methods, waiters, paginators, error variants and
//! their `is_*` methods) is final, minted once by lowering through `crate::names`; wire names
//! are exactly the model's; every `Vec` is sorted by lowering. An emitter never derives a name
//! and never searches the IR: what it needs is a field of what it is emitting.

pub mod path;
pub mod tests;

pub use aws_endpoint_rules::bdd::Reference;
pub use path::{Access, PathExpr, PathNode, ValueKind, ValueType};
pub use tests::{ProtocolCase, ProtocolTests};

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
    /// Operations of the selection left out because the generator cannot write them
    /// correctly, sorted by name: the crate docs list them.
    pub left_out: Vec<LeftOut>,
    /// The service-wide `Error`: every modeled error of the generated operations, sorted by
    /// variant, each once.
    pub errors: Vec<OperationError>,
    /// The service-wide `Error`'s variant for everything else (`Unhandled`).
    pub unhandled_variant: String,
    /// Whether every type, member and variant has documentation, so the crate can ask for
    /// `#![warn(missing_docs)]` and still build without warnings.
    pub fully_documented: bool,
    /// The model's protocol compliance cases, when the crate gets them as tests.
    pub protocol_tests: Option<ProtocolTests>,
}

impl Crate {
    /// Whether any operation has a waiter.
    pub fn has_waiters(&self) -> bool {
        self.operations.iter().any(|op| !op.waiters.is_empty())
    }
}

pub use crate::model::DefaultValue;
pub use crate::select::Protocol;

/// An operation left out of the crate, and why.
#[derive(Debug, Clone)]
pub struct LeftOut {
    /// Its name in the model (`SubscribeToShard`).
    pub operation: String,
    /// Why, as a sentence fragment.
    pub reason: String,
}

/// Facts about the service shape.
#[derive(Debug, Clone)]
pub struct Service {
    /// Shape id (`com.amazonaws.ecs#AmazonEC2ContainerServiceV20141113`).
    pub shape_id: String,
    /// Shape name: the `X-Amz-Target` prefix for awsJson.
    pub target_prefix: String,
    /// The protocol the client speaks.
    pub protocol: Protocol,
    /// The service's other protocol traits (`smithy.protocols#rpcv2Cbor`), which the client
    /// does not use, sorted.
    pub other_protocols: Vec<String>,
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
    /// How the crate resolves endpoints.
    pub endpoints: Endpoints,
    /// `smithy.rules#endpointTests` as a JSON list, one case per line, run by the crate's
    /// tests through the runtime's test support; `None` when the model has none.
    pub endpoint_tests: Option<String>,
}

/// How a crate resolves endpoints, best first.
#[derive(Debug, Clone)]
pub enum Endpoints {
    /// The model's `smithy.rules#endpointBdd`, written as Rust.
    Compiled(EndpointBdd),
    /// Rules embedded in the crate as JSON and evaluated by the runtime's interpreter (its
    /// `endpoint-rules` feature), because the BDD did not compile.
    Interpreted(InterpretedRules),
    /// No rules: the configured URL, else `https://{endpoint prefix}.{region}.amazonaws.com`.
    Regional,
}

/// Endpoint rules a crate embeds for the runtime's interpreter.
#[derive(Debug, Clone)]
pub struct InterpretedRules {
    /// Which trait: the rule set when the model has one, else the BDD itself.
    pub kind: RulesKind,
    /// The trait as JSON text (`src/endpoint_rules.json`).
    pub json: String,
    /// Why the BDD was not compiled, for the module docs.
    pub why: String,
}

/// The trait an interpreted crate embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesKind {
    /// `smithy.rules#endpointRuleSet` (the runtime's `RuleSet`).
    RuleSet,
    /// `smithy.rules#endpointBdd` (the runtime's `Bdd`).
    Bdd,
}

impl Service {
    /// The rules, when the crate interprets them at run time: the crate then embeds them and
    /// needs the runtime's `endpoint-rules`.
    pub fn interpreted_endpoint_rules(&self) -> Option<&InterpretedRules> {
        match &self.endpoints {
            Endpoints::Interpreted(rules) => Some(rules),
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
    /// The parameters by their names in the model, for resolving by name.
    pub params: Vec<(String, EndpointParam)>,
}

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

/// An operation's input or output: the structure and where its builder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Io {
    /// The structure (`crate::operation::run_task::RunTaskInput`).
    pub path: TypePath,
    /// Its builder (`crate::operation::run_task::RunTaskInputBuilder`).
    pub builder: TypePath,
}

/// An operation of the service.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Name in the model: the `X-Amz-Target` suffix.
    pub wire_name: String,
    /// The client method (`run_task`).
    pub fn_name: String,
    /// Module holding input, output and errors (`run_task`).
    pub module: String,
    /// Its file (`src/operation/run_task.rs`).
    pub file: String,
    /// The input structure.
    pub input: Io,
    /// The output structure.
    pub output: Io,
    /// The input fields, in model order: the fluent builder's setters delegate to them.
    pub input_fields: Vec<Field>,
    /// Modeled errors, sorted by variant.
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
    /// Its waiters, sorted by name.
    pub waiters: Vec<Waiter>,
    /// `@endpoint(hostPrefix)`, in pieces; empty when it has none.
    pub host_prefix: Vec<HostPart>,
    /// `@requestCompression` with `gzip` among its encodings.
    pub request_compression: bool,
    /// Whether the input is this operation's own (in its module, not a structure another
    /// operation shares), so impls for it are written here once.
    pub owns_input: bool,
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
    /// The method that tests for it (`is_cluster_not_found_exception`).
    pub is_method: String,
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

/// Which module a type lives in and how it is re-exported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// Its own module `types::<module>`, re-exported from `crate::types`.
    Types {
        /// The module's name.
        module: String,
    },
    /// Its own module `types::error::<module>`, re-exported from `crate::types::error`.
    Errors {
        /// The module's name.
        module: String,
    },
    /// In the operation's module, with the operation's other types.
    Operation {
        /// The operation's module.
        module: String,
    },
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
    /// Its module.
    pub home: Home,
    /// The file it is written to (`src/types/task.rs`), or `None` when it is written into its
    /// operation's file.
    pub file: Option<String>,
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

/// A structure.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Fields in model order.
    pub fields: Vec<Field>,
    /// Builder type name (defined in the same module as the struct).
    pub builder: String,
    /// Where the builder is public: `types::builders::X` for shared types,
    /// `types::error::builders::X` for errors, the operation module for its own input/output.
    pub builder_path: TypePath,
    /// For `@error` structures: what the error type adds.
    pub error: Option<ErrorStruct>,
    /// Whether `build()` returns a `Result`: for operation inputs (as in the official SDK)
    /// and for structures with a `@required` member.
    pub fallible_build: bool,
    /// Whether `Debug` must be hand-written because some field is redacted.
    pub redacted_debug: bool,
    /// An operation's output: it keeps the response's request id (`RequestId`).
    pub output: bool,
}

/// What an `@error` structure adds to a structure.
#[derive(Debug, Clone)]
pub struct ErrorStruct {
    /// The field that carries the error message (a string member named `message`, `Message`
    /// or `errorMessage`), read by `message()`.
    pub message_field: Option<MessageField>,
}

/// The field behind an error's `message()`.
#[derive(Debug, Clone)]
pub struct MessageField {
    /// The field.
    pub name: String,
    /// Whether it is an `Option`.
    pub optional: bool,
}

/// How a field is represented and treated when missing.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `Option<T>`; omitted on the wire when `None`.
    Optional,
    /// `T`, must be set in builders; a response that omits it gets the zero value
    /// (aws-default-zero-value.rst).
    Required,
    /// `T` with a zero `@default`, always written.
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
    /// The value the field takes when unset: in `build()`, in `Default`, and when a
    /// response leaves the member out. `None`: the type's zero value (`Default`). Only for
    /// members that are not `Optional` and whose `@default` is not the zero value (or whose
    /// type has no zero value of its own: enums, documents).
    pub default: Option<DefaultValue>,
    /// Marked `@required`: the builder's `build()` fails when it is not set.
    pub required_in_builder: bool,
    /// Debug prints a redaction instead of the value.
    pub redact: bool,
    /// Rustdoc lines.
    pub docs: Vec<String>,
    /// `#[deprecated]`, when deprecated.
    pub deprecated: Option<Deprecation>,
    /// The runtime's adapter (`#[serde(with)]`), when the type holds floats (awsJson writes
    /// NaN and the infinities as strings), timestamps or blobs, at any depth.
    pub serde_with: Option<Codec>,
}

/// The runtime's codecs (`aws_json_runtime::serde::{float, epoch_seconds, date_time,
/// http_date, blob}`): the values whose wire form is not serde's own form of their type. The
/// runtime's adapter of each takes the value at any depth of `Option`s, lists and maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Floats; NaN and the infinities are strings.
    Float,
    /// Timestamps as epoch seconds (awsJson's default).
    EpochSeconds,
    /// Timestamps with `@timestampFormat("date-time")`.
    DateTime,
    /// Timestamps with `@timestampFormat("http-date")`.
    HttpDate,
    /// Blobs, as base64.
    Blob,
}

impl Codec {
    /// The adapter's module under the runtime's `serde`.
    pub fn module(self) -> &'static str {
        match self {
            Codec::Float => "float",
            Codec::EpochSeconds => "epoch_seconds",
            Codec::DateTime => "date_time",
            Codec::HttpDate => "http_date",
            Codec::Blob => "blob",
        }
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

impl RustType {
    /// Whether values are `Copy` (numbers and booleans), so accessors return them by value.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            RustType::Bool
                | RustType::I8
                | RustType::I16
                | RustType::I32
                | RustType::I64
                | RustType::I128
                | RustType::F32
                | RustType::F64
        )
    }
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
    /// The runtime's codec, for a member holding floats, timestamps or blobs.
    pub codec: Option<Codec>,
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
    /// The input's token field (`next_token`) and its type (a string or a map).
    pub input_token: (String, RustType),
    /// The output's token: a path that gives a string or a map.
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
    /// Its file (`src/waiters/tasks_running.rs`).
    pub file: String,
    /// Its fluent builder (`TasksRunningFluentBuilder`).
    pub fluent_builder: String,
    /// What it returns on success (`TasksRunningFinalPoll`).
    pub final_poll: String,
    /// Its error (`WaitUntilTasksRunningError`).
    pub error_alias: String,
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
    /// Whether an acceptor's path reads the input (`inputOutput`).
    pub uses_input: bool,
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
    /// The matcher in words (`tasks[].lastStatus has "STOPPED"`).
    pub rule: String,
}

pub use crate::model::{AcceptorState, Comparator};

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
    },
    /// `success: true` (the call succeeded) or `false` (it failed).
    Success(bool),
    /// The call failed with this error code.
    ErrorType(String),
}
