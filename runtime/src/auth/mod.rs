//! Authentication: the step that adds credentials to every request a client sends.
//!
//! A [`Client`](crate::Client) runs its [`Authenticate`] implementation on each
//! request after the request is complete (URL, headers, body) and before it is
//! sent, so a signer sees exactly the bytes that go on the wire.

use crate::error::Error;
use crate::request::CredentialId;
use crate::secret::Secret;
use bytes::Bytes;
use http::HeaderValue;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

mod aksk;
mod chain;
mod credentials;
pub mod discovery;
pub mod iam;
pub mod metadata;
mod renew;
pub mod signer;
pub mod sts;
pub(crate) mod time;

pub use aksk::AkSk;
pub use chain::{CREDENTIALS_FILE_ENV, CredentialChain, CredentialSource, CredentialType};
pub use credentials::{Credentials, ProvideCredentials, env};

/// The future of an authentication done at once: no size, so boxed without
/// an allocation.
struct Authenticated;

impl Future for Authenticated {
    type Output = Result<(), Error>;

    fn poll(self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        std::task::Poll::Ready(Ok(()))
    }
}

/// A boxed future, as returned by [`Authenticate::authenticate`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Adds credentials to a request: a header, a signature, a token fetched on demand.
///
/// ```
/// use cloudwire::auth::{Authenticate, BoxFuture};
/// use cloudwire::{Error, bytes::Bytes, http};
///
/// /// Sends a fixed API key in a header.
/// #[derive(Debug)]
/// struct ApiKey;
///
/// impl Authenticate for ApiKey {
///     fn authenticate<'a>(&'a self, request: &'a mut http::Request<Bytes>) -> BoxFuture<'a, Result<(), Error>> {
///         Box::pin(async move {
///             request.headers_mut().insert("x-api-key", http::HeaderValue::from_static("k"));
///             Ok(())
///         })
///     }
/// }
/// ```
pub trait Authenticate: Send + Sync + fmt::Debug {
    /// Adds credentials to `request`, which is otherwise ready to send.
    fn authenticate<'a>(
        &'a self,
        request: &'a mut http::Request<Bytes>,
    ) -> BoxFuture<'a, Result<(), Error>>;

    /// How many headers [`authenticate`](Authenticate::authenticate) adds at
    /// most: the room the client leaves for them in a request's header map,
    /// so that the map does not grow. A hint, not a limit; the default, 7, is
    /// what AK/SK signing adds (`X-Project-Id`, `X-Domain-Id`,
    /// `X-Security-Token`, `X-Sdk-Content-Sha256`, `X-Sdk-Date`, `Host`,
    /// `Authorization`).
    ///
    /// ```
    /// use cloudwire::auth::{Authenticate, Token};
    ///
    /// assert_eq!(Token::new("MIIE...").headers_added(), 1);
    /// ```
    fn headers_added(&self) -> usize {
        7
    }

    /// The project or domain ID that fills a request path's `{project_id}` or
    /// `{domain_id}` when the request does not give one (see
    /// [`CredentialId`]); `None` when these credentials have none. The
    /// default has none; [`AkSk`] gives its credentials' (after discovery,
    /// for a client of [`Config`](crate::config::Config)).
    ///
    /// ```
    /// use cloudwire::CredentialId;
    /// use cloudwire::auth::{AkSk, Authenticate, Credentials, Token};
    ///
    /// # async fn run() -> Result<(), cloudwire::Error> {
    /// let aksk = AkSk::new(Credentials::new("AK", "SK").with_project_id("0605767b9d00d5762fbbc00b5d7d9ad7"));
    /// assert_eq!(aksk.credential_id(CredentialId::Project).await?.as_deref(), Some("0605767b9d00d5762fbbc00b5d7d9ad7"));
    /// assert_eq!(aksk.credential_id(CredentialId::Domain).await?, None);
    /// assert_eq!(Token::new("MIIE...").credential_id(CredentialId::Project).await?, None);
    /// # Ok(()) }
    /// ```
    fn credential_id(&self, id: CredentialId) -> BoxFuture<'_, Result<Option<String>, Error>> {
        let _ = id;
        Box::pin(std::future::ready(Ok(None)))
    }
}

/// Token authentication: sends `X-Auth-Token: <token>` with every request.
///
/// ```
/// use cloudwire::auth::Token;
///
/// let auth = Token::new("MIIE...");
/// assert!(!format!("{auth:?}").contains("MIIE"));
/// ```
#[derive(Clone)]
pub struct Token {
    token: Secret,
    /// The header value, made once (a clone shares its bytes); `None` when
    /// the token cannot be a header value, which `authenticate` reports.
    value: Option<HeaderValue>,
}

impl Token {
    /// Token authentication with this token.
    pub fn new(token: impl Into<Secret>) -> Self {
        let token = token.into();
        let value = HeaderValue::from_str(token.expose()).ok().map(|mut value| {
            value.set_sensitive(true);
            value
        });
        Token { token, value }
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token").field("token", &self.token).finish()
    }
}

impl Authenticate for Token {
    fn authenticate<'a>(
        &'a self,
        request: &'a mut http::Request<Bytes>,
    ) -> BoxFuture<'a, Result<(), Error>> {
        const X_AUTH_TOKEN: http::HeaderName = http::HeaderName::from_static("x-auth-token");
        let result = match &self.value {
            Some(value) => {
                request.headers_mut().insert(X_AUTH_TOKEN, value.clone());
                // A future of no size: boxing it does not allocate.
                return Box::pin(Authenticated);
            }
            None => Err(crate::error::AuthError::new(
                "the token contains characters not allowed in a header",
            )
            .into()),
        };
        Box::pin(std::future::ready(result))
    }

    /// `X-Auth-Token`.
    fn headers_added(&self) -> usize {
        1
    }
}
