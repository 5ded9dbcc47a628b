//! Authentication of service requests, as the API gateway in front of the
//! real services does it.

use super::{ResponseId, Shared, error, response_id};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::HeaderName;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// Why a request was refused; the text follows
/// `Incorrect IAM authentication information: `.
#[derive(Debug)]
pub(super) struct Denied(&'static str);

/// Whether a request is authenticated, by any scheme the services accept.
///
/// Sees the whole request, body included, so that a signature over it can be
/// checked here as well.
pub(super) fn authenticate(shared: &Shared, parts: &Parts, _body: &[u8]) -> Result<(), Denied> {
    if let Some(token) = parts.headers.get("x-auth-token") {
        return if token.as_bytes() == shared.token.as_bytes() {
            Ok(())
        } else {
            Err(Denied("decrypt token fail"))
        };
    }
    // AK/SK: a request with `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`
    // (and `X-Sdk-Date`, plus `X-Security-Token` for temporary credentials) is
    // verified here with `cloudwire::auth::signer` over `parts` and `_body`, the
    // secret key looked up by access key ID: permanent keys from the builder, or
    // temporary ones STS issued (`shared.issued_credentials(ak)`, refused once
    // expired or when `X-Security-Token` differs).
    Err(Denied("x-auth-token not found"))
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
