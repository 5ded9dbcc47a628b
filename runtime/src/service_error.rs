//! Typed service errors: the codes a caller cares about as an enum, read from
//! any [`Error`] without matching strings.

use crate::error::{ApiError, Error};

/// An enum of service error codes, with a catch-all for every other code.
/// Derive it with `#[derive(cloudwire::ServiceError)]`; read it with
/// [`Error::service_error`] or [`ApiError::service_error`]. An unknown code
/// never fails: it is the catch-all.
///
/// ```
/// use cloudwire::{ApiError, RawResponse, ServiceError, http::{HeaderMap, StatusCode}};
///
/// #[derive(Debug, PartialEq, cloudwire::ServiceError)]
/// enum IamError {
///     #[cloudwire(code = "IAM.0011")]
///     InvalidBody,
///     #[cloudwire(code = "IAM.1109")]
///     UserExists,
///     #[cloudwire(code = "APIGW.0301", code = "APIGW.0303")]
///     Unauthorized,
///     #[cloudwire(other)]
///     Other(String),
/// }
///
/// let body = r#"{"error_code": "IAM.1109", "error_msg": "The username already exists."}"#;
/// let err = ApiError::from_response(RawResponse::new(StatusCode::CONFLICT, HeaderMap::new(), body));
/// assert_eq!(err.service_error::<IamError>(), IamError::UserExists);
///
/// let body = r#"{"error_code": "IAM.9999", "error_msg": "new"}"#;
/// let err = ApiError::from_response(RawResponse::new(StatusCode::BAD_REQUEST, HeaderMap::new(), body));
/// assert_eq!(err.service_error::<IamError>(), IamError::Other("IAM.9999".into()));
/// assert_eq!(IamError::Unauthorized.code(), Some("APIGW.0301"));
/// assert_eq!(IamError::CODES.len(), 4);
/// ```
pub trait ServiceError: Sized {
    /// Every code a variant names.
    const CODES: &'static [&'static str];

    /// The variant for `code`; the catch-all for a code no variant names,
    /// and for an error without a code.
    fn from_code(code: Option<&str>) -> Self;

    /// The variant's (first) code; `None` for the catch-all.
    fn code(&self) -> Option<&'static str>;
}

impl ApiError {
    /// The service error, as the caller's enum of codes.
    pub fn service_error<E: ServiceError>(&self) -> E {
        E::from_code(self.code())
    }
}

impl Error {
    /// The service error as the caller's enum of codes, when the service
    /// answered with an error: [`Error::Api`], or an authentication step whose
    /// call did (an STS or IAM error). `None` for every other failure
    /// (transport, decode, build), which has no service code.
    ///
    /// ```no_run
    /// # #[derive(cloudwire::ServiceError)] enum IamError { #[cloudwire(code = "IAM.1109")] UserExists, #[cloudwire(other)] Other }
    /// # async fn run(client: cloudwire::Client, request: cloudwire::Request) {
    /// match client.send_request(request).await {
    ///     Err(err) => match err.service_error::<IamError>() {
    ///         Some(IamError::UserExists) => println!("already there"),
    ///         Some(IamError::Other) => eprintln!("service error: {err}"),
    ///         None => eprintln!("no answer from the service: {err}"),
    ///     },
    ///     Ok(_) => {}
    /// }
    /// # }
    /// ```
    pub fn service_error<E: ServiceError>(&self) -> Option<E> {
        self.service_answer().map(ApiError::service_error)
    }
}
