//! No secret key, security token, auth token, password or signature ever shows
//! in `Debug` or `Display` of any cloudwire type, before or after a call.

use cloudwire::auth::iam::{CreateToken, CreateTokenResponse};
use cloudwire::auth::signer::{self, Algorithm, SigningKey};
use cloudwire::auth::sts::{AssumeAgency, AssumeAgencyProvider, TemporaryCredentials};
use cloudwire::auth::{AkSk, Credentials, Token};
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Client, Endpoint, Error, RawResponse, Secret};
use cloudwire_tests::RawServer;
use std::time::SystemTime;

const SK: &str = "SECRET-KEY-0123456789";
const TOKEN: &str = "SECURITY-TOKEN-abcdef";
const AUTH_TOKEN: &str = "AUTH-TOKEN-MIIE";
const PASSWORD: &str = "PASSWORD-hunter2";
const SECRETS: [&str; 4] = [SK, TOKEN, AUTH_TOKEN, PASSWORD];

fn assert_clean(what: &str, shown: &str) {
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{what} shows a secret: {shown}");
    }
}

fn check_debug<T: std::fmt::Debug>(what: &str, value: &T) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

fn check_both<T: std::fmt::Debug + std::fmt::Display>(what: &str, value: &T) {
    check_debug(what, value);
    assert_clean(what, &format!("{value}"));
}

/// A client for `url` with `auth`, and the error of one call that carries a password.
async fn failed_call(
    url: &str,
    auth: impl cloudwire::auth::Authenticate + 'static,
) -> (Client, Error) {
    let client = Client::builder().endpoint(url).auth(auth).build().unwrap();
    let err = client
        .send(CreateToken::password("u", PASSWORD, "d"))
        .await
        .unwrap_err();
    (client, err)
}

fn signing_credentials() -> AkSk {
    AkSk::new(Credentials::new("AK", SK).with_security_token(TOKEN))
}

#[test]
fn credential_types() {
    check_both("Secret", &Secret::new(SK));
    let creds = Credentials::new("AK", SK)
        .with_security_token(TOKEN)
        .with_project_id("p");
    check_debug("Credentials", &creds);
    check_debug(
        "SigningKey",
        &SigningKey::new("AK", SK).with_security_token(TOKEN),
    );
    check_debug("AkSk", &AkSk::new(creds.clone()));
    check_debug("Token", &Token::new(AUTH_TOKEN));
    let temp: TemporaryCredentials = serde_json::from_value(serde_json::json!({
        "access_key_id": "HSTA", "secret_access_key": SK, "security_token": TOKEN, "expiration": "2030-01-01T00:00:00Z"
    }))
    .unwrap();
    check_debug("TemporaryCredentials", &temp);
    check_debug("Credentials from STS", &temp.into_credentials().unwrap());
    check_debug("CreateToken", &CreateToken::password("u", PASSWORD, "d"));
}

#[test]
fn requests_and_signatures() {
    let mut request = cloudwire::http::Request::post("https://iam.example.com/v3/users?x=1")
        .header("content-type", "application/json")
        .body(br#"{"a":1}"#.to_vec())
        .unwrap();
    let key = SigningKey::new("AK", SK).with_security_token(TOKEN);
    let signature = signer::sign(
        &mut request,
        &Algorithm::HmacSha256,
        &key,
        SystemTime::now(),
    )
    .unwrap();
    check_debug("Signature", &signature);
    assert!(
        !format!("{signature:?}").contains(signature.signature()),
        "the signature itself is shown"
    );
    let shown = format!("{:?}", request.headers());
    assert_clean("signed http::Request headers", &shown);
    assert!(!shown.contains(signature.signature()));
    let auth = signer::Authorization::from_request(&request).unwrap();
    check_debug("Authorization", &auth);
    assert!(!format!("{auth:?}").contains(signature.signature()));
    let err = signer::verify(&request, "wrong").unwrap_err();
    check_both("SignError", &err);

    let cw = CreateToken::password("u", PASSWORD, "d")
        .to_request()
        .unwrap();
    check_debug("cloudwire::Request", &cw);
}

#[tokio::test]
async fn clients_and_errors_after_real_calls() {
    let body = format!(
        r#"{{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","password":"{PASSWORD}"}}"#
    );
    let server = RawServer::respond(
        401,
        &[("X-Subject-Token", AUTH_TOKEN), ("X-Request-Id", "r")],
        body,
    )
    .await;
    let (client, err) = failed_call(&server.url(), signing_credentials()).await;
    check_debug("Client", &client);
    assert!(matches!(err, Error::Api(_)));
    check_both("Error::Api", &err);
    assert_clean("excerpt", err.body_excerpt().unwrap());

    // The request that went out was signed, with the token, and nothing leaked
    // into the error on the way back.
    let sent = String::from_utf8_lossy(&server.requests().await[0]).to_ascii_lowercase();
    assert!(
        sent.contains("authorization: sdk-hmac-sha256 access=ak, signedheaders="),
        "{sent}"
    );
    assert!(sent.contains(&format!("x-security-token: {}", TOKEN.to_ascii_lowercase())));

    // A provider whose STS call fails: Error::Auth with the cause.
    let sts = Client::builder()
        .endpoint(server.url())
        .auth(Token::new(AUTH_TOKEN))
        .build()
        .unwrap();
    let provider = AssumeAgencyProvider::new(sts, AssumeAgency::new("iam::0a:agency:x", "s"));
    check_debug("AssumeAgencyProvider", &provider);
    let (_, err) = failed_call(&server.url(), AkSk::new(provider)).await;
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert_eq!(err.code(), Some("APIGW.0301"));
    check_both("Error::Auth", &err);

    // A transport failure of a signed call.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let (_, err) = failed_call(&closed, signing_credentials()).await;
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    check_both("Error::Transport", &err);

    // A build failure: a token that cannot be a header value.
    let (_, err) = failed_call(&server.url(), Token::new(format!("{AUTH_TOKEN}\n"))).await;
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    check_both("Error::Auth (bad token)", &err);

    // A token response decoded from a raw response.
    let mut headers = HeaderMap::new();
    headers.insert("x-subject-token", AUTH_TOKEN.parse().unwrap());
    let raw = RawResponse::new(
        StatusCode::CREATED,
        headers,
        r#"{"token":{"expires_at":"2030-01-01T00:00:00Z"}}"#,
    );
    check_debug("RawResponse", &raw);
    let token = CreateTokenResponse::from_raw(raw).unwrap();
    check_debug("CreateTokenResponse", &token);
    assert_eq!(token.subject_token.expose(), AUTH_TOKEN);
}
