//! Retry classifiers, as the official SDKs take them (`push_retry_classifier`): each failed
//! attempt is shown to the built-in classifiers and the user's, in order of priority, and the
//! last one with an opinion decides (`RetryForbidden` ends it). The built-in ones are the
//! AWS SDKs' standard set at their official priorities: HTTP status (5xx, priority 0), error
//! codes (throttling and transient codes, just before 10), `@retryable` (10), timeouts and
//! connection failures (20). Without a classifier of the user's, the client decides as
//! `retry::classify_response` does, with no context built.
//!
//! The types are this crate's own (module `lean`) or, with `interop`, aws-smithy-runtime-api's
//! (module `official`); both have the same API, which is all this module uses.

use std::time::Duration;

use crate::error::OperationError;
use crate::http::{HttpResponse, TransportError};
use crate::retry::{self, RetryKind};

#[cfg(not(feature = "interop"))]
mod lean;
#[cfg(feature = "interop")]
mod official;

#[cfg(not(feature = "interop"))]
pub use lean::{
    ClassifyRetry, Error, ErrorKind, Input, InterceptorContext, OrchestratorError, Output,
    RetryAction, RetryClassifierPriority, RetryReason, SharedRetryClassifier,
};
#[cfg(not(feature = "interop"))]
use lean::{context_connector_error, context_response};
#[cfg(feature = "interop")]
pub use official::{
    ClassifyRetry, Error, ErrorKind, Input, InterceptorContext, OrchestratorError, Output,
    RetryAction, RetryClassifierPriority, RetryReason, SharedRetryClassifier,
};
#[cfg(feature = "interop")]
use official::{context_connector_error, context_response};

/// A built-in classifier's verdict, at its priority.
type Verdict = (RetryClassifierPriority, RetryAction);

/// The built-in verdicts on an error response.
fn service_verdicts(status: u16, code: Option<&str>, modeled_retryable: bool) -> Vec<Verdict> {
    let codes = RetryClassifierPriority::run_before(
        RetryClassifierPriority::modeled_as_retryable_classifier(),
    );
    let code_kind = retry::classify_code(code);
    let by_code = match code_kind {
        RetryKind::Throttling => RetryAction::throttling_error(),
        RetryKind::Transient => RetryAction::transient_error(),
        _ => RetryAction::NoActionIndicated,
    };
    // A modeled error that is also a throttling code stays a throttle (as a `@retryable`
    // with `throttling: true` is).
    vec![
        (
            RetryClassifierPriority::http_status_code_classifier(),
            if retry::is_transient_status(status) {
                RetryAction::transient_error()
            } else {
                RetryAction::NoActionIndicated
            },
        ),
        (codes, by_code),
        (
            RetryClassifierPriority::modeled_as_retryable_classifier(),
            if modeled_retryable && code_kind == RetryKind::Throttling {
                RetryAction::throttling_error()
            } else if modeled_retryable {
                RetryAction::server_error()
            } else {
                RetryAction::NoActionIndicated
            },
        ),
    ]
}

/// The built-in verdict on a timeout or a failed connection: transient.
fn transient_verdict() -> Vec<Verdict> {
    vec![(
        RetryClassifierPriority::transient_error_classifier(),
        RetryAction::transient_error(),
    )]
}

/// Runs the built-in verdicts and `custom` in order of priority (built-in first among equals,
/// so a user's classifier at the same priority has the last word).
fn decide(
    custom: &[SharedRetryClassifier],
    ctx: &InterceptorContext,
    builtin: Vec<Verdict>,
) -> RetryAction {
    enum Step<'a> {
        Builtin(RetryAction),
        Custom(&'a SharedRetryClassifier),
    }
    let mut steps: Vec<(RetryClassifierPriority, Step<'_>)> = builtin
        .into_iter()
        .map(|(priority, action)| (priority, Step::Builtin(action)))
        .chain(custom.iter().map(|c| (c.priority(), Step::Custom(c))))
        .collect();
    steps.sort_by_key(|step| step.0);
    let mut result = RetryAction::NoActionIndicated;
    for (_, step) in steps {
        let action = match step {
            Step::Builtin(action) => action,
            Step::Custom(classifier) => {
                let action = classifier.classify_retry_v2(ctx, &result);
                tracing::trace!(classifier = classifier.name(), ?action, "retry classifier");
                action
            }
        };
        if action == RetryAction::NoActionIndicated {
            continue;
        }
        result = action;
        if result == RetryAction::RetryForbidden {
            break;
        }
    }
    result
}

/// A context to show classifiers a failed attempt in (they are not given the input).
fn context() -> InterceptorContext {
    InterceptorContext::new(Input::erase(()))
}

/// What the client does with a classifier's final action: how it retries, and the delay the
/// classifier asked for, if any.
fn kind_of(action: &RetryAction, timeout: bool) -> Decision {
    match action {
        RetryAction::RetryIndicated(RetryReason::RetryableError { kind, retry_after }) => {
            let kind = match kind {
                ErrorKind::ThrottlingError => RetryKind::Throttling,
                _ if timeout => RetryKind::Timeout,
                _ => RetryKind::Transient,
            };
            (kind, *retry_after)
        }
        _ => (RetryKind::No, None),
    }
}

/// How to retry, and the delay a classifier asked for.
type Decision = (RetryKind, Option<Duration>);

/// Classifies an error response of the operation: the error back, and the verdict. With no
/// classifier of the user's, the standard classification, with no context built.
pub(crate) fn service_error<E: OperationError>(
    custom: &[SharedRetryClassifier],
    err: E,
    response: &HttpResponse,
) -> (E, Decision) {
    if custom.is_empty() {
        let kind = retry::classify_response(response.status, err.code(), err.is_retryable());
        return (err, (kind, None));
    }
    let builtin = service_verdicts(response.status, err.code(), err.is_retryable());
    let mut ctx = context();
    ctx.set_response(context_response(response));
    ctx.set_output_or_error(Err(OrchestratorError::operation(Error::erase(err))));
    let action = decide(custom, &ctx, builtin);
    let mut back = None;
    if let Some(Err(failure)) = ctx.take_output_or_error() {
        let _ = failure.map_operation_error(|e| back = e.downcast::<E>().ok());
    }
    let err = back.expect("the context gives back the error it was given");
    (err, kind_of(&action, false))
}

/// Classifies a failed connection or exchange (transient, unless a classifier says otherwise).
pub(crate) fn dispatch_failure(
    custom: &[SharedRetryClassifier],
    source: &TransportError,
) -> Decision {
    if custom.is_empty() {
        return (RetryKind::Transient, None);
    }
    let mut ctx = context();
    ctx.set_output_or_error(Err(OrchestratorError::connector(context_connector_error(
        source,
    ))));
    kind_of(&decide(custom, &ctx, transient_verdict()), false)
}

/// Classifies an attempt that timed out (retried, unless a classifier says otherwise).
pub(crate) fn timeout(custom: &[SharedRetryClassifier], error: &dyn std::fmt::Display) -> Decision {
    if custom.is_empty() {
        return (RetryKind::Timeout, None);
    }
    let mut ctx = context();
    ctx.set_output_or_error(Err(OrchestratorError::timeout(error.to_string().into())));
    kind_of(&decide(custom, &ctx, transient_verdict()), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With no classifier of the user's, the built-in verdicts decide as `classify_response`.
    #[test]
    fn the_builtin_verdicts_agree_with_the_standard_classification() {
        let mut ctx = context();
        ctx.set_output_or_error(Err(OrchestratorError::timeout("t".into())));
        for status in [200, 400, 403, 429, 500, 502, 503, 504, 505] {
            for code in [
                None,
                Some("ThrottlingException"),
                Some("RequestTimeout"),
                Some("Other"),
            ] {
                for modeled in [false, true] {
                    let action = decide(&[], &ctx, service_verdicts(status, code, modeled));
                    let (kind, _) = kind_of(&action, false);
                    assert_eq!(
                        kind,
                        retry::classify_response(status, code, modeled),
                        "{status} {code:?} {modeled}"
                    );
                }
            }
        }
    }

    #[derive(Debug)]
    struct Fixed(RetryAction, RetryClassifierPriority);

    impl ClassifyRetry for Fixed {
        fn classify_retry(&self, _ctx: &InterceptorContext) -> RetryAction {
            self.0.clone()
        }
        fn name(&self) -> &'static str {
            "Fixed"
        }
        fn priority(&self) -> RetryClassifierPriority {
            self.1
        }
    }

    #[test]
    fn later_classifiers_override_earlier_ones_and_a_forbidden_retry_ends_it() {
        let ctx = context();
        let status = RetryClassifierPriority::http_status_code_classifier();
        let transient = RetryClassifierPriority::transient_error_classifier();
        let decide_with = |custom: Fixed, status_code: u16| {
            let action = decide(
                &[SharedRetryClassifier::new(custom)],
                &ctx,
                service_verdicts(status_code, None, false),
            );
            kind_of(&action, false)
        };
        // Retrying a 400 the built-in ones leave alone, with the delay it asks for.
        let delay = Duration::from_millis(250);
        let asked = RetryAction::retryable_error_with_explicit_delay(ErrorKind::ClientError, delay);
        assert_eq!(
            decide_with(Fixed(asked, status), 400),
            (RetryKind::Transient, Some(delay))
        );
        // Before the status classifier, a throttle verdict on a 503 is overridden by it.
        let early = RetryClassifierPriority::run_before(status);
        assert_eq!(
            decide_with(Fixed(RetryAction::throttling_error(), early), 503).0,
            RetryKind::Transient
        );
        // After every built-in one, it has the last word.
        let late = RetryClassifierPriority::run_after(transient);
        assert_eq!(
            decide_with(Fixed(RetryAction::throttling_error(), late), 503).0,
            RetryKind::Throttling
        );
        // `RetryForbidden` stops a retry whatever runs after it; no opinion changes nothing.
        assert_eq!(
            decide_with(Fixed(RetryAction::RetryForbidden, early), 503).0,
            RetryKind::No
        );
        assert_eq!(
            decide_with(Fixed(RetryAction::NoActionIndicated, late), 503).0,
            RetryKind::Transient
        );
    }
}
