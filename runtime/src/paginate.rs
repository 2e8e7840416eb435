//! Walking every page of a list operation: a [`Stream`] of pages and one of items, over an async
//! "fetch the page at this cursor" closure, in the four paging styles vendors use.
//!
//! The stream ends, in every style, at the first of:
//! - an error (yielded, then nothing more);
//! - an empty page, or a page whose "more" flag ([`Page::has_more`]) is false;
//! - the total reached: as many items seen as the response's total ([`Page::total`], a body
//!   field or a header);
//! - page number / offset without a total: a short page (fewer items than asked for);
//! - token / marker: no next cursor (absent or empty), the same cursor as the one just sent (how
//!   some APIs mark the end), or a cursor seen before (a server that cycles);
//! - a page identical to the previous one (a server that ignores the cursor and serves the same
//!   page again): not yielded, since its items were already;
//! - the optional page cap ([`Pages::max_pages`]).
//!
//! Offsets advance by the number of items received, not by the limit asked for, so a server
//! that caps the page size below the request loses nothing.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::validate::{Report, ValidationError};

/// The paging style of a list operation, with its fixed parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// Page number and page size; numbering starts at `first` (1 for most vendors).
    PageNumber { first: u64, size: u64 },
    /// Offset (from 0) and limit.
    Offset { limit: u64 },
    /// An opaque next token returned by each page.
    NextToken,
    /// A marker (usually the last key returned) that the next request starts after.
    Marker,
}

/// Where the page to fetch starts: the request fields the fetch closure sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Page `number` of pages of `size` items.
    Page { number: u64, size: u64 },
    /// `limit` items from item `offset`.
    Offset { offset: u64, limit: u64 },
    /// The token of the page; `None` for the first page.
    Token(Option<String>),
    /// The marker to start after; `None` for the first page.
    Marker(Option<String>),
}

impl Cursor {
    fn first(style: &PageStyle) -> Cursor {
        match *style {
            PageStyle::PageNumber { first, size } => Cursor::Page { number: first, size },
            PageStyle::Offset { limit } => Cursor::Offset { offset: 0, limit },
            PageStyle::NextToken => Cursor::Token(None),
            PageStyle::Marker => Cursor::Marker(None),
        }
    }

    /// The token or marker of a token-style cursor (`None` on the first page and for numbered
    /// styles).
    pub fn token(&self) -> Option<&str> {
        match self {
            Cursor::Token(token) | Cursor::Marker(token) => token.as_deref(),
            Cursor::Page { .. } | Cursor::Offset { .. } => None,
        }
    }
}

/// The extractors of one response page: its items, the next cursor, the total.
pub trait Page {
    /// One listed item. The walk keeps a copy of the previous page's items to recognise a
    /// server that serves the same page again, hence `PartialEq + Clone`.
    type Item: PartialEq + Clone;
    /// The items of this page.
    fn items(&self) -> &[Self::Item];
    /// The items, moved out.
    fn into_items(self) -> Vec<Self::Item>;
    /// The next token or marker (token and marker styles); `None` or empty when this is the
    /// last page.
    fn next_cursor(&self) -> Option<&str> {
        None
    }
    /// The number of items over all pages, when the response gives it (a field or a header).
    fn total(&self) -> Option<u64> {
        None
    }
    /// The response's own "more pages follow" flag (`IsTruncated`, `HasMore`), when it has one.
    fn has_more(&self) -> Option<bool> {
        None
    }
}

/// The integer types of the request fields a walk writes a page number, offset or size into.
pub trait CursorInt: TryFrom<u64> {
    /// The largest value of the type, as a `u64`.
    const MAX: u64;
}

impl CursorInt for i32 {
    const MAX: u64 = i32::MAX as u64;
}

impl CursorInt for i64 {
    const MAX: u64 = i64::MAX as u64;
}

/// `value` (a page number, offset or size of the walk) as the integer type of request field
/// `field`; a value the field cannot hold fails validation naming the field, so a walk that runs
/// past it stops with an error instead of sending a wrapped number.
pub fn cursor_value<T: CursorInt>(field: &str, value: u64) -> Result<T, ValidationError> {
    match T::try_from(value) {
        Ok(converted) => Ok(converted),
        Err(_) => {
            let mut report = Report::default();
            report.range("", field, &value, None, Some(T::MAX));
            Err(report.into_error())
        }
    }
}

/// The page size a walk asks for: the caller's own when set and positive, else `default` (the
/// spec's documented default).
pub fn page_size<T: TryInto<u64>>(set: Option<T>, default: u64) -> u64 {
    set.and_then(|size| size.try_into().ok()).filter(|&size| size > 0).unwrap_or(default)
}

/// What ended a walk, for logs and for callers that want to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// The fetch failed; the error was the last item.
    Error,
    /// A page without items.
    EmptyPage,
    /// The response's "more" flag was false.
    NoMore,
    /// As many items as the total were seen.
    TotalReached,
    /// A page shorter than the page size (page number / offset styles without a total).
    ShortPage,
    /// No next token or marker.
    NoCursor,
    /// The next cursor equals the one just sent.
    SameCursor,
    /// The next cursor was already used earlier in this walk: the server cycles.
    CursorCycle,
    /// The page equals the previous one: the server ignored the cursor.
    RepeatedPage,
    /// The page cap was reached.
    MaxPages,
}

type Fetching<P, E> = Pin<Box<dyn Future<Output = Result<P, E>> + Send>>;

/// A [`Stream`] of the pages of a list, each `Result<P, E>`.
pub struct Pages<P: Page, E> {
    fetch: Box<dyn FnMut(Cursor) -> Fetching<P, E> + Send>,
    style: PageStyle,
    /// The cursor of the page being fetched, or of the next one to fetch.
    cursor: Cursor,
    in_flight: Option<Fetching<P, E>>,
    stopped: Option<StopReason>,
    seen_cursors: HashSet<String>,
    previous_items: Option<Vec<P::Item>>,
    items_seen: u64,
    pages_fetched: u64,
    max_pages: Option<u64>,
}

impl<P: Page, E> fmt::Debug for Pages<P, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("style", &self.style)
            .field("cursor", &self.cursor)
            .field("stopped", &self.stopped)
            .field("items_seen", &self.items_seen)
            .field("pages_fetched", &self.pages_fetched)
            .finish_non_exhaustive()
    }
}

impl<P, E> Pages<P, E>
where
    P: Page + Send + 'static,
    E: Send + 'static,
{
    /// Pages of style `style`, each fetched by `fetch` from its cursor.
    pub fn new<F, Fut>(style: PageStyle, mut fetch: F) -> Self
    where
        F: FnMut(Cursor) -> Fut + Send + 'static,
        Fut: Future<Output = Result<P, E>> + Send + 'static,
    {
        Pages {
            fetch: Box::new(move |cursor| Box::pin(fetch(cursor))),
            cursor: Cursor::first(&style),
            style,
            in_flight: None,
            stopped: None,
            seen_cursors: HashSet::new(),
            previous_items: None,
            items_seen: 0,
            pages_fetched: 0,
            max_pages: None,
        }
    }
}

impl<P: Page, E> Pages<P, E> {
    /// Fetches at most `pages` pages (a cap for a server whose end cannot be detected).
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Why the walk ended, once it has.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stopped
    }

    /// A stream of the items of every page instead of the pages.
    pub fn items(self) -> Items<P, E> {
        Items { pages: self, current: Vec::new().into_iter() }
    }

    /// Decides, from the page just received, whether the walk goes on and with which cursor.
    /// `Err` carries the reason to stop; a repeated page is not to be yielded.
    fn advance(&mut self, page: &P) -> Result<Cursor, StopReason> {
        let items = page.items();
        let count = items.len() as u64;
        if count > 0 && self.previous_items.as_deref() == Some(items) {
            return Err(StopReason::RepeatedPage);
        }
        self.previous_items = Some(items.to_vec());
        self.items_seen += count;
        if count == 0 {
            return Err(StopReason::EmptyPage);
        }
        if page.has_more() == Some(false) {
            return Err(StopReason::NoMore);
        }
        let total = page.total();
        if total.is_some_and(|total| self.items_seen >= total) {
            return Err(StopReason::TotalReached);
        }
        if self.max_pages.is_some_and(|max| self.pages_fetched >= max) {
            return Err(StopReason::MaxPages);
        }
        match &self.cursor {
            Cursor::Page { number, size } => {
                if total.is_none() && count < *size {
                    return Err(StopReason::ShortPage);
                }
                Ok(Cursor::Page { number: number + 1, size: *size })
            }
            Cursor::Offset { offset, limit } => {
                if total.is_none() && count < *limit {
                    return Err(StopReason::ShortPage);
                }
                Ok(Cursor::Offset { offset: offset + count, limit: *limit })
            }
            Cursor::Token(sent) | Cursor::Marker(sent) => {
                let next = match page.next_cursor() {
                    Some(next) if !next.is_empty() => next,
                    _ => return Err(StopReason::NoCursor),
                };
                if sent.as_deref() == Some(next) {
                    return Err(StopReason::SameCursor);
                }
                if !self.seen_cursors.insert(next.to_owned()) {
                    return Err(StopReason::CursorCycle);
                }
                Ok(match self.cursor {
                    Cursor::Marker(_) => Cursor::Marker(Some(next.to_owned())),
                    _ => Cursor::Token(Some(next.to_owned())),
                })
            }
        }
    }

    fn stop(&mut self, reason: StopReason) {
        match reason {
            StopReason::CursorCycle | StopReason::RepeatedPage | StopReason::MaxPages => {
                tracing::warn!(
                    ?reason,
                    pages = self.pages_fetched,
                    "pagination stopped on a misbehaving server"
                )
            }
            _ => tracing::debug!(?reason, pages = self.pages_fetched, "pagination finished"),
        }
        self.stopped = Some(reason);
    }
}

// Sound: the in-flight future is pinned in its own box and nothing else is ever pinned.
impl<P: Page, E> Unpin for Pages<P, E> {}

impl<P: Page, E> Stream for Pages<P, E> {
    type Item = Result<P, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.stopped.is_some() {
            return Poll::Ready(None);
        }
        let in_flight = this.in_flight.get_or_insert_with(|| (this.fetch)(this.cursor.clone()));
        let result = match in_flight.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        this.pages_fetched += 1;
        let page = match result {
            Ok(page) => page,
            Err(error) => {
                this.stop(StopReason::Error);
                return Poll::Ready(Some(Err(error)));
            }
        };
        match this.advance(&page) {
            Ok(next) => this.cursor = next,
            Err(StopReason::RepeatedPage) => {
                this.stop(StopReason::RepeatedPage);
                return Poll::Ready(None);
            }
            Err(reason) => this.stop(reason),
        }
        Poll::Ready(Some(Ok(page)))
    }
}

/// A [`Stream`] of every item of every page, each `Result<P::Item, E>`.
pub struct Items<P: Page, E> {
    pages: Pages<P, E>,
    current: std::vec::IntoIter<P::Item>,
}

impl<P: Page, E> Items<P, E> {
    /// Why the walk ended, once it has.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.pages.stopped
    }

    /// Every item of every page, or the first error: walking a whole list in one line
    /// (`client.list_x_pages(&request).items().collect_all().await?`) without a stream crate.
    pub async fn collect_all(mut self) -> Result<Vec<P::Item>, E> {
        let mut all = Vec::new();
        while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<P: Page, E> fmt::Debug for Items<P, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).finish_non_exhaustive()
    }
}

impl<P: Page, E> Unpin for Items<P, E> {}

impl<P: Page, E> Stream for Items<P, E> {
    type Item = Result<P::Item, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => self.current = page.into_items().into_iter(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Debug)]
    struct Listed {
        items: Vec<u32>,
        next: Option<String>,
        total: Option<u64>,
    }

    impl Page for Listed {
        type Item = u32;
        fn items(&self) -> &[u32] {
            &self.items
        }
        fn into_items(self) -> Vec<u32> {
            self.items
        }
        fn next_cursor(&self) -> Option<&str> {
            self.next.as_deref()
        }
        fn total(&self) -> Option<u64> {
            self.total
        }
    }

    fn block_on_all<P: Page + std::fmt::Debug, E: std::fmt::Debug>(
        mut pages: Pages<P, E>,
    ) -> (Vec<P>, StopReason) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let collected = runtime.block_on(async {
            let mut out = Vec::new();
            while let Some(page) = std::future::poll_fn(|cx| Pin::new(&mut pages).poll_next(cx)).await {
                out.push(page.unwrap());
            }
            out
        });
        (collected, pages.stop_reason().unwrap())
    }

    #[test]
    fn offsets_advance_by_items_received_when_the_server_caps_the_limit() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&asked);
        let pages = Pages::new(PageStyle::Offset { limit: 10 }, move |cursor| {
            record.lock().unwrap().push(cursor.clone());
            let Cursor::Offset { offset, .. } = cursor else { unreachable!() };
            // The server gives 4 items at most, of 9, and says so in its total.
            let items: Vec<u32> = (offset as u32..9).take(4).collect();
            async move { Ok::<_, ()>(Listed { items, next: None, total: Some(9) }) }
        });
        let (pages, reason) = block_on_all(pages);
        let items: Vec<u32> = pages.into_iter().flat_map(|p| p.items).collect();
        assert_eq!(items, (0..9).collect::<Vec<_>>());
        assert_eq!(reason, StopReason::TotalReached);
        let offsets: Vec<Cursor> = asked.lock().unwrap().clone();
        assert_eq!(
            offsets,
            [0, 4, 8].map(|offset| Cursor::Offset { offset, limit: 10 }).to_vec(),
            "advanced by what arrived"
        );
    }

    #[test]
    fn cursor_numbers_fit_their_field_or_fail_naming_it() {
        assert_eq!(cursor_value::<i32>("PageNumber", 7), Ok(7));
        assert_eq!(cursor_value::<i64>("Offset", u64::from(u32::MAX) + 1), Ok(i64::from(u32::MAX) + 1));
        let error = cursor_value::<i32>("PageNumber", u64::from(u32::MAX)).unwrap_err();
        assert!(error.concerns("PageNumber"), "{error}");
        assert!(cursor_value::<i64>("Offset", u64::MAX).unwrap_err().concerns("Offset"));
    }

    #[test]
    fn the_page_size_is_the_callers_when_positive_else_the_default() {
        assert_eq!(page_size(Some(25i32), 10), 25);
        assert_eq!(page_size(None::<i32>, 10), 10);
        assert_eq!(page_size(Some(0i64), 10), 10);
        assert_eq!(page_size(Some(-3i32), 10), 10);
    }

    #[test]
    fn a_page_cap_ends_an_endless_server() {
        let pages = Pages::new(PageStyle::PageNumber { first: 1, size: 2 }, |cursor| {
            let Cursor::Page { number, .. } = cursor else { unreachable!() };
            let n = number as u32;
            async move { Ok::<_, ()>(Listed { items: vec![2 * n, 2 * n + 1], next: None, total: None }) }
        })
        .max_pages(3);
        let (pages, reason) = block_on_all(pages);
        assert_eq!(pages.len(), 3);
        assert_eq!(reason, StopReason::MaxPages);
    }
}
