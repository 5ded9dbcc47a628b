//! AK/SK authentication: every request signed as the official SDKs sign it.

use crate::auth::credentials::InvalidHeaderId;
use crate::auth::signer::{self, Algorithm};
use crate::auth::{Authenticate, BoxFuture, ProvideCredentials};
use crate::error::{AuthError, Error};
use crate::request::CredentialId;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

const X_PROJECT_ID: HeaderName = HeaderName::from_static("x-project-id");
const X_DOMAIN_ID: HeaderName = HeaderName::from_static("x-domain-id");

/// Signs every request with an access key and secret key (`SDK-HMAC-SHA256` by
/// default), adding `X-Project-Id` / `X-Domain-Id` (replacing a request's own,
/// as the official SDKs' credentials do) and, for temporary credentials,
/// `X-Security-Token` before signing, as the official SDKs do. A request that
/// carries its own `Authorization` (an operation that takes an ID token in
/// it) is sent unsigned, with those headers.
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
    clock: Option<Clock>,
}

/// Where `X-Sdk-Date` comes from, when not the system clock.
type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

impl AkSk {
    /// Signs with credentials from `provider`, using `SDK-HMAC-SHA256`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        AkSk {
            provider: Arc::new(provider),
            algorithm: Algorithm::HmacSha256,
            clock: None,
        }
    }

    /// Signs with credentials from a shared provider.
    pub fn shared(provider: Arc<dyn ProvideCredentials>) -> Self {
        AkSk {
            provider,
            algorithm: Algorithm::HmacSha256,
            clock: None,
        }
    }

    /// Uses another signing algorithm (derived-key `V11-HMAC-SHA256`, `SDK-HMAC-SM3`).
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Signs at the times `clock` gives instead of the system clock: a fixed
    /// time to snapshot signed requests in tests, or the system time corrected
    /// by a known skew (the gateway refuses an `X-Sdk-Date` more than 15
    /// minutes off). A request that already carries `X-Sdk-Date` is signed at
    /// that time, whatever the clock says.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use cloudwire::{Client, Request, auth::{AkSk, Credentials}, http::Method};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_926_258); // 20261129T042418Z
    /// let client = Client::builder()
    ///     .endpoint("https://iam.cn-north-4.myhuaweicloud.com")
    ///     .auth(AkSk::new(Credentials::new("AK", "SK")).with_clock(move || at))
    ///     .build()
    ///     .unwrap();
    /// let signed = client.prepare(Request::new(Method::GET, "/v3/projects")).await.unwrap();
    /// assert_eq!(signed.headers()["x-sdk-date"], "20261129T042418Z");
    /// # }
    /// ```
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }
}

impl fmt::Debug for AkSk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSk")
            .field("provider", &self.provider)
            .field("algorithm", &self.algorithm)
            .field("clock", &self.clock.as_ref().map_or("system", |_| "custom"))
            .finish()
    }
}

/// Sets the credentials' project or domain ID header, replacing one the
/// request carries, as the official SDK's `BasicCredentials` and
/// `GlobalCredentials` set it (an operation that declares `X-Project-Id` as a
/// header parameter, such as DataArts Studio's, sends the credentials' ID).
fn set_id_header(
    request: &mut http::Request<Bytes>,
    name: HeaderName,
    value: Option<Result<&HeaderValue, InvalidHeaderId>>,
) -> Result<(), Error> {
    let Some(value) = value else { return Ok(()) };
    let value = value.map_err(|InvalidHeaderId| {
        AuthError::new(format!(
            "the value for `{name}` is not a valid header value"
        ))
    })?;
    request.headers_mut().insert(name, value.clone());
    Ok(())
}

impl Authenticate for AkSk {
    fn authenticate<'a>(
        &'a self,
        request: &'a mut http::Request<Bytes>,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let creds = self.provider.credentials().await?;
            set_id_header(request, X_PROJECT_ID, creds.project_id_header())?;
            set_id_header(request, X_DOMAIN_ID, creds.domain_id_header())?;
            if request.headers().contains_key(http::header::AUTHORIZATION) {
                // An operation that carries its own `Authorization` (an ID
                // token, say) is sent unsigned, as the official SDK sends it:
                // a signature would replace the caller's credential. The
                // security token of temporary credentials still goes with it.
                if let Some(token) = creds.security_token() {
                    let value = signer::security_token_value(token.expose()).map_err(|e| {
                        AuthError::new(format!("could not add the security token: {e}"))
                    })?;
                    request
                        .headers_mut()
                        .insert(signer::SECURITY_TOKEN_HEADER, value);
                }
                return Ok(());
            }
            let mut key = signer::SigningKey::new(creds.access_key(), creds.secret_key().expose());
            if let Some(token) = creds.security_token() {
                key = key.with_security_token(token.expose());
            }
            let now = self
                .clock
                .as_ref()
                .map_or_else(SystemTime::now, |clock| clock());
            signer::sign(request, &self.algorithm, &key, now)
                .map_err(|e| AuthError::new(format!("could not sign the request: {e}")))?;
            Ok(())
        })
    }

    /// The credentials' project or domain ID (found by discovery when the
    /// provider is a [`Discover`](crate::auth::discovery::Discover)).
    fn credential_id(&self, id: CredentialId) -> BoxFuture<'_, Result<Option<String>, Error>> {
        Box::pin(async move {
            let creds = self.provider.credentials().await?;
            Ok(match id {
                CredentialId::Project => creds.project_id(),
                CredentialId::Domain => creds.domain_id(),
            }
            .map(str::to_owned))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credentials;
    use crate::{Client, Request};
    use http::Method;

    fn signing_client(creds: Credentials) -> Client {
        Client::builder()
            .endpoint("https://iam.example.com")
            .auth(AkSk::new(creds))
            .build()
            .unwrap()
    }

    /// The IDs' header values are made once, with the credentials; they
    /// replace a request's own (as the SDK's credentials set them), a request
    /// whose credentials have none keeps its own, and an ID that is no header
    /// value is an error that names the header, not a request sent without it.
    #[tokio::test]
    async fn project_and_domain_ids_go_as_headers_over_the_requests_own() {
        let creds = Credentials::new("AK", "SK")
            .with_project_id("p-1")
            .with_domain_id("d-1");
        let client = signing_client(creds);
        let signed = client
            .prepare(Request::new(Method::GET, "/v3/projects"))
            .await
            .unwrap();
        assert_eq!(signed.headers()["x-project-id"], "p-1");
        assert_eq!(signed.headers()["x-domain-id"], "d-1");
        let own = || {
            let mut own = Request::new(Method::GET, "/v3/projects");
            own.push_header("X-Project-Id", "mine").unwrap();
            own.push_header("X-Domain-Id", "ours").unwrap();
            own
        };
        let signed = client.prepare(own()).await.unwrap();
        assert_eq!(signed.headers()["x-project-id"], "p-1");
        assert_eq!(signed.headers()["x-domain-id"], "d-1");
        assert_eq!(signed.headers().get_all("x-project-id").iter().count(), 1);
        signer::verify(&signed, "SK").unwrap();

        let without_ids = signing_client(Credentials::new("AK", "SK"));
        let signed = without_ids.prepare(own()).await.unwrap();
        assert_eq!(signed.headers()["x-project-id"], "mine");
        assert_eq!(signed.headers()["x-domain-id"], "ours");

        let bad = signing_client(Credentials::new("AK", "SK").with_project_id("p\n1"));
        let err = bad
            .prepare(Request::new(Method::GET, "/v3/projects"))
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("the value for `x-project-id` is not a valid header value"),
            "{err}"
        );
        assert!(!err.to_string().contains("p\n1"), "{err}");
    }

    /// A request with its own `Authorization` goes unsigned, but with the IDs
    /// and the temporary credentials' security token, as the SDK sends it.
    #[tokio::test]
    async fn own_authorization_goes_unsigned_with_the_security_token() {
        let creds = Credentials::new("AK", "SK")
            .with_domain_id("d-1")
            .with_security_token("token-1");
        let client = signing_client(creds);
        let mut request = Request::new(Method::POST, "/v3/OS-FEDERATION/tokens");
        request.push_header("Authorization", "id-token").unwrap();
        let sent = client.prepare(request).await.unwrap();
        assert_eq!(sent.headers()["authorization"], "id-token");
        assert_eq!(sent.headers()["x-security-token"], "token-1");
        assert!(sent.headers()["x-security-token"].is_sensitive());
        assert_eq!(sent.headers()["x-domain-id"], "d-1");
        assert!(!sent.headers().contains_key("x-sdk-date"));

        let bad = signing_client(Credentials::new("AK", "SK").with_security_token("t\n1"));
        let mut request = Request::new(Method::POST, "/v3/OS-FEDERATION/tokens");
        request.push_header("Authorization", "id-token").unwrap();
        let err = bad.prepare(request).await.unwrap_err();
        assert!(err.to_string().contains("`x-security-token`"), "{err}");
        assert!(!err.to_string().contains("t\n1"), "{err}");
    }

    /// A path's `{project_id}` / `{domain_id}` without a value of the
    /// request's own is the credentials' ID, encoded as one segment, and the
    /// signature is the filled path's.
    #[tokio::test]
    async fn credential_ids_fill_the_path_before_it_is_signed() {
        use crate::CredentialId;
        let mut request = Request::new(Method::GET, "/v1/");
        request.push_path_credential_id(CredentialId::Project);
        request.push_path_literal("/domains/");
        request.push_path_credential_id(CredentialId::Domain);
        assert_eq!(request.path(), "/v1/{project_id}/domains/{domain_id}");
        let creds = Credentials::new("AK", "SK")
            .with_project_id("p 1/2")
            .with_domain_id("d-1");
        let signed = signing_client(creds)
            .prepare(request.clone())
            .await
            .unwrap();
        assert_eq!(signed.uri().path(), "/v1/p%201%2F2/domains/d-1");
        let authorization = signed.headers()["authorization"].to_str().unwrap();
        let names = authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap();
        let names: Vec<&str> = names.split(';').collect();
        let canonical = signer::canonical_request(&signed, &Algorithm::HmacSha256, &names).unwrap();
        // The signer's canonical path, as the SDK's: decoded, split at `/`,
        // each piece encoded again.
        assert!(
            canonical.starts_with("GET\n/v1/p%201/2/domains/d-1/\n"),
            "{canonical}"
        );

        // No such ID: a build error that says how to give one.
        let err = signing_client(Credentials::new("AK", "SK").with_project_id("p-1"))
            .prepare(request.clone())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Build(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("`{domain_id}`"), "{text}");
        assert!(text.contains("Credentials::with_domain_id"), "{text}");
        // Token authentication has no IDs; nor has a client without any.
        for client in [
            Client::builder()
                .endpoint("https://iam.example.com")
                .auth(crate::auth::Token::new("t"))
                .build()
                .unwrap(),
            Client::builder()
                .endpoint("https://iam.example.com")
                .build()
                .unwrap(),
        ] {
            let err = client.prepare(request.clone()).await.unwrap_err();
            assert!(err.to_string().contains("`{project_id}`"), "{err}");
        }
        // An empty ID or a dot-segment would address another resource.
        for bad in ["", ".", ".."] {
            let creds = Credentials::new("AK", "SK")
                .with_project_id(bad)
                .with_domain_id("d");
            let err = signing_client(creds)
                .prepare(request.clone())
                .await
                .unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, Error::Build(_)), "{bad:?}: {err:?}");
            let expected = if bad.is_empty() {
                "path parameter `project_id` is empty".to_owned()
            } else {
                format!("path parameter `project_id` is `{bad}`, a dot-segment")
            };
            assert!(text.contains(&expected), "{bad:?}: {text}");
        }
    }
}
