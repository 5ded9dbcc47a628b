//! Every paging declaration: the four styles, the derive form, a whole-body
//! list, a total in a header, a generic response and `paginated`.

use cloudwire::{Endpoint, PageResponse, Paginated, RawResponse};
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::paginate::{NextPosition, Paging};

#[cloudwire::model]
struct Item {
    id: String,
}

#[cloudwire::api_response(next_marker = "page_info.next_marker")]
struct MarkerPage {
    #[cloudwire(items)]
    items: Vec<Item>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = MarkerPage)]
struct ByMarker {
    #[cloudwire(query = "Limit", limit)]
    limit: Option<u32>,
    #[cloudwire(query, marker)]
    marker: Option<String>,
}

#[derive(cloudwire::ApiResponse)]
#[cloudwire(next_link = "links.next")]
struct LinkPage {
    #[cloudwire(items)]
    groups: Vec<Item>,
}

#[cloudwire::endpoint(GET, "/v3/groups", response = LinkPage, paginated)]
struct ByLink {}

#[cloudwire::api_response(total = content_range)]
struct RangePage {
    #[cloudwire(body)]
    repos: Vec<Item>,
}

#[cloudwire::endpoint(GET, "/v2/repos", response = RangePage)]
struct ByOffset {
    #[cloudwire(query, offset)]
    offset: Option<u64>,
    #[cloudwire(query, limit)]
    limit: Option<u64>,
}

#[cloudwire::api_response]
struct CountedPage {
    #[cloudwire(body, items)]
    roles: Vec<Item>,
    #[cloudwire(header = "X-Total-Count", total)]
    total: Option<u32>,
}

#[cloudwire::endpoint(GET, "/v3/roles", response = CountedPage)]
struct ByPage {
    #[cloudwire(query, page)]
    page: Option<u32>,
    #[cloudwire(query, per_page)]
    per_page: Option<u32>,
}

#[cloudwire::api_response(next_marker = "next")]
struct Generic<T> {
    #[cloudwire(items)]
    items: Vec<T>,
}

#[cloudwire::endpoint(GET, "/v1/things", response = Generic<T>)]
struct ListThings<T> {
    #[cloudwire(query, marker)]
    marker: Option<String>,
    #[cloudwire(skip)]
    _marker: std::marker::PhantomData<T>,
}

fn paging<E: Paginated>(_: &E) -> Paging {
    E::PAGING
}

fn main() {
    assert_eq!(
        paging(&ByMarker { limit: None, marker: None }),
        Paging::new().with_marker("marker").with_size("Limit")
    );
    assert_eq!(paging(&ByLink {}), Paging::new());
    assert_eq!(
        paging(&ByOffset { offset: None, limit: None }),
        Paging::new().with_offset("offset").with_size("limit")
    );
    assert_eq!(
        paging(&ByPage { page: None, per_page: None }),
        Paging::new().with_page("page").with_size("per_page")
    );
    let things: ListThings<Item> = ListThings { marker: None, _marker: std::marker::PhantomData };
    assert_eq!(paging(&things).marker(), Some("marker"));
    let _ = things.to_request().unwrap();

    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", "42".parse().unwrap());
    let raw = RawResponse::new(StatusCode::OK, headers, r#"[{"id":"a"}]"#);
    let page = <CountedPage as cloudwire::ApiResponse>::decode(&raw).unwrap();
    assert_eq!(page.items().len(), 1);
    assert_eq!(page.next_position(&raw).unwrap(), NextPosition::Total(Some(42)));

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), r#"{"items":[],"page_info":{"next_marker":"m"}}"#);
    let page = <MarkerPage as cloudwire::ApiResponse>::decode(&raw).unwrap();
    assert_eq!(page.next_position(&raw).unwrap(), NextPosition::Marker(Some("m".into())));
    assert!(page.into_items().is_empty());
}
