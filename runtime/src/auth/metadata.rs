//! Temporary credentials of an ECS or BMS instance, from its metadata
//! service, as the official SDKs' `MetadataAccessor` obtains them.

use crate::auth::renew::Renewing;
use crate::auth::{BoxFuture, Credentials, ProvideCredentials};
use crate::client::Client;
use crate::error::{AuthError, Error};
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use http::Method;
use std::fmt;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The metadata service's address on ECS and BMS instances.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://169.254.169.254";
/// Where the temporary credentials of the instance's agency are read.
pub const SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
/// Where a metadata session token is obtained (`PUT`).
pub const TOKEN_PATH: &str = "/meta-data/latest/api/token";
/// The body of the 401 the metadata service answers when the instance has no agency.
const NO_AGENCY: &str = "Please configure Cloud Service Agency first";
/// The session token's lifetime asked for: 6 hours, as the SDK asks.
const TOKEN_TTL_SECONDS: &str = "21600";
/// How long after a failed token request the SDK tries again: 24 hours.
const TOKEN_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);
/// The SDK's connect and read limit for metadata calls: 3 s each.
const METADATA_TIMEOUT: Duration = Duration::from_secs(3);

/// The instance's temporary credentials, read from the metadata service and
/// refreshed before they expire.
///
/// Follows the official SDKs' `MetadataAccessor`: first a session token is
/// asked for (`PUT /meta-data/latest/api/token` with
/// `X-Metadata-Token-Ttl-Seconds: 21600`; a 404, 405 or 503 means the service
/// does not use tokens, and it is not asked again for 24 hours), then
/// `GET /openstack/latest/securitykey` with `X-Metadata-Token` when there is
/// a token. A 401 that is not "configure Cloud Service Agency first" gets a
/// new token and one more try. The answer is
/// `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`.
///
/// Concurrent requests share one cached set; within `margin` of its expiry
/// (40 minutes by default, the SDK's threshold) the first request to notice
/// refreshes it while the others wait for that refresh.
///
/// ```no_run
/// use cloudwire::{Client, auth::{AkSk, metadata::MetadataProvider}};
///
/// # fn run() -> Result<(), cloudwire::Error> {
/// let provider = MetadataProvider::new()?.with_domain_id("d78cbac1");
/// let iam = Client::builder()
///     .endpoint("https://iam.myhuaweicloud.com")
///     .auth(AkSk::new(provider))
///     .build()?;
/// # let _ = iam; Ok(()) }
/// ```
pub struct MetadataProvider {
    client: Client,
    endpoint: String,
    token: Mutex<TokenState>,
    kept: Renewing,
}

#[derive(Default)]
struct TokenState {
    token: Option<Secret>,
    last_try: Option<Instant>,
}

impl MetadataProvider {
    /// The SDK's refresh threshold: credentials are renewed 40 minutes before they expire.
    pub const DEFAULT_MARGIN: Duration = Duration::from_secs(40 * 60);

    /// Reads the metadata service at [`DEFAULT_METADATA_ENDPOINT`].
    pub fn new() -> Result<Self, Error> {
        Self::with_endpoint(DEFAULT_METADATA_ENDPOINT)
    }

    /// Reads a metadata service at another address (a simulator, a proxy of it).
    pub fn with_endpoint(endpoint: &str) -> Result<Self, Error> {
        // The metadata service is link-local: never through a proxy, never retried
        // (the SDK does neither), 3 s limits as the SDK's.
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(METADATA_TIMEOUT)
            .build()
            .map_err(|e| Error::build("the HTTP client could not be created", Some(Box::new(e))))?;
        let client = Client::builder()
            .endpoint(endpoint)
            .reqwest_client(http)
            .retry(RetryPolicy::none())
            .attempt_timeout(METADATA_TIMEOUT * 2)
            .build()?;
        Ok(MetadataProvider {
            endpoint: client.endpoint().to_owned(),
            client,
            token: Mutex::new(TokenState::default()),
            // Credentials without an expiry time are fetched again.
            kept: Renewing::new(Self::DEFAULT_MARGIN, false),
        })
    }

    /// Renews credentials this long before they expire.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.kept.set_margin(margin);
        self
    }

    /// Sends `X-Project-Id` with the credentials (regional services).
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.kept.set_project_id(project_id.into());
        self
    }

    /// Sends `X-Domain-Id` with the credentials (global services).
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.kept.set_domain_id(domain_id.into());
        self
    }

    /// How many times credentials were read from the metadata service.
    pub fn refresh_count(&self) -> u64 {
        self.kept.renewals()
    }

    /// The metadata service's address.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn failed(&self, what: &str) -> Error {
        AuthError::new(format!(
            "the instance metadata service at {}{SECURITY_KEY_PATH} {what}",
            self.endpoint
        ))
        .into()
    }

    /// Asks for a session token; `Ok(false)` when the service does not use them.
    async fn update_token(&self, state: &mut TokenState, must: bool) -> Result<(), Error> {
        state.last_try = Some(Instant::now());
        let mut request = Request::new(Method::PUT, TOKEN_PATH);
        request.push_header("X-Metadata-Token-Ttl-Seconds", TOKEN_TTL_SECONDS)?;
        let raw = self.client.send_request(request).await.map_err(|e| {
            AuthError::caused_by(
                format!(
                    "the instance metadata service at {}{TOKEN_PATH} could not be reached",
                    self.endpoint
                ),
                e,
            )
        })?;
        match raw.status().as_u16() {
            200 => {
                let token = String::from_utf8_lossy(raw.body()).trim().to_owned();
                state.token = (!token.is_empty()).then(|| Secret::new(token));
                Ok(())
            }
            404 | 405 | 503 if !must => {
                state.token = None;
                Ok(())
            }
            status => Err(AuthError::new(format!(
                "the instance metadata service at {}{TOKEN_PATH} answered HTTP {status} to a token request",
                self.endpoint
            ))
            .into()),
        }
    }

    async fn get_key(&self, token: Option<&Secret>) -> Result<crate::RawResponse, Error> {
        let mut request = Request::new(Method::GET, SECURITY_KEY_PATH);
        if let Some(token) = token {
            request.push_header("X-Metadata-Token", token.expose())?;
            if let Some(v) = request.headers_mut().get_mut("x-metadata-token") {
                v.set_sensitive(true);
            }
        }
        self.client.send_request(request).await.map_err(|e| {
            AuthError::caused_by(
                format!(
                    "the instance metadata service at {}{SECURITY_KEY_PATH} could not be reached (is this an ECS or BMS instance?)",
                    self.endpoint
                ),
                e,
            )
            .into()
        })
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let mut state = self.token.lock().await;
        if state.token.is_none()
            && state
                .last_try
                .is_none_or(|at| at.elapsed() > TOKEN_RETRY_AFTER)
        {
            self.update_token(&mut state, false).await?;
        }
        let mut raw = self.get_key(state.token.as_ref()).await?;
        if raw.status().as_u16() == 401 && !String::from_utf8_lossy(raw.body()).contains(NO_AGENCY)
        {
            self.update_token(&mut state, true).await?;
            raw = self.get_key(state.token.as_ref()).await?;
        }
        drop(state);
        let status = raw.status().as_u16();
        if status == 401 {
            return Err(self.failed(
                "answered HTTP 401: the instance has no agency; configure a Cloud Service Agency for it",
            ));
        }
        if status >= 300 {
            return Err(self.failed(&format!("answered HTTP {status}")));
        }
        parse_security_key(raw.body()).map_err(|why| self.failed(&why))
    }
}

/// The credentials of a securitykey answer; the error never shows the body.
fn parse_security_key(body: &[u8]) -> Result<Credentials, String> {
    // The names the SDK's `StsAccessor._process_credential` accepts.
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(alias = "credentials")]
        credential: Key,
    }
    #[derive(serde::Deserialize)]
    struct Key {
        #[serde(alias = "accessKeyId", alias = "access_key_id")]
        access: String,
        #[serde(alias = "secretAccessKey", alias = "secret_access_key")]
        secret: Secret,
        #[serde(alias = "securityToken", alias = "security_token")]
        securitytoken: Secret,
        #[serde(alias = "expiration")]
        expires_at: String,
    }
    let body: Body = serde_json::from_slice(body).map_err(|e| {
        format!(
            "answered with a body that is not `{{\"credential\": {{\"access\", \"secret\", \"securitytoken\", \"expires_at\"}}}}` (at line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let key = body.credential;
    let expires_at = crate::auth::time::parse_rfc3339(&key.expires_at).ok_or_else(|| {
        format!(
            "answered with an `expires_at` that is not an RFC 3339 time: `{}`",
            key.expires_at
        )
    })?;
    Ok(Credentials::new(key.access, key.secret)
        .with_security_token(key.securitytoken)
        .with_expiry(expires_at))
}

impl fmt::Debug for MetadataProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetadataProvider")
            .field("endpoint", &self.endpoint)
            .field("margin", &self.kept.margin())
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for MetadataProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(self.kept.get(|| self.fetch()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_sdk_shape_and_hides_secrets() {
        let creds = parse_security_key(
            br#"{"credential": {"access": "HSTAEXAMPLE", "secret": "s3cr3t", "securitytoken": "t0k3n", "expires_at": "2017-12-07T06:02:46.185000Z"}}"#,
        )
        .unwrap();
        assert_eq!(creds.access_key(), "HSTAEXAMPLE");
        assert!(creds.expires_at().is_some());
        // The other spellings the SDK reads.
        let other = parse_security_key(
            br#"{"credentials": {"accessKeyId": "HSTA2", "secretAccessKey": "s", "securityToken": "t", "expiration": "2017-12-07T06:02:46Z"}}"#,
        )
        .unwrap();
        assert_eq!(other.access_key(), "HSTA2");
        let err = parse_security_key(br#"{"credential": {"access": "A", "secret": "s3cr3t"}}"#)
            .unwrap_err();
        assert!(!err.contains("s3cr3t"), "{err}");
    }
}
