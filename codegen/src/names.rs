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

fn lead_with(name: String, prefix: &str) -> String {
    match name.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
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
    let name = lead_with(clean(shape_name).to_upper_camel_case(), "_");
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
    lead_with(clean(raw).to_snake_case(), "_")
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

/// The per-operation error enum (`RunTaskError`).
pub fn error_enum_name(operation: &str) -> String {
    format!("{}Error", type_name(operation))
}

/// The per-operation fluent builder (`RunTaskFluentBuilder`).
pub fn fluent_builder_name(operation: &str) -> String {
    format!("{}FluentBuilder", type_name(operation))
}

/// The variant that keeps values a model does not know; `UnknownValue` if a member is `Unknown`.
pub fn unknown_variant(taken: &[String]) -> String {
    if taken.iter().any(|t| t == "Unknown") {
        "UnknownValue".to_owned()
    } else {
        "Unknown".to_owned()
    }
}

/// The suffix of the per-service endpoint variable, `AWS_ENDPOINT_URL_<SUFFIX>`: the SDK id in
/// upper case with spaces as underscores (`ECS`, `APPLICATION_AUTO_SCALING`).
pub fn endpoint_env_suffix(sdk_id: &str) -> String {
    sdk_id.to_ascii_uppercase().replace(' ', "_")
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
    }
}
