//! Paginators: a stream of pages that feeds each output's token into the next input, and a
//! stream of the items on those pages. Generated code supplies the typed pieces (how to call
//! the operation, where the tokens and items are); this module only sequences the calls.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::SdkError;

type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send>>;
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// A stream of pages or items. Use it as any `futures` stream, or with [`next`](Self::next),
/// [`collect`](Self::collect) and [`try_collect`](Self::try_collect) as in the official SDK.
/// Nothing is sent until it is polled.
pub struct PaginationStream<T> {
    inner: BoxStream<T>,
}

impl<T> std::fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaginationStream")
    }
}

impl<T> PaginationStream<T> {
    /// The next page or item; `None` once the last one was returned.
    pub async fn next(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// Every remaining element, for example as `Result<Vec<_>, _>`.
    pub async fn collect<C: FromIterator<T>>(mut self) -> C {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item);
        }
        all.into_iter().collect()
    }
}

impl<O, E> PaginationStream<Result<O, E>> {
    /// Every remaining element, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O>, E> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// A continuation token: a string, or a map (behavior-traits.rst allows both for
/// `@paginated`'s `inputToken` and `outputToken`). An empty one ends the pages, as an absent
/// one does.
#[doc(hidden)]
pub trait PageToken: ToOwned + PartialEq + Debug {
    /// Whether the token is empty (`""`, `{}`).
    fn is_empty(&self) -> bool;
}

impl PageToken for str {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
}

impl<K, V, S> PageToken for HashMap<K, V, S>
where
    HashMap<K, V, S>: Clone + PartialEq + Debug,
{
    fn is_empty(&self) -> bool {
        HashMap::is_empty(self)
    }
}

/// How to page through one operation: generated per paginated operation. `T` is the token's
/// borrowed form (`str`, or the map type).
#[allow(missing_debug_implementations)] // function pointers and a name: nothing to show
#[doc(hidden)]
pub struct Paging<I, O, T: PageToken + ?Sized = str> {
    /// The operation's name, for the error when the service repeats a token.
    pub operation: &'static str,
    /// The output's token for the next page, if any.
    pub output_token: fn(&O) -> Option<&T>,
    /// Sets the input's token.
    pub set_input_token: fn(&mut I, T::Owned),
}

type Call<I, O, E> = Box<dyn FnMut(I) -> BoxFuture<Result<O, SdkError<E>>> + Send>;

struct Pages<I, O, E, T: PageToken + ?Sized> {
    call: Call<I, O, E>,
    paging: Paging<I, O, T>,
    next_input: Option<I>,
    pending: Option<BoxFuture<Result<O, SdkError<E>>>>,
    sent_token: Option<T::Owned>,
    repeated: Option<SdkError<E>>,
}

impl<I, O, E, T> Stream for Pages<I, O, E, T>
where
    I: Clone + Unpin,
    E: Unpin,
    T: PageToken + ?Sized,
    T::Owned: Unpin,
{
    type Item = Result<O, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(error) = this.repeated.take() {
            return Poll::Ready(Some(Err(error)));
        }
        if this.pending.is_none() {
            let Some(input) = this.next_input.clone() else {
                return Poll::Ready(None);
            };
            this.pending = Some((this.call)(input));
        }
        let result = match this.pending.as_mut().map(|f| f.as_mut().poll(cx)) {
            Some(Poll::Ready(result)) => result,
            _ => return Poll::Pending,
        };
        this.pending = None;
        let output = match result {
            Ok(output) => output,
            Err(error) => {
                this.next_input = None;
                return Poll::Ready(Some(Err(error)));
            }
        };
        match (this.paging.output_token)(&output).filter(|t| !t.is_empty()) {
            None => this.next_input = None,
            Some(token) if this.sent_token.as_ref().map(Borrow::borrow) == Some(token) => {
                this.next_input = None;
                this.repeated = Some(crate::error::construction(
                    this.paging.operation,
                    format!(
                        "the service returned the page token it was sent ({token:?}) again, \
                         so the next page would be this one; the paginator stopped"
                    ),
                ));
            }
            Some(token) => {
                if let Some(input) = this.next_input.as_mut() {
                    (this.paging.set_input_token)(input, token.to_owned());
                }
                this.sent_token = Some(token.to_owned());
            }
        }
        Poll::Ready(Some(Ok(output)))
    }
}

/// The pages of an operation, starting from `input`: each call is `call(input)`, and the
/// stream ends after a page without a token (absent or empty), after an error, or with an
/// error when the service returns the token it was sent.
#[doc(hidden)]
pub fn pages<I, O, E, F, Fut, T>(
    input: I,
    mut call: F,
    paging: Paging<I, O, T>,
) -> PaginationStream<Result<O, SdkError<E>>>
where
    I: Clone + Unpin + Send + 'static,
    O: Send + 'static,
    E: Unpin + Send + 'static,
    T: PageToken + ?Sized + 'static,
    T::Owned: Unpin + Send,
    F: FnMut(I) -> Fut + Send + 'static,
    Fut: Future<Output = Result<O, SdkError<E>>> + Send + 'static,
{
    PaginationStream {
        inner: Box::pin(Pages {
            call: Box::new(move |input| Box::pin(call(input))),
            paging,
            next_input: Some(input),
            pending: None,
            sent_token: None,
            repeated: None,
        }),
    }
}

struct Items<O, T, E> {
    pages: PaginationStream<Result<O, E>>,
    items_of: fn(O) -> Vec<T>,
    buffered: VecDeque<T>,
}

impl<O, T: Unpin, E> Stream for Items<O, T, E> {
    type Item = Result<T, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.inner.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffered.extend((this.items_of)(page)),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// The items of every page, in order: `items_of` takes them out of one page.
#[doc(hidden)]
pub fn items<O, T, E>(
    pages: PaginationStream<Result<O, E>>,
    items_of: fn(O) -> Vec<T>,
) -> PaginationStream<Result<T, E>>
where
    O: Send + 'static,
    T: Unpin + Send + 'static,
    E: Send + 'static,
{
    PaginationStream {
        inner: Box::pin(Items {
            pages,
            items_of,
            buffered: VecDeque::new(),
        }),
    }
}

/// A stream whose only element is `error` (an input that could not be built).
#[doc(hidden)]
pub fn failed<T: Unpin + Send + 'static>(error: T) -> PaginationStream<T> {
    struct Once<T>(Option<T>);
    impl<T: Unpin> Stream for Once<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
            Poll::Ready(self.0.take())
        }
    }
    PaginationStream {
        inner: Box::pin(Once(Some(error))),
    }
}
