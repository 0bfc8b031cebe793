//! Calling code in the style of the official `aws-sdk-ecs` documentation and examples, kept
//! in [`calls`] so that the same file compiles against our crate (this crate's dependency
//! `aws-sdk-ecs` is `amazon-ecs`, renamed) and against the real `aws-sdk-ecs`
//! (`bench/compat-official`). Only the lines that build a `Config` differ, and they live in
//! the tests.

pub mod calls;
#[cfg(feature = "interop")]
pub mod interop_calls;

/// The mocks a test written for aws-sdk-ecs imports from `aws_smithy_mocks`; the tests say
/// `ecs_compat::mocks`, which is ours here and aws-smithy-mocks in bench/compat-official, so
/// the one test file runs on both.
pub mod mocks {
    pub use aws_sdk_ecs::mocks::{RuleMode, mock, mock_client};
}
