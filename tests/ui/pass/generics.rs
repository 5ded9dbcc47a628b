// Type parameters on a response and on an endpoint: the macros add the bounds
// their generated code needs, the way serde's derive does.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, HeaderValue, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse};
use std::fmt::Display;

#[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
struct Item {
    id: u32,
}

#[cloudwire::api_response]
pub struct Page<T> {
    items: Vec<T>,
    #[cloudwire(header = "X-Total")]
    total: u64,
}

#[cloudwire::api_response]
struct Listing<T>
where
    T: Clone,
{
    #[cloudwire(body)]
    items: Vec<T>,
}

#[cloudwire::endpoint(GET, "/v1/{project_id}/items", response = Page<T>)]
pub struct ListItems<T, P> {
    #[cloudwire(path)]
    project_id: P,
    #[cloudwire(query)]
    limit: Option<u32>,
    #[cloudwire(header = "X-Tag")]
    tag: P,
    #[cloudwire(skip)]
    _item: std::marker::PhantomData<T>,
}

#[cloudwire::endpoint(POST, "/v1/items", response = Page<B>)]
struct CreateItem<B> {
    item: B,
}

#[cloudwire::endpoint(PUT, "/v1/items/{id}", response = Listing<B>)]
struct ReplaceItems<B: Clone, I: Display> {
    #[cloudwire(path)]
    id: I,
    #[cloudwire(body)]
    items: Vec<B>,
}

fn main() {
    let mut headers = HeaderMap::new();
    headers.insert("x-total", HeaderValue::from_static("2"));
    let raw = RawResponse::new(StatusCode::OK, headers, r#"{"items":[{"id":1},{"id":2}]}"#);
    let page = Page::<Item>::from_raw(raw).unwrap();
    assert_eq!(page.items, [Item { id: 1 }, Item { id: 2 }]);
    assert_eq!(page.total, 2);

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), "[1, 2]");
    assert_eq!(Listing::<u8>::from_raw(raw).unwrap().items, [1, 2]);

    let list = ListItems::<Item, &str> {
        project_id: "p1",
        limit: Some(5),
        tag: "blue",
        _item: std::marker::PhantomData,
    };
    let req = list.to_request().unwrap();
    assert_eq!(req.path_and_query(), "/v1/p1/items?limit=5");
    assert_eq!(req.headers()["x-tag"], "blue");

    let req = CreateItem {
        item: Item { id: 7 },
    }
    .to_request()
    .unwrap();
    assert_eq!(&req.body()[..], br#"{"item": {"id": 7}}"#);

    let req = ReplaceItems {
        id: 3,
        items: vec![Item { id: 1 }.id],
    }
    .to_request()
    .unwrap();
    assert_eq!(req.path(), "/v1/items/3");
    assert_eq!(&req.body()[..], b"[1]");
}
