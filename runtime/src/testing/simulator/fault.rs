//! Injected faults: every n-th request answered with an error by the "gateway"
//! before it reaches authentication or a service.

use super::{ErrorBody, ResponseId};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Answer every `every`-th request (counted across all routes, in arrival
/// order) with `status` and a gateway error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fault {
    every: u64,
    status: StatusCode,
}

impl Fault {
    /// `None` when `every` is 0 (no fault).
    pub(super) fn new(every: u64, status: StatusCode) -> Option<Fault> {
        (every > 0).then_some(Fault { every, status })
    }

    /// Whether the request that arrived `number`-th (1 for the first) gets the fault.
    pub(super) fn hits(&self, number: u64) -> bool {
        number.is_multiple_of(self.every)
    }

    /// The gateway's answer: `status`, and an error body with the request ID.
    pub(super) fn response(&self, id: &ResponseId) -> Response {
        let (error_code, error_msg) = gateway_error(self.status);
        let body = ErrorBody {
            error_msg,
            error_code,
            request_id: Some(&id.0),
        };
        (self.status, axum::Json(body)).into_response()
    }
}

/// The code and message the API gateway gives an error status of its own.
pub(super) fn gateway_error(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        429 => (
            "APIGW.0308",
            "The throttling threshold has been reached: policy user over ratelimit,limit:1000,time:1 second",
        ),
        504 => ("APIGW.0201", "Backend timeout."),
        400..=499 => ("APIGW.0201", "API request error."),
        _ => ("APIGW.0202", "Backend unavailable."),
    }
}
