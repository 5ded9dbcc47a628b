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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a service error type",
    label = "derive it: `#[derive(cloudwire::ServiceError)]` on an enum of codes",
    note = "`error = Type` names an enum with `#[derive(cloudwire::ServiceError)]`: `#[cloudwire(code = \"STS5.1106\")]` on its variants and one `#[cloudwire(other)]`"
)]
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

/// The error of a call: what [`Client::send`](crate::Client::send) returns
/// for an [`Endpoint`](crate::Endpoint), its `type Error`.
///
/// [`Error`] for an endpoint that declares no service error type, and
/// [`TypedError<S>`] for one declared with `#[endpoint(..., error = S)]`.
/// Every one converts from and into [`Error`], so generic code reaches the
/// status, request ID and code whatever the endpoint declared:
///
/// ```
/// use cloudwire::{Client, Endpoint, EndpointError};
///
/// async fn send_logged<E: Endpoint>(client: &Client, endpoint: E) -> Result<E::Response, cloudwire::Error> {
///     client.send(endpoint).await.map_err(|err| {
///         eprintln!("request {:?} failed: {err}", err.as_error().request_id());
///         err.into()
///     })
/// }
/// ```
pub trait EndpointError:
    std::error::Error + From<Error> + Into<Error> + Send + Sync + 'static
{
    /// The [`Error`] itself.
    fn as_error(&self) -> &Error;
}

impl EndpointError for Error {
    fn as_error(&self) -> &Error {
        self
    }
}

/// The error of an endpoint declared with `#[endpoint(..., error = S)]`: the
/// [`Error`], and the service's error read as `S` when the service answered
/// with one.
///
/// It dereferences to the [`Error`] (so `status()`, `request_id()`, `code()`
/// work as on any error), shows as it does, and converts into it, so `?`
/// in a function returning `cloudwire::Error` needs nothing more.
///
/// ```
/// use cloudwire::{ApiResponse, Error, RawResponse, TypedError, http::{HeaderMap, StatusCode}};
///
/// #[derive(Debug, PartialEq, cloudwire::ServiceError)]
/// enum StsError {
///     #[cloudwire(code = "STS5.1106")]
///     NoSuchAgency,
///     #[cloudwire(other)]
///     Other(String),
/// }
///
/// let body = r#"{"error_code": "STS5.1106", "error_msg": "the agency cannot be found"}"#;
/// let raw = RawResponse::new(StatusCode::NOT_FOUND, HeaderMap::new(), body);
/// let err: TypedError<StsError> = Error::from(cloudwire::ApiError::from_response(raw)).into();
/// assert_eq!(err.service(), Some(&StsError::NoSuchAgency));
/// assert_eq!(err.status(), Some(StatusCode::NOT_FOUND)); // through `Deref`
/// assert_eq!(err.to_string(), "STS5.1106 (HTTP 404): the agency cannot be found");
///
/// let plain: Error = err.into(); // what `?` does
/// assert_eq!(plain.code(), Some("STS5.1106"));
/// ```
pub struct TypedError<S> {
    error: Error,
    service: Option<S>,
}

impl<S> TypedError<S> {
    /// The service's error as `S`: `Some` when the service answered with an
    /// error, or an authentication step's call did (as
    /// [`Error::service_error`] reads it; an unknown code is `S`'s
    /// catch-all), `None` for every other failure (transport, timeout,
    /// decode, build).
    pub fn service(&self) -> Option<&S> {
        self.service.as_ref()
    }

    /// The [`Error`].
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The [`Error`], taken.
    pub fn into_inner(self) -> Error {
        self.error
    }

    /// The [`Error`] and the service error, taken.
    pub fn into_parts(self) -> (Error, Option<S>) {
        (self.error, self.service)
    }
}

impl<S: ServiceError> From<Error> for TypedError<S> {
    fn from(error: Error) -> Self {
        let service = error.service_error::<S>();
        TypedError { error, service }
    }
}

impl<S> From<TypedError<S>> for Error {
    fn from(typed: TypedError<S>) -> Self {
        typed.error
    }
}

impl<S> std::ops::Deref for TypedError<S> {
    type Target = Error;

    fn deref(&self) -> &Error {
        &self.error
    }
}

impl<S> std::fmt::Display for TypedError<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.error, f)
    }
}

impl<S> std::fmt::Debug for TypedError<S> {
    /// Shows whether the service error was read and the [`Error`] (which
    /// holds its code); `S` need not be `Debug`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedError")
            .field("service_read", &self.service.is_some())
            .field("error", &self.error)
            .finish()
    }
}

impl<S> std::error::Error for TypedError<S> {
    /// The [`Error`]'s own source: a `TypedError` is the error, not a wrapper
    /// around it (it shows the same text).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl<S: ServiceError + Send + Sync + 'static> EndpointError for TypedError<S> {
    fn as_error(&self) -> &Error {
        &self.error
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::RawResponse;
    use http::{HeaderMap, StatusCode};

    /// No `Debug`, no `PartialEq`: a `TypedError` needs neither.
    enum Codes {
        Known,
        Other,
    }

    impl ServiceError for Codes {
        const CODES: &'static [&'static str] = &["K.1"];
        fn from_code(code: Option<&str>) -> Self {
            match code {
                Some("K.1") => Codes::Known,
                _ => Codes::Other,
            }
        }
        fn code(&self) -> Option<&'static str> {
            match self {
                Codes::Known => Some("K.1"),
                Codes::Other => None,
            }
        }
    }

    fn api(code: &str) -> Error {
        let body = format!(r#"{{"error_code": "{code}", "error_msg": "m"}}"#);
        Error::from_error_response(RawResponse::new(
            StatusCode::BAD_REQUEST,
            HeaderMap::new(),
            body,
        ))
    }

    #[test]
    fn a_typed_error_reads_the_service_error_once_and_stays_the_error() {
        let typed = TypedError::<Codes>::from(api("K.1"));
        assert!(matches!(typed.service(), Some(Codes::Known)));
        assert_eq!(typed.to_string(), "K.1 (HTTP 400): m");
        assert_eq!(typed.as_error().code(), Some("K.1"));
        assert!(format!("{typed:?}").starts_with("TypedError { service_read: true, error: Api("));
        let typed = TypedError::<Codes>::from(api("NEW.1"));
        assert!(matches!(typed.service(), Some(Codes::Other)));
        let back: Error = typed.into();
        assert_eq!(back.code(), Some("NEW.1"));

        let build = Error::build("bad", Some("cause".into()));
        let typed = TypedError::<Codes>::from(build);
        assert!(typed.service().is_none());
        // Transparent: the same text and the same source as the error.
        assert_eq!(
            std::error::Error::source(&typed).map(|s| s.to_string()),
            Some("cause".to_owned())
        );
        let (error, service) = typed.into_parts();
        assert!(matches!(error, Error::Build(_)) && service.is_none());
    }

    #[test]
    fn the_plain_error_is_its_own_endpoint_error() {
        let err = api("K.1");
        assert!(std::ptr::eq(err.as_error(), &err));
    }
}
