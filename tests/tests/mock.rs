//! The generated endpoints of `cloudwire_examples::services` (and ad-hoc ones)
//! through `cloudwire::testing::MockTransport`: what goes on the wire, signed,
//! and how scripted answers and failures come back through the client's
//! retries, timeouts, body limit and error decoding.

use cloudwire::auth::{AkSk, Credentials, Token};
use cloudwire::retry::{Backoff, RetryPolicy};
use cloudwire::serde_json::json;
use cloudwire::testing::{Matcher, MockTransport, Reply};
use cloudwire::{Client, DecodeKind, EndpointError, Error, TimeoutKind, TypedError};
use cloudwire_examples::services::{iam, identity_center, sts};
use std::time::{Duration, Instant, SystemTime};

fn instances_page(ids: &[&str], next: Option<&str>) -> cloudwire::serde_json::Value {
    let instances: Vec<_> = ids
        .iter()
        .map(|id| {
            json!({
                "identity_store_id": "d-1",
                "instance_id": id,
                "alias": null,
                "instance_urn": format!("IdentityCenter::system:instance:{id}"),
            })
        })
        .collect();
    json!({
        "instances": instances,
        "page_info": {"next_marker": next, "current_count": ids.len()},
    })
}

fn user_json(name: &str) -> cloudwire::serde_json::Value {
    json!({"user": {
        "id": "u-1", "name": name, "enabled": true,
        "create_time": "2026-12-02T00:00:00.000000", "domain_id": "d78cbac1",
    }})
}

/// A client over `mock` that retries without waiting.
fn fast_client(mock: &MockTransport) -> Client {
    mock.client_builder()
        .auth(Token::new("tok-secret-123"))
        .retry(RetryPolicy::default().with_backoff(Backoff::None))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_scripted_success_decodes_and_the_request_is_recorded_as_sent() {
    let mock = MockTransport::new();
    mock.push(
        Reply::json(200, instances_page(&["ins-1", "ins-2"], Some("m2")))
            .request_id("0123456789abcdef"),
    );
    let client = fast_client(&mock);
    let page = client
        .send(identity_center::ListInstances {
            limit: Some(2),
            marker: Some("a b/c".into()),
        })
        .await
        .unwrap();
    assert_eq!(page.instances.len(), 2);
    assert_eq!(page.instances[1].instance_id, "ins-2");
    assert_eq!(page.page_info.next_marker.as_deref(), Some("m2"));
    assert_eq!(page.request_id.unwrap().as_str(), "0123456789abcdef");

    mock.assert_requests(1).assert_done();
    let sent = mock.last_request();
    sent.assert_method("GET")
        .assert_path("/v1/instances")
        .assert_query("limit", "2")
        .assert_query_pairs(&[("limit", "2"), ("marker", "a b/c")])
        .assert_header("x-auth-token", "tok-secret-123")
        .assert_header("content-type", "application/json")
        .assert_header("user-agent", cloudwire::DEFAULT_USER_AGENT)
        .assert_no_header("content-length")
        .assert_no_body()
        .assert_attempt(1);
    assert_eq!(sent.raw_query(), Some("limit=2&marker=a%20b%2Fc"));
    assert_eq!(
        sent.url(),
        "https://mock.invalid/v1/instances?limit=2&marker=a%20b%2Fc"
    );
}

#[tokio::test]
async fn a_json_body_is_compared_as_json_and_a_bodyless_post_says_so() {
    let mock = MockTransport::new();
    mock.push(Reply::json(201, user_json("alice")));
    let client = fast_client(&mock);
    let created = client
        .send(iam::CreateUser {
            user: iam::NewUser {
                email: Some("alice@example.com".into()),
                ..iam::NewUser::new("alice", "d78cbac1")
            },
        })
        .await
        .unwrap();
    assert_eq!(created.user.name, "alice");
    let sent = mock.last_request();
    sent.assert_method("POST")
        .assert_path("/v3.0/OS-USER/users")
        // Member order and spacing do not matter to `assert_json` ...
        .assert_json(json!({"user": {"email": "alice@example.com", "domain_id": "d78cbac1", "name": "alice"}}))
        // ... but the bytes are the SDK's.
        .assert_body(
            br#"{"user": {"name": "alice", "domain_id": "d78cbac1", "email": "alice@example.com"}}"#,
        )
        .assert_header("content-type", "application/json;charset=utf-8");

    // A POST without a body gets `Content-Length: 0`, as the SDK's HTTP stack sends it.
    #[cloudwire::api_response(status = 204)]
    struct Done;
    #[cloudwire::endpoint(POST, "/v1/jobs/{id}/cancel", response = Done)]
    struct Cancel {
        #[cloudwire(path)]
        id: String,
    }
    mock.push(Reply::status(204));
    client.send(Cancel { id: "j 1".into() }).await.unwrap();
    mock.last_request()
        .assert_path("/v1/jobs/j%201/cancel")
        .assert_header("content-length", "0")
        .assert_no_body();
}

#[tokio::test]
async fn an_error_body_is_decoded_with_its_request_id_and_not_retried() {
    let mock = MockTransport::new();
    mock.push(
        Reply::error(409, "IAM.1109", "The username already exists.")
            .request_id("e311530c3f0b4b1c9d5e6f7a8b951311"),
    );
    let client = fast_client(&mock);
    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("alice", "d78cbac1"),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.code(), Some("IAM.1109"));
    assert_eq!(err.message(), Some("The username already exists."));
    assert_eq!(
        err.request_id().unwrap().as_str(),
        "e311530c3f0b4b1c9d5e6f7a8b951311"
    );
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        err.to_string(),
        "IAM.1109 (HTTP 409): The username already exists. [request_id=e311530c3f0b4b1c9d5e6f7a8b951311]"
    );
    mock.assert_requests(1);
}

#[tokio::test]
async fn server_errors_then_success_are_retried_and_counted() {
    let mock = MockTransport::new();
    mock.push(Reply::error(503, "APIGW.0202", "Backend unavailable.").request_id("r1"))
        .push(Reply::status(502).request_id("r2"))
        .push(Reply::json(200, instances_page(&["ins-1"], None)).request_id("r3"));
    let client = fast_client(&mock);
    let page = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap();
    assert_eq!(page.request_id.unwrap().as_str(), "r3");
    mock.assert_requests(3).assert_done();
    let attempts: Vec<u32> = mock.requests().iter().map(|r| r.attempt()).collect();
    assert_eq!(attempts, [1, 2, 3]);

    // Out of attempts: the last answer, with the earlier request IDs.
    mock.clear_requests();
    mock.route(Matcher::any(), Reply::status(503).request_id("again"));
    let err = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status().unwrap().as_u16(), 503);
    let earlier: Vec<&str> = err
        .earlier_request_ids()
        .iter()
        .map(|i| i.as_str())
        .collect();
    assert_eq!(earlier, ["again", "again"]);
    mock.assert_requests(3);

    // A POST is not retried on a 503 (it may have been applied) ...
    mock.clear_requests();
    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("bob", "d78cbac1"),
        })
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    mock.assert_requests(1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_every_method() {
    let mock = MockTransport::new();
    mock.push(Reply::connect_refused())
        .push(Reply::json(201, user_json("carol")));
    let client = fast_client(&mock);
    let created = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("carol", "d78cbac1"),
        })
        .await
        .unwrap();
    assert_eq!(created.user.name, "carol");
    mock.assert_requests(2);
    mock.request(0).assert_attempt(1);
    mock.request(1).assert_attempt(2).assert_method("POST");

    // Refused every time: a connect error after every attempt.
    mock.clear_requests();
    mock.route(Matcher::any(), Reply::connect_refused());
    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("carol", "d78cbac1"),
        })
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert!(err.to_string().starts_with("could not connect"), "{err}");
    assert_eq!(err.service_error::<CallError>(), None);
}

#[tokio::test]
async fn a_reset_is_retried_only_when_idempotent_and_a_cut_body_keeps_the_head() {
    let mock = MockTransport::new();
    let client = fast_client(&mock);
    mock.push(Reply::reset())
        .push(Reply::json(200, instances_page(&[], None)));
    client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap();
    mock.assert_requests(2);

    mock.clear_requests();
    mock.push(Reply::reset());
    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("dan", "d78cbac1"),
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(_)) && !err.is_connect(),
        "{err:?}"
    );
    mock.assert_requests(1);

    mock.clear_requests();
    mock.push(Reply::reset_after_headers(200).request_id("cut-1"))
        .push(Reply::reset_after_headers(200).request_id("cut-2"))
        .push(Reply::reset_after_headers(200).request_id("cut-3"));
    let err = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 200);
    assert_eq!(err.request_id().unwrap().as_str(), "cut-3");
    assert_eq!(err.attempts(), 3);
    assert!(
        err.to_string()
            .starts_with("connection failed while reading the body"),
        "{err}"
    );
    mock.assert_done();
}

#[tokio::test]
async fn a_delay_past_the_attempt_limit_is_an_attempt_timeout() {
    let mock = MockTransport::new();
    let client = mock
        .client_builder()
        .attempt_timeout(Duration::from_millis(100))
        .retry(RetryPolicy::default().with_backoff(Backoff::None))
        .build()
        .unwrap();
    // A slow first answer times out; the retry is answered in time.
    mock.push(Reply::json(200, instances_page(&[], None)).delay(Duration::from_secs(30)))
        .push(Reply::json(200, instances_page(&["ins-9"], None)).delay(Duration::from_millis(10)));
    let started = Instant::now();
    let page = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap();
    assert_eq!(page.instances[0].instance_id, "ins-9");
    assert!(started.elapsed() < Duration::from_secs(5));
    mock.assert_requests(2);

    // Never answered: each attempt times out, then the call fails as a timeout.
    mock.clear_requests();
    mock.route(Matcher::any(), Reply::stall());
    let started = Instant::now();
    let err = client
        .call(identity_center::ListInstances::default())
        .max_attempts(2)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Attempt), "{err:?}");
    assert_eq!(err.attempts(), 2);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(started.elapsed() < Duration::from_secs(5));

    // The total limit bounds the call, waits included.
    let err = client
        .call(identity_center::ListInstances::default())
        .timeout(Duration::from_millis(150))
        .attempt_timeout(Duration::from_secs(10))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Total), "{err:?}");
}

#[tokio::test]
async fn the_body_limit_holds_over_the_mock() {
    let mock = MockTransport::new();
    let client = mock.client_builder().max_body_size(64).build().unwrap();
    mock.push(Reply::json(
        200,
        instances_page(&["ins-aaaaaaaaaaaaaaaaaaaaaaaa"], None),
    ));
    let err = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.kind(), DecodeKind::TooLarge);
}

#[tokio::test]
async fn an_unscripted_request_fails_at_once_and_names_the_request() {
    let mock = MockTransport::new();
    let client = fast_client(&mock);
    let started = Instant::now();
    let err = client
        .send(identity_center::ListInstances {
            limit: Some(5),
            marker: None,
        })
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(err.attempts(), 1, "never retried");
    let shown = err.to_string();
    assert!(
        shown.contains("no reply for #1 GET /v1/instances?limit=5 (attempt 1)"),
        "{shown}"
    );
    assert!(shown.contains("MockTransport::push"), "{shown}");
    mock.assert_requests(1);
}

#[tokio::test]
async fn matchers_pick_replies_queued_first_then_routes() {
    let mock = MockTransport::new();
    mock.route(
        Matcher::any().method("GET").path("/v1/instances"),
        Reply::json(200, instances_page(&["routed"], None)),
    )
    .push_for(
        Matcher::any().query("marker", "m2"),
        Reply::json(200, instances_page(&["second-page"], None)),
    )
    .route(
        Matcher::when(|r| r.path() == "/v3.0/OS-USER/users")
            .header("Content-Type", "application/json;charset=utf-8"),
        Reply::error(400, "IAM.0011", "Request body is invalid."),
    );
    let client = fast_client(&mock);
    let first = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap();
    assert_eq!(first.instances[0].instance_id, "routed");
    let second = client
        .send(identity_center::ListInstances {
            marker: Some("m2".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(second.instances[0].instance_id, "second-page");
    // The queued reply was used once; the route answers again.
    let third = client
        .send(identity_center::ListInstances {
            marker: Some("m2".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(third.instances[0].instance_id, "routed");
    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("x", "d"),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("IAM.0011"));
    mock.assert_done();
}

/// The request every run signs: the same time, key and body give the same
/// bytes, so the whole signed request can be compared.
#[tokio::test]
async fn a_signed_request_with_a_fixed_clock_is_a_stable_snapshot() {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_926_258); // 20261129T042418Z
    let mock = MockTransport::new();
    let client = Client::builder()
        .endpoint("https://iam.cn-north-4.myhuaweicloud.com")
        .auth(
            AkSk::new(
                Credentials::new("HPUAEXAMPLEAK", "example-secret-key")
                    .with_domain_id("d78cbac1")
                    .with_security_token("gQpjbi1ub3J0aC00-token"),
            )
            .with_clock(move || at),
        )
        .user_agent("my-tool/1.0")
        .transport(mock.clone())
        .build()
        .unwrap();
    mock.push(Reply::json(201, user_json("alice")));
    client
        .send(iam::CreateUser {
            user: iam::NewUser::new("alice", "d78cbac1"),
        })
        .await
        .unwrap();
    let sent = mock.last_request();
    let headers: Vec<(String, String)> = sent
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let expected: Vec<(String, String)> = SNAPSHOT_HEADERS
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(headers, expected);
    assert_eq!(
        sent.body().as_ref(),
        br#"{"user": {"name": "alice", "domain_id": "d78cbac1"}}"#
    );

    // The signature verifies with the secret key (and not with another) ...
    let mut request = cloudwire::http::Request::builder()
        .method(sent.method().clone())
        .uri(sent.url());
    for (name, value) in sent.headers() {
        request = request.header(name, value);
    }
    let request = request.body(sent.body().clone()).unwrap();
    cloudwire::auth::signer::verify(&request, "example-secret-key").unwrap();
    assert!(cloudwire::auth::signer::verify(&request, "another-key").is_err());

    // ... and a failed assertion shows the request without a credential.
    let shown = std::panic::catch_unwind(|| {
        sent.assert_path("/v3.0/OS-USER/other");
    })
    .unwrap_err();
    let shown = shown.downcast_ref::<String>().unwrap();
    assert!(
        shown.contains("expected path `/v3.0/OS-USER/other`, sent `/v3.0/OS-USER/users`"),
        "{shown}"
    );
    assert!(shown.contains("x-domain-id: d78cbac1"), "{shown}");
    assert!(
        shown.contains("SignedHeaders=content-type;host;user-agent;x-domain-id;x-sdk-date;x-security-token, Signature=***"),
        "{shown}"
    );
    assert!(shown.contains("x-security-token: ***"), "{shown}");
    let signature = sent
        .header("authorization")
        .unwrap()
        .rsplit('=')
        .next()
        .unwrap();
    for secret in [signature, "gQpjbi1ub3J0aC00-token", "example-secret-key"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
        assert!(!format!("{sent:?}").contains(secret), "{secret} in Debug");
    }
}

/// The headers of the signed request, in the order sent. The official Python
/// SDK's signer (`huaweicloudsdkcore` 3.1.219, `Signer.sign`) computes the
/// same `Authorization` for these headers and body.
const SNAPSHOT_HEADERS: &[(&str, &str)] = &[
    ("user-agent", "my-tool/1.0"),
    ("content-type", "application/json;charset=utf-8"),
    ("x-domain-id", "d78cbac1"),
    ("x-security-token", "gQpjbi1ub3J0aC00-token"),
    ("x-sdk-date", "20261129T042418Z"),
    ("host", "iam.cn-north-4.myhuaweicloud.com"),
    (
        "authorization",
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK, \
         SignedHeaders=content-type;host;user-agent;x-domain-id;x-sdk-date;x-security-token, \
         Signature=dcd7be082e1740a95c06abe4826ff91e447cf0d54735b096503b36b9a2ebaa91",
    ),
];

/// The service errors the tests below read.
#[derive(Debug, PartialEq, Eq, cloudwire::ServiceError)]
enum CallError {
    #[cloudwire(code = "STS5.1106")]
    NoSuchAgency,
    #[cloudwire(code = "STS5.1101")]
    BadRequest,
    #[cloudwire(other)]
    Other(String),
}

/// STS's assume-agency call declared with its error type: the call returns
/// `TypedError<CallError>`.
#[cloudwire::endpoint(POST, "/v5/agencies/assume", response = sts::AssumeAgencyResponse, error = CallError)]
struct AssumeAgencyTyped {
    agency_urn: String,
    agency_session_name: String,
}

#[tokio::test]
async fn an_endpoint_declared_with_an_error_type_returns_it() {
    let mock = MockTransport::new();
    let client = fast_client(&mock);
    let assume = || AssumeAgencyTyped {
        agency_urn: sts::agency_urn("0a1b2c3d4e", "gone"),
        agency_session_name: "s".into(),
    };
    mock.push(Reply::error(404, "STS5.1106", "the agency cannot be found").request_id("rid-404"));
    let err: TypedError<CallError> = client.send(assume()).await.unwrap_err();
    assert_eq!(err.service(), Some(&CallError::NoSuchAgency));
    assert_eq!(err.request_id().unwrap().as_str(), "rid-404");
    assert_eq!(
        err.to_string(),
        "STS5.1106 (HTTP 404): the agency cannot be found [request_id=rid-404]"
    );

    mock.push(Reply::error(400, "STS5.9999", "new"));
    let err = client.send(assume()).await.unwrap_err();
    assert_eq!(err.service(), Some(&CallError::Other("STS5.9999".into())));

    // No answer from the service: no service error, the error is all there is.
    mock.push(Reply::connect_refused())
        .push(Reply::connect_refused())
        .push(Reply::connect_refused());
    let err = client.send(assume()).await.unwrap_err();
    assert_eq!(err.service(), None);
    assert!(err.is_connect());
    let (inner, service) = err.into_parts();
    assert!(matches!(inner, Error::Transport(_)) && service.is_none());

    // `?` into `cloudwire::Error` needs nothing more.
    async fn plain(client: &Client, req: AssumeAgencyTyped) -> Result<(), Error> {
        client.send(req).await?;
        Ok(())
    }
    mock.push(Reply::error(400, "STS5.1101", "bad"));
    let err = plain(&client, assume()).await.unwrap_err();
    assert_eq!(err.code(), Some("STS5.1101"));

    // Generic code reaches the `Error` of any endpoint.
    async fn request_id_of<E: cloudwire::Endpoint>(client: &Client, e: E) -> Option<String> {
        let err = client.send(e).await.err()?;
        err.as_error().request_id().map(|id| id.as_str().to_owned())
    }
    mock.push(Reply::status(500).request_id("typed"));
    assert_eq!(
        request_id_of(&client, assume()).await.as_deref(),
        Some("typed")
    );
    mock.push(Reply::status(400).request_id("plain"));
    assert_eq!(
        request_id_of(&client, identity_center::ListInstances::default())
            .await
            .as_deref(),
        Some("plain")
    );
    mock.assert_done();
}
