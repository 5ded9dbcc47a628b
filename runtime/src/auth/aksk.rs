//! AK/SK authentication: every request signed as the official SDKs sign it.

use crate::auth::signer::{self, Algorithm};
use crate::auth::{Authenticate, BoxFuture, ProvideCredentials};
use crate::error::{AuthError, Error};
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

const X_PROJECT_ID: HeaderName = HeaderName::from_static("x-project-id");
const X_DOMAIN_ID: HeaderName = HeaderName::from_static("x-domain-id");

/// Signs every request with an access key and secret key (`SDK-HMAC-SHA256` by
/// default), adding `X-Project-Id` / `X-Domain-Id` and, for temporary
/// credentials, `X-Security-Token` before signing, as the official SDKs do.
///
/// The credentials come from any [`ProvideCredentials`]: fixed
/// [`Credentials`](crate::auth::Credentials), or a provider that refreshes
/// temporary ones such as [`AssumeAgencyProvider`](crate::auth::sts::AssumeAgencyProvider).
///
/// ```
/// use cloudwire::{Client, auth::{AkSk, Credentials, signer::Algorithm}};
///
/// let creds = Credentials::new("HPUAEXAMPLEAK", "example-secret").with_project_id("0123abcd");
/// let client = Client::builder()
///     .endpoint("https://ecs.cn-north-4.myhuaweicloud.com")
///     .auth(AkSk::new(creds).with_algorithm(Algorithm::HmacSha256))
///     .build()
///     .unwrap();
/// assert!(!format!("{client:?}").contains("example-secret"));
/// ```
#[derive(Clone)]
pub struct AkSk {
    provider: Arc<dyn ProvideCredentials>,
    algorithm: Algorithm,
}

impl AkSk {
    /// Signs with credentials from `provider`, using `SDK-HMAC-SHA256`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        AkSk {
            provider: Arc::new(provider),
            algorithm: Algorithm::HmacSha256,
        }
    }

    /// Signs with credentials from a shared provider.
    pub fn shared(provider: Arc<dyn ProvideCredentials>) -> Self {
        AkSk {
            provider,
            algorithm: Algorithm::HmacSha256,
        }
    }

    /// Uses another signing algorithm (derived-key `V11-HMAC-SHA256`, `SDK-HMAC-SM3`).
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
}

impl fmt::Debug for AkSk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSk")
            .field("provider", &self.provider)
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

fn insert_if_absent(
    request: &mut http::Request<Bytes>,
    name: HeaderName,
    value: Option<&str>,
) -> Result<(), Error> {
    let Some(value) = value else { return Ok(()) };
    if request.headers().contains_key(&name) {
        return Ok(());
    }
    let value = HeaderValue::from_str(value).map_err(|_| {
        AuthError::new(format!(
            "the value for `{name}` is not a valid header value"
        ))
    })?;
    request.headers_mut().insert(name, value);
    Ok(())
}

impl Authenticate for AkSk {
    fn authenticate<'a>(
        &'a self,
        request: &'a mut http::Request<Bytes>,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let creds = self.provider.credentials().await?;
            insert_if_absent(request, X_PROJECT_ID, creds.project_id())?;
            insert_if_absent(request, X_DOMAIN_ID, creds.domain_id())?;
            if request.headers().contains_key(http::header::AUTHORIZATION) {
                // An operation that carries its own `Authorization` (an ID
                // token, say) is sent as it is, unsigned, as the official SDK
                // sends it: a signature would replace the caller's credential.
                return Ok(());
            }
            let mut key = signer::SigningKey::new(creds.access_key(), creds.secret_key().expose());
            if let Some(token) = creds.security_token() {
                key = key.with_security_token(token.expose());
            }
            signer::sign(request, &self.algorithm, &key, SystemTime::now())
                .map_err(|e| AuthError::new(format!("could not sign the request: {e}")))?;
            Ok(())
        })
    }
}
