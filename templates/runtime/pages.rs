//! Streaming every item of an offset-paginated list operation.

use super::error::{Error, InvalidArgument};
use super::request::{Operation, Request, ResponseFuture};
use super::response::Response;
use futures_util::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A list operation paged by an offset and a page size; implemented by the
/// generated `*Params` types of such operations.
pub trait Paginated: Operation + Clone {
    /// One item of the list.
    type Item: Send + 'static;

    /// The page size when the caller sets none.
    #[doc(hidden)]
    const PAGE_SIZE: i64;

    /// The response header that carries the number of items in all, when
    /// the API documents one.
    #[doc(hidden)]
    const TOTAL_HEADER: Option<&'static str>;

    /// The offset and page size the caller set.
    #[doc(hidden)]
    fn page(&self) -> (Option<i64>, Option<i64>);

    /// Asks for the page at `offset` of `size` items, and for the total
    /// when `count` is set and the operation has a parameter for it.
    #[doc(hidden)]
    fn set_page(&mut self, offset: i64, size: i64, count: bool) -> Result<(), InvalidArgument>;

    /// The items of one page.
    #[doc(hidden)]
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
}

/// Every item of a list operation, page by page: the stream a paginated
/// request's `stream()` returns. It is `Unpin`, so `TryStreamExt::try_next`
/// works on it directly.
///
/// Pages are fetched lazily as the stream is read, from the offset the
/// request set (or the first item) with the page size it set (or the
/// operation's default). The first page asks for the total where the API
/// can send it, and the stream stops at the total or after a short page.
/// Without a total, a list whose length is a multiple of the page size ends
/// with a request past its end: an empty page, or a `400 Bad Request` (some
/// services refuse an offset past the end), ends the stream cleanly there.
/// A 400 for the first page, or any other error, is the stream's last item.
/// Only one page is held at a time.
#[must_use = "a stream does nothing until it is read"]
pub struct Pages<O: Paginated> {
    request: Request<O>,
    /// The offset of the next page to fetch; `None` once the list ended.
    next: Option<i64>,
    page_size: i64,
    total: Option<i64>,
    first: bool,
    /// Whether the next page follows a full one with no total known: it
    /// may be past the end.
    after_full_page: bool,
    items: std::vec::IntoIter<O::Item>,
    pending: Option<ResponseFuture<Response<O::Output>, O::Error>>,
}

impl<O: Paginated> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &O::ENDPOINT.operation)
            .field("next", &self.next)
            .field("page_size", &self.page_size)
            .field("total", &self.total)
            .field("buffered", &self.items.len())
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> Pages<O> {
    /// The stream of every item `request` lists, as its `stream()` makes
    /// it; for code generic over [`Paginated`] operations.
    pub fn new(request: Request<O>) -> Self {
        let (offset, size) = request.parameters.page();
        Pages {
            next: Some(offset.unwrap_or(0)),
            page_size: size.unwrap_or(O::PAGE_SIZE),
            total: None,
            first: true,
            after_full_page: false,
            items: Vec::new().into_iter(),
            pending: None,
            request,
        }
    }

    /// Starts fetching the page at `offset`.
    fn fetch(&mut self, offset: i64) -> Result<(), Error<O::Error>> {
        if self.page_size < 1 {
            return Err(Error::InvalidArgument(InvalidArgument::new("limit", "a page must hold at least one item")));
        }
        let mut page = self.request.clone();
        let count = self.first && O::TOTAL_HEADER.is_some();
        page.parameters.set_page(offset, self.page_size, count).map_err(Error::InvalidArgument)?;
        self.pending = Some(Box::pin(page.send_with_response()));
        Ok(())
    }

    /// Takes in a fetched page and decides where the next one starts.
    fn receive(&mut self, offset: i64, response: Response<O::Output>) {
        if self.first {
            self.total = O::TOTAL_HEADER.and_then(|name| response.header::<i64>(name));
            self.first = false;
        }
        let items = O::into_items(response.into_body());
        let fetched = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let end = offset.saturating_add(fetched);
        let more = fetched >= self.page_size && self.total.is_none_or(|total| end < total);
        self.next = more.then_some(end);
        self.after_full_page = more && self.total.is_none();
        self.items = items.into_iter();
    }
}

impl<O> Stream for Pages<O>
where
    O: Paginated + Unpin,
    O::Item: Unpin,
{
    type Item = Result<O::Item, Error<O::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let Some(offset) = this.next else { return Poll::Ready(None) };
            let Some(pending) = this.pending.as_mut() else {
                if let Err(error) = this.fetch(offset) {
                    this.next = None;
                    return Poll::Ready(Some(Err(error)));
                }
                continue;
            };
            let outcome = std::task::ready!(pending.as_mut().poll(cx));
            this.pending = None;
            match outcome {
                Ok(response) => this.receive(offset, response),
                Err(error) if this.after_full_page && error.status() == Some(reqwest::StatusCode::BAD_REQUEST) => {
                    tracing::debug!(operation = O::ENDPOINT.operation, offset, "the list ended: 400 for the page after the last full one");
                    this.next = None;
                    return Poll::Ready(None);
                }
                Err(error) => {
                    this.next = None;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.items.len();
        match (self.next, self.total) {
            (None, _) => (buffered, Some(buffered)),
            (Some(next), Some(total)) => {
                let left = usize::try_from(total.saturating_sub(next)).unwrap_or(0);
                (buffered, Some(buffered + left))
            }
            (Some(_), None) => (buffered, None),
        }
    }
}
