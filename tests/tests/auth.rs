//! Authentication end to end against the simulator, which checks requests as
//! the real gateway does: AK/SK signatures (all three algorithms), clock skew,
//! temporary credentials from its own STS, tokens from its own IAM.

use cloudwire::auth::iam::CreateToken;
use cloudwire::auth::signer::{self, Algorithm, SigningKey};
use cloudwire::auth::sts::{AssumeAgency, AssumeAgencyProvider};
use cloudwire::auth::{AkSk, Credentials, Token};
use cloudwire::http::{HeaderValue, Uri};
use cloudwire::{ApiError, Client, Endpoint, Error, RawResponse};
use cloudwire_examples::services::{iam, identity_center};
use cloudwire_examples::simulator::{self, Simulator};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

fn permanent() -> Credentials {
    Credentials::new(simulator::DEFAULT_ACCESS_KEY, simulator::DEFAULT_SECRET_KEY)
}

fn signed_client(sim: &Simulator, algorithm: Algorithm) -> Client {
    Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(permanent()).with_algorithm(algorithm))
        .build()
        .unwrap()
}

fn plain_client(sim: &Simulator) -> Client {
    Client::builder().endpoint(sim.url()).build().unwrap()
}

fn agency_urn(sim: &Simulator) -> String {
    sim.agencies()[0].urn()
}

fn create_user(name: &str) -> iam::CreateUser {
    iam::CreateUser {
        user: iam::NewUser::new(name, simulator::DEFAULT_ACCOUNT_ID),
    }
}

fn list(limit: u32) -> identity_center::ListInstances {
    identity_center::ListInstances {
        limit: Some(limit),
        marker: None,
    }
}

/// Asserts the simulator refused a request as the gateway does.
fn assert_refused(raw: RawResponse, reason: &str) {
    let err = ApiError::from_response(raw);
    assert_eq!(err.status().as_u16(), 401, "{err}");
    assert_eq!(err.code(), Some("APIGW.0301"), "{err}");
    assert!(err.message().unwrap().contains(reason), "{err}");
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn signed_requests_are_accepted_with_every_algorithm() {
    let sim = Simulator::start().await.unwrap();
    for (i, algorithm) in [
        Algorithm::HmacSha256,
        Algorithm::derived("cn-north-4", "iam"),
        Algorithm::HmacSm3,
    ]
    .into_iter()
    .enumerate()
    {
        let client = signed_client(&sim, algorithm.clone());
        let page = client.send(list(2)).await.unwrap();
        assert_eq!(page.instances.len(), 2, "{algorithm:?}");
        let created = client.send(create_user(&format!("user-{i}"))).await;
        assert!(created.is_ok(), "{algorithm:?}: {created:?}");
        let seen = sim.last_request().unwrap();
        let auth = seen.headers["authorization"].to_str().unwrap();
        assert!(auth.starts_with(algorithm.name()), "{auth}");
    }
}

#[tokio::test]
async fn an_access_key_with_inner_spaces_signs_as_the_sdk_signs() {
    // The official SDK signs any non-empty access key; the gateway reads it from
    // `Access=` / `Credential=` up to the `,` (or `/`) that ends it.
    let (ak, sk) = ("HPUA EXAMPLE  AK01", "secret-of-the-spaced-key");
    let sim = Simulator::builder().key_pair(ak, sk).start().await.unwrap();
    for algorithm in [
        Algorithm::HmacSha256,
        Algorithm::derived("cn-north-4", "iam"),
        Algorithm::HmacSm3,
    ] {
        let client = Client::builder()
            .endpoint(sim.url())
            .auth(AkSk::new(Credentials::new(ak, sk)).with_algorithm(algorithm.clone()))
            .build()
            .unwrap();
        let page = client.send(list(1)).await;
        assert!(page.is_ok(), "{algorithm:?}: {page:?}");
        let seen = sim.last_request().unwrap();
        let auth = signer::Authorization::from_headers(&seen.headers).unwrap();
        assert_eq!(auth.access_key(), ak, "{algorithm:?}");
    }
    // The same key with a wrong secret is still refused.
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(ak, "wrong")))
        .build()
        .unwrap();
    let err = client.send(list(1)).await.unwrap_err();
    assert_eq!(err.code(), Some("APIGW.0301"), "{err}");
}

#[tokio::test]
async fn unauthenticated_and_wrong_key_are_refused() {
    let sim = Simulator::start().await.unwrap();
    let err = plain_client(&sim).send(list(1)).await.unwrap_err();
    assert_eq!(err.code(), Some("APIGW.0301"));
    assert!(err.message().unwrap().contains("x-auth-token not found"));

    let wrong = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(
            simulator::DEFAULT_ACCESS_KEY,
            "not-the-key",
        )))
        .build()
        .unwrap();
    let err = wrong.send(list(1)).await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 401);
    assert!(
        err.message()
            .unwrap()
            .contains("verify aksk signature fail"),
        "{err}"
    );

    let unknown = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new("UNKNOWNAK", "x")))
        .build()
        .unwrap();
    let err = unknown.send(list(1)).await.unwrap_err();
    assert!(
        err.message().unwrap().contains("access key does not exist"),
        "{err}"
    );
}

/// Signs a request with the client, lets `tamper` change it, sends it as changed.
async fn send_tampered(
    sim: &Simulator,
    request: impl Endpoint,
    tamper: impl FnOnce(&mut cloudwire::http::Request<cloudwire::bytes::Bytes>),
) -> RawResponse {
    let client = signed_client(sim, Algorithm::HmacSha256);
    let mut prepared = client.prepare(request.to_request().unwrap()).await.unwrap();
    tamper(&mut prepared);
    client.execute(prepared).await.unwrap()
}

#[tokio::test]
async fn untampered_signed_request_passes_the_same_path() {
    let sim = Simulator::start().await.unwrap();
    let raw = send_tampered(&sim, create_user("intact"), |_| {}).await;
    assert_eq!(raw.status().as_u16(), 201);
}

#[tokio::test]
async fn changed_body_is_refused() {
    let sim = Simulator::start().await.unwrap();
    let raw = send_tampered(&sim, create_user("alice"), |r| {
        let body = String::from_utf8(r.body().to_vec())
            .unwrap()
            .replace("alice", "mallory");
        *r.body_mut() = body.into();
    })
    .await;
    assert_refused(raw, "verify aksk signature fail");
}

#[tokio::test]
async fn changed_signed_header_is_refused() {
    let sim = Simulator::start().await.unwrap();
    let raw = send_tampered(&sim, list(1), |r| {
        r.headers_mut()
            .insert("user-agent", HeaderValue::from_static("someone-else/1.0"));
    })
    .await;
    assert_refused(raw, "verify aksk signature fail");
    // An added header is not signed, so the signature still holds for the rest.
    let raw = send_tampered(&sim, list(1), |r| {
        r.headers_mut()
            .insert("x-extra", HeaderValue::from_static("1"));
    })
    .await;
    assert_eq!(raw.status().as_u16(), 200);
}

#[tokio::test]
async fn changed_query_is_refused_and_reordering_is_not_a_change() {
    let sim = Simulator::start().await.unwrap();
    let with_query = |query: &'static str| {
        move |r: &mut cloudwire::http::Request<cloudwire::bytes::Bytes>| {
            let uri = r.uri().clone();
            let new: Uri = format!(
                "{}://{}{}?{query}",
                uri.scheme_str().unwrap(),
                uri.authority().unwrap(),
                uri.path()
            )
            .parse()
            .unwrap();
            *r.uri_mut() = new;
        }
    };
    // Signed with the canonical query `limit=1&marker=`.
    let marker = || identity_center::ListInstances {
        limit: Some(1),
        marker: Some(String::new()),
    };
    let raw = send_tampered(&sim, marker(), with_query("limit=2&marker=")).await;
    assert_refused(raw, "verify aksk signature fail");
    let raw = send_tampered(&sim, marker(), with_query("limit=1")).await;
    assert_refused(raw, "verify aksk signature fail");
    // The canonical query sorts parameters, so order on the wire is not signed:
    // the same parameters in another order are the same request.
    let raw = send_tampered(&sim, marker(), with_query("marker=&limit=1")).await;
    assert_eq!(raw.status().as_u16(), 200);
}

#[tokio::test]
async fn clock_skew_over_fifteen_minutes_is_refused() {
    let sim = Simulator::start().await.unwrap();
    let client = plain_client(&sim);
    let key = SigningKey::new(simulator::DEFAULT_ACCESS_KEY, simulator::DEFAULT_SECRET_KEY);
    for (offset_secs, accepted) in [
        (-14 * 60, true),
        (14 * 60, true),
        (-16 * 60, false),
        (16 * 60, false),
    ] {
        let mut request = client.prepare(list(1).to_request().unwrap()).await.unwrap();
        let now = SystemTime::now();
        let at = if offset_secs < 0 {
            now - Duration::from_secs(-offset_secs as u64)
        } else {
            now + Duration::from_secs(offset_secs as u64)
        };
        signer::sign(&mut request, &Algorithm::HmacSha256, &key, at).unwrap();
        let raw = client.execute(request).await.unwrap();
        if accepted {
            assert_eq!(raw.status().as_u16(), 200, "offset {offset_secs}s");
        } else {
            assert_refused(raw, "more than 15 minutes off");
        }
    }
}

#[tokio::test]
async fn sts_credentials_work_on_the_other_services() {
    let sim = Simulator::start().await.unwrap();
    let sts = signed_client(&sim, Algorithm::HmacSha256);
    let assumed = sts
        .send(AssumeAgency::new(agency_urn(&sim), "e2e"))
        .await
        .unwrap();
    let creds = assumed.credentials.clone().into_credentials().unwrap();
    assert!(sim.issued_credentials(creds.access_key()).is_some());

    let as_agency = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(creds.clone()))
        .build()
        .unwrap();
    as_agency.send(create_user("by-agency")).await.unwrap();
    let seen = sim.last_request().unwrap();
    assert_eq!(
        seen.headers["x-security-token"].as_bytes(),
        creds.security_token().unwrap().expose().as_bytes()
    );
    assert!(
        seen.headers["authorization"]
            .to_str()
            .unwrap()
            .contains("x-security-token")
    );

    // The same keys with another token, or none, are refused.
    let forged = Credentials::new(creds.access_key(), creds.secret_key().clone())
        .with_security_token("forged");
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(forged))
        .build()
        .unwrap();
    let err = client.send(list(1)).await.unwrap_err();
    assert!(
        err.message().unwrap().contains("security token is invalid"),
        "{err}"
    );
    let bare = Credentials::new(creds.access_key(), creds.secret_key().clone());
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(bare))
        .build()
        .unwrap();
    let err = client.send(list(1)).await.unwrap_err();
    assert!(
        err.message().unwrap().contains("security token is missing"),
        "{err}"
    );
}

/// Sends `n` requests at once from separate tasks; all must succeed.
async fn concurrently(client: &Client, n: usize) {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send(list(1)).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn refresh_provider_shares_one_refresh_among_concurrent_requests() {
    let sim = Simulator::start().await.unwrap();
    let sts = signed_client(&sim, Algorithm::HmacSha256);
    let provider = Arc::new(AssumeAgencyProvider::new(
        sts,
        AssumeAgency::new(agency_urn(&sim), "fleet"),
    ));
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::shared(provider.clone()))
        .build()
        .unwrap();
    concurrently(&client, 32).await;
    assert_eq!(
        provider.refresh_count(),
        1,
        "one STS call for 32 concurrent requests"
    );
    client.send(list(1)).await.unwrap();
    assert_eq!(provider.refresh_count(), 1, "cached credentials are reused");
}

#[tokio::test]
async fn refresh_provider_renews_before_expiry() {
    let sim = Simulator::start().await.unwrap();
    let sts = signed_client(&sim, Algorithm::HmacSha256);
    // 900 s credentials renewed 899 s early: fresh for one second.
    let provider = Arc::new(
        AssumeAgencyProvider::new(
            sts,
            AssumeAgency::new(agency_urn(&sim), "short").with_duration_seconds(900),
        )
        .with_margin(Duration::from_secs(899)),
    );
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::shared(provider.clone()))
        .build()
        .unwrap();
    client.send(list(1)).await.unwrap();
    client.send(list(1)).await.unwrap();
    assert_eq!(provider.refresh_count(), 1);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    concurrently(&client, 8).await;
    assert_eq!(provider.refresh_count(), 2, "renewed once, for all eight");
}

#[tokio::test]
async fn refresh_failure_is_an_auth_error_with_the_cause() {
    let sim = Simulator::start().await.unwrap();
    let sts = signed_client(&sim, Algorithm::HmacSha256);
    let provider = AssumeAgencyProvider::new(
        sts,
        AssumeAgency::new("iam::0a1b2c3d4e:agency:missing", "job"),
    );
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(provider))
        .build()
        .unwrap();
    let err = client.send(list(1)).await.unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("{err:?}")
    };
    assert!(auth.message().contains("iam::0a1b2c3d4e:agency:missing"));
    assert_eq!(err.code(), Some("STS5.1106"));
    assert_eq!(err.status().unwrap().as_u16(), 404);
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn token_from_iam_authenticates_later_calls() {
    let sim = Simulator::start().await.unwrap();
    let iam_client = plain_client(&sim);
    let created = iam_client
        .send(CreateToken::password(
            simulator::DEFAULT_USER_NAME,
            simulator::DEFAULT_PASSWORD,
            simulator::DEFAULT_DOMAIN_NAME,
        ))
        .await
        .unwrap();
    assert!(created.subject_token.expose().starts_with("MIIE"));
    assert!(!created.token.expires_at.is_empty());
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(Token::new(created.subject_token.clone()))
        .build()
        .unwrap();
    assert_eq!(client.send(list(3)).await.unwrap().instances.len(), 3);

    let err = iam_client
        .send(CreateToken::password(
            simulator::DEFAULT_USER_NAME,
            "wrong",
            simulator::DEFAULT_DOMAIN_NAME,
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 401);
    assert_eq!(err.code(), Some("IAM.0101"));
}
