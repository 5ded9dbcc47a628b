// Body models, request values of every kind and response bodies that are not
// JSON objects: each compiles without a serde dependency or `#[serde(crate)]`.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse, Secret};

#[cloudwire::model]
#[serde(rename_all = "camelCase")]
#[derive(Debug, Clone, PartialEq)]
struct UserSpec {
    user_name: String,
    email: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    tags: Vec<String>,
}

#[cloudwire::model]
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    #[serde(rename = "user")]
    User,
    Group,
}

#[cloudwire::model]
#[serde(tag = "type")]
#[derive(Debug, PartialEq)]
enum Principal {
    User { id: String, name: Option<String> },
    Agency(Agency),
}

#[cloudwire::model]
#[derive(Debug, PartialEq)]
struct Agency {
    id: String,
}

mod renamed {
    pub use cloudwire as cw;
}

#[cloudwire::model(crate = "crate::renamed::cw")]
struct Renamed {
    value: Option<u8>,
}

#[cloudwire::api_response]
struct Text {
    #[cloudwire(body)]
    text: String,
}

#[cloudwire::api_response]
struct Raw {
    #[cloudwire(body)]
    raw: Option<cloudwire::bytes::Bytes>,
}

#[cloudwire::api_response(status = 204)]
struct Exists {
    #[cloudwire(header = "X-Count")]
    count: Option<u32>,
    #[cloudwire(status)]
    status: StatusCode,
}

#[cloudwire::endpoint(HEAD, "/v1/users/{id}", response = Exists)]
struct CheckUser {
    #[cloudwire(path)]
    id: Secret,
}

#[cloudwire::endpoint(PUT, "/v1/users/{kind}", response = Text, content_type = "application/json;charset=UTF-8")]
struct PutUser {
    #[cloudwire(path)]
    kind: Kind,
    #[cloudwire(query)]
    kinds: Option<Vec<Kind>>,
    #[cloudwire(header = "X-Kind")]
    header_kind: Option<Kind>,
    user: UserSpec,
    principal: Option<Principal>,
}

#[cloudwire::endpoint(POST, "/v1/raw", response = Raw, content_type = "text/plain")]
struct PostText {
    #[cloudwire(body)]
    text: &'static str,
}

#[cloudwire::endpoint(POST, "/v1/form", response = Raw, content_type = "application/x-www-form-urlencoded")]
struct PostForm {
    #[cloudwire(body)]
    form: UserSpec,
}

fn main() {
    let user = UserSpec {
        user_name: "a".into(),
        email: None,
        tags: vec![],
    };
    let req = PutUser {
        kind: Kind::User,
        kinds: Some(vec![Kind::Group]),
        header_kind: Some(Kind::Group),
        user: user.clone(),
        principal: Some(Principal::User { id: "u".into(), name: None }),
    }
    .to_request()
    .unwrap();
    assert_eq!(req.path_and_query(), "/v1/users/user?kinds=Group");
    assert_eq!(req.headers()["x-kind"], "Group");
    assert_eq!(req.headers()["content-type"], "application/json;charset=utf-8");
    assert_eq!(
        req.body().as_ref(),
        br#"{"user": {"userName": "a"}, "principal": {"type": "User", "id": "u"}}"#
    );
    let req = PostText { text: "hello" }.to_request().unwrap();
    assert_eq!(req.body().as_ref(), b"hello");
    let req = PostForm { form: user }.to_request().unwrap();
    assert_eq!(req.body().as_ref(), b"userName=a");
    let req = CheckUser { id: Secret::new("s") }.to_request().unwrap();
    assert_eq!(req.path(), "/v1/users/s");
    assert_eq!(
        cloudwire::serde_json::to_string(&Renamed { value: None }).unwrap(),
        "{}"
    );
    let raw = Raw::from_raw(RawResponse::new(StatusCode::OK, HeaderMap::new(), "")).unwrap();
    assert!(raw.raw.is_none());
    let text = Text::from_raw(RawResponse::new(StatusCode::OK, HeaderMap::new(), "ok")).unwrap();
    assert_eq!(text.text, "ok");
    let p: Principal = cloudwire::serde_json::from_str(r#"{"type":"Agency","id":"a"}"#).unwrap();
    assert_eq!(p, Principal::Agency(Agency { id: "a".into() }));
    let exists = Exists::from_raw(RawResponse::new(StatusCode::NO_CONTENT, HeaderMap::new(), "")).unwrap();
    assert!(exists.count.is_none() && exists.status == StatusCode::NO_CONTENT);
}
