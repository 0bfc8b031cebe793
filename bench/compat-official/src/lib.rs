//! `tests/compat/src/calls.rs`, compiled against the official `aws-sdk-ecs`.

#[path = "../../../tests/compat/src/calls.rs"]
pub mod calls;
