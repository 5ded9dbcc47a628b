//! Authentication of service requests, as the API gateway in front of the
//! real services does it.

use super::{ResponseId, Shared, error, response_id};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, HeaderName};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use cloudwire::auth::signer::{self, Authorization};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Why a request was refused; the text follows
/// `Incorrect IAM authentication information: `.
#[derive(Debug)]
pub(super) struct Denied(&'static str);

/// How far `X-Sdk-Date` may be from the simulator's clock, as on the real gateway.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// Whether a request is authenticated, by any scheme the services accept:
/// `X-Auth-Token` (the configured token, or one IAM issued), or an AK/SK
/// signature (`Authorization: SDK-HMAC-SHA256 ...`, also the derived
/// `V11-HMAC-SHA256` and `SDK-HMAC-SM3`) by a permanent key pair of the
/// builder or temporary credentials STS issued, with their `X-Security-Token`.
///
/// Sees the whole request, body included, since the signature covers it.
pub(super) fn authenticate(shared: &Shared, parts: &Parts, body: &[u8]) -> Result<(), Denied> {
    if parts.headers.contains_key(AUTHORIZATION) {
        return verify_signature(shared, parts, body, SystemTime::now());
    }
    if let Some(token) = parts.headers.get("x-auth-token") {
        let token = token.to_str().map_err(|_| Denied("decrypt token fail"))?;
        return if token == shared.token || shared.token_issued(token) {
            Ok(())
        } else {
            Err(Denied("decrypt token fail"))
        };
    }
    Err(Denied("x-auth-token not found"))
}

fn verify_signature(
    shared: &Shared,
    parts: &Parts,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Denied> {
    let authorization = Authorization::from_headers(&parts.headers)
        .map_err(|_| Denied("invalid authorization header"))?;
    let signed_at = signer::request_time(&parts.headers)
        .map_err(|_| Denied("x-sdk-date is missing or invalid"))?;
    let skew = match now.duration_since(signed_at) {
        Ok(behind) => behind,
        Err(ahead) => ahead.duration(),
    };
    if skew > MAX_CLOCK_SKEW {
        return Err(Denied(
            "the signature has expired: x-sdk-date is more than 15 minutes off",
        ));
    }
    let access_key = authorization.access_key();
    let secret = match shared.key_pairs.get(access_key) {
        Some(secret) => {
            if parts.headers.contains_key("x-security-token") {
                return Err(Denied("a permanent access key takes no security token"));
            }
            secret.clone()
        }
        None => {
            let issued = shared
                .issued_credentials(access_key)
                .ok_or(Denied("the access key does not exist"))?;
            let token = parts
                .headers
                .get("x-security-token")
                .ok_or(Denied("the security token is missing"))?;
            if token.as_bytes() != issued.security_token().expose().as_bytes() {
                return Err(Denied("the security token is invalid"));
            }
            if issued.is_expired_at(now) {
                return Err(Denied("the security token has expired"));
            }
            issued.secret_access_key().expose().to_owned()
        }
    };
    authorization
        .verify_parts(parts, body, &secret)
        .map_err(|_| Denied("verify aksk signature fail"))
}

/// The route layer in front of every service: reads the body (bounded by
/// [`MAX_BODY_SIZE`](super::MAX_BODY_SIZE)), authenticates, then passes the
/// request on with the same body.
pub(super) async fn require(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let id: Option<ResponseId> = response_id(&request);
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, super::MAX_BODY_SIZE).await {
        Ok(body) => body,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "APIGW.0201",
                "Request entity too large",
                id.as_ref(),
            );
        }
    };
    if let Err(Denied(reason)) = authenticate(&shared, &parts, &body) {
        let message = format!("Incorrect IAM authentication information: {reason}");
        return error(
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
            &message,
            id.as_ref(),
        );
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// Whether a header carries a credential, so its value is never shown.
pub(super) fn is_credential_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "x-auth-token" | "authorization" | "x-security-token" | "x-subject-token" | "cookie"
    )
}
