// serde attributes on body fields and on the struct.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse, RequestId};
use std::collections::HashMap;

#[derive(Debug, Default, PartialEq, serde::Deserialize)]
struct Links {
    next: Option<String>,
}

#[cloudwire::api_response]
#[serde(rename_all = "camelCase")]
struct Server {
    server_id: String,
    #[serde(rename = "OS-EXT-STS:vm_state")]
    vm_state: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(alias = "link")]
    links: Links,
    #[serde(flatten)]
    extra: HashMap<String, cloudwire::serde_json::Value>,
    #[serde(skip)]
    cached: Option<u8>,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[derive(cloudwire::ApiResponse)]
#[serde(deny_unknown_fields)]
struct Strict {
    #[serde(default = "one")]
    n: u32,
}

fn one() -> u32 {
    1
}

#[cloudwire::endpoint(POST, "/v1/servers", response = Server)]
#[serde(rename_all = "camelCase")]
struct CreateServer {
    server_name: String,
    #[serde(rename = "OS-SCH-HNT:hints")]
    hints: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[cloudwire(query)]
    dry_run: bool,
}

fn main() {
    let raw = RawResponse::new(
        StatusCode::OK,
        HeaderMap::new(),
        r#"{"serverId":"s1","OS-EXT-STS:vm_state":"active","link":{"next":null},"zone":"az1"}"#,
    );
    let server = Server::from_raw(raw).unwrap();
    assert_eq!(server.server_id, "s1");
    assert_eq!(server.vm_state, "active");
    assert!(server.tags.is_empty());
    assert_eq!(server.links, Links::default());
    assert_eq!(server.extra["zone"], "az1");
    assert_eq!(server.cached, None);
    assert!(server.request_id.is_none());

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), "{}");
    assert_eq!(Strict::from_raw(raw).unwrap().n, 1);
    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), r#"{"m":1}"#);
    assert!(Strict::from_raw(raw).is_err());

    let req = CreateServer {
        server_name: "vm".into(),
        hints: None,
        description: None,
        dry_run: true,
    }
    .to_request()
    .unwrap();
    assert_eq!(req.path_and_query(), "/v1/servers?dry_run=true");
    assert_eq!(
        &req.body()[..],
        br#"{"serverName": "vm"}"#
    );
}
