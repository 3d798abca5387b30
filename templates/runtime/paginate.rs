//! Streams every item of an offset-paginated list operation.

use super::Error;
use futures_util::stream::{self, Stream, TryStreamExt};
use std::future::Future;

/// Where the stream goes next.
enum Next {
    Page(i64),
    Done,
    InvalidPageSize,
}

/// Fetches pages of `page_size` items lazily, starting at `start`, and
/// yields their items one by one. Stops after the first page shorter than
/// `page_size`; an error ends the stream after being yielded. Only one page
/// is held at a time, however many items there are.
pub(crate) fn paginate<T, E, F, Fut>(start: i64, page_size: i64, mut fetch: F) -> impl Stream<Item = Result<T, Error<E>>> + Send
where
    T: Send,
    E: Send,
    F: FnMut(i64) -> Fut + Send,
    Fut: Future<Output = Result<Vec<T>, Error<E>>> + Send,
{
    let first = if page_size < 1 { Next::InvalidPageSize } else { Next::Page(start) };
    stream::try_unfold(first, move |next| {
        let request = match next {
            Next::Page(offset) => Some((offset, fetch(offset))),
            Next::Done | Next::InvalidPageSize => None,
        };
        let invalid = matches!(next, Next::InvalidPageSize);
        async move {
            if invalid {
                return Err(Error::InvalidArgument { name: "limit", reason: "a page must hold at least one item".to_owned() });
            }
            let Some((offset, page)) = request else { return Ok(None) };
            let page = page.await?;
            let fetched = i64::try_from(page.len()).unwrap_or(i64::MAX);
            let next = if fetched >= page_size { Next::Page(offset.saturating_add(fetched)) } else { Next::Done };
            Ok(Some((stream::iter(page.into_iter().map(Ok)), next)))
        }
    })
    .try_flatten()
}
