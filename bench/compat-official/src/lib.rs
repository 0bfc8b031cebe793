//! `tests/compat/src/calls.rs`, compiled against the official `aws-sdk-ecs`.

#[path = "../../../tests/compat/src/calls.rs"]
pub mod calls;

#[path = "../../../tests/compat/src/interop_calls.rs"]
pub mod interop_calls;

/// What `tests/compat/tests/mocked.rs` imports: the official mocks here.
pub mod mocks {
    pub use aws_smithy_mocks::{RuleMode, mock, mock_client};
}
