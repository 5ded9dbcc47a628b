//! Pagination: a list operation read as a stream of items, or of pages.
//!
//! The endpoint names its paging inputs, the response its items and where the
//! next page starts; [`Client::paginate`] then sends the first request, reads
//! each page and makes the next request from it, until the list ends:
//!
//! | style | endpoint fields | response | next request | the list ends on |
//! | --- | --- | --- | --- | --- |
//! | marker | `#[cloudwire(query, marker)]`, `#[cloudwire(query, limit)]` | `#[api_response(next_marker = "page_info.next_marker")]` | `marker` = the next marker | a null, absent or empty marker |
//! | page | `#[cloudwire(query, page)]`, `#[cloudwire(query, per_page)]` | optional `#[cloudwire(total)]` count | `page` + 1 (from 1) | the total, else a short page |
//! | offset | `#[cloudwire(query, offset)]`, `#[cloudwire(query, limit)]` | optional `#[api_response(total = content_range)]` or `#[cloudwire(total)]` | `offset` + the items read (from 0) | the total, else a short page |
//! | link | any of the above, or `#[endpoint(..., paginated)]` | `#[api_response(next_link = "links.next")]` | the link's path and query | a null, absent or empty link |
//!
//! Every style also ends on an empty page, at [`Paginate::max_items`] and at
//! [`Paginate::max_pages`]. A
//! short page (fewer items than the page size) ends only the styles where the
//! server gives no next position: a marker or a link is the server's own word
//! that more follow (a service that caps the page size below the one asked for
//! still gives one), so it is followed.
//!
//! A marker or link that an earlier page gave is an [`Error::Paging`] of
//! kind [`PagingErrorKind::RepeatedMarker`] or [`PagingErrorKind::RepeatedLink`]
//! (the server would send the same pages forever); so is a page that comes
//! back byte for byte the same as the one before at a new page number or
//! offset ([`PagingErrorKind::RepeatedPage`]). A next link is followed
//! only to the client's own endpoint: its path and query are sent to the
//! client's base URL, with the client's scheme; a link to another host or
//! port, with user credentials, or outside the endpoint's path prefix is
//! [`PagingErrorKind::ForeignLink`] or [`PagingErrorKind::InvalidLink`], and
//! nothing is sent there.
//!
//! Each page is one call through the client's usual path: signed, retried by
//! its policy, bounded by its timeouts. An error ends the stream after the
//! items already read: they have been yielded, the error comes next, then
//! `None`.
//!
//! ```no_run
//! use cloudwire::{Client, RequestId};
//!
//! #[cloudwire::model]
//! struct PermissionSet { permission_set_id: String, name: String }
//! #[cloudwire::model]
//! struct PageInfo { next_marker: Option<String> }
//!
//! #[cloudwire::api_response(next_marker = "page_info.next_marker")]
//! struct ListPermissionSetsResponse {
//!     #[cloudwire(items)]
//!     permission_sets: Vec<PermissionSet>,
//!     page_info: PageInfo,
//! }
//!
//! #[cloudwire::endpoint(GET, "/v1/instances/{instance_id}/permission-sets", response = ListPermissionSetsResponse)]
//! struct ListPermissionSets {
//!     #[cloudwire(path)]
//!     instance_id: String,
//!     #[cloudwire(query, limit)]
//!     limit: Option<u32>,
//!     #[cloudwire(query, marker)]
//!     marker: Option<String>,
//! }
//!
//! # async fn run(client: Client) -> Result<(), cloudwire::Error> {
//! let request = ListPermissionSets { instance_id: "ins-1".into(), limit: None, marker: None };
//! let mut sets = client.paginate(request).page_size(50).max_items(120);
//! while let Some(set) = sets.next().await {
//!     println!("{}", set?.name);
//! }
//! # Ok(()) }
//! ```

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::request::{Endpoint, Request};
use crate::request_id::RequestId;
use crate::response::{ApiResponse, RawResponse};
use crate::retry::RetryPolicy;
use futures_core::Stream;
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The query names of an endpoint's paging inputs, as `#[endpoint]` declares
/// them from fields marked `marker`, `limit` or `per_page`, `offset` and `page`.
///
/// ```
/// use cloudwire::paginate::Paging;
///
/// const PAGING: Paging = Paging::new().with_marker("marker").with_size("limit");
/// assert_eq!(PAGING.marker(), Some("marker"));
/// assert_eq!(PAGING.offset(), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Paging {
    marker: Option<&'static str>,
    size: Option<&'static str>,
    offset: Option<&'static str>,
    page: Option<&'static str>,
}

impl Paging {
    /// No paging inputs (a list paged by next links only).
    pub const fn new() -> Paging {
        Paging {
            marker: None,
            size: None,
            offset: None,
            page: None,
        }
    }

    /// The query parameter that takes the next marker.
    pub const fn with_marker(mut self, name: &'static str) -> Paging {
        self.marker = Some(name);
        self
    }

    /// The query parameter that takes the page size (`limit`, `per_page`).
    pub const fn with_size(mut self, name: &'static str) -> Paging {
        self.size = Some(name);
        self
    }

    /// The query parameter that takes the offset of the first item (from 0).
    pub const fn with_offset(mut self, name: &'static str) -> Paging {
        self.offset = Some(name);
        self
    }

    /// The query parameter that takes the page number (from 1).
    pub const fn with_page(mut self, name: &'static str) -> Paging {
        self.page = Some(name);
        self
    }

    /// The marker parameter's name.
    pub const fn marker(&self) -> Option<&'static str> {
        self.marker
    }

    /// The page-size parameter's name.
    pub const fn size(&self) -> Option<&'static str> {
        self.size
    }

    /// The offset parameter's name.
    pub const fn offset(&self) -> Option<&'static str> {
        self.offset
    }

    /// The page-number parameter's name.
    pub const fn page(&self) -> Option<&'static str> {
        self.page
    }
}

/// An endpoint whose list can be read page after page with
/// [`Client::paginate`].
///
/// `#[endpoint]` implements it when a field is marked with a paging input
/// (`#[cloudwire(query, marker)]`, `limit`, `per_page`, `offset`, `page`), or
/// with the option `paginated` for a list paged by next links alone. Its
/// response must implement [`PageResponse`]; it is decoded as [`Paginated::Page`].
///
/// ```
/// use cloudwire::{Paginated, paginate::Paging};
///
/// #[cloudwire::api_response]
/// struct Roles { #[cloudwire(items)] roles: Vec<cloudwire::serde_json::Value>, #[cloudwire(total)] total_number: Option<u64> }
///
/// #[cloudwire::endpoint(GET, "/v3/roles", response = Roles)]
/// struct ListRoles {
///     #[cloudwire(query, page)] page: Option<u32>,
///     #[cloudwire(query, per_page)] per_page: Option<u32>,
/// }
///
/// assert_eq!(ListRoles::PAGING, Paging::new().with_page("page").with_size("per_page"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a paginated endpoint",
    label = "mark its paging query fields, e.g. `#[cloudwire(query, marker)]`, or add `paginated` to its `#[endpoint(...)]`"
)]
pub trait Paginated: Endpoint {
    /// The response, as a page: the endpoint's
    /// [`Response`](Endpoint::Response) (the macro sets it so).
    type Page: PageResponse;

    /// Where the paging inputs go.
    const PAGING: Paging;

    #[doc(hidden)]
    const __PAGE_GIVES_MARKER: bool = <Self::Page as PageResponse>::GIVES_MARKER;
}

/// A [`Paginated`] endpoint with a page-size input (`limit` or `per_page`),
/// so that [`Paginate::page_size`] can set it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no page-size input",
    label = "mark its page-size field `#[cloudwire(query, limit)]` or `#[cloudwire(query, per_page)]`"
)]
pub trait PageSize: Paginated {}

/// A response that is one page of a list: its items and where the next page
/// starts. `#[api_response]` implements it when a field is marked
/// `#[cloudwire(items)]` (or the whole body, `#[cloudwire(body)]`, is a `Vec`).
///
/// ```
/// use cloudwire::{ApiResponse, PageResponse, RawResponse, http::{HeaderMap, StatusCode}};
/// use cloudwire::paginate::NextPosition;
///
/// #[cloudwire::api_response(total = content_range)]
/// struct Repos { #[cloudwire(body)] repos: Vec<String> }
///
/// let mut headers = HeaderMap::new();
/// headers.insert("content-range", "0-1/42".parse().unwrap());
/// let raw = RawResponse::new(StatusCode::OK, headers, r#"["a","b"]"#);
/// let page = Repos::decode(&raw).unwrap();
/// assert_eq!(page.items(), ["a", "b"]);
/// assert_eq!(page.next_position(&raw).unwrap(), NextPosition::Total(Some(42)));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` names no items, so it is not a page of a list",
    label = "mark its list field `#[cloudwire(items)]` (a `Vec`) in `#[api_response]`"
)]
pub trait PageResponse: ApiResponse {
    /// One item of the list.
    type Item;

    /// Whether the page gives a next marker (`next_marker = "..."`), which
    /// an endpoint needs a marker input to send.
    const GIVES_MARKER: bool = false;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, taken.
    fn into_items(self) -> Vec<Self::Item>;

    /// Where the next page starts, read from the decoded page and the
    /// response as it came (a body path, a header).
    fn next_position(&self, raw: &RawResponse) -> Result<NextPosition, Error>;
}

/// A [`PageResponse`] that gives the next marker
/// (`#[api_response(next_marker = "...")]`), as an endpoint with a marker
/// input requires.
#[diagnostic::on_unimplemented(
    message = "`{Self}` gives no next marker, but the endpoint has a marker input",
    label = "say where the marker is: `#[api_response(next_marker = \"page_info.next_marker\")]`"
)]
pub trait NextMarker: PageResponse {}

/// Where the next page starts, as a page says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NextPosition {
    /// The response declares no next position: the list goes on by page
    /// number or offset until a short or empty page.
    Unknown,
    /// The next marker; `None` (or empty) on the last page.
    Marker(Option<String>),
    /// The next link (a URL); `None` (or empty) on the last page.
    Link(Option<String>),
    /// How many items the whole list has, when the page says.
    Total(Option<u64>),
}

/// Why a list could not go on. See [`PagingError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PagingErrorKind {
    /// A page gave a next marker that an earlier page gave (or the first request sent).
    RepeatedMarker,
    /// A page gave a next link that an earlier page gave.
    RepeatedLink,
    /// A next link points to another host or port than the client's endpoint.
    ForeignLink,
    /// A next link is not a URL or path cloudwire can follow (another scheme,
    /// user credentials, outside the endpoint's path prefix).
    InvalidLink,
    /// A page came back byte for byte the same as the page before, though a
    /// page number or offset moved on: the server ignores the paging input
    /// and would send the same page forever.
    RepeatedPage,
}

/// A list could not go on: see [`Error::Paging`].
///
/// ```
/// use cloudwire::Error;
/// use cloudwire::paginate::PagingErrorKind;
///
/// fn stopped_by_a_loop(err: &Error) -> bool {
///     matches!(err, Error::Paging(e) if e.kind() == PagingErrorKind::RepeatedMarker)
/// }
/// ```
#[derive(Debug, Clone)]
pub struct PagingError {
    kind: PagingErrorKind,
    position: String,
    page: u32,
    request_id: Option<RequestId>,
}

/// The most characters of a marker or link an error keeps.
const POSITION_LIMIT: usize = 256;

impl PagingError {
    fn new(
        kind: PagingErrorKind,
        position: &str,
        page: u32,
        request_id: Option<RequestId>,
    ) -> PagingError {
        let position = match position.char_indices().nth(POSITION_LIMIT) {
            Some((end, _)) => format!("{}…", &position[..end]),
            None => position.to_owned(),
        };
        PagingError {
            kind,
            position,
            page,
            request_id,
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> PagingErrorKind {
        self.kind
    }

    /// The marker or link the page gave, or the request's path and query for
    /// [`PagingErrorKind::RepeatedPage`] (at most 256 characters).
    pub fn position(&self) -> &str {
        &self.position
    }

    /// The number of the page that gave it (1 for the first).
    pub fn page(&self) -> u32 {
        self.page
    }

    /// The request ID of that page's response.
    pub fn request_id(&self) -> Option<&RequestId> {
        self.request_id.as_ref()
    }
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            PagingErrorKind::RepeatedMarker => "gave a next marker that an earlier page gave",
            PagingErrorKind::RepeatedLink => "gave a next link that an earlier page gave",
            PagingErrorKind::ForeignLink => {
                "gave a next link to another host than the client's endpoint, which is not followed"
            }
            PagingErrorKind::InvalidLink => "gave a next link that cannot be followed",
            PagingErrorKind::RepeatedPage => {
                "is the same as the page before, though it was asked for at another position"
            }
        };
        write!(f, "paging stopped: page {} {what} (`", self.page)?;
        crate::error::write_printable(f, &self.position)?;
        f.write_str("`)")?;
        crate::error::write_request_id(f, self.request_id.as_ref())
    }
}

impl std::error::Error for PagingError {}

/// The item of a paginated endpoint's list.
pub type Item<E> = <<E as Paginated>::Page as PageResponse>::Item;

type PageFuture = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send>>;

/// The items of a list, one page after another: made by
/// [`Client::paginate`], a [`Stream`] of `Result<Item, E::Error>`: the
/// endpoint's error type ([`Error`], or a [`TypedError`](crate::TypedError)
/// for an endpoint declared with `error = S`).
///
/// Options are set before the first item is read. Without a `futures`
/// dependency, read it with [`next`](Paginate::next) or
/// [`collect_all`](Paginate::collect_all).
///
/// ```no_run
/// # use cloudwire::Client;
/// # #[cloudwire::api_response(next_marker = "page_info.next_marker")]
/// # struct Page { #[cloudwire(items)] instances: Vec<cloudwire::serde_json::Value> }
/// # #[cloudwire::endpoint(GET, "/v1/instances", response = Page)]
/// # struct ListInstances { #[cloudwire(query, limit)] limit: Option<u32>, #[cloudwire(query, marker)] marker: Option<String> }
/// # async fn run(client: Client) -> Result<(), cloudwire::Error> {
/// let first_120 = client
///     .paginate(ListInstances { limit: None, marker: None })
///     .page_size(50)
///     .max_items(120)
///     .collect_all()
///     .await?;
/// assert!(first_120.len() <= 120);
/// # Ok(()) }
/// ```
#[must_use = "a stream does nothing until polled"]
pub struct Paginate<E: Paginated> {
    pages: Pages<E>,
    buffer: VecDeque<Item<E>>,
    yielded: u64,
}

// Nothing is pinned in place: the page future is boxed.
impl<E: Paginated> Unpin for Paginate<E> {}

impl<E: Paginated> fmt::Debug for Paginate<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginate")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .field("yielded", &self.yielded)
            .finish()
    }
}

impl<E: Paginated> Paginate<E> {
    pub(crate) fn new(client: &Client, endpoint: &E) -> Self {
        Paginate {
            pages: Pages {
                client: client.clone(),
                next: Some(endpoint.to_request()),
                in_flight: None,
                current: None,
                options: CallOptions::default(),
                page_size: None,
                max_items: None,
                max_pages: None,
                cursor: Cursor::default(),
                _endpoint: PhantomData,
            },
            buffer: VecDeque::new(),
            yielded: 0,
        }
    }

    /// Asks for pages of `size` items: sets the endpoint's page-size input
    /// (`limit` or `per_page`) on every request, over the value the request
    /// struct has.
    pub fn page_size(mut self, size: u32) -> Self
    where
        E: PageSize,
    {
        // A size of 0 is refused by every service of the family: 1 at least.
        self.pages.page_size = Some(size.max(1));
        self
    }

    /// Stops after `max` items: no page is asked for once that many have been read.
    pub fn max_items(mut self, max: u64) -> Self {
        self.pages.max_items = Some(max);
        self
    }

    /// Stops after `max` pages, whatever the server says: a bound on the
    /// calls one list may make.
    pub fn max_pages(mut self, max: u32) -> Self {
        self.pages.max_pages = Some(max);
        self
    }

    /// The retry policy of each page's call (over the client's).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.pages.options.retry = Some(policy);
        self
    }

    /// The limit on each attempt of each page's call.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.pages.options.attempt_timeout = Some(timeout);
        self
    }

    /// The limit on each page's call, across its attempts.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.pages.options.total_timeout = Some(timeout);
        self
    }

    /// The pages instead of their items, each with its request ID.
    /// [`max_items`](Paginate::max_items) still stops the list, after the
    /// page that reaches it (the page is whole).
    pub fn pages(self) -> Pages<E> {
        self.pages
    }

    /// The next item, `None` at the end of the list (and after an error).
    pub async fn next(&mut self) -> Option<Result<Item<E>, E::Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole list (up to [`max_items`](Paginate::max_items));
    /// the first error is returned instead.
    pub async fn collect_all(mut self) -> Result<Vec<Item<E>>, E::Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<E: Paginated> Stream for Paginate<E> {
    type Item = Result<Item<E>, E::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.pages.max_items.is_some_and(|max| this.yielded >= max) {
                this.buffer.clear();
                this.pages.finish();
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.pop_front() {
                this.yielded += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer.extend(page.into_items()),
            }
        }
    }
}

/// One page of a list, with the request ID of its response: what
/// [`Pages`] yields (see [`Client::paginate`] for an example).
#[derive(Debug, Clone)]
pub struct Page<R> {
    response: R,
    request_id: Option<RequestId>,
    number: u32,
}

impl<R: PageResponse> Page<R> {
    /// The decoded response.
    pub fn response(&self) -> &R {
        &self.response
    }

    /// The decoded response, taken.
    pub fn into_response(self) -> R {
        self.response
    }

    /// The items of this page.
    pub fn items(&self) -> &[R::Item] {
        self.response.items()
    }

    /// The items of this page, taken.
    pub fn into_items(self) -> Vec<R::Item> {
        self.response.into_items()
    }

    /// The request ID the service gave this page's response (`X-Request-Id`).
    pub fn request_id(&self) -> Option<&RequestId> {
        self.request_id.as_ref()
    }

    /// Which page this is, 1 for the first.
    pub fn number(&self) -> u32 {
        self.number
    }
}

/// The pages of a list: made by [`Paginate::pages`], a [`Stream`] of
/// `Result<Page<Response>, E::Error>` (the endpoint's error type).
///
/// ```no_run
/// # use cloudwire::Client;
/// # #[cloudwire::api_response(next_marker = "page_info.next_marker")]
/// # struct Page { #[cloudwire(items)] instances: Vec<cloudwire::serde_json::Value> }
/// # #[cloudwire::endpoint(GET, "/v1/instances", response = Page)]
/// # struct ListInstances { #[cloudwire(query, limit)] limit: Option<u32>, #[cloudwire(query, marker)] marker: Option<String> }
/// # async fn run(client: Client) -> Result<(), cloudwire::Error> {
/// let pages = client.paginate(ListInstances { limit: None, marker: None }).pages().collect_all().await?;
/// for page in &pages {
///     println!("page {} ({:?}): {}", page.number(), page.request_id(), page.items().len());
/// }
/// # Ok(()) }
/// ```
#[must_use = "a stream does nothing until polled"]
pub struct Pages<E: Paginated> {
    client: Client,
    /// The request to send next; `None` once the list has ended.
    next: Option<Result<Request, Error>>,
    in_flight: Option<PageFuture>,
    /// The request in flight, to make the next one from.
    current: Option<Request>,
    options: CallOptions,
    page_size: Option<u32>,
    max_items: Option<u64>,
    max_pages: Option<u32>,
    cursor: Cursor,
    _endpoint: PhantomData<fn() -> E>,
}

impl<E: Paginated> Unpin for Pages<E> {}

impl<E: Paginated> fmt::Debug for Pages<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("paging", &E::PAGING)
            .field("page_size", &self.page_size)
            .field("max_items", &self.max_items)
            .field("max_pages", &self.max_pages)
            .field("pages_read", &self.cursor.pages)
            .field("items_read", &self.cursor.items)
            .field("done", &(self.next.is_none() && self.in_flight.is_none()))
            .finish()
    }
}

type PageOf<E> = Page<<E as Paginated>::Page>;

impl<E: Paginated> Pages<E> {
    /// The next page, `None` at the end of the list (and after an error).
    pub async fn next(&mut self) -> Option<Result<PageOf<E>, E::Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads every page; the first error is returned instead.
    pub async fn collect_all(mut self) -> Result<Vec<PageOf<E>>, E::Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    fn finish(&mut self) {
        self.next = None;
        self.in_flight = None;
        self.current = None;
    }

    /// Decodes a page and makes the next request from it.
    fn read(&mut self, raw: RawResponse) -> Result<PageOf<E>, Error> {
        type R<E> = <E as Paginated>::Page;
        if !R::<E>::is_success(raw.status()) {
            return Err(Error::from_error_response(raw));
        }
        if raw.body_truncated() {
            return Err(Error::body_too_large(&raw));
        }
        let response = R::<E>::decode(&raw)?;
        let position = response.next_position(&raw)?;
        let request_id = raw.request_id();
        self.cursor.pages += 1;
        let number = self.cursor.pages;
        let count = response.items().len();
        self.cursor.items += count as u64;
        let Some(current) = self.current.take() else {
            return Err(Error::build("a page arrived with no request", None));
        };
        let reached_max = self.max_items.is_some_and(|max| self.cursor.items >= max)
            || self.max_pages.is_some_and(|max| self.cursor.pages >= max);
        // A server that ignores the page number or offset answers the same
        // page forever: the same bytes at a new position is an error.
        if E::PAGING.marker().is_none()
            && (E::PAGING.page().is_some() || E::PAGING.offset().is_some())
        {
            let body = raw.body_bytes();
            let repeated = count > 0 && self.cursor.previous_body.as_ref() == Some(&body);
            self.cursor.previous_body = Some(body);
            if repeated {
                self.next = Some(Err(Error::Paging(PagingError::new(
                    PagingErrorKind::RepeatedPage,
                    &current.path_and_query(),
                    number,
                    request_id.clone(),
                ))));
                return Ok(Page {
                    response,
                    request_id,
                    number,
                });
            }
        }
        // A position that cannot be followed is the next poll's error: this
        // page's items come first.
        self.next = if reached_max {
            None
        } else {
            next_request(
                &current,
                &E::PAGING,
                self.client.endpoint(),
                position,
                count,
                &mut self.cursor,
                request_id.as_ref(),
            )
            .transpose()
        };
        Ok(Page {
            response,
            request_id,
            number,
        })
    }
}

impl<E: Paginated> Stream for Pages<E> {
    type Item = Result<PageOf<E>, E::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.in_flight.is_none() {
            let mut request = match this.next.take() {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(E::Error::from(e)))),
                Some(Ok(request)) => request,
            };
            if this.cursor.pages == 0 {
                if this.max_pages == Some(0) || this.max_items == Some(0) {
                    this.finish();
                    return Poll::Ready(None);
                }
                if let (Some(size), Some(name)) = (this.page_size, E::PAGING.size()) {
                    request.set_query(name, size.to_string());
                }
                // Services that take a page size with a page number or an
                // offset want both: the first page is asked for explicitly.
                if let Some(size) = E::PAGING.size()
                    && request.query_value(size).is_some()
                {
                    if let Some(page) = E::PAGING.page()
                        && request.query_value(page).is_none()
                    {
                        request.set_query(page, "1".to_owned());
                    }
                    if let Some(offset) = E::PAGING.offset()
                        && request.query_value(offset).is_none()
                    {
                        request.set_query(offset, "0".to_owned());
                    }
                }
                if let Some(marker) = E::PAGING.marker().and_then(|m| request.query_value(m)) {
                    this.cursor.seen.insert(marker.to_owned());
                }
            }
            let client = this.client.clone();
            // Kept as they are: the page's future is boxed already, and boxing
            // options that were set would allocate once more per page.
            let options = this.options.clone();
            let sent = request.clone();
            this.current = Some(request);
            this.in_flight = Some(Box::pin(async move { client.run(&sent, &options).await }));
        }
        let Some(future) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        let page = result.and_then(|raw| this.read(raw));
        if page.is_err() {
            this.finish();
        }
        Poll::Ready(Some(page.map_err(E::Error::from)))
    }
}

/// What the pages so far have said.
#[derive(Debug, Default)]
struct Cursor {
    pages: u32,
    items: u64,
    /// Markers and links given so far (a link as the path and query it leads to).
    seen: HashSet<String>,
    /// The body of the last page, for lists paged by number or offset.
    previous_body: Option<bytes::Bytes>,
}

/// The request after `current`, whose page had `count` items and said
/// `position`; `None` when the list has ended.
fn next_request(
    current: &Request,
    paging: &Paging,
    base: &str,
    position: NextPosition,
    count: usize,
    cursor: &mut Cursor,
    request_id: Option<&RequestId>,
) -> Result<Option<Request>, Error> {
    if count == 0 {
        return Ok(None);
    }
    let fail = |kind, position: &str| {
        Err(Error::Paging(PagingError::new(
            kind,
            position,
            cursor.pages,
            request_id.cloned(),
        )))
    };
    let number = |name: Option<&str>| -> Option<u64> {
        current
            .query_value(name?)
            .and_then(|v| v.trim().parse().ok())
    };
    let size = number(paging.size);
    let short = size.is_some_and(|size| (count as u64) < size);
    let total = match position {
        NextPosition::Marker(marker) => {
            let Some(marker) = marker.filter(|m| !m.is_empty()) else {
                return Ok(None);
            };
            let Some(name) = paging.marker else {
                // The macros refuse this at compile time; a hand-written impl
                // learns it here rather than losing the rest of the list.
                return Err(Error::build(
                    "the page gives a next marker, but the endpoint has no marker input to send it in",
                    None,
                ));
            };
            if !cursor.seen.insert(marker.clone()) {
                return fail(PagingErrorKind::RepeatedMarker, &marker);
            }
            let mut next = current.clone();
            next.set_query(name, marker);
            return Ok(Some(next));
        }
        NextPosition::Link(link) => {
            let Some(link) = link.filter(|l| !l.trim().is_empty()) else {
                return Ok(None);
            };
            let (path, query) = match follow_link(base, link.trim()) {
                Ok(target) => target,
                Err(kind) => return fail(kind, &link),
            };
            let mut next = current.clone();
            next.set_path_and_query(path, query);
            if !cursor.seen.insert(next.path_and_query()) {
                return fail(PagingErrorKind::RepeatedLink, &link);
            }
            return Ok(Some(next));
        }
        NextPosition::Total(total) => total,
        NextPosition::Unknown => None,
    };
    if let Some(name) = paging.offset {
        let offset = number(Some(name)).unwrap_or(0).saturating_add(count as u64);
        if total.map_or(short, |total| offset >= total) {
            return Ok(None);
        }
        let mut next = current.clone();
        next.set_query(name, offset.to_string());
        return Ok(Some(next));
    }
    if let Some(name) = paging.page {
        let page = number(Some(name)).unwrap_or(1).max(1);
        let read = match size {
            Some(size) => (page - 1).saturating_mul(size).saturating_add(count as u64),
            None => cursor.items,
        };
        if total.map_or(short, |total| read >= total) {
            return Ok(None);
        }
        let mut next = current.clone();
        next.set_query(name, page.saturating_add(1).to_string());
        return Ok(Some(next));
    }
    Ok(None)
}

/// The path (encoded, below the base URL's prefix) and query pairs a next
/// link leads to, if it stays on the client's endpoint.
fn follow_link(base: &str, link: &str) -> Result<(String, Vec<(String, String)>), PagingErrorKind> {
    use reqwest::Url;
    let base = Url::parse(base).map_err(|_| PagingErrorKind::InvalidLink)?;
    let url = match Url::parse(link) {
        Ok(url) => url,
        // A path on the same host: `/v3/groups?page=2`, not `//host/...`.
        Err(_) if link.starts_with('/') && !link.starts_with("//") => {
            let origin = base.join("/").map_err(|_| PagingErrorKind::InvalidLink)?;
            origin
                .join(link)
                .map_err(|_| PagingErrorKind::InvalidLink)?
        }
        Err(_) => return Err(PagingErrorKind::InvalidLink),
    };
    if !matches!(url.scheme(), "http" | "https")
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(PagingErrorKind::InvalidLink);
    }
    let same_host = match (url.host_str(), base.host_str()) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    // The scheme is the client's, whatever the link says (a service behind
    // a TLS proxy may write `http://`); the port must be the endpoint's.
    let same_port = if url.scheme() == base.scheme() {
        url.port_or_known_default() == base.port_or_known_default()
    } else {
        url.port()
            .is_none_or(|p| Some(p) == base.port_or_known_default())
    };
    if !same_host || !same_port {
        return Err(PagingErrorKind::ForeignLink);
    }
    let prefix = base.path().trim_end_matches('/');
    let path = match url.path().strip_prefix(prefix) {
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ => return Err(PagingErrorKind::InvalidLink),
    };
    let query = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Ok((path, query))
}

// ---- reading positions (called by generated code through `__private`) ----

/// A value at a body path: text, a whole number, or null (absent counts as null).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Leaf {
    Null,
    Text(String),
    Number(u64),
    Other,
}

/// Reads the value at `path` (member names, outermost first) of a JSON body,
/// skipping everything else without building it.
pub(crate) fn body_path(body: &[u8], path: &[&str]) -> Result<Leaf, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Leaf::Null);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let leaf = At(path).deserialize(&mut de)?;
    de.end()?;
    Ok(leaf)
}

struct At<'p>(&'p [&'p str]);

impl<'de> serde::de::DeserializeSeed<'de> for At<'_> {
    type Value = Leaf;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Leaf, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for At<'_> {
    type Value = Leaf;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Leaf, E> {
        Ok(Leaf::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Leaf, E> {
        Ok(Leaf::Null)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Leaf, E> {
        Ok(Leaf::Other)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Leaf, E> {
        Ok(if self.0.is_empty() {
            Leaf::Number(v)
        } else {
            Leaf::Other
        })
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Leaf, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Ok(Leaf::Other),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Leaf, E> {
        Ok(Leaf::Other)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Leaf, E> {
        Ok(if self.0.is_empty() {
            Leaf::Text(v.to_owned())
        } else {
            Leaf::Other
        })
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Leaf, E> {
        Ok(if self.0.is_empty() {
            Leaf::Text(v)
        } else {
            Leaf::Other
        })
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Leaf, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Leaf::Other)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Leaf, A::Error> {
        let Some((first, rest)) = self.0.split_first() else {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            return Ok(Leaf::Other);
        };
        let mut found = Leaf::Null;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == *first {
                found = map.next_value_seed(At(rest))?;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

fn position_error(raw: &RawResponse, path: &[&str], message: String) -> Error {
    Error::Decode(
        crate::error::DecodeError::new(raw, crate::error::DecodeKind::Body, message, None)
            .with_path(path.join(".")),
    )
}

/// The text at a body path, `None` when null or absent; a number is taken
/// as its decimal text.
pub(crate) fn text_at(raw: &RawResponse, path: &[&str]) -> Result<Option<String>, Error> {
    match body_path(raw.body(), path) {
        Ok(Leaf::Null) => Ok(None),
        Ok(Leaf::Text(t)) => Ok(Some(t)),
        Ok(Leaf::Number(n)) => Ok(Some(n.to_string())),
        Ok(Leaf::Other) => Err(position_error(
            raw,
            path,
            format!(
                "`{}` is not text, so it cannot be the next position",
                path.join(".")
            ),
        )),
        Err(e) => Err(position_error(raw, path, e.to_string())),
    }
}

/// The whole number at a body path, `None` when null or absent.
pub(crate) fn number_at(raw: &RawResponse, path: &[&str]) -> Result<Option<u64>, Error> {
    match body_path(raw.body(), path) {
        Ok(Leaf::Null) => Ok(None),
        Ok(Leaf::Number(n)) => Ok(Some(n)),
        Ok(Leaf::Text(t)) if t.trim().parse::<u64>().is_ok() => Ok(t.trim().parse().ok()),
        Ok(_) => Err(position_error(
            raw,
            path,
            format!(
                "`{}` is not a whole number, so it cannot be the total",
                path.join(".")
            ),
        )),
        Err(e) => Err(position_error(raw, path, e.to_string())),
    }
}

/// The total of a `Content-Range` header (`0-9/42`, `items 0-9/42`,
/// `*/42`); `None` when absent or `*`.
pub(crate) fn content_range_total(raw: &RawResponse) -> Result<Option<u64>, Error> {
    let Some(value) = raw.headers().get(http::header::CONTENT_RANGE) else {
        return Ok(None);
    };
    let total = value
        .to_str()
        .ok()
        .and_then(|text| text.rsplit_once('/'))
        .map(|(_, total)| total.trim());
    match total {
        Some("*") => Ok(None),
        Some(total) if total.parse::<u64>().is_ok() => Ok(total.parse().ok()),
        _ => Err(Error::Decode(crate::error::DecodeError::new(
            raw,
            crate::error::DecodeKind::Header,
            "header `content-range` has no total (`first-last/total`)".to_owned(),
            None,
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;

    fn request(query: &[(&str, &str)]) -> Request {
        let mut r = Request::new(Method::GET, "/v3/roles");
        for (k, v) in query {
            r.push_query(*k, *v);
        }
        r
    }

    fn next(
        current: &Request,
        paging: Paging,
        position: NextPosition,
        count: usize,
        cursor: &mut Cursor,
    ) -> Result<Option<String>, PagingErrorKind> {
        match next_request(
            current,
            &paging,
            "http://127.0.0.1:8080",
            position,
            count,
            cursor,
            None,
        ) {
            Ok(r) => Ok(r.map(|r| r.path_and_query())),
            Err(Error::Paging(e)) => Err(e.kind()),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn marker_stops_on_null_absent_or_empty_and_refuses_a_repeat() {
        let paging = Paging::new().with_marker("marker").with_size("limit");
        let first = request(&[("limit", "2")]);
        let mut c = Cursor::default();
        let m = |s: &str| NextPosition::Marker(Some(s.to_owned()));
        assert_eq!(
            next(&first, paging, m("a b"), 2, &mut c),
            Ok(Some("/v3/roles?limit=2&marker=a%20b".into()))
        );
        assert_eq!(
            next(&first, paging, NextPosition::Marker(None), 2, &mut c),
            Ok(None)
        );
        assert_eq!(next(&first, paging, m(""), 2, &mut c), Ok(None));
        // A short page with a marker goes on: the marker is the server's word.
        assert!(next(&first, paging, m("b"), 1, &mut c).unwrap().is_some());
        // An empty page ends the list whatever it says.
        assert_eq!(next(&first, paging, m("c"), 0, &mut c), Ok(None));
        assert_eq!(
            next(&first, paging, m("a b"), 2, &mut c),
            Err(PagingErrorKind::RepeatedMarker)
        );
    }

    #[test]
    fn page_numbers_stop_on_total_or_short_page() {
        let paging = Paging::new().with_page("page").with_size("per_page");
        let mut c = Cursor::default();
        let r = request(&[("per_page", "10")]);
        assert_eq!(
            next(&r, paging, NextPosition::Unknown, 10, &mut c),
            Ok(Some("/v3/roles?page=2&per_page=10".into()))
        );
        let r2 = request(&[("per_page", "10"), ("page", "2")]);
        assert_eq!(
            next(&r2, paging, NextPosition::Unknown, 10, &mut c),
            Ok(Some("/v3/roles?page=3&per_page=10".into()))
        );
        assert_eq!(
            next(&r2, paging, NextPosition::Unknown, 9, &mut c),
            Ok(None)
        );
        // With a total: 20 of 20 read ends it, 20 of 21 does not.
        assert_eq!(
            next(&r2, paging, NextPosition::Total(Some(20)), 10, &mut c),
            Ok(None)
        );
        assert!(
            next(&r2, paging, NextPosition::Total(Some(21)), 10, &mut c)
                .unwrap()
                .is_some()
        );
        // No size known and no total: only an empty page ends it.
        let bare = request(&[]);
        assert!(
            next(&bare, paging, NextPosition::Unknown, 3, &mut c)
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn offsets_advance_by_the_items_read() {
        let paging = Paging::new().with_offset("offset").with_size("limit");
        let mut c = Cursor::default();
        let r = request(&[("offset", "0"), ("limit", "10")]);
        // A server that caps the page at 7 still gets every item.
        assert_eq!(
            next(&r, paging, NextPosition::Total(Some(42)), 7, &mut c),
            Ok(Some("/v3/roles?limit=10&offset=7".into()))
        );
        let r = request(&[("offset", "40"), ("limit", "10")]);
        assert_eq!(
            next(&r, paging, NextPosition::Total(Some(42)), 2, &mut c),
            Ok(None)
        );
        assert_eq!(
            next(&r, paging, NextPosition::Total(None), 2, &mut c),
            Ok(None)
        );
        assert!(
            next(&r, paging, NextPosition::Total(None), 10, &mut c)
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn links_stay_on_the_endpoint() {
        let paging = Paging::new();
        let mut c = Cursor::default();
        let r = request(&[("domain_id", "d1")]);
        let link = |s: &str| NextPosition::Link(Some(s.to_owned()));
        assert_eq!(
            next(
                &r,
                paging,
                link("http://127.0.0.1:8080/v3/groups?page=2&per_page=10"),
                10,
                &mut c
            ),
            Ok(Some("/v3/groups?page=2&per_page=10".into()))
        );
        assert_eq!(
            next(
                &r,
                paging,
                link("/v3/groups?page=3&per_page=10"),
                10,
                &mut c
            ),
            Ok(Some("/v3/groups?page=3&per_page=10".into()))
        );
        assert_eq!(
            next(
                &r,
                paging,
                link("/v3/groups?page=2&per_page=10"),
                10,
                &mut c
            ),
            Err(PagingErrorKind::RepeatedLink)
        );
        assert_eq!(
            next(&r, paging, NextPosition::Link(None), 10, &mut c),
            Ok(None)
        );
        for foreign in [
            "https://evil.example/v3/groups?page=4",
            "http://127.0.0.1:9999/v3/groups?page=4",
            "//evil.example/v3/groups",
            "http://127.0.0.2:8080/v3/groups",
        ] {
            assert!(
                matches!(
                    next(&r, paging, link(foreign), 10, &mut c),
                    Err(PagingErrorKind::ForeignLink | PagingErrorKind::InvalidLink)
                ),
                "{foreign}"
            );
        }
        for invalid in [
            "ftp://127.0.0.1:8080/v3/groups",
            "http://user:pw@127.0.0.1:8080/v3/groups",
            "v3/groups?page=4",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                next(&r, paging, link(invalid), 10, &mut c),
                Err(PagingErrorKind::InvalidLink),
                "{invalid}"
            );
        }
        // Dot-segments are resolved by the URL parser before the path is taken.
        assert_eq!(
            next(&r, paging, link("/v3/x/../groups?page=9"), 10, &mut c),
            Ok(Some("/v3/groups?page=9".into()))
        );
    }

    #[test]
    fn links_keep_the_endpoint_prefix_and_scheme() {
        assert_eq!(
            follow_link(
                "https://iam.example.com/gw",
                "http://IAM.example.com/gw/v3/groups?a=b+c"
            ),
            Ok((
                "/v3/groups".to_owned(),
                vec![("a".to_owned(), "b c".to_owned())]
            ))
        );
        assert_eq!(
            follow_link(
                "https://iam.example.com/gw",
                "https://iam.example.com/v3/groups"
            ),
            Err(PagingErrorKind::InvalidLink)
        );
        assert_eq!(
            follow_link(
                "https://iam.example.com",
                "http://iam.example.com:8443/v3/groups"
            ),
            Err(PagingErrorKind::ForeignLink)
        );
    }

    #[test]
    fn body_paths_are_read_without_building_the_body() {
        let body = br#"{"items":[{"page_info":{"next_marker":"no"}}],"page_info":{"current_count":2,"next_marker":"m-1"},"links":{"next":null}}"#;
        assert_eq!(
            body_path(body, &["page_info", "next_marker"]).unwrap(),
            Leaf::Text("m-1".into())
        );
        assert_eq!(
            body_path(body, &["page_info", "current_count"]).unwrap(),
            Leaf::Number(2)
        );
        assert_eq!(body_path(body, &["links", "next"]).unwrap(), Leaf::Null);
        assert_eq!(body_path(body, &["links", "absent"]).unwrap(), Leaf::Null);
        assert_eq!(body_path(body, &["items", "x"]).unwrap(), Leaf::Other);
        assert_eq!(body_path(b"", &["a"]).unwrap(), Leaf::Null);
        assert_eq!(body_path(b"[1,2]", &["a"]).unwrap(), Leaf::Other);
        assert!(body_path(b"{\"a\":", &["a"]).is_err());
        assert!(body_path(b"{} x", &["a"]).is_err());
    }

    #[test]
    fn content_range_totals() {
        use http::{HeaderMap, StatusCode};
        let raw = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("content-range", value.parse().unwrap());
            RawResponse::new(StatusCode::OK, headers, "[]")
        };
        assert_eq!(content_range_total(&raw("0-9/42")).unwrap(), Some(42));
        assert_eq!(content_range_total(&raw("items 0-9/42")).unwrap(), Some(42));
        assert_eq!(content_range_total(&raw("0-9/*")).unwrap(), None);
        assert!(content_range_total(&raw("0-9")).is_err());
        let none = RawResponse::new(StatusCode::OK, HeaderMap::new(), "[]");
        assert_eq!(content_range_total(&none).unwrap(), None);
    }

    #[test]
    fn errors_say_what_and_where() {
        let err = Error::Paging(PagingError::new(
            PagingErrorKind::RepeatedMarker,
            "m\n1",
            3,
            Some(RequestId::from("r-1")),
        ));
        assert_eq!(
            err.to_string(),
            "paging stopped: page 3 gave a next marker that an earlier page gave (`m\\n1`) [request_id=r-1]"
        );
        assert_eq!(err.request_id().map(|r| r.as_str()), Some("r-1"));
        let long = "x".repeat(1000);
        let e = PagingError::new(PagingErrorKind::InvalidLink, &long, 1, None);
        assert_eq!(e.position().chars().count(), POSITION_LIMIT + 1);
    }
}
