// The derive form next to the user's own serde derives: both read the same
// `#[serde]` attributes, independently.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, RawResponse};

#[derive(Debug, serde::Deserialize, serde::Serialize, cloudwire::ApiResponse)]
#[cloudwire(status = 201)]
#[serde(rename_all = "camelCase")]
struct Created {
    user_id: String,
    #[serde(default)]
    display_name: String,
}

// The attribute form keeps `#[serde]` on the struct for the user's own derive.
#[cloudwire::api_response]
#[derive(Debug, serde::Deserialize)]
struct Renamed {
    #[serde(rename = "ID")]
    id: u32,
}

fn main() {
    let raw = RawResponse::new(StatusCode::CREATED, HeaderMap::new(), r#"{"userId":"u1"}"#);
    let created = Created::from_raw(raw).unwrap();
    assert_eq!(created.user_id, "u1");
    assert_eq!(created.display_name, "");

    let again: Created = serde_json::from_str(r#"{"userId":"u2","displayName":"Bob"}"#).unwrap();
    assert_eq!(again.display_name, "Bob");
    assert_eq!(
        serde_json::to_string(&again).unwrap(),
        r#"{"userId":"u2","displayName":"Bob"}"#
    );

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), r#"{"ID":4}"#);
    assert_eq!(Renamed::from_raw(raw).unwrap().id, 4);
    let own: Renamed = serde_json::from_str(r#"{"ID":5}"#).unwrap();
    assert_eq!(own.id, 5);
}
