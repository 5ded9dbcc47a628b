//! Typed service errors from real answers of the simulator: codes matched
//! without strings, unknown codes never fail, and an authentication step's
//! service error is reachable too.

use cloudwire::auth::sts::{AssumeAgency, AssumeAgencyProvider};
use cloudwire::auth::{AkSk, Token};
use cloudwire::{Client, ServiceError};
use cloudwire_examples::services::{iam, identity_center};
use cloudwire_examples::simulator::Simulator;
use cloudwire_tests::RawServer;

#[derive(Debug, PartialEq, Eq, ServiceError)]
enum CallError {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody,
    #[cloudwire(code = "IAM.1109")]
    UserExists,
    #[cloudwire(code = "STS5.1106")]
    NoSuchAgency,
    #[cloudwire(code = "APIGW.0301", code = "APIGW.0303")]
    Unauthorized,
    #[cloudwire(other)]
    Other(String),
}

#[tokio::test]
async fn codes_from_the_simulator_become_variants() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let create = || iam::CreateUser {
        user: iam::NewUser::new("alice", "d78cbac1"),
    };
    client.send(create()).await.unwrap();
    let err = client.send(create()).await.unwrap_err();
    assert_eq!(
        err.service_error::<CallError>(),
        Some(CallError::UserExists)
    );

    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("", "d78cbac1"),
        })
        .await
        .unwrap_err();
    assert_eq!(err.service_error(), Some(CallError::InvalidBody));

    let err = client
        .send(AssumeAgency::new(
            "iam::0a1b2c3d4e:agency:nobody",
            "session-1",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.service_error(), Some(CallError::NoSuchAgency));

    let wrong = Client::builder()
        .endpoint(sim.url())
        .auth(Token::new("not-the-token"))
        .build()
        .unwrap();
    let err = wrong
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(err.service_error(), Some(CallError::Unauthorized));
    assert_eq!(CallError::Unauthorized.code(), Some("APIGW.0301"));
}

#[tokio::test]
async fn an_unknown_code_or_none_is_the_catch_all_and_other_failures_are_none() {
    let server = RawServer::respond(
        418,
        &[("Content-Type", "application/json")],
        r#"{"error_code": "NEW.0001", "error_msg": "a code this enum does not know"}"#,
    )
    .await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let err = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.service_error(),
        Some(CallError::Other("NEW.0001".into()))
    );

    let server = RawServer::respond(502, &[], "<html>bad gateway</html>").await;
    let client = Client::builder()
        .endpoint(server.url())
        .retry(cloudwire::retry::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(err.service_error(), Some(CallError::Other(String::new())));

    // No answer from the service at all: no service error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .endpoint(url)
        .retry(cloudwire::retry::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert_eq!(err.service_error::<CallError>(), None);
}

#[tokio::test]
async fn an_authentication_steps_service_error_is_reachable() {
    let sim = Simulator::start().await.unwrap();
    let sts = sim.client().unwrap();
    let provider = AssumeAgencyProvider::new(
        sts,
        AssumeAgency::new("iam::0a1b2c3d4e:agency:gone", "session-1"),
    );
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(provider))
        .build()
        .unwrap();
    let err = client
        .send(identity_center::ListInstances::default())
        .await
        .unwrap_err();
    assert!(matches!(err, cloudwire::Error::Auth(_)), "{err:?}");
    assert_eq!(err.service_error(), Some(CallError::NoSuchAgency));
}

/// STS's assume-agency operation declared with its error type, as a user
/// would declare it: the call returns `TypedError<StsError>`.
#[derive(Debug, PartialEq, Eq, ServiceError)]
enum StsError {
    #[cloudwire(code = "STS5.1106")]
    NoSuchAgency,
    #[cloudwire(code = "STS5.1101")]
    BadRequest,
    #[cloudwire(other)]
    Other(String),
}

#[cloudwire::endpoint(
    POST,
    "/v5/agencies/assume",
    response = cloudwire::auth::sts::AssumeAgencyResponse,
    error = StsError
)]
struct AssumeAgencyTyped {
    agency_urn: String,
    agency_session_name: String,
    duration_seconds: Option<i64>,
}

#[tokio::test]
async fn an_endpoint_with_an_error_type_returns_the_typed_error_from_the_simulator() {
    let sim = Simulator::start().await.unwrap();
    let client = sim.client().unwrap();
    let assume = |agency: &str, duration: Option<i64>| AssumeAgencyTyped {
        agency_urn: format!("iam::0a1b2c3d4e:agency:{agency}"),
        agency_session_name: "session-1".into(),
        duration_seconds: duration,
    };

    // Success is the response, as without `error = ...`.
    let ok = client.send(assume("cloudwire-ops", None)).await.unwrap();
    assert!(!ok.credentials.access_key_id.is_empty());

    let err: cloudwire::TypedError<StsError> =
        client.send(assume("nobody", None)).await.unwrap_err();
    assert_eq!(err.service(), Some(&StsError::NoSuchAgency));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.code(), Some("STS5.1106"));

    let err = client
        .send(assume("cloudwire-ops", Some(1)))
        .await
        .unwrap_err();
    assert_eq!(err.service(), Some(&StsError::BadRequest), "{err}");

    // A code the enum does not name: the catch-all, never a failure.
    let wrong = Client::builder()
        .endpoint(sim.url())
        .auth(Token::new("not-the-token"))
        .build()
        .unwrap();
    let err = wrong.send(assume("cloudwire-ops", None)).await.unwrap_err();
    assert_eq!(err.service(), Some(&StsError::Other("APIGW.0301".into())));

    // No answer from the service: `service()` is `None`, the error stays.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let closed = Client::builder()
        .endpoint(url)
        .retry(cloudwire::retry::RetryPolicy::none())
        .build()
        .unwrap();
    let err = closed
        .send(assume("cloudwire-ops", None))
        .await
        .unwrap_err();
    assert_eq!(err.service(), None);
    assert!(err.is_connect(), "{err:?}");
    let plain: cloudwire::Error = err.into();
    assert!(matches!(plain, cloudwire::Error::Transport(_)));
}
