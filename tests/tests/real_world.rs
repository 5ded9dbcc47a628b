//! Definitions that match real APIs, and input that can never misdirect a call:
//! every check here looks at the request as it arrived on a loopback socket.

use cloudwire::auth::{AkSk, Credentials};
use cloudwire::http::Method;
use cloudwire::{Client, Endpoint, Error, Secret};
use cloudwire_tests::RawServer;

/// A request as the server read it: request line, lower-cased header lines, body.
struct Arrived {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Arrived {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn target(&self) -> &str {
        self.line.split(' ').nth(1).unwrap_or_default()
    }
}

async fn arrived(server: &RawServer) -> Vec<Arrived> {
    server
        .requests()
        .await
        .into_iter()
        .map(|raw| {
            let split = raw
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .expect("a complete head");
            let head = String::from_utf8(raw[..split].to_vec()).unwrap();
            let mut lines = head.split("\r\n");
            let line = lines.next().unwrap().to_owned();
            let headers = lines
                .map(|l| {
                    let (n, v) = l.split_once(':').unwrap();
                    (n.to_ascii_lowercase(), v.trim().to_owned())
                })
                .collect();
            Arrived {
                line,
                headers,
                body: raw[split + 4..].to_vec(),
            }
        })
        .collect()
}

/// A client that signs with AK/SK.
fn signing_client(server: &RawServer) -> Client {
    Client::builder()
        .endpoint(server.url())
        .auth(AkSk::new(Credentials::new("AK", "SK")))
        .build()
        .unwrap()
}

fn assert_content_type_signed(req: &Arrived) {
    let authorization = req.header("authorization").unwrap();
    assert!(
        authorization.contains("SignedHeaders=content-type;"),
        "{authorization}"
    );
}

async fn ok_server() -> RawServer {
    RawServer::respond(
        200,
        &[
            ("X-Request-Id", "r-1"),
            ("Content-Type", "application/json"),
        ],
        "{}",
    )
    .await
}

fn client(server: &RawServer) -> Client {
    Client::builder().endpoint(server.url()).build().unwrap()
}

#[cloudwire::api_response]
#[derive(Debug)]
struct Empty {}

// ---- 1. a `Secret` goes out as its real value ----

#[cloudwire::endpoint(GET, "/v1/tokens/{token}", response = Empty)]
struct SecretEverywhere {
    #[cloudwire(path)]
    token: Secret,
    #[cloudwire(query)]
    signature: Secret,
    #[cloudwire(query)]
    maybe: Option<Secret>,
    #[cloudwire(header = "X-Auth-Token")]
    auth: Secret,
    #[cloudwire(header = "X-Security-Token")]
    security: Option<Secret>,
}

#[tokio::test]
async fn secrets_in_path_query_and_headers_arrive_intact() {
    let server = ok_server().await;
    let request = SecretEverywhere {
        token: Secret::new("tok/1 x"),
        signature: Secret::new("sig=abc"),
        maybe: Some(Secret::new("m")),
        auth: Secret::new("MIIE-auth-token"),
        security: Some(Secret::new("sts-security-token")),
    };
    // Debug of the request stays masked.
    let shown = format!("{:?}", request.to_request().unwrap());
    assert!(!shown.contains("MIIE-auth-token") && !shown.contains("sts-security-token"));
    client(&server).send(request).await.unwrap();
    let req = &arrived(&server).await[0];
    assert_eq!(
        req.target(),
        "/v1/tokens/tok%2F1%20x?maybe=m&signature=sig%3Dabc"
    );
    assert_eq!(req.header("x-auth-token"), Some("MIIE-auth-token"));
    assert_eq!(req.header("x-security-token"), Some("sts-security-token"));
}

// ---- 2. dot-segments never reach another resource ----

macro_rules! by_id {
    ($name:ident, $method:ident) => {
        #[cloudwire::endpoint($method, "/v3/users/{id}", response = Empty)]
        struct $name {
            #[cloudwire(path)]
            id: String,
        }
    };
}
by_id!(GetUser, GET);
by_id!(HeadUser, HEAD);
by_id!(DeleteUser, DELETE);
by_id!(PutUser, PUT);
by_id!(PostUser, POST);
by_id!(PatchUser, PATCH);
by_id!(OptionsUser, OPTIONS);

async fn send_every_method(client: &Client, id: &str) -> Vec<Result<(), Error>> {
    let id = || id.to_owned();
    vec![
        client.send(GetUser { id: id() }).await.map(drop),
        client.send(HeadUser { id: id() }).await.map(drop),
        client.send(DeleteUser { id: id() }).await.map(drop),
        client.send(PutUser { id: id() }).await.map(drop),
        client.send(PostUser { id: id() }).await.map(drop),
        client.send(PatchUser { id: id() }).await.map(drop),
        client.send(OptionsUser { id: id() }).await.map(drop),
    ]
}

#[tokio::test]
async fn dot_segment_path_values_are_refused_for_every_method() {
    let server = ok_server().await;
    let client = client(&server);
    for id in [".", "..", ""] {
        for result in send_every_method(&client, id).await {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::Build(_)), "{id:?}: {err:?}");
            assert!(err.to_string().contains("path parameter `id`"), "{err}");
        }
    }
    assert_eq!(server.hits(), 0, "nothing was sent");
    // A hand-built request with a dot-segment (`%2E` counts) is refused too.
    for path in ["/v3/users/..", "/v3/%2e%2E/x", "/v3/./x", "v3/users"] {
        let err = client
            .send_request(cloudwire::Request::new(Method::GET, path))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Build(_)), "{path}: {err:?}");
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn what_prepare_shows_is_what_goes_on_the_wire() {
    let server = ok_server().await;
    let client = client(&server);
    let values = [
        "...",
        ".a",
        "a..b",
        "%2e%2e",
        "a/../b",
        "\\..",
        "é ü/?#[]@!$&'()*+,;=",
        "~user",
    ];
    for (i, id) in values.iter().enumerate() {
        let prepared = client
            .prepare(
                GetUser {
                    id: (*id).to_owned(),
                }
                .to_request()
                .unwrap(),
            )
            .await
            .unwrap();
        client
            .send(GetUser {
                id: (*id).to_owned(),
            })
            .await
            .unwrap();
        let on_wire = &arrived(&server).await[i];
        assert_eq!(
            on_wire.target(),
            prepared.uri().path_and_query().unwrap().as_str(),
            "{id:?}"
        );
        assert!(on_wire.target().starts_with("/v3/users/"), "{id:?}");
        assert_eq!(
            on_wire.target().matches('/').count(),
            3,
            "{id:?}: one segment"
        );
    }
    for result in send_every_method(&client, "a..b").await {
        result.unwrap();
    }
    for req in &arrived(&server).await[values.len()..] {
        assert!(req.line.contains(" /v3/users/a..b "), "{}", req.line);
    }
}

// ---- 3. the endpoint URL ----

#[tokio::test]
async fn endpoint_urls_that_would_misdirect_are_refused() {
    let with_password = "http://admin:hunter2-pass@127.0.0.1:8080";
    let builder = Client::builder().endpoint(with_password);
    assert!(!format!("{builder:?}").contains("hunter2"));
    let err = builder.build().unwrap_err();
    let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        texts.push(format!("{s} {s:?}"));
        source = s.source();
    }
    for text in &texts {
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("admin"), "{text}");
    }
    assert!(texts[0].contains("user credentials"), "{}", texts[0]);

    for (url, expected) in [
        ("http://127.0.0.1:8080/#top", "fragment"),
        ("http://127.0.0.1:8080#x", "fragment"),
        ("http://127.0.0.1:99999", "port"),
        ("http://127.0.0.1:0", "port"),
        ("http://127.0.0.1:/v1", "port"),
        ("http://127.0.0.1:8080/a/../b", "dot-segment"),
        ("http://127.0.0.1:8080?x=1", "query"),
        ("ftp://127.0.0.1", "https://host"),
    ] {
        let err = Client::builder().endpoint(url).build().unwrap_err();
        assert!(matches!(err, Error::Build(_)), "{url}");
        assert!(err.to_string().contains(expected), "{url}: {err}");
        let client = Client::builder()
            .endpoint("http://127.0.0.1:1")
            .build()
            .unwrap();
        assert!(client.with_endpoint(url).is_err(), "{url}");
    }
}

// ---- 3b. a name before the endpoint's host (cname) ----

#[cloudwire::endpoint(POST, "/v1/describe-table", response = Empty)]
struct InStore {
    #[cloudwire(cname)]
    store_name: Option<String>,
    table_name: String,
}

/// The name goes before the endpoint's host, as the SDK puts a `cname`
/// there (and signs that host); a value that could make the URL name another
/// host, a user or a port is refused before anything is sent.
#[tokio::test]
async fn cname_values_that_would_misdirect_are_refused() {
    let server = ok_server().await;
    let port = server.addr().port();
    let http = reqwest::Client::builder()
        .resolve("store-1.kvs.cloudwire.test", server.addr())
        .resolve("a_b.c-d.kvs.cloudwire.test", server.addr())
        .build()
        .unwrap();
    let client = Client::builder()
        .endpoint(format!("http://kvs.cloudwire.test:{port}"))
        .reqwest_client(http)
        .auth(AkSk::new(Credentials::new("AK", "SK")))
        .build()
        .unwrap();
    let send = |store_name: Option<&str>| {
        client.send(InStore {
            store_name: store_name.map(str::to_owned),
            table_name: "t".into(),
        })
    };
    send(Some("store-1")).await.unwrap();
    send(Some("a_b.c-d")).await.unwrap();
    for hostile in [
        "",
        ".",
        ".a",
        "a.",
        "a..b",
        "evil.com/",
        "evil.com/x?",
        "evil.com#",
        "user@evil.com",
        "evil.com:443",
        "a b",
        "a%2eb",
        "caf\u{e9}",
        "a\\b",
        "a\r\nHost: evil.com",
    ] {
        let err = send(Some(hostile)).await.unwrap_err();
        assert!(matches!(err, Error::Build(_)), "{hostile:?}: {err:?}");
        assert!(err.to_string().contains("`store_name`"), "{err}");
    }
    let requests = arrived(&server).await;
    assert_eq!(requests.len(), 2);
    let hosts: Vec<_> = requests.iter().map(|r| r.header("host").unwrap()).collect();
    assert_eq!(
        hosts,
        [
            format!("store-1.kvs.cloudwire.test:{port}"),
            format!("a_b.c-d.kvs.cloudwire.test:{port}")
        ]
    );
    for req in &requests {
        assert_content_type_signed(req);
        assert!(req.header("authorization").unwrap().contains(";host;"));
    }

    // `None`: no name, the endpoint's own host.
    let plain = ok_server().await;
    client
        .with_endpoint(&plain.url())
        .unwrap()
        .send(InStore {
            store_name: None,
            table_name: "t".into(),
        })
        .await
        .unwrap();
    let requests = arrived(&plain).await;
    assert_eq!(
        requests[0].header("host"),
        Some(plain.url().trim_start_matches("http://"))
    );

    // An endpoint whose host is an IP literal in brackets cannot take a name.
    let err = client
        .with_endpoint("http://[::1]:1")
        .unwrap()
        .prepare(
            InStore {
                store_name: Some("s".into()),
                table_name: "t".into(),
            }
            .to_request()
            .unwrap(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    assert!(err.to_string().contains("host name"), "{err}");
}

// ---- 4. content types: declared, defaulted, signed ----

#[cloudwire::endpoint(GET, "/v3/projects", response = Empty)]
struct ListProjects {
    #[cloudwire(query)]
    name: Option<String>,
}

#[cloudwire::endpoint(
    POST,
    "/v3.0/OS-USER/users",
    response = Empty,
    content_type = "application/json;charset=UTF-8"
)]
struct CreateUser {
    user: NewUser,
}

#[cloudwire::model]
struct NewUser {
    name: String,
    domain_id: String,
    email: Option<String>,
    enabled: Option<bool>,
}

#[cloudwire::endpoint(PUT, "/v1/objects/{name}", response = Empty,
                      content_type = "application/octet-stream")]
struct Upload {
    #[cloudwire(path)]
    name: String,
    #[cloudwire(body)]
    data: Vec<u8>,
}

/// An operation whose API reference lists `Content-Type` among its request
/// headers, as the SDK's request models carry it (`content_type`).
#[cloudwire::endpoint(POST, "/v1/items", response = Empty)]
struct WithContentTypeHeader {
    #[cloudwire(header = "Content-Type")]
    content_type: Option<String>,
    name: String,
}

#[cloudwire::endpoint(POST, "/v1/items", response = Empty,
                      content_type = "application/x-www-form-urlencoded")]
struct FormWithContentTypeHeader {
    #[cloudwire(header = "content-type")]
    content_type: String,
    name: String,
}

#[tokio::test]
async fn every_request_carries_its_content_type_and_signs_it() {
    let server = ok_server().await;
    let client = signing_client(&server);
    client.send(ListProjects { name: None }).await.unwrap();
    client.send(DeleteUser { id: "u1".into() }).await.unwrap();
    client.send(HeadUser { id: "u1".into() }).await.unwrap();
    let user = NewUser {
        name: "alice".into(),
        domain_id: "d1".into(),
        email: None,
        enabled: Some(true),
    };
    client.send(CreateUser { user }).await.unwrap();
    client
        .send(Upload {
            name: "a".into(),
            data: vec![1, 2, 3],
        })
        .await
        .unwrap();
    let requests = arrived(&server).await;
    let content_types: Vec<_> = requests.iter().map(|r| r.header("content-type")).collect();
    assert_eq!(
        content_types,
        [
            Some("application/json"),
            Some("application/json"),
            Some("application/json"),
            Some("application/json;charset=utf-8"),
            Some("application/octet-stream"),
        ]
    );
    for req in &requests {
        assert_content_type_signed(req);
    }
    // `None` members are left out of the body, as the SDK leaves them out.
    assert_eq!(
        requests[3].body,
        br#"{"user": {"name": "alice", "domain_id": "d1", "enabled": true}}"#
    );
    // A body that is not JSON is signed as the SDK signs it.
    assert_eq!(
        requests[4].header("x-sdk-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert_eq!(requests[4].body, [1, 2, 3]);
}

/// The SDK sets a `Content-Type` header parameter, then overwrites it with
/// the operation's content type: the value of such a field never goes out,
/// nor picks how the body is written; the operation's content type (declared,
/// else the client's default) does, and is what is signed.
#[tokio::test]
async fn a_content_type_field_never_replaces_the_operations_content_type() {
    let server = ok_server().await;
    let client = signing_client(&server);
    for content_type in [
        Some("application/json;charset=utf8".to_owned()),
        Some("text/plain".to_owned()),
        None,
    ] {
        client
            .send(WithContentTypeHeader {
                content_type,
                name: "a b".into(),
            })
            .await
            .unwrap();
    }
    client
        .send(FormWithContentTypeHeader {
            content_type: "application/json".into(),
            name: "a b".into(),
        })
        .await
        .unwrap();
    let requests = arrived(&server).await;
    assert_eq!(requests.len(), 4);
    for (i, req) in requests.iter().enumerate() {
        let expected = if i < 3 {
            ("application/json", &br#"{"name": "a b"}"#[..])
        } else {
            ("application/x-www-form-urlencoded", &b"name=a+b"[..])
        };
        let sent: Vec<_> = req
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(sent, [expected.0], "request {i}");
        assert_eq!(req.body, expected.1, "request {i}");
        assert_content_type_signed(req);
    }
}

#[tokio::test]
async fn the_client_default_content_type_can_be_changed() {
    let server = ok_server().await;
    let client = Client::builder()
        .endpoint(server.url())
        .content_type("application/json;charset=utf-8")
        .build()
        .unwrap();
    client.send(ListProjects { name: None }).await.unwrap();
    client
        .send(CreateUser {
            user: NewUser {
                name: "a".into(),
                domain_id: "d".into(),
                email: None,
                enabled: None,
            },
        })
        .await
        .unwrap();
    let requests = arrived(&server).await;
    assert_eq!(
        requests[0].header("content-type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(
        requests[1].header("content-type"),
        Some("application/json;charset=utf-8"),
        "the endpoint's declared type wins"
    );
}

// ---- 11, 12: bodies without `None`, values by their serde names ----

#[cloudwire::model]
#[derive(Debug, Clone, Copy)]
enum Status {
    #[serde(rename = "enabled")]
    Enabled,
    #[serde(rename = "DISABLED")]
    Disabled,
}

/// A type that is `Display` only: still accepted.
struct Region(&'static str);

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "region-{}", self.0)
    }
}

#[cloudwire::endpoint(PATCH, "/v1/{region}/users/{status}", response = Empty)]
struct UpdateUsers {
    #[cloudwire(path)]
    region: Region,
    #[cloudwire(path)]
    status: Status,
    #[cloudwire(query)]
    only: Option<Status>,
    #[cloudwire(query = "status")]
    statuses: Vec<Status>,
    #[cloudwire(query)]
    limit: u32,
    #[cloudwire(query)]
    dry_run: bool,
    #[cloudwire(header = "X-Statuses")]
    header_statuses: Vec<Status>,
    description: Option<String>,
    enabled: Option<bool>,
    state: Status,
}

#[tokio::test]
async fn enums_go_by_their_serde_names_and_none_is_left_out() {
    let server = ok_server().await;
    client(&server)
        .send(UpdateUsers {
            region: Region("x"),
            status: Status::Disabled,
            only: Some(Status::Enabled),
            statuses: vec![Status::Enabled, Status::Disabled],
            limit: 10,
            dry_run: false,
            header_statuses: vec![Status::Enabled, Status::Disabled],
            description: None,
            enabled: Some(false),
            state: Status::Enabled,
        })
        .await
        .unwrap();
    let req = &arrived(&server).await[0];
    assert_eq!(
        req.target(),
        "/v1/region-x/users/DISABLED?dry_run=false&limit=10&only=enabled&status=DISABLED&status=enabled"
    );
    assert_eq!(req.header("x-statuses"), Some("enabled,DISABLED"));
    assert_eq!(req.body, br#"{"enabled": false, "state": "enabled"}"#);
}

// ---- 13: text, bytes and optional bodies ----

#[cloudwire::api_response]
struct Text {
    #[cloudwire(body)]
    text: String,
}

#[cloudwire::api_response]
struct Raw {
    #[cloudwire(body)]
    bytes: cloudwire::bytes::Bytes,
    #[cloudwire(request_id)]
    request_id: Option<cloudwire::RequestId>,
}

#[cloudwire::api_response]
struct RawVec {
    #[cloudwire(body)]
    bytes: Vec<u8>,
}

#[cloudwire::model]
#[derive(Debug, PartialEq)]
struct Job {
    id: String,
}

#[cloudwire::api_response(status = [200, 204])]
struct MaybeJob {
    #[cloudwire(body)]
    job: Option<Job>,
}

#[cloudwire::endpoint(GET, "/v1/x", response = Text)]
struct GetText {}

#[cloudwire::endpoint(GET, "/v1/x", response = Raw)]
struct GetRaw {}

#[cloudwire::endpoint(GET, "/v1/x", response = RawVec)]
struct GetRawVec {}

#[cloudwire::endpoint(GET, "/v1/x", response = MaybeJob)]
struct GetJob {}

#[tokio::test]
async fn text_bytes_and_optional_bodies() {
    let text = "SUCCESS: policy version v2 \u{1F600}\n";
    let server = RawServer::respond(200, &[("Content-Type", "text/plain")], text).await;
    assert_eq!(client(&server).send(GetText {}).await.unwrap().text, text);

    let bytes = [0u8, 159, 146, 150, 255];
    let server = RawServer::respond(200, &[("X-Request-Id", "r-7")], bytes).await;
    let raw = client(&server).send(GetRaw {}).await.unwrap();
    assert_eq!(raw.bytes.as_ref(), bytes);
    assert_eq!(raw.request_id.unwrap().as_str(), "r-7");
    assert_eq!(
        client(&server).send(GetRawVec {}).await.unwrap().bytes,
        bytes
    );
    // Not UTF-8: a decode error that says how to read it instead.
    let err = client(&server).send(GetText {}).await.err().unwrap();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("`Bytes`"), "{err}");
    assert_eq!(err.request_id().unwrap().as_str(), "r-7");

    // A body that is one JSON string is that string, as the SDK reads a
    // `str` body (`json.loads`); any other text, JSON or not, as it came.
    for (body, read) in [
        ("\"SUCCESS \\u00e9 \\\"v2\\\"\"\n", "SUCCESS \u{e9} \"v2\""),
        (" \"\" ", ""),
        ("\"unterminated", "\"unterminated"),
        ("\"a\" \"b\"", "\"a\" \"b\""),
        ("\"bad \\x escape\"", "\"bad \\x escape\""),
        ("{\"a\": \"b\"}", "{\"a\": \"b\"}"),
        ("42", "42"),
    ] {
        let server = RawServer::respond(200, &[("Content-Type", "application/json")], body).await;
        assert_eq!(
            client(&server).send(GetText {}).await.unwrap().text,
            read,
            "{body}"
        );
    }

    let server = RawServer::respond(204, &[], "").await;
    assert_eq!(client(&server).send(GetJob {}).await.unwrap().job, None);
    let server = RawServer::respond(200, &[], r#"{"id": "j-1"}"#).await;
    assert_eq!(
        client(&server).send(GetJob {}).await.unwrap().job,
        Some(Job { id: "j-1".into() })
    );
}

// ---- 15: form bodies ----

#[cloudwire::endpoint(
    POST,
    "/v3.0/OS-AUTH/id-token/tokens",
    response = Empty,
    content_type = "application/x-www-form-urlencoded"
)]
struct CreateTokenWithIdToken {
    #[cloudwire(header = "X-Idp-Id")]
    idp_id: String,
    grant_type: String,
    id_token: Secret,
    scope: Option<String>,
    remember: bool,
}

#[tokio::test]
async fn form_bodies_are_written_and_signed_as_the_sdk_does() {
    let server = ok_server().await;
    let client = signing_client(&server);
    client
        .send(CreateTokenWithIdToken {
            idp_id: "idp".into(),
            grant_type: "id_token".into(),
            id_token: Secret::new("eyJ a+b/c"),
            scope: None,
            remember: true,
        })
        .await
        .unwrap();
    let req = &arrived(&server).await[0];
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        req.body,
        b"grant_type=id_token&id_token=eyJ+a%2Bb%2Fc&remember=true"
    );
    assert_eq!(req.header("x-sdk-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    assert_eq!(req.header("x-idp-id"), Some("idp"));
}

// ---- a top-level array is not a struct's members ----

#[cloudwire::api_response]
#[derive(Debug)]
struct Pair {
    #[allow(dead_code)]
    code: String,
    #[allow(dead_code)]
    message: String,
}

#[cloudwire::endpoint(GET, "/v1/pair", response = Pair)]
struct GetPair {}

#[tokio::test]
async fn a_top_level_array_does_not_fill_members_by_position() {
    let server = RawServer::respond(200, &[("X-Request-Id", "arr")], r#"["c", "m"]"#).await;
    let err = client(&server).send(GetPair {}).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("JSON array"), "{err}");
    assert_eq!(err.request_id().unwrap().as_str(), "arr");
    // A member error names the user's struct, not a generated one.
    let server = RawServer::respond(200, &[], r#"{"code": 1, "message": "m"}"#).await;
    let err = client(&server).send(GetPair {}).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains("__Cloudwire"), "{err}");
}
