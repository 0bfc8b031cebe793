//! All naming decisions: Smithy names → Rust identifiers.
//!
//! Order of rules, for every name: heck casing; then identifier validity (a name that would
//! start with a digit gets a letter in front: `V` for variants, `_` elsewhere); then Rust 2024
//! keywords; collisions are resolved (or reported) by the caller in `lower`, which sees scopes.
//!
//! Keywords: fields and methods use raw identifiers (`r#type`), as `aws-sdk-*` crates do, so
//! `.r#type("x")` reads the same for users switching over. `self`, `Self`, `super` and `crate`
//! cannot be raw identifiers; they (and type or variant names equal to `Self`) get a trailing `_`.
//! Module and file names always take the `_` suffix, since a file cannot be called `r#type.rs`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust 2024 strict and reserved keywords (the reference, "Keywords"), including `gen`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that are not allowed as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `word` is a Rust keyword in the 2024 edition.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// `name`, with `prefix` in front when it starts with a digit. A name left empty (the raw name
/// had no ASCII letter or digit) becomes `_empty` for snake-case names (prefix `_`) and
/// `{prefix}Empty` otherwise (`VEmpty`); `type_name` handles its own empty case (`Empty`).
fn lead_with(name: String, prefix: &str) -> String {
    match name.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
        None if prefix == "_" => "_empty".to_owned(),
        None => format!("{prefix}Empty"),
        _ => name,
    }
}

/// Keeps only characters valid in an identifier; everything else becomes a word break.
fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A type name (`Task`, `RunTaskRequest`) for a Smithy shape name.
pub fn type_name(shape_name: &str) -> String {
    let camel = clean(shape_name).to_upper_camel_case();
    let name = if camel.is_empty() {
        "Empty".to_owned()
    } else {
        lead_with(camel, "_")
    };
    if name == "Self" {
        "Self_".to_owned()
    } else {
        name
    }
}

/// An enum or union variant name for a member name or enum value.
pub fn variant_name(raw: &str) -> String {
    let name = lead_with(clean(raw).to_upper_camel_case(), "V");
    if name == "Self" {
        "Self_".to_owned()
    } else {
        name
    }
}

/// The snake-case word for a member name before keyword handling (`taskDefinition` →
/// `task_definition`), used to build derived names such as `set_task_definition`.
pub fn snake(raw: &str) -> String {
    lead_with(whole_words(&clean(raw)).to_snake_case(), "_")
}

/// Words the AWS SDKs keep whole although their case says otherwise (`sizeInGiB` →
/// `size_in_gib`, not `size_in_gi_b`), as `aws-sdk-*` crates name them.
const WHOLE_WORDS: &[(&str, &str)] = &[
    ("KiB", "Kib"),
    ("MiB", "Mib"),
    ("GiB", "Gib"),
    ("TiB", "Tib"),
    ("IPv4", "Ipv4"),
    ("IPv6", "Ipv6"),
    ("SigV4", "Sigv4"),
];

fn whole_words(name: &str) -> String {
    WHOLE_WORDS
        .iter()
        .fold(name.to_owned(), |name, (word, whole)| {
            name.replace(word, whole)
        })
}

/// A field or method identifier: snake case, raw identifier for keywords.
pub fn field_name(raw: &str) -> String {
    escape_ident(snake(raw))
}

/// How `#[derive(Debug)]` would print the field for a member: its identifier without `r#`.
pub fn debug_label(raw: &str) -> String {
    let name = field_name(raw);
    name.strip_prefix("r#")
        .map_or_else(|| name.clone(), str::to_owned)
}

/// Escapes a snake-case word that is a keyword: `r#type`, or `self_` where raw is not allowed.
pub fn escape_ident(word: String) -> String {
    if NOT_RAW.contains(&word.as_str()) {
        format!("{word}_")
    } else if is_keyword(&word) {
        format!("r#{word}")
    } else {
        word
    }
}

/// A module (and file) name for a type or operation name.
pub fn module_name(raw: &str) -> String {
    let word = snake(raw);
    if is_keyword(&word) {
        format!("{word}_")
    } else {
        word
    }
}

/// The builder type for a structure.
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// The type of an operation's input or output (`RunTaskInput`), whatever the model calls the
/// structure, as in the official SDKs; `role` is `Input` or `Output`.
pub fn io_type_name(operation: &str, role: &str) -> String {
    type_name(&format!("{operation}{role}"))
}

/// A member's builder methods before collisions: the setter (`task_definition`), the `set_`
/// method that takes an `Option` and the `get_` method.
pub fn setter_names(member: &str) -> [String; 3] {
    let base = snake(member);
    let bare = base.trim_start_matches('_');
    [
        escape_ident(base.clone()),
        escape_ident(format!("set_{bare}")),
        escape_ident(format!("get_{bare}")),
    ]
}

/// The method that tests an operation error for one variant (`is_cluster_not_found_exception`).
pub fn is_method(variant: &str) -> String {
    escape_ident(format!("is_{}", snake(variant)))
}

/// A paginator (`ListTasksPaginator`) and its item stream (`ListTasksPaginatorItems`).
pub fn paginator_names(operation: &str) -> (String, String) {
    let name = type_name(operation);
    (format!("{name}Paginator"), format!("{name}PaginatorItems"))
}

/// A waiter's names: the client method (`wait_until_tasks_running`), its fluent builder
/// (`TasksRunningFluentBuilder`), what it returns (`TasksRunningFinalPoll`) and its error
/// (`WaitUntilTasksRunningError`).
pub fn waiter_names(waiter: &str) -> WaiterNames {
    let ty = type_name(waiter);
    WaiterNames {
        method: escape_ident(format!("wait_until_{}", snake(waiter))),
        module: module_name(waiter),
        fluent_builder: format!("{ty}FluentBuilder"),
        final_poll: format!("{ty}FinalPoll"),
        error: format!("WaitUntil{ty}Error"),
    }
}

/// See [`waiter_names`].
pub struct WaiterNames {
    /// The client method.
    pub method: String,
    /// The module in `waiters`.
    pub module: String,
    /// The fluent builder.
    pub fluent_builder: String,
    /// The success type.
    pub final_poll: String,
    /// The error type.
    pub error: String,
}

/// The module path of the `types` module (`crate::types`).
pub fn types_module() -> Vec<String> {
    vec!["types".to_owned()]
}

/// The module path of modeled errors (`crate::types::error`).
pub fn errors_module() -> Vec<String> {
    vec!["types".to_owned(), "error".to_owned()]
}

/// The module path of an operation's module (`crate::operation::run_task`).
pub fn operation_module(module: &str) -> Vec<String> {
    vec!["operation".to_owned(), module.to_owned()]
}

/// The file of a module under `src/` (`["types", "task"]` → `src/types/task.rs`).
pub fn file_of(module: &[&str]) -> String {
    format!("src/{}.rs", module.join("/"))
}

/// The per-operation error enum (`RunTaskError`).
pub fn error_enum_name(operation: &str) -> String {
    format!("{}Error", type_name(operation))
}

/// The per-operation fluent builder (`RunTaskFluentBuilder`).
pub fn fluent_builder_name(operation: &str) -> String {
    format!("{}FluentBuilder", type_name(operation))
}

/// The name of a variant the generator adds next to the model's (`Unknown` in enums and
/// unions, `Unhandled` in operation errors): `base`, else `{base}Value`, else `{base}Value2`,
/// `{base}Value3`, …, the first that no member of the model took.
pub fn free_variant<'a>(base: &str, taken: impl IntoIterator<Item = &'a String> + Clone) -> String {
    let is_taken = |name: &str| taken.clone().into_iter().any(|t| t == name);
    if !is_taken(base) {
        return base.to_owned();
    }
    (1..)
        .map(|n| match n {
            1 => format!("{base}Value"),
            n => format!("{base}Value{n}"),
        })
        .find(|name| !is_taken(name))
        .expect("an unbounded sequence has a free name")
}

/// Methods a structure builder (`build`), fluent builder (`new`, `send`, `as_input`,
/// `into_paginator`) or waiter builder (`wait`, `min_delay`, `max_delay`, `on_poll`) has besides the
/// member setters, which they all share.
pub const BUILDER_METHODS: &[&str] = &[
    "build",
    "new",
    "send",
    "as_input",
    "into_paginator",
    "wait",
    "min_delay",
    "max_delay",
    "on_poll",
];

/// Methods of every structure besides one accessor per member.
pub const STRUCT_METHODS: &[&str] = &["builder"];

/// Methods of an `@error` structure besides one accessor per member (`meta` and `code` come
/// with its `ProvideErrorMetadata`).
pub const ERROR_METHODS: &[&str] = &["builder", "message", "meta", "code"];

/// Methods of the generated `Client` besides one per operation.
pub const CLIENT_METHODS: &[&str] = &["new", "from_conf", "config"];

/// Modules the generator puts in `types` (and `types::error`) next to one per shape.
pub const TYPES_MODULES: &[&str] = &["error", "builders"];

/// The names taken in one Rust namespace (an impl block's methods, a module's files), with the
/// model element that took each, so that no two items get the same name.
///
/// The rule: a model-derived name equal to one the generator reserved for its own item takes
/// a suffix (`send` → `send_value`, operation `Config` → `config_operation`, a shape `Error` →
/// module `error_`); two model elements that would get the same name are an error naming both.
#[derive(Debug)]
pub struct Scope {
    reserved: &'static [&'static str],
    suffix: &'static str,
    taken: std::collections::BTreeMap<String, String>,
}

impl Scope {
    /// A namespace where the generator owns `reserved`; model names equal to one get `suffix`.
    pub fn new(reserved: &'static [&'static str], suffix: &'static str) -> Scope {
        Scope {
            reserved,
            suffix,
            taken: Default::default(),
        }
    }

    /// The name `name` resolves to, without claiming it.
    pub fn resolve(&self, name: &str) -> String {
        let bare = name.strip_prefix("r#").unwrap_or(name);
        if self.reserved.contains(&bare) {
            format!("{bare}{}", self.suffix)
        } else {
            name.to_owned()
        }
    }

    /// Claims `name` (resolved by the rule above) for `owner`; `Err` names the element that
    /// already has it.
    pub fn claim(&mut self, name: &str, owner: &str) -> Result<String, String> {
        let name = self.resolve(name);
        match self.taken.get(&name) {
            Some(other) => Err(other.clone()),
            None => {
                self.taken.insert(name.clone(), owner.to_owned());
                Ok(name)
            }
        }
    }
}

/// The suffix of the per-service endpoint variable, `AWS_ENDPOINT_URL_<SUFFIX>`: the SDK id in
/// upper case with spaces as underscores (`ECS`, `APPLICATION_AUTO_SCALING`).
pub fn endpoint_env_suffix(sdk_id: &str) -> String {
    sdk_id.to_ascii_uppercase().replace(' ', "_")
}

/// The package name a crate gets when none is given: `amazon-` and the SDK id in lower case,
/// each run of other characters one `-` (`ECS` → `amazon-ecs`, `Application Auto Scaling` →
/// `amazon-application-auto-scaling`).
pub fn package_name(sdk_id: &str) -> String {
    let mut name = String::from("amazon");
    for word in sdk_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        name.push('-');
        name.push_str(&word.to_ascii_lowercase());
    }
    name
}

/// Why `name` cannot be a Cargo package name, if it cannot: ASCII letters, digits, `-` and
/// `_`, starting with a letter, at most 64 characters.
pub fn check_package_name(name: &str) -> std::result::Result<(), String> {
    let valid = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a valid package name (ASCII letters, digits, `-` and `_`, \
             starting with a letter, at most 64 characters)"
        ))
    }
}

/// The crate's library name for a package name (`amazon-ecs` → `amazon_ecs`).
pub fn library_name(package: &str) -> String {
    package.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_becomes_a_valid_identifier() {
        for kw in KEYWORDS {
            let field = field_name(kw);
            assert!(
                syn::parse_str::<syn::Ident>(&field).is_ok() || field.starts_with("r#"),
                "{kw} -> {field}"
            );
            let parsed: syn::Result<syn::Ident> = syn::parse_str(&field);
            assert!(
                parsed.is_ok(),
                "field name for `{kw}` is `{field}`, which does not parse"
            );
            let module = module_name(kw);
            assert!(
                syn::parse_str::<syn::Ident>(&module).is_ok(),
                "module for `{kw}` is `{module}`"
            );
            assert!(!is_keyword(&module));
            let ty = type_name(kw);
            assert!(
                syn::parse_str::<syn::Ident>(&ty).is_ok(),
                "type for `{kw}` is `{ty}`"
            );
        }
    }

    #[test]
    fn names_without_letters_or_digits_stay_identifiers_of_their_case() {
        assert_eq!(type_name("_"), "Empty");
        assert_eq!(type_name("__"), "Empty");
        assert_eq!(module_name("__"), "_empty");
        assert_eq!(field_name("_"), "_empty");
        assert_eq!(variant_name("-"), "VEmpty");
        assert_eq!(type_name("1st"), "_1st");
    }

    #[test]
    fn generator_variants_step_aside() {
        let taken = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(free_variant("Unknown", &taken(&["A"])), "Unknown");
        assert_eq!(
            free_variant("Unknown", &taken(&["Unknown"])),
            "UnknownValue"
        );
        assert_eq!(
            free_variant("Unknown", &taken(&["Unknown", "UnknownValue"])),
            "UnknownValue2"
        );
        assert_eq!(
            free_variant(
                "Unhandled",
                &taken(&["Unhandled", "UnhandledValue", "UnhandledValue2"])
            ),
            "UnhandledValue3"
        );
    }

    #[test]
    fn scopes_suffix_reserved_names_and_report_clashes() {
        let mut methods = Scope::new(BUILDER_METHODS, "_value");
        assert_eq!(
            methods.claim("send", "member `send`").unwrap(),
            "send_value"
        );
        assert_eq!(
            methods.claim("r#as_input", "member").unwrap(),
            "as_input_value"
        );
        assert_eq!(
            methods.claim("cluster", "member `cluster`").unwrap(),
            "cluster"
        );
        assert_eq!(
            methods.claim("cluster", "member `Cluster`").unwrap_err(),
            "member `cluster`"
        );
        assert_eq!(
            methods
                .claim("send_value", "member `send_value`")
                .unwrap_err(),
            "member `send`"
        );
        let mut client = Scope::new(CLIENT_METHODS, "_operation");
        assert_eq!(
            client.claim("config", "Config").unwrap(),
            "config_operation"
        );
        let mut files = Scope::new(TYPES_MODULES, "_");
        assert_eq!(files.claim("error", "Error").unwrap(), "error_");
        assert_eq!(files.claim("builders", "Builders").unwrap(), "builders_");
    }

    #[test]
    fn examples() {
        assert_eq!(field_name("taskDefinition"), "task_definition");
        assert_eq!(
            field_name("enableECSManagedTags"),
            "enable_ecs_managed_tags"
        );
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(variant_name("MANAGED_INSTANCES"), "ManagedInstances");
        assert_eq!(variant_name("1.0"), "V10");
        assert_eq!(variant_name("container-instance"), "ContainerInstance");
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(module_name("RunTaskRequest"), "run_task_request");
        assert_eq!(endpoint_env_suffix("ECS"), "ECS");
        assert_eq!(
            endpoint_env_suffix("Application Auto Scaling"),
            "APPLICATION_AUTO_SCALING"
        );
        assert_eq!(debug_label("type"), "type");
        assert_eq!(debug_label("self"), "self_");
        assert_eq!(debug_label("taskArn"), "task_arn");
        assert_eq!(field_name("sizeInGiB"), "size_in_gib");
        assert_eq!(field_name("memoryGiBPerVCpu"), "memory_gib_per_v_cpu");
        assert_eq!(field_name("privateIpv4Address"), "private_ipv4_address");
        assert_eq!(field_name("IPv6Address"), "ipv6_address");
    }
}
