//! No secret key, security token, auth token, password or signature ever shows
//! in `Debug` or `Display` of any cloudwire type, before or after a call.

use cloudwire::auth::iam::{CreateToken, CreateTokenResponse};
use cloudwire::auth::signer::{self, Algorithm, SigningKey};
use cloudwire::auth::sts::{AssumeAgency, AssumeAgencyProvider, TemporaryCredentials};
use cloudwire::auth::{AkSk, Credentials, Token};
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Client, Endpoint, Error, RawResponse, Secret};
use cloudwire_tests::{RawServer, Script, head};
use std::sync::Arc;
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

const API_KEY: &str = "API-KEY-x0x0x0";

/// The header lines and the body of a raw request, names lower-cased.
fn split_request(raw: &[u8]) -> (Vec<(String, String)>, Vec<u8>) {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..end]);
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    (headers, raw.get(end + 4..).unwrap_or_default().to_vec())
}

/// A server that echoes every credential it receives: the credential headers
/// under their own names and others (`Set-Cookie`, unknown names), and a JSON
/// error body that repeats them, every request header and the request body.
/// With `cut`, the body stops short of its declared length.
fn echo(status: u16, cut: bool) -> Script {
    Script::Reply(Arc::new(move |raw: &[u8]| {
        let (headers, body) = split_request(raw);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map_or(String::new(), |(_, v)| v.clone())
        };
        let (auth, sts, token, api_key) = (
            get("authorization"),
            get("x-security-token"),
            get("x-auth-token"),
            get("x-api-key"),
        );
        let signature = auth.rsplit("Signature=").next().unwrap_or("").to_owned();
        let request_body: serde_json::Value =
            serde_json::from_slice(&body).unwrap_or_else(|_| String::from_utf8_lossy(&body).into());
        let all_headers: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .map(|(n, v)| (n.clone(), v.clone().into()))
            .collect();
        let json = serde_json::json!({
            "error_code": "APIGW.0301",
            "error_msg": "Incorrect IAM authentication information",
            "request_id": "echo-1",
            "authorization": auth,
            "Proxy-Authorization": auth,
            "signature": signature,
            "X-Sdk-Signature": signature,
            "credential": auth,
            "x-security-token": sts,
            "securityToken": sts,
            "session_token": sts,
            "SessionId": token,
            "X_Auth_Token": token,
            "x-subject-token": token,
            "cookie": format!("sid={token}"),
            "set_cookie": [format!("sid={token}"), format!("sts={sts}")],
            "tokens": [token, sts],
            "apiKey": api_key,
            "password": body.len(),
            "request_headers": all_headers,
            "request_body": request_body,
        });
        // A member name written with an escape is still the name it spells.
        let json = json.to_string().replacen(
            '{',
            &format!(r#"{{"pass\u0077ord": "{token}{sts}", "passwd": 123456789, "#),
            1,
        );
        let response_headers = [
            ("Content-Type", "application/json"),
            ("X-Request-Id", "echo-1"),
            ("Authorization", auth.as_str()),
            ("X-Security-Token", sts.as_str()),
            ("X-Auth-Token", token.as_str()),
            ("X-Subject-Token", token.as_str()),
            ("X-Api-Key", api_key.as_str()),
            ("X-Echo-Authorization", auth.as_str()),
            ("X-Upstream-Signature", signature.as_str()),
            ("X-Debug", auth.as_str()),
            ("Via", sts.as_str()),
            ("Set-Cookie", &format!("sid={token}")),
            ("WWW-Authenticate", &format!("Bearer token={token}")),
        ];
        let declared = json.len() + if cut { 100 } else { 0 };
        let mut response = head(status, &response_headers, Some(declared));
        response.extend_from_slice(json.as_bytes());
        response
    }))
}

/// `{}`, `{:?}` and `{:#?}` of the error and of every error in its `source()`
/// chain, and its body excerpt.
fn shown_by(err: &Error) -> Vec<String> {
    let mut shown = vec![err.body_excerpt().unwrap_or_default().to_owned()];
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = next {
        shown.extend([format!("{e}"), format!("{e:?}"), format!("{e:#?}")]);
        next = e.source();
    }
    shown
}

/// The secrets a request carried, as the server saw them: the signature and the
/// whole `Authorization` value, besides the fixed ones.
async fn sent_secrets(server: &RawServer) -> Vec<String> {
    let mut secrets: Vec<String> = [SK, TOKEN, AUTH_TOKEN, PASSWORD, API_KEY]
        .map(str::to_owned)
        .to_vec();
    for raw in server.requests().await {
        let (headers, _) = split_request(&raw);
        if let Some((_, auth)) = headers.iter().find(|(n, _)| n == "authorization") {
            let signature = auth.rsplit("Signature=").next().unwrap().to_owned();
            assert_eq!(signature.len(), 64, "{auth}");
            secrets.extend([auth.clone(), signature]);
        }
    }
    secrets
}

fn assert_none_shown(what: &str, shown: &[String], secrets: &[String]) {
    for text in shown {
        for secret in secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{what} shows {secret:?}: {text}"
            );
        }
    }
}

#[tokio::test]
async fn a_server_that_echoes_credentials_gets_none_shown() {
    for (status, cut, expect) in [
        (401, false, "Api"),
        (401, true, "Transport"),
        (201, false, "Decode"),
    ] {
        let server = RawServer::start(echo(status, cut)).await;
        let clients = [
            Client::builder()
                .endpoint(server.url())
                .auth(signing_credentials())
                .default_header("X-Api-Key", API_KEY)
                .build()
                .unwrap(),
            Client::builder()
                .endpoint(server.url())
                .auth(Token::new(AUTH_TOKEN))
                .default_header("X-Api-Key", API_KEY)
                .build()
                .unwrap(),
        ];
        for client in &clients {
            let err = client
                .send(CreateToken::password("u", PASSWORD, "d"))
                .await
                .unwrap_err();
            let variant = format!("{err:?}");
            assert!(variant.starts_with(expect), "{expect}: {err:?}");
            if !cut {
                assert_eq!(err.request_id().unwrap().as_str(), "echo-1");
            }
            let secrets = sent_secrets(&server).await;
            assert_none_shown(expect, &shown_by(&err), &secrets);
            assert_none_shown(
                "Client",
                &[format!("{client:?}"), format!("{client:#?}")],
                &secrets,
            );
        }
        // The echo did happen: the excerpt keeps what is not secret.
        if !cut {
            let err = clients[0]
                .send(CreateToken::password("u", PASSWORD, "d"))
                .await
                .unwrap_err();
            let excerpt = err.body_excerpt().unwrap();
            assert!(
                excerpt.contains(r#""error_code":"APIGW.0301""#),
                "{excerpt}"
            );
            assert!(excerpt.contains(r#""authorization":"***""#), "{excerpt}");
            assert!(excerpt.contains(r#""x-sdk-date":"2"#), "{excerpt}");
        }
        // Debug of transport errors shows the values of known-safe headers only.
        if cut {
            let err = clients[1]
                .send(CreateToken::password("u", PASSWORD, "d"))
                .await
                .unwrap_err();
            let shown = format!("{err:?}");
            assert!(shown.contains(r#""x-request-id": "echo-1""#), "{shown}");
            assert!(
                shown.contains(r#""content-type": "application/json""#),
                "{shown}"
            );
            assert!(shown.contains(r#""x-debug": "***""#), "{shown}");
        }
    }

    // An STS call answered by the echo: Error::Auth with the cause.
    let server = RawServer::start(echo(401, false)).await;
    let sts = Client::builder()
        .endpoint(server.url())
        .auth(Token::new(AUTH_TOKEN))
        .default_header("X-Api-Key", API_KEY)
        .build()
        .unwrap();
    let provider = AssumeAgencyProvider::new(sts, AssumeAgency::new("iam::0a:agency:x", "s"));
    let client = Client::builder()
        .endpoint(server.url())
        .auth(AkSk::new(provider))
        .build()
        .unwrap();
    let err = client
        .send(CreateToken::password("u", PASSWORD, "d"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    let secrets = sent_secrets(&server).await;
    assert_none_shown("Error::Auth", &shown_by(&err), &secrets);
    assert_none_shown("Client", &[format!("{client:#?}")], &secrets);
}
