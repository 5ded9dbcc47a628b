//! The client and the generated code on the wire: what requests look like,
//! how responses decode, and how transport failures are reported.

use cloudwire::http::StatusCode;
use cloudwire::{Client, Error, RequestId, auth::Token};
use cloudwire_tests::{RawServer, Script, head, response};
use std::sync::Arc;
use std::time::Duration;

#[cloudwire::api_response(status = 201)]
#[derive(Debug)]
struct Created {
    user: User,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
    #[cloudwire(status)]
    status: StatusCode,
    #[cloudwire(header = "Location")]
    location: Option<String>,
    #[cloudwire(header = "X-Rate-Remaining")]
    remaining: u32,
    #[cloudwire(headers)]
    headers: cloudwire::http::HeaderMap,
}

#[derive(Debug, PartialEq, cloudwire::serde::Deserialize, cloudwire::serde::Serialize)]
#[serde(crate = "cloudwire::serde")]
struct User {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
}

#[cloudwire::endpoint(POST, "/v3/domains/{domain_id}/users", response = Created)]
struct CreateUser {
    #[cloudwire(path)]
    domain_id: String,
    #[cloudwire(query)]
    dry_run: Option<bool>,
    #[cloudwire(query = "tag")]
    tags: Vec<String>,
    #[cloudwire(header = "X-Project-Id")]
    project: String,
    #[cloudwire(header = "X-Trace")]
    trace: Option<String>,
    #[cloudwire(skip)]
    #[allow(dead_code)]
    note: &'static str,
    user: User,
}

#[cloudwire::api_response(status = 204)]
#[derive(Debug)]
struct Deleted;

#[cloudwire::endpoint(DELETE, "/v3/users/{id}", response = Deleted)]
struct DeleteUser {
    #[cloudwire(path)]
    id: String,
}

fn create() -> CreateUser {
    CreateUser {
        domain_id: "d/1 x".into(),
        dry_run: Some(false),
        tags: vec!["a b".into(), "c&d".into()],
        project: "p-1".into(),
        trace: None,
        note: "local only",
        user: User {
            name: "alice".into(),
            email: None,
        },
    }
}

#[tokio::test]
async fn request_on_the_wire_and_typed_response() {
    let body = br#"{"user":{"name":"alice","email":null}}"#;
    let server = RawServer::respond(
        201,
        &[
            ("X-Request-Id", "rid-201"),
            ("Location", "/v3/users/u1"),
            ("X-Rate-Remaining", "41"),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .await;
    let client = Client::builder()
        .endpoint(format!("{}/prefix/", server.url()))
        .auth(Token::new("tok-123"))
        .default_header("X-Project-Id", "overridden")
        .user_agent("cloudwire-test/1")
        .build()
        .unwrap();
    let created = client.send(create()).await.unwrap();
    assert_eq!(
        created.user,
        User {
            name: "alice".into(),
            email: None
        }
    );
    assert_eq!(created.request_id.unwrap().as_str(), "rid-201");
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.location.as_deref(), Some("/v3/users/u1"));
    assert_eq!(created.remaining, 41);
    assert_eq!(created.headers["content-type"], "application/json");

    let requests = server.requests().await;
    let raw = String::from_utf8(requests[0].clone()).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    assert_eq!(
        lines.next().unwrap(),
        "POST /prefix/v3/domains/d%2F1%20x/users?dry_run=false&tag=a%20b&tag=c%26d HTTP/1.1"
    );
    let headers: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
    for expected in [
        "x-project-id: p-1",
        "x-auth-token: tok-123",
        "user-agent: cloudwire-test/1",
        "content-type: application/json",
    ] {
        assert!(
            headers.iter().any(|h| h == expected),
            "missing {expected:?} in {headers:?}"
        );
    }
    assert!(
        !headers.iter().any(|h| h.starts_with("x-trace")),
        "None headers are not sent"
    );
    assert!(
        !headers.iter().any(|h| h.contains("overridden")),
        "the request's header wins"
    );
    assert_eq!(
        body, r#"{"user": {"name": "alice"}}"#,
        "written as the Python SDK writes JSON"
    );
}

#[tokio::test]
async fn a_header_the_response_needs_is_checked() {
    let server = RawServer::respond(
        201,
        &[("X-Rate-Remaining", "many")],
        br#"{"user":{"name":"a"}}"#,
    )
    .await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let err = client.send(create()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.kind() == cloudwire::DecodeKind::Header),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("header `X-Rate-Remaining` did not parse"),
        "{err}"
    );

    let server = RawServer::respond(201, &[], br#"{"user":{"name":"a"}}"#).await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let err = client.send(create()).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("header `X-Rate-Remaining` is missing"),
        "{err}"
    );
}

#[tokio::test]
async fn declared_status_is_the_only_success() {
    // 200 where 201 is declared: an error that keeps the body.
    let server = RawServer::respond(
        200,
        &[("X-Rate-Remaining", "1")],
        br#"{"user":{"name":"a"}}"#,
    )
    .await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let err = client.send(create()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert!(matches!(err, Error::Api(_)));
}

#[tokio::test]
async fn no_content_response() {
    let server = RawServer::respond(204, &[("X-Request-Id", "r204")], b"").await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let Deleted = client.send(DeleteUser { id: "u1".into() }).await.unwrap();
    let raw = String::from_utf8(server.requests().await[0].clone()).unwrap();
    assert!(raw.starts_with("DELETE /v3/users/u1 HTTP/1.1\r\n"), "{raw}");
}

#[tokio::test]
async fn empty_path_parameter_is_refused_before_sending() {
    let server = RawServer::respond(204, &[], b"").await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let err = client
        .send(DeleteUser { id: String::new() })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build(_)));
    assert_eq!(
        err.to_string(),
        "could not build the request: path parameter `id` is empty"
    );
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder().endpoint(url).build().unwrap();
    let err = client
        .send(DeleteUser { id: "u".into() })
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.is_connect(), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(
        err.to_string()
            .starts_with("could not connect (127.0.0.1 /v3/users/u)"),
        "{err}"
    );
}

#[tokio::test]
async fn timeout_is_a_transport_error() {
    let head_only = head(200, &[("X-Request-Id", "slow")], Some(10));
    let server = RawServer::start(Script::Stall(Arc::new(head_only), Duration::from_secs(5))).await;
    let client = Client::builder()
        .endpoint(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = client
        .send(DeleteUser { id: "u".into() })
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn connection_dropped_mid_body_keeps_status_and_request_id() {
    let mut partial = head(500, &[("X-Request-Id", "cut-1")], Some(1000));
    partial.extend_from_slice(br#"{"error_code":"X"#);
    let server = RawServer::start(Script::Bytes(Arc::new(partial))).await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let err = client
        .send(DeleteUser { id: "u".into() })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.request_id().unwrap().as_str(), "cut-1");
    assert!(
        err.to_string()
            .starts_with("connection failed while reading the body"),
        "{err}"
    );
}

#[tokio::test]
async fn request_id_falls_back_to_the_body() {
    let body = br#"{"user":{"name":"a"},"request_id":"from-body"}"#;
    let server = RawServer::respond(201, &[("X-Rate-Remaining", "1")], body).await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let created = client.send(create()).await.unwrap();
    assert_eq!(created.request_id.unwrap().as_str(), "from-body");
}

#[tokio::test]
async fn builder_errors_say_what_to_write() {
    let err = Client::builder().build().unwrap_err();
    assert!(
        err.to_string()
            .contains("call `.endpoint(\"https://...\")`"),
        "{err}"
    );
    let err = Client::builder()
        .endpoint("iam.example.com")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("write `https://host[:port][/prefix]`"),
        "{err}"
    );
}

#[tokio::test]
async fn nothing_secret_in_debug_output() {
    let server = RawServer::start(Script::Bytes(Arc::new(response(
        201,
        &[
            ("X-Subject-Token", "SUBJECT-SECRET"),
            ("X-Rate-Remaining", "1"),
        ],
        br#"{"user":{"name":"a"}}"#,
    ))))
    .await;
    let client = Client::builder()
        .endpoint(server.url())
        .auth(Token::new("TOKEN-SECRET"))
        .default_header("X-Auth-Token", "DEFAULT-SECRET")
        .build()
        .unwrap();
    let raw = client
        .send_request(cloudwire::Endpoint::to_request(&create()).unwrap())
        .await
        .unwrap();
    for shown in [format!("{client:?}"), format!("{raw:?}")] {
        for secret in ["TOKEN-SECRET", "DEFAULT-SECRET", "SUBJECT-SECRET"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}
