//! `multipart/form-data` bodies against what the official Python SDK sends
//! (`tests/vectors/multipart.json`, see its README): every body byte for byte
//! with the SDK's boundary, and a whole operation (CCE `UploadChart`)
//! declared with `#[endpoint]` as its API reference declares it: the same
//! headers, body, canonical request and signature, then over a loopback
//! socket. A property: random members (line breaks, quotes, `--`, any file
//! bytes) always split back into exactly their parts at the boundary.

use cloudwire::auth::signer::{self, Algorithm, Authorization};
use cloudwire::auth::{AkSk, Credentials};
use cloudwire::bytes::Bytes;
use cloudwire::{Client, Endpoint, FormFile, Request, http};
use cloudwire_tests::RawServer;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use std::time::{Duration, SystemTime};

fn vectors() -> Value {
    serde_json::from_str(include_str!("../vectors/multipart.json")).expect("multipart.json")
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A vector's members, in order: JSON scalars, files, or `None`.
struct Members(Vec<(String, Option<Member>)>);

enum Member {
    Json(Value),
    File(FormFile),
}

impl Serialize for Members {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, member) in &self.0 {
            match member {
                Some(Member::Json(value)) => map.serialize_entry(name, value)?,
                Some(Member::File(file)) => map.serialize_entry(name, file)?,
                None => map.serialize_entry(name, &None::<()>)?,
            }
        }
        map.end()
    }
}

/// The body case of the vectors with this name.
fn body_case<'v>(vectors: &'v Value, name: &str) -> &'v Value {
    vectors["bodies"]
        .as_array()
        .expect("bodies")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no body case `{name}`"))
}

fn file(spec: &Value) -> FormFile {
    let file = FormFile::new(text(&spec["filename"]), base64(text(&spec["data_base64"])));
    match spec.get("content_type") {
        Some(content_type) => file.content_type(text(content_type)),
        None => file,
    }
}

fn members(case: &Value) -> Members {
    Members(
        case["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                let name = text(&m["name"]).to_owned();
                let member = match text(&m["kind"]) {
                    "text" => Some(Member::Json(m["value"].clone())),
                    "file" => Some(Member::File(file(m))),
                    "none" => None,
                    other => panic!("unknown kind {other}"),
                };
                (name, member)
            })
            .collect(),
    )
}

#[test]
fn bodies_are_the_sdks_byte_for_byte() {
    let vectors = vectors();
    let boundary = text(&vectors["boundary"]);
    let cases = vectors["bodies"].as_array().expect("bodies");
    assert_eq!(cases.len(), 11);
    let mut failures = Vec::new();
    for case in cases {
        let name = text(&case["name"]);
        let mut request = Request::new(http::Method::POST, "/v1/upload");
        if let Err(e) = request.set_multipart_with_boundary(&members(case), boundary) {
            failures.push(format!("{name}: {e}"));
            continue;
        }
        let want = base64(text(&case["body_base64"]));
        if request.body().as_ref() != want.as_slice() {
            failures.push(format!(
                "{name}: body\n   got: {:?}\n  want: {:?}",
                String::from_utf8_lossy(request.body()),
                String::from_utf8_lossy(&want)
            ));
        }
        let content_type = request.content_type().map(|v| v.to_str().unwrap_or("?"));
        if content_type != Some(text(&case["content_type"])) {
            failures.push(format!("{name}: content type {content_type:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cloudwire::api_response]
struct UploadChartResponse {
    id: Option<String>,
    name: Option<String>,
}

/// CCE `UploadChart` as its API reference declares it.
#[cloudwire::endpoint(POST, "/v2/charts", response = UploadChartResponse, content_type = "multipart/form-data")]
struct UploadChart {
    parameters: Option<String>,
    content: FormFile,
}

fn upload_chart(op: &Value) -> UploadChart {
    let inputs = &op["inputs"];
    UploadChart {
        parameters: Some(text(&inputs["parameters"]).to_owned()),
        content: file(&inputs["content"]),
    }
}

fn signing_client(op: &Value, endpoint: &str) -> Client {
    let credentials = &op["credentials"];
    // The vector's `time`, 2026-11-29T04:24:18Z.
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_926_258);
    assert_eq!(
        signer::format_sdk_date(at).unwrap(),
        text(&op["time"]),
        "the fixed clock is the vector's time"
    );
    Client::builder()
        .endpoint(endpoint)
        .user_agent("huaweicloud-usdk-python/3.0")
        .auth(
            AkSk::new(
                Credentials::new(text(&credentials["ak"]), text(&credentials["sk"]))
                    .with_project_id(text(&credentials["project_id"])),
            )
            .with_clock(move || at),
        )
        .build()
        .expect("client")
}

/// The SDK's request, signature included, from the operation as declared.
#[tokio::test]
async fn an_upload_is_the_sdks_request_signature_included() {
    let vectors = vectors();
    let op = &vectors["operation"];
    let sent = &op["request"];
    let client = signing_client(op, "https://cce.cn-north-4.myhuaweicloud.com");
    let prepared = {
        let _fixed = cloudwire::testing::fix_multipart_boundary(text(&op["boundary"]));
        let request = upload_chart(op).to_request().expect("request");
        client.prepare(request).await.expect("prepare")
    };
    assert_eq!(prepared.method().as_str(), text(&sent["method"]));
    assert_eq!(prepared.uri().to_string(), text(&sent["url"]));
    let want: Vec<(String, &str)> = sent["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|h| (text(&h[0]).to_ascii_lowercase(), text(&h[1])))
        .collect();
    let got: Vec<(String, &str)> = prepared
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().expect("ASCII header")))
        .collect();
    let mut sorted_want = want.clone();
    let mut sorted_got = got.clone();
    sorted_want.sort();
    sorted_got.sort();
    assert_eq!(
        sorted_got, sorted_want,
        "every header the SDK sent, and no other"
    );
    assert_eq!(
        prepared.body().as_ref(),
        base64(text(&sent["body_base64"])).as_slice()
    );
    let authorization = Authorization::from_request(&prepared).expect("authorization");
    let names: Vec<&str> = authorization
        .signed_headers()
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        signer::canonical_request(&prepared, &Algorithm::HmacSha256, &names).unwrap(),
        text(&sent["canonical_request"])
    );
    authorization
        .verify(&prepared, text(&op["credentials"]["sk"]))
        .expect("the signature verifies");
}

/// Over a socket: the bytes that arrive are the body, under its boundary.
#[tokio::test]
async fn an_upload_arrives_whole() {
    let vectors = vectors();
    let op = &vectors["operation"];
    let server = RawServer::respond(
        201,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-1"),
        ],
        br#"{"id": "c-1", "name": "nginx"}"#,
    )
    .await;
    let client = signing_client(op, &server.url());
    let response = client.send(upload_chart(op)).await.expect("upload");
    assert_eq!(response.id.as_deref(), Some("c-1"));
    assert_eq!(response.name.as_deref(), Some("nginx"));
    let raw = server.requests().await.pop().expect("one request");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let content_type = text
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a boundary");
    assert_eq!(boundary.len(), 32, "{boundary}");
    // The SDK's body with this request's boundary.
    let want = String::from_utf8_lossy(&base64(text_of(&op["request"]["body_base64"])))
        .replace(text_of(&op["boundary"]), boundary);
    assert!(text.ends_with(&want), "{text}");
    assert!(
        text.contains("\r\nX-Sdk-Content-Sha256: UNSIGNED-PAYLOAD\r\n"),
        "{text}"
    );
}

fn text_of(value: &Value) -> &str {
    text(value)
}

/// Where cloudwire writes no body from fields, the macro says so (see
/// `tests/ui/fail`); a body field of another type is refused when built.
#[test]
fn bodies_cloudwire_does_not_write_are_refused_not_mislabelled() {
    #[cloudwire::endpoint(PUT, "/v1/objects", response = UploadChartResponse, content_type = "application/xml")]
    struct PutXml {
        #[cloudwire(body)]
        body: std::collections::BTreeMap<String, String>,
    }
    let err = PutXml {
        body: [("a".to_owned(), "b".to_owned())].into(),
    }
    .to_request()
    .expect_err("a map is not an XML body");
    assert!(err.to_string().contains("application/xml"), "{err}");

    #[cloudwire::endpoint(PUT, "/v1/objects", response = UploadChartResponse, content_type = "application/xml")]
    struct PutXmlText {
        #[cloudwire(body)]
        body: String,
    }
    let request = PutXmlText {
        body: "<a>b</a>".into(),
    }
    .to_request()
    .unwrap();
    assert_eq!(request.body().as_ref(), b"<a>b</a>");

    // Text as a multipart body has no parts.
    #[cloudwire::endpoint(POST, "/v1/upload", response = UploadChartResponse, content_type = "multipart/form-data")]
    struct RawMultipart {
        #[cloudwire(body)]
        body: Bytes,
    }
    let err = RawMultipart {
        body: Bytes::from_static(b"x"),
    }
    .to_request()
    .expect_err("bytes have no parts");
    assert!(err.to_string().contains("multipart"), "{err}");

    // A file in a JSON body.
    #[cloudwire::endpoint(POST, "/v1/upload", response = UploadChartResponse)]
    struct JsonWithFile {
        content: FormFile,
    }
    let err = JsonWithFile {
        content: FormFile::new("a", b"x".to_vec()),
    }
    .to_request()
    .expect_err("a file has no JSON form");
    assert!(err.to_string().contains("multipart/form-data"), "{err}");
}

/// The SDK's shape: the request holds a body model with the file (the
/// vectors' `file-without-type` case, its `parameters` left out).
#[test]
fn a_body_model_with_a_file() {
    #[cloudwire::model]
    struct UploadChartRequestBody {
        parameters: Option<String>,
        content: FormFile,
    }

    #[cloudwire::endpoint(POST, "/v2/charts", response = UploadChartResponse, content_type = "multipart/form-data")]
    struct UploadChartWithModel {
        #[cloudwire(body)]
        body: UploadChartRequestBody,
    }

    let vectors = vectors();
    let case = body_case(&vectors, "file-without-type");
    let _fixed = cloudwire::testing::fix_multipart_boundary(text(&vectors["boundary"]));
    let request = UploadChartWithModel {
        body: UploadChartRequestBody {
            parameters: None,
            content: file(&case["members"][0]),
        },
    }
    .to_request()
    .unwrap();
    assert_eq!(
        request.body().as_ref(),
        base64(text(&case["body_base64"])).as_slice()
    );
    assert_eq!(request.content_type().unwrap(), text(&case["content_type"]));
    // Read back, a file is an error, not an empty file.
    let read = serde_json::from_str::<UploadChartRequestBody>(r#"{"content": "x"}"#);
    let Err(err) = read else {
        panic!("a FormFile was read from JSON")
    };
    assert!(err.to_string().contains("never read"), "{err}");
}

/// With no members, the SDK still sends a multipart body: the closing
/// boundary alone (the vectors' `empty` case).
#[test]
fn an_upload_without_members_sends_the_closing_boundary() {
    #[cloudwire::endpoint(POST, "/v2/charts/{id}/actions", response = UploadChartResponse, content_type = "multipart/form-data")]
    struct Act {
        #[cloudwire(path)]
        id: String,
    }
    let vectors = vectors();
    let empty = body_case(&vectors, "empty");
    let _fixed = cloudwire::testing::fix_multipart_boundary(text(&vectors["boundary"]));
    let request = Act { id: "c-1".into() }.to_request().unwrap();
    assert_eq!(
        request.body().as_ref(),
        base64(text(&empty["body_base64"])).as_slice()
    );
    assert_eq!(
        request.content_type().unwrap(),
        text(&empty["content_type"])
    );
}

/// `FormFile::open` names the part as the SDK's `FormFile(path)` does: the
/// last component of the path, with no content type.
#[test]
fn an_opened_file_is_named_as_the_sdk_names_it() {
    let vectors = vectors();
    let spec = &body_case(&vectors, "file-without-type")["members"][0];
    let dir = std::env::temp_dir().join(format!("cloudwire-multipart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(text(&spec["filename"]));
    std::fs::write(&path, base64(text(&spec["data_base64"]))).unwrap();
    let opened = FormFile::open(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(opened, file(spec));
    assert_eq!(opened.filename(), "chart.tgz");
    assert!(FormFile::open(dir.join("missing")).is_err());
}

/// The body is written as the operation's content type says, never as a
/// `Content-Type` field says: the SDK sets such a header parameter, then
/// overwrites it with the operation's content type, and picks its writer
/// from that.
#[test]
fn a_content_type_field_never_picks_the_writer() {
    #[cloudwire::endpoint(POST, "/v1/import", response = UploadChartResponse)]
    struct Json {
        #[cloudwire(header = "Content-Type")]
        content_type: &'static str,
        parameters: &'static str,
    }
    #[cloudwire::endpoint(POST, "/v1/import", response = UploadChartResponse,
                          content_type = "application/x-www-form-urlencoded")]
    struct Form {
        #[cloudwire(header = "Content-Type")]
        content_type: &'static str,
        parameters: &'static str,
    }
    #[cloudwire::endpoint(POST, "/v1/import", response = UploadChartResponse,
                          content_type = "multipart/form-data")]
    struct Multipart {
        #[cloudwire(header = "Content-Type")]
        content_type: &'static str,
        parameters: &'static str,
    }
    #[cloudwire::endpoint(POST, "/v1/import", response = UploadChartResponse,
                          content_type = "multipart/form-data")]
    struct Nothing {
        #[cloudwire(header = "Content-Type")]
        content_type: &'static str,
    }
    let vectors = vectors();
    // The vectors' `text-only` case: `parameters` = `{"replicaCount": 2}`.
    let text_only = body_case(&vectors, "text-only");
    let parameters = text(&text_only["members"][0]["value"]);
    assert_eq!(parameters, r#"{"replicaCount": 2}"#);
    let parameters = r#"{"replicaCount": 2}"#;
    let only_one_content_type = |request: &cloudwire::Request| {
        let all: Vec<_> = request.headers().get_all("content-type").iter().collect();
        assert_eq!(all.len(), 1, "{all:?}");
        all[0].to_str().unwrap().to_owned()
    };
    for field in ["multipart/form-data", "application/xml", "text/plain"] {
        let json = Json {
            content_type: field,
            parameters,
        }
        .to_request()
        .unwrap();
        // No content type of its own: the client's default goes out.
        assert!(json.content_type().is_none());
        assert_eq!(
            json.body().as_ref(),
            br#"{"parameters": "{\"replicaCount\": 2}"}"#
        );
        let form = Form {
            content_type: field,
            parameters,
        }
        .to_request()
        .unwrap();
        assert_eq!(
            only_one_content_type(&form),
            "application/x-www-form-urlencoded"
        );
        assert_eq!(
            form.body().as_ref(),
            b"parameters=%7B%22replicaCount%22%3A+2%7D"
        );
    }
    let _fixed = cloudwire::testing::fix_multipart_boundary(text(&vectors["boundary"]));
    for (request, case) in [
        (
            Multipart {
                content_type: "application/json",
                parameters,
            }
            .to_request()
            .unwrap(),
            text_only,
        ),
        (
            Nothing {
                content_type: "application/json",
            }
            .to_request()
            .unwrap(),
            body_case(&vectors, "empty"),
        ),
    ] {
        assert_eq!(only_one_content_type(&request), text(&case["content_type"]));
        assert_eq!(
            request.body().as_ref(),
            base64(text(&case["body_base64"])).as_slice()
        );
    }
}

/// Whatever the members hold (line breaks, quotes, `--`, any bytes in a
/// file), the body splits back into exactly its parts at its boundary: text
/// members in order, then the files, names and data intact.
#[test]
fn any_members_split_back_at_the_boundary() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    #[derive(Debug, Clone)]
    enum Generated {
        Text(String),
        File(String, Vec<u8>),
    }
    // Names without `%`: `"`, CR and LF are written `%22`, `%0D`, `%0A`, so a
    // literal `%22` would read back as `"` (the HTML rule the SDK follows).
    let name = "[a-zA-Z0-9_ \"\r\n\u{e9}\u{4e2d}-]{1,12}";
    let member = prop_oneof![
        ".{0,40}".prop_map(Generated::Text),
        "(--|\r\n|[a-f0-9]|x){0,30}".prop_map(Generated::Text),
        (name, proptest::collection::vec(any::<u8>(), 0..64))
            .prop_map(|(file, data)| Generated::File(file, data)),
    ];
    let members = proptest::collection::vec((name, member), 0..6);
    let mut runner = TestRunner::new(Config {
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&members, |members| {
            // Later duplicates of a name are dropped (a struct has each once).
            let mut seen = std::collections::HashSet::new();
            let members: Vec<(String, Generated)> = members
                .into_iter()
                .filter(|(n, _)| seen.insert(n.clone()))
                .collect();
            let value = Members(
                members
                    .iter()
                    .map(|(n, m)| {
                        let member = match m {
                            Generated::Text(t) => Member::Json(Value::String(t.clone())),
                            Generated::File(f, d) => {
                                Member::File(FormFile::new(f.clone(), d.clone()))
                            }
                        };
                        (n.clone(), Some(member))
                    })
                    .collect(),
            );
            let mut request = Request::new(http::Method::POST, "/v1/upload");
            request.set_multipart(&value).unwrap();
            let content_type = request.content_type().unwrap().to_str().unwrap().to_owned();
            let boundary = content_type
                .strip_prefix("multipart/form-data; boundary=")
                .unwrap();
            let body = request.body().to_vec();
            let close = format!("--{boundary}--\r\n").into_bytes();
            prop_assert!(body.ends_with(&close));
            let inner = &body[..body.len() - close.len()];
            let open = format!("--{boundary}\r\n").into_bytes();
            let delimiter = format!("\r\n--{boundary}\r\n").into_bytes();
            let mut parts: Vec<&[u8]> = Vec::new();
            if !inner.is_empty() {
                prop_assert!(inner.starts_with(&open));
                let inner = &inner[open.len()..inner.len() - 2]; // the last part's CRLF
                let mut rest = inner;
                while let Some(at) = rest
                    .windows(delimiter.len())
                    .position(|w| w == delimiter.as_slice())
                {
                    parts.push(&rest[..at]);
                    rest = &rest[at + delimiter.len()..];
                }
                parts.push(rest);
            }
            let unescape = |s: &str| {
                s.replace("%22", "\"")
                    .replace("%0D", "\r")
                    .replace("%0A", "\n")
            };
            let expected: Vec<&(String, Generated)> = members
                .iter()
                .filter(|(_, m)| matches!(m, Generated::Text(_)))
                .chain(
                    members
                        .iter()
                        .filter(|(_, m)| matches!(m, Generated::File(..))),
                )
                .collect();
            prop_assert_eq!(parts.len(), expected.len());
            for (part, (name, member)) in parts.iter().zip(expected) {
                let split = part.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
                let head = String::from_utf8(part[..split].to_vec()).unwrap();
                let data = &part[split + 4..];
                let disposition = head
                    .strip_prefix("Content-Disposition: form-data; name=\"")
                    .unwrap();
                match member {
                    Generated::Text(text) => {
                        let written = disposition.strip_suffix('"').unwrap();
                        prop_assert!(!written.contains(['"', '\r', '\n']), "{:?}", written);
                        prop_assert_eq!(unescape(written), name.clone());
                        prop_assert_eq!(data, text.as_bytes());
                    }
                    Generated::File(file, bytes) => {
                        let (n, f) = disposition.split_once("\"; filename=\"").unwrap();
                        let f = f.strip_suffix('"').unwrap();
                        prop_assert!(!n.contains(['"', '\r', '\n']), "{:?}", n);
                        prop_assert!(!f.contains(['"', '\r', '\n']), "{:?}", f);
                        prop_assert_eq!(unescape(n), name.clone());
                        prop_assert_eq!(unescape(f), file.clone());
                        prop_assert_eq!(data, bytes.as_slice());
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
