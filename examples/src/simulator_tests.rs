//! The simulator against the seeds, through cloudwire's own client.

use crate::simulator::*;
use cloudwire::http::StatusCode;
use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Random-enough values for the garbage test: a per-process random seed.
struct Ids {
    state: RandomState,
    next: AtomicU64,
}

impl Ids {
    fn new() -> Self {
        Ids {
            state: RandomState::new(),
            next: AtomicU64::new(0),
        }
    }
    fn next_u64(&self) -> u64 {
        self.state
            .hash_one(self.next.fetch_add(1, Ordering::Relaxed))
    }
}

fn unique_token() -> String {
    format!("{:016x}", Ids::new().next_u64())
}
use crate::services::{iam, identity_center, sts};
use cloudwire::http::Method;
use cloudwire::{Client, RawResponse};
use serde_json::{Value, json};

fn raw_client(sim: &Simulator, token: Option<&str>) -> Client {
    let builder = Client::builder().endpoint(sim.url());
    match token {
        Some(token) => builder.auth(cloudwire::auth::Token::new(token)),
        None => builder,
    }
    .build()
    .expect("client")
}

async fn call(
    client: &Client,
    method: Method,
    path: &str,
    query: &[(&str, &str)],
    body: Option<&[u8]>,
) -> RawResponse {
    let mut request = cloudwire::Request::new(method, path);
    for (k, v) in query {
        request.push_query(*k, *v);
    }
    if let Some(body) = body {
        request.set_body("application/json;charset=UTF-8", body.to_vec());
    }
    client.send_request(request).await.expect("a response")
}

fn json(raw: &RawResponse) -> Value {
    serde_json::from_slice(raw.body()).expect("a JSON body")
}

fn header<'a>(raw: &'a RawResponse, name: &str) -> &'a str {
    raw.headers()
        .get(name)
        .unwrap_or_else(|| panic!("header {name} missing"))
        .to_str()
        .expect("text")
}

/// The headers every response has, whatever its status; returns the request ID.
fn assert_common_headers(raw: &RawResponse) -> String {
    let id = header(raw, "x-request-id");
    assert_eq!(id.len(), 32, "{id}");
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{id}"
    );
    assert_eq!(header(raw, "content-type"), "application/json;charset=utf8");
    assert_eq!(header(raw, "connection"), "keep-alive");
    assert!(header(raw, "date").ends_with(" GMT"));
    id.to_owned()
}

/// An error body with exactly these members (`request_id` equal to the header when expected).
fn assert_error(raw: &RawResponse, status: u16, code: &str, with_request_id: bool) -> Value {
    assert_eq!(
        raw.status().as_u16(),
        status,
        "{}",
        String::from_utf8_lossy(raw.body())
    );
    let id = assert_common_headers(raw);
    let body = json(raw);
    assert_eq!(body["error_code"], code);
    assert!(body["error_msg"].as_str().is_some_and(|m| !m.is_empty()));
    let members = body.as_object().map_or(0, |o| o.len());
    if with_request_id {
        assert_eq!(body["request_id"], id.as_str());
        assert_eq!(members, 3);
    } else {
        assert_eq!(members, 2, "{body}");
    }
    body
}

#[tokio::test]
async fn defaults() {
    let sim = Simulator::start().await.unwrap();
    assert!(sim.url().starts_with("http://127.0.0.1:"));
    assert_eq!(sim.token(), DEFAULT_TOKEN);
    assert_eq!(sim.agencies().len(), 1);
    assert_eq!(
        sim.agencies()[0].urn(),
        "iam::0a1b2c3d4e:agency:cloudwire-ops"
    );
    assert_eq!(sim.request_count(), 0);
    assert!(sim.last_request().is_none());
    sim.shutdown().await;
}

#[tokio::test]
async fn lists_instances_like_the_seed() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let raw = call(&client, Method::GET, "/v1/instances", &[], None).await;
    assert_eq!(raw.status().as_u16(), 200);
    assert_common_headers(&raw);
    let body = json(&raw);
    assert_eq!(
        body["page_info"],
        json!({"next_marker": null, "current_count": 3})
    );
    let instances = body["instances"].as_array().unwrap();
    assert_eq!(instances.len(), 3);
    for instance in instances {
        let o = instance.as_object().unwrap();
        assert_eq!(o.len(), 4);
        let id = o["instance_id"].as_str().unwrap();
        assert!(id.starts_with("ins-") && id.len() == 20, "{id}");
        let store = o["identity_store_id"].as_str().unwrap();
        assert!(store.starts_with("d-") && store.len() == 12, "{store}");
        assert_eq!(o["alias"], Value::Null);
        assert_eq!(
            o["instance_urn"],
            format!("IdentityCenter::system:instance:{id}")
        );
    }
}

#[tokio::test]
async fn pages_follow_next_marker_and_are_deterministic() {
    let sim = Simulator::builder().instances(7).start().await.unwrap();
    let client = sim.client().unwrap();
    let mut request = identity_center::ListInstances {
        limit: Some(3),
        marker: None,
    };
    let mut counts = Vec::new();
    let mut ids = Vec::new();
    loop {
        let page = client.send(&request).await.unwrap();
        assert_eq!(page.page_info.current_count as usize, page.instances.len());
        assert!(page.request_id.is_some());
        counts.push(page.instances.len());
        ids.extend(page.instances.into_iter().map(|i| i.instance_id));
        match page.page_info.next_marker {
            Some(marker) => request.marker = Some(marker),
            None => break,
        }
    }
    assert_eq!(counts, [3, 3, 1]);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 7);

    // Instance i is the same in every simulator.
    let other = Simulator::builder().instances(2).start().await.unwrap();
    let page = other
        .client()
        .unwrap()
        .send(identity_center::ListInstances::default())
        .await
        .unwrap();
    let first: Vec<String> = page.instances.into_iter().map(|i| i.instance_id).collect();
    assert_eq!(first, ids[..2]);

    // A marker on the last instance gives an empty last page.
    let last = ids.last().unwrap().clone();
    let page = client
        .send(identity_center::ListInstances {
            limit: None,
            marker: Some(last),
        })
        .await
        .unwrap();
    assert!(page.instances.is_empty());
    assert_eq!(page.page_info.next_marker, None);
}

#[tokio::test]
async fn bad_limit_or_marker_is_iic_400() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    for query in [
        [("limit", "0")],
        [("limit", "101")],
        [("limit", "abc")],
        [("limit", "")],
        [("limit", "-1")],
        [("limit", "99999999999999999999999")],
        [("marker", "ins-nope")],
    ] {
        let raw = call(&client, Method::GET, "/v1/instances", &query, None).await;
        let body = assert_error(&raw, 400, "IIC.400", true);
        assert!(
            body["error_msg"]
                .as_str()
                .unwrap()
                .starts_with("Bad Request: "),
            "{body}"
        );
    }
    for limit in ["1", "100"] {
        let raw = call(
            &client,
            Method::GET,
            "/v1/instances",
            &[("limit", limit)],
            None,
        )
        .await;
        assert_eq!(raw.status().as_u16(), 200);
    }
    // Through the typed API: the error has code, message and request ID.
    let err = client
        .send(identity_center::ListInstances {
            limit: Some(0),
            marker: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("IIC.400"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn every_service_requires_the_token() {
    let sim = Simulator::builder().token("t").start().await.unwrap();
    let routes = [
        (Method::GET, "/v1/instances"),
        (Method::POST, "/v3.0/OS-USER/users"),
        (Method::POST, "/v5/agencies/assume"),
    ];
    for (token, reason) in [
        (None, "x-auth-token not found"),
        (Some("wrong"), "decrypt token fail"),
    ] {
        let client = raw_client(&sim, token);
        for (method, path) in &routes {
            let raw = call(&client, method.clone(), path, &[], Some(b"{}")).await;
            let body = assert_error(&raw, 401, "APIGW.0301", true);
            assert_eq!(
                body["error_msg"],
                format!("Incorrect IAM authentication information: {reason}")
            );
        }
    }
    let err = raw_client(&sim, None)
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("APIGW.0301"));
    assert!(
        err.to_string()
            .starts_with("APIGW.0301 (HTTP 401): Incorrect IAM authentication information"),
        "{err}"
    );
}

#[tokio::test]
async fn unknown_route_is_404_and_wrong_method_405_before_auth() {
    let sim = Simulator::start().await.unwrap();
    for client in [raw_client(&sim, None), sim.client().unwrap()] {
        let raw = call(&client, Method::GET, "/v9/nothing", &[], None).await;
        assert_error(&raw, 404, "APIGW.0101", true);
        let raw = call(&client, Method::DELETE, "/v1/instances", &[], None).await;
        assert_error(&raw, 405, "APIGW.0101", true);
        let raw = call(&client, Method::GET, "/v5/agencies/assume", &[], None).await;
        assert_error(&raw, 405, "APIGW.0101", true);
    }
}

#[tokio::test]
async fn creates_a_user_like_the_seed() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let body = br#"{"user":{"name":"IAMUser","domain_id":"d78cbac1","description":"IAM User Description","email":"a@b.com","password":"Secret-123"}}"#;
    let raw = call(
        &client,
        Method::POST,
        "/v3.0/OS-USER/users",
        &[],
        Some(body),
    )
    .await;
    assert_eq!(raw.status().as_u16(), 201);
    assert_common_headers(&raw);
    let text = String::from_utf8_lossy(raw.body()).into_owned();
    assert!(!text.contains("Secret-123"), "the password is never echoed");
    let user = json(&raw)["user"].clone();
    let keys: Vec<&str> = user
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "id",
        "name",
        "description",
        "areacode",
        "phone",
        "email",
        "status",
        "enabled",
        "pwd_status",
        "access_mode",
        "is_domain_owner",
        "xuser_id",
        "xuser_type",
        "password_expires_at",
        "create_time",
        "domain_id",
        "xdomain_id",
        "xdomain_type",
        "default_project_id",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected); // serde_json's map is sorted
    assert_eq!(user["name"], "IAMUser");
    assert_eq!(user["domain_id"], "d78cbac1");
    assert_eq!(user["description"], "IAM User Description");
    assert_eq!(user["enabled"], true);
    assert_eq!(user["access_mode"], "default");
    assert_eq!(user["status"], Value::Null);
    assert_eq!(user["password_expires_at"], Value::Null);
    assert_eq!(user["id"].as_str().unwrap().len(), 32);
    let created = user["create_time"].as_str().unwrap();
    assert_eq!(created.len(), "2024-05-21T09:03:41.000000".len());
    assert!(
        created.ends_with(".000000") && created.as_bytes()[10] == b'T',
        "{created}"
    );

    // Typed, and the second time the name is taken.
    let create = iam::CreateUser {
        user: iam::NewUser {
            password: Some(cloudwire::Secret::new("pw")),
            ..iam::NewUser::new("alice", "d78cbac1")
        },
    };
    let created = client.send(&create).await.unwrap();
    assert_eq!(created.user.name, "alice");
    assert_eq!(created.user.description.as_deref(), Some(""));
    assert_eq!(
        created.request_id.as_ref().map(|r| r.as_str().len()),
        Some(32)
    );
    let err = client.send(&create).await.unwrap_err();
    assert_eq!(err.code(), Some("IAM.1109"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    let raw = call(
        &client,
        Method::POST,
        "/v3.0/OS-USER/users",
        &[],
        Some(br#"{"user":{"name":"alice","domain_id":"d78cbac1"}}"#),
    )
    .await;
    assert_error(&raw, 409, "IAM.1109", false);
    // The same name in another account is fine.
    let raw = call(
        &client,
        Method::POST,
        "/v3.0/OS-USER/users",
        &[],
        Some(br#"{"user":{"name":"alice","domain_id":"other"}}"#),
    )
    .await;
    assert_eq!(raw.status().as_u16(), 201);
}

#[tokio::test]
async fn invalid_user_bodies_are_iam_0011() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let long = "x".repeat(33);
    let cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"not json".to_vec(),
        b"[]".to_vec(),
        b"{}".to_vec(),
        br#"{"user":null}"#.to_vec(),
        br#"{"user":"alice"}"#.to_vec(),
        br#"{"user":{"domain_id":"d"}}"#.to_vec(),
        br#"{"user":{"name":"","domain_id":"d"}}"#.to_vec(),
        br#"{"user":{"name":"   ","domain_id":"d"}}"#.to_vec(),
        br#"{"user":{"name":"a"}}"#.to_vec(),
        br#"{"user":{"name":"a","domain_id":""}}"#.to_vec(),
        br#"{"user":{"name":7,"domain_id":"d"}}"#.to_vec(),
        br#"{"user":{"name":"a","domain_id":"d","enabled":"yes"}}"#.to_vec(),
        br#"{"user":{"name":"a","domain_id":"d","email":1}}"#.to_vec(),
        br#"{"user":{"name":"a","domain_id":"d","access_mode":"sometimes"}}"#.to_vec(),
        format!(r#"{{"user":{{"name":"{long}","domain_id":"d"}}}}"#).into_bytes(),
        b"{\"user\":{\"name\":\"\xff\",\"domain_id\":\"d\"}}".to_vec(),
    ];
    for body in &cases {
        let raw = call(
            &client,
            Method::POST,
            "/v3.0/OS-USER/users",
            &[],
            Some(body),
        )
        .await;
        let err = assert_error(&raw, 400, "IAM.0011", false);
        assert_eq!(err["error_msg"], "Request body is invalid.");
    }
    // 32 characters (not bytes) is the limit.
    let name = "é".repeat(32);
    let body = format!(r#"{{"user":{{"name":"{name}","domain_id":"d"}}}}"#);
    let raw = call(
        &client,
        Method::POST,
        "/v3.0/OS-USER/users",
        &[],
        Some(body.as_bytes()),
    )
    .await;
    assert_eq!(raw.status().as_u16(), 201);
    // The typed error keeps the header's request ID though the body has none.
    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("", "d"),
        })
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "IAM.0011 (HTTP 400): Request body is invalid. [request_id={}]",
            err.request_id().unwrap()
        )
    );
}

#[tokio::test]
async fn assumes_an_agency_and_remembers_the_credentials() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let urn = sim.agencies()[0].urn();
    let before = SystemTime::now();
    let assumed = client
        .send(sts::AssumeAgency {
            duration_seconds: Some(900),
            source_identity: Some("alice".into()),
            ..sts::AssumeAgency::new(urn.clone(), "session-1")
        })
        .await
        .unwrap();
    assert_eq!(assumed.source_identity.as_deref(), Some("alice"));
    assert_eq!(
        assumed.assumed_agency.urn,
        "sts::0a1b2c3d4e::assumed-agency:cloudwire-ops/session-1"
    );
    assert_eq!(
        assumed.assumed_agency.id,
        format!("{}:session-1", sim.agencies()[0].id())
    );
    let c = &assumed.credentials;
    assert_eq!(c.access_key_id.len(), 20);
    assert!(c.access_key_id.starts_with("HSTA"));
    assert!(
        c.access_key_id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    );
    assert_eq!(c.secret_access_key.expose().len(), 40);
    assert!(c.security_token.expose().len() > 200);
    assert!(!format!("{assumed:?}").contains(c.secret_access_key.expose()));
    // `2022-09-07T03:27:51.158Z`
    let e = c.expiration.as_bytes();
    assert_eq!(e.len(), 24, "{}", c.expiration);
    assert!(
        e[10] == b'T' && e[19] == b'.' && e[23] == b'Z',
        "{}",
        c.expiration
    );

    let issued = sim
        .issued_credentials(&c.access_key_id)
        .expect("remembered");
    assert_eq!(issued.secret_access_key(), &c.secret_access_key);
    assert_eq!(issued.security_token(), &c.security_token);
    assert_eq!(issued.agency_urn(), urn);
    assert_eq!(issued.session_name(), "session-1");
    let lasts = issued.expires_at().duration_since(before).unwrap();
    assert!(
        lasts >= Duration::from_secs(899) && lasts <= Duration::from_secs(905),
        "{lasts:?}"
    );
    assert!(!issued.is_expired_at(SystemTime::now()));
    assert!(issued.is_expired_at(before + Duration::from_secs(1000)));
    // RFC 3339 in UTC with milliseconds, as STS writes it: 2026-12-02T22:55:41.123Z.
    let e = c.expiration.as_bytes();
    assert!(
        e.len() == 24 && e[4] == b'-' && e[10] == b'T' && e[19] == b'.' && e[23] == b'Z',
        "{}",
        c.expiration
    );
    assert!(sim.issued_credentials("HSTANOPE").is_none());

    // Default duration, no source identity in the body.
    let raw = call(
        &client,
        Method::POST,
        "/v5/agencies/assume",
        &[],
        Some(format!(r#"{{"agency_urn":"{urn}","agency_session_name":"s2"}}"#).as_bytes()),
    )
    .await;
    assert_eq!(raw.status().as_u16(), 200);
    assert_common_headers(&raw);
    let body = json(&raw);
    assert!(body.get("source_identity").is_none());
    let ak = body["credentials"]["access_key_id"].as_str().unwrap();
    let lasts = sim
        .issued_credentials(ak)
        .unwrap()
        .expires_at()
        .duration_since(before)
        .unwrap();
    assert!(
        lasts >= Duration::from_secs(3599) && lasts <= Duration::from_secs(3605),
        "{lasts:?}"
    );
    assert_ne!(ak, c.access_key_id);
}

#[tokio::test]
async fn unknown_agency_is_sts5_1106() {
    let sim = Simulator::builder()
        .agency("acct", "a")
        .agency("acct", "b")
        .start()
        .await
        .unwrap();
    let client = sim.client().unwrap();
    assert!(
        client
            .send(sts::AssumeAgency::new("iam::acct:agency:b", "s1"))
            .await
            .is_ok()
    );
    let err = client
        .send(sts::AssumeAgency::new(
            sts::agency_urn(DEFAULT_ACCOUNT_ID, DEFAULT_AGENCY_NAME),
            "s1",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("STS5.1106"));
    assert_eq!(
        err.message(),
        Some("the agency 'iam::0a1b2c3d4e:agency:cloudwire-ops' cannot be found")
    );
    let id = err.request_id().unwrap().to_string();
    assert_eq!(
        err.to_string(),
        format!(
            "STS5.1106 (HTTP 404): the agency 'iam::0a1b2c3d4e:agency:cloudwire-ops' cannot be found [request_id={id}]"
        )
    );
    let raw = call(
        &client,
        Method::POST,
        "/v5/agencies/assume",
        &[],
        Some(br#"{"agency_urn":"iam::x:agency:y","agency_session_name":"s1"}"#),
    )
    .await;
    assert_error(&raw, 404, "STS5.1106", false);
}

#[tokio::test]
async fn invalid_assume_bodies_are_sts5_400() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let urn = sim.agencies()[0].urn();
    let with = |extra: &str| {
        format!(r#"{{"agency_urn":"{urn}","agency_session_name":"ok-session"{extra}}}"#)
    };
    let cases = [
        String::new(),
        "nope".into(),
        "[1]".into(),
        "{}".into(),
        r#"{"agency_session_name":"s1"}"#.into(),
        format!(r#"{{"agency_urn":"{urn}"}}"#),
        r#"{"agency_urn":"iam::x","agency_session_name":"s1"}"#.into(),
        r#"{"agency_urn":"sts::x:agency:y","agency_session_name":"s1"}"#.into(),
        r#"{"agency_urn":"iam:::agency:y","agency_session_name":"s1"}"#.into(),
        r#"{"agency_urn":5,"agency_session_name":"s1"}"#.into(),
        format!(r#"{{"agency_urn":"{urn}","agency_session_name":"x"}}"#),
        format!(r#"{{"agency_urn":"{urn}","agency_session_name":"has space"}}"#),
        format!(
            r#"{{"agency_urn":"{urn}","agency_session_name":"{}"}}"#,
            "s".repeat(65)
        ),
        with(r#","duration_seconds":899"#),
        with(r#","duration_seconds":43201"#),
        with(r#","duration_seconds":-1"#),
        with(r#","duration_seconds":1000.5"#),
        with(r#","duration_seconds":"1000""#),
        with(r#","source_identity":"a""#),
        with(r#","source_identity":false"#),
    ];
    for body in &cases {
        let raw = call(
            &client,
            Method::POST,
            "/v5/agencies/assume",
            &[],
            Some(body.as_bytes()),
        )
        .await;
        assert_error(&raw, 400, "STS5.1101", false);
    }
    for ok in [
        with(r#","duration_seconds":900"#),
        with(r#","duration_seconds":43200"#),
        with(r#","duration_seconds":null"#),
    ] {
        let raw = call(
            &client,
            Method::POST,
            "/v5/agencies/assume",
            &[],
            Some(ok.as_bytes()),
        )
        .await;
        assert_eq!(raw.status().as_u16(), 200, "{ok}");
    }
}

#[tokio::test]
async fn oversized_body_is_413() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let body = vec![b' '; MAX_BODY_SIZE + 1];
    let raw = call(
        &client,
        Method::POST,
        "/v3.0/OS-USER/users",
        &[],
        Some(&body),
    )
    .await;
    assert_error(&raw, 413, "APIGW.0201", true);
    // The server is still fine.
    let raw = call(&client, Method::GET, "/v1/instances", &[], None).await;
    assert_eq!(raw.status().as_u16(), 200);
}

#[tokio::test]
async fn request_ids_are_unique_and_requests_recorded() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let mut seen = HashSet::new();
    for i in 0..20 {
        let path = if i % 2 == 0 {
            "/v1/instances"
        } else {
            "/nowhere"
        };
        let raw = call(&client, Method::GET, path, &[("limit", "2")], None).await;
        let id = assert_common_headers(&raw);
        let last = sim.last_request().unwrap();
        assert_eq!(last.request_id, id);
        assert_eq!(last.uri.path(), path);
        assert_eq!(last.uri.query(), Some("limit=2"));
        assert!(last.headers.contains_key("user-agent"));
        assert!(
            !format!("{last:?}").contains(DEFAULT_TOKEN),
            "the token is not shown"
        );
        assert!(seen.insert(id));
    }
    assert_eq!(sim.request_count(), 20);
}

/// A client that sends every request once, so injected faults come back as they are.
fn once_client(sim: &Simulator, token: Option<&str>) -> Client {
    let builder = Client::builder()
        .endpoint(sim.url())
        .retry(cloudwire::retry::RetryPolicy::none());
    match token {
        Some(token) => builder.auth(cloudwire::auth::Token::new(token)),
        None => builder,
    }
    .build()
    .expect("client")
}

#[tokio::test]
async fn fail_every_answers_each_nth_request_across_routes_before_auth() {
    let sim = Simulator::builder()
        .fail_every(3, StatusCode::SERVICE_UNAVAILABLE)
        .start()
        .await
        .unwrap();
    let good = once_client(&sim, Some(DEFAULT_TOKEN));
    let bad = once_client(&sim, Some("wrong"));
    let mut faults = Vec::new();
    // Different routes and credentials; only the arrival order decides.
    for i in 1..=9u64 {
        let (client, method, path) = match i % 4 {
            0 => (&good, Method::GET, "/v1/instances"),
            1 => (&bad, Method::GET, "/v1/instances"),
            2 => (&good, Method::POST, "/v5/agencies/assume"),
            _ => (&good, Method::GET, "/nowhere"),
        };
        let raw = call(client, method, path, &[], Some(b"{}")).await;
        if i % 3 == 0 {
            let body = assert_error(&raw, 503, "APIGW.0202", true);
            assert_eq!(body["error_msg"], "Backend unavailable.");
            assert_eq!(sim.last_request().unwrap().request_id, body["request_id"]);
            faults.push(i);
        } else {
            // Not a fault: what the route says (401, 400, 404 or 200).
            assert_ne!(raw.status().as_u16(), 503, "request {i}");
        }
    }
    assert_eq!(faults, [3, 6, 9]);
    assert_eq!(sim.faults_served(), 3);
    assert_eq!(sim.request_count(), 9);

    // As cloudwire reads it (requests 10 and 11 answered, 12 a fault): an
    // `Error::Api` with the gateway's code.
    for _ in 10..=11 {
        good.send(identity_center::ListInstances::default())
            .await
            .unwrap();
    }
    let err = good
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.code(), Some("APIGW.0202"));
    assert_eq!(err.attempts(), 1);
    assert_eq!(sim.faults_served(), 4);
}

#[tokio::test]
async fn fail_every_is_retried_by_the_default_policy_and_counted() {
    let sim = Simulator::builder()
        .fail_every(2, StatusCode::SERVICE_UNAVAILABLE)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(cloudwire::auth::Token::new(sim.token()))
        .retry(
            cloudwire::retry::RetryPolicy::default()
                .with_backoff(cloudwire::retry::Backoff::Fixed(Duration::from_millis(1))),
        )
        .build()
        .unwrap();
    // Requests 1 (answered), 2 (fault) and 3 (its retry, answered).
    let first = call(&client, Method::GET, "/v1/instances", &[], None).await;
    assert_eq!((first.status().as_u16(), first.attempts()), (200, 1));
    let second = call(&client, Method::GET, "/v1/instances", &[], None).await;
    assert_eq!((second.status().as_u16(), second.attempts()), (200, 2));
    let earlier = second.earlier_request_ids();
    assert_eq!(earlier.len(), 1);
    assert_ne!(earlier[0].as_str(), assert_common_headers(&second));
    assert_eq!((sim.faults_served(), sim.request_count()), (1, 3));
}

#[tokio::test]
async fn fault_bodies_by_status_and_off_by_default() {
    for (status, code) in [
        (429, "APIGW.0308"),
        (500, "APIGW.0202"),
        (502, "APIGW.0202"),
        (504, "APIGW.0201"),
        (403, "APIGW.0201"),
    ] {
        let sim = Simulator::builder()
            .fail_every(1, StatusCode::from_u16(status).unwrap())
            .start()
            .await
            .unwrap();
        let client = once_client(&sim, Some(DEFAULT_TOKEN));
        let raw = call(&client, Method::GET, "/v1/instances", &[], None).await;
        assert_error(&raw, status, code, true);
        assert_eq!(sim.faults_served(), 1);
    }
    // Off: the default, and `n = 0`.
    for builder in [
        Simulator::builder(),
        Simulator::builder().fail_every(0, StatusCode::SERVICE_UNAVAILABLE),
    ] {
        let sim = builder.start().await.unwrap();
        let client = once_client(&sim, Some(DEFAULT_TOKEN));
        for _ in 0..5 {
            let raw = call(&client, Method::GET, "/v1/instances", &[], None).await;
            assert_eq!(raw.status().as_u16(), 200);
        }
        assert_eq!((sim.faults_served(), sim.request_count()), (0, 5));
    }
}

#[tokio::test]
async fn garbage_never_gets_a_5xx() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let ids = Ids::new();
    let pieces: &[&[u8]] = &[
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"user\"",
        b":",
        b",",
        b"\"name\"",
        b"null",
        b"1e999",
        b"\xff",
        b"\"agency_urn\"",
        b"\\u0000",
        b"true",
    ];
    for _ in 0..200 {
        let len = ids.next_u64() % 12;
        let body: Vec<u8> = (0..len)
            .flat_map(|_| {
                pieces[(ids.next_u64() % pieces.len() as u64) as usize]
                    .iter()
                    .copied()
            })
            .collect();
        for path in ["/v3.0/OS-USER/users", "/v5/agencies/assume"] {
            let raw = call(&client, Method::POST, path, &[], Some(&body)).await;
            assert!(
                raw.status().is_client_error() || raw.status().is_success(),
                "{} for {:?}",
                raw.status(),
                String::from_utf8_lossy(&body)
            );
            assert_common_headers(&raw);
        }
    }
}

/// Whether this simulator is gone: nothing answers on its address, or what
/// answers is another simulator (a parallel test that got the port again),
/// which refuses this one's unique token.
async fn is_gone(client: &Client) -> bool {
    match client.send(identity_center::ListInstances::default()).await {
        Ok(_) => false,
        Err(err) => err.as_api().is_none_or(|e| e.status().as_u16() == 401),
    }
}

#[tokio::test]
async fn shutdown_and_drop_release_the_port() {
    let unique = unique_token();
    let sim = Simulator::builder()
        .token(unique.as_str())
        .start()
        .await
        .unwrap();
    let client = sim.client().unwrap();
    // An idle keep-alive connection must not hold the server open.
    assert!(!is_gone(&client).await);
    tokio::time::timeout(Duration::from_secs(3), sim.shutdown())
        .await
        .expect("shutdown is quick");
    assert!(is_gone(&client).await);

    let sim = Simulator::builder()
        .token(unique.as_str())
        .start()
        .await
        .unwrap();
    let client = sim.client().unwrap();
    assert!(!is_gone(&client).await);
    drop(sim);
    let mut gone = false;
    for _ in 0..100 {
        if is_gone(&client).await {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(gone, "the server stops after drop");
}

/// Sends raw bytes and reads until the server closes the connection.
async fn raw_exchange(addr: SocketAddr, request: String) -> String {
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        stream.write_all(request.as_bytes()).expect("write");
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    })
    .await
    .expect("join")
}

#[tokio::test]
async fn raw_http_connection_close_and_malformed_queries() {
    let sim = Simulator::start().await.unwrap();
    let response = raw_exchange(
        sim.addr(),
        "GET /v1/instances?limit=%ZZ&marker=%FF HTTP/1.1\r\nHost: x\r\nX-Auth-Token: sim-token\r\nConnection: close\r\n\r\n".into(),
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 400 "), "{response}");
    assert!(response.contains("connection: close\r\n"), "{response}");
    assert!(response.contains(r#""error_code":"IIC.400""#), "{response}");

    let response = raw_exchange(
        sim.addr(),
        "GET /v1/instances?marker=%FF%FE HTTP/1.0\r\nX-Auth-Token: sim-token\r\n\r\n".into(),
    )
    .await;
    assert!(response.starts_with("HTTP/1.0 400 "), "{response}");
    assert!(response.contains("connection: close\r\n"), "{response}");
    assert!(
        response.contains("Bad Request: marker is invalid."),
        "{response}"
    );

    // Chunked body, truncated JSON.
    let response = raw_exchange(
        sim.addr(),
        "POST /v3.0/OS-USER/users HTTP/1.1\r\nHost: x\r\nX-Auth-Token: sim-token\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"use\r\n0\r\n\r\n".into(),
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 400 "), "{response}");
    assert!(response.contains("IAM.0011"), "{response}");
}
