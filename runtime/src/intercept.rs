//! Interceptors, as the official builder takes them (`interceptor(..)`): hooks a program
//! implements to read or change each attempt's request and to read its response, with the
//! official hooks' names and parameters. The hooks here are the ones programs implement
//! most: `modify_before_signing` (add or change headers, signed with the request),
//! `modify_before_transmit` (after signing), `read_before_transmit` and
//! `read_before_deserialization` (the response, before it is read). A hook's error fails the
//! call before anything more is sent, naming the interceptor.
//!
//! These are this crate's own types with and without `interop`: aws-smithy-runtime-api's
//! hooks take its `RuntimeComponents` and orchestrator, which only its own client builds.

use std::fmt;
use std::sync::Arc;

use crate::error::BoxError;
use crate::http::{HttpRequest, HttpResponse};

/// The client's components, as a hook sees them (nothing a hook here needs; kept for the
/// official signature).
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct RuntimeComponents {}

/// Per-call configuration a hook may read (nothing yet; kept for the official signature).
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ConfigBag {}

/// An attempt's request, to change: headers, URI and body.
#[derive(Debug)]
pub struct BeforeTransmitInterceptorContextMut<'a> {
    request: &'a mut HttpRequest,
}

impl BeforeTransmitInterceptorContextMut<'_> {
    /// The request.
    pub fn request(&self) -> &HttpRequest {
        self.request
    }
    /// The request, to change.
    pub fn request_mut(&mut self) -> &mut HttpRequest {
        self.request
    }
}

/// An attempt's request, to read.
#[derive(Debug)]
pub struct BeforeTransmitInterceptorContextRef<'a> {
    request: &'a HttpRequest,
}

impl BeforeTransmitInterceptorContextRef<'_> {
    /// The request.
    pub fn request(&self) -> &HttpRequest {
        self.request
    }
}

/// An attempt's response, before it is read.
#[derive(Debug)]
pub struct BeforeDeserializationInterceptorContextRef<'a> {
    response: &'a HttpResponse,
}

impl BeforeDeserializationInterceptorContextRef<'_> {
    /// The response.
    pub fn response(&self) -> &HttpResponse {
        self.response
    }
}

/// A hook into each attempt of every call. Every hook does nothing unless implemented.
pub trait Intercept: fmt::Debug + Send + Sync {
    /// The interceptor's name, for errors and logs.
    fn name(&self) -> &'static str;

    /// Changes the request before it is signed (a header set here is signed).
    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let _ = (context, runtime_components, cfg);
        Ok(())
    }

    /// Changes the signed request before it is sent.
    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let _ = (context, runtime_components, cfg);
        Ok(())
    }

    /// Reads the request as it is sent.
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let _ = (context, runtime_components, cfg);
        Ok(())
    }

    /// Reads the response before it is parsed.
    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let _ = (context, runtime_components, cfg);
        Ok(())
    }
}

/// An interceptor the config keeps (cheap to clone).
#[derive(Debug, Clone)]
pub struct SharedInterceptor(Arc<dyn Intercept>);

impl SharedInterceptor {
    /// Shares `interceptor`.
    pub fn new(interceptor: impl Intercept + 'static) -> Self {
        SharedInterceptor(Arc::new(interceptor))
    }
}

/// A hook's failure, naming the interceptor and the hook.
#[derive(Debug)]
pub(crate) struct InterceptorError {
    interceptor: &'static str,
    hook: &'static str,
    source: BoxError,
}

impl fmt::Display for InterceptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "interceptor `{}` failed in {}: {}",
            self.interceptor, self.hook, self.source
        )
    }
}

impl std::error::Error for InterceptorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.source()
    }
}

/// Which hook runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hook {
    ModifyBeforeSigning,
    ModifyBeforeTransmit,
}

/// Runs one hook of every interceptor, in the order they were added, through `call`; the first
/// failure stops it, naming the interceptor and `hook`.
fn run(
    interceptors: &[SharedInterceptor],
    hook: &'static str,
    mut call: impl FnMut(&dyn Intercept, &RuntimeComponents, &mut ConfigBag) -> Result<(), BoxError>,
) -> Result<(), InterceptorError> {
    let components = RuntimeComponents::default();
    let mut cfg = ConfigBag::default();
    for SharedInterceptor(interceptor) in interceptors {
        call(interceptor.as_ref(), &components, &mut cfg).map_err(|source| InterceptorError {
            interceptor: interceptor.name(),
            hook,
            source,
        })?;
    }
    Ok(())
}

/// Runs `hook` of every interceptor on `request`.
pub(crate) fn modify(
    interceptors: &[SharedInterceptor],
    hook: Hook,
    request: &mut HttpRequest,
) -> Result<(), InterceptorError> {
    let name = match hook {
        Hook::ModifyBeforeSigning => "modify_before_signing",
        Hook::ModifyBeforeTransmit => "modify_before_transmit",
    };
    run(interceptors, name, |interceptor, components, cfg| {
        let mut context = BeforeTransmitInterceptorContextMut {
            request: &mut *request,
        };
        match hook {
            Hook::ModifyBeforeSigning => {
                interceptor.modify_before_signing(&mut context, components, cfg)
            }
            Hook::ModifyBeforeTransmit => {
                interceptor.modify_before_transmit(&mut context, components, cfg)
            }
        }
    })
}

/// Runs every interceptor's `read_before_transmit` on `request`.
pub(crate) fn read_request(
    interceptors: &[SharedInterceptor],
    request: &HttpRequest,
) -> Result<(), InterceptorError> {
    let context = BeforeTransmitInterceptorContextRef { request };
    run(
        interceptors,
        "read_before_transmit",
        |interceptor, components, cfg| interceptor.read_before_transmit(&context, components, cfg),
    )
}

/// Runs every interceptor's `read_before_deserialization` on `response`.
pub(crate) fn read_response(
    interceptors: &[SharedInterceptor],
    response: &HttpResponse,
) -> Result<(), InterceptorError> {
    let context = BeforeDeserializationInterceptorContextRef { response };
    run(
        interceptors,
        "read_before_deserialization",
        |interceptor, components, cfg| {
            interceptor.read_before_deserialization(&context, components, cfg)
        },
    )
}
