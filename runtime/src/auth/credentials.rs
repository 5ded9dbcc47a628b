//! AK/SK credentials: permanent, temporary (with a security token), from the
//! environment, and the source a signer asks before every request.

use crate::auth::BoxFuture;
use crate::error::{AuthError, Error};
use crate::secret::Secret;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// An access key (AK), its secret key (SK) and, for temporary credentials, a
/// security token; plus the project or domain the requests act in.
///
/// Regional services take `X-Project-Id` (the official SDKs' `BasicCredentials`),
/// global services such as IAM and Identity Center take `X-Domain-Id`
/// (`GlobalCredentials`); set the one the service needs.
///
/// ```
/// use cloudwire::auth::Credentials;
///
/// let creds = Credentials::new("HSTANOXZU2UXBS55JLJ3", "EoWCQrrSCcw4Whkt2aXKWAr")
///     .with_security_token("hQpjbi1XXXXXXbhBbA0TQ==")
///     .with_domain_id("d78cbac1");
/// assert_eq!(creds.access_key(), "HSTANOXZU2UXBS55JLJ3");
/// let shown = format!("{creds:?}");
/// assert!(!shown.contains("EoWCQ") && !shown.contains("hQpjbi"));
/// ```
///
/// Cloning is cheap (the values are shared, not copied): a provider hands out a
/// clone for every request it signs.
#[derive(Clone)]
pub struct Credentials(Arc<Inner>);

#[derive(Clone)]
struct Inner {
    access_key: String,
    secret_key: Secret,
    security_token: Option<Secret>,
    project_id: Option<Id>,
    domain_id: Option<Id>,
    expires_at: Option<SystemTime>,
    iam_endpoint: Option<String>,
}

/// A project or domain ID, with its header value made once (not for every
/// request); `None` when the ID cannot be a header value.
#[derive(Clone)]
struct Id {
    text: String,
    header: Option<http::HeaderValue>,
}

impl Id {
    fn new(text: String) -> Id {
        let header = http::HeaderValue::from_str(&text).ok();
        Id { text, header }
    }

    fn header(&self) -> Result<&http::HeaderValue, InvalidHeaderId> {
        self.header.as_ref().ok_or(InvalidHeaderId)
    }
}

/// A project or domain ID that cannot be sent as a header value.
#[derive(Debug)]
pub(crate) struct InvalidHeaderId;

/// The environment variables the official SDKs read.
pub mod env {
    /// The access key.
    pub const AK: &str = "HUAWEICLOUD_SDK_AK";
    /// The secret key.
    pub const SK: &str = "HUAWEICLOUD_SDK_SK";
    /// The security token of temporary credentials.
    pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
    /// The project ID (regional services).
    pub const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
    /// The domain (account) ID (global services).
    pub const DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
}

impl Credentials {
    /// Permanent credentials from an access key and a secret key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<Secret>) -> Self {
        Credentials(Arc::new(Inner {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: None,
            project_id: None,
            domain_id: None,
            expires_at: None,
            iam_endpoint: None,
        }))
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and the optional
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID` and
    /// `HUAWEICLOUD_SDK_DOMAIN_ID`, as the official SDKs do.
    ///
    /// The error names every variable that is missing or empty.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), with the variables read through `lookup`.
    ///
    /// ```
    /// use cloudwire::auth::Credentials;
    ///
    /// let err = Credentials::from_lookup(|name| (name == "HUAWEICLOUD_SDK_AK").then(|| "AK".to_string()))
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "authentication failed: HUAWEICLOUD_SDK_SK is not set (set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)"
    /// );
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let (ak, sk) = (get(env::AK), get(env::SK));
        let missing: Vec<&str> = [(env::AK, ak.is_none()), (env::SK, sk.is_none())]
            .into_iter()
            .filter_map(|(name, missing)| missing.then_some(name))
            .collect();
        let (Some(ak), Some(sk)) = (ak, sk) else {
            let verb = if missing.len() > 1 { "are" } else { "is" };
            return Err(AuthError::new(format!(
                "{} {verb} not set (set {} and {})",
                missing.join(" and "),
                env::AK,
                env::SK
            ))
            .into());
        };
        let mut creds = Credentials::new(ak.trim(), sk.trim().to_owned());
        let inner = Arc::make_mut(&mut creds.0);
        inner.security_token = get(env::SECURITY_TOKEN).map(|t| Secret::new(t.trim()));
        inner.project_id = get(env::PROJECT_ID).map(|v| Id::new(v.trim().to_owned()));
        inner.domain_id = get(env::DOMAIN_ID).map(|v| Id::new(v.trim().to_owned()));
        Ok(creds)
    }

    /// Makes these temporary credentials: the token is sent as `X-Security-Token`.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        Arc::make_mut(&mut self.0).security_token = Some(token.into());
        self
    }

    /// The project ID, sent as `X-Project-Id` (regional services).
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.0).project_id = Some(Id::new(project_id.into()));
        self
    }

    /// The domain (account) ID, sent as `X-Domain-Id` (global services).
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.0).domain_id = Some(Id::new(domain_id.into()));
        self
    }

    /// When temporary credentials stop working.
    pub fn with_expiry(mut self, expires_at: SystemTime) -> Self {
        Arc::make_mut(&mut self.0).expires_at = Some(expires_at);
        self
    }

    /// The IAM endpoint that project and domain discovery asks
    /// ([`discovery`](crate::auth::discovery)), before any other: the SDK's
    /// `with_iam_endpoint`, and the credentials file's `iam_endpoint` key.
    pub fn with_iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.0).iam_endpoint = Some(endpoint.into());
        self
    }

    /// The IAM endpoint for discovery, if these credentials name one.
    pub fn iam_endpoint(&self) -> Option<&str> {
        self.0.iam_endpoint.as_deref()
    }

    /// The access key (not secret).
    pub fn access_key(&self) -> &str {
        &self.0.access_key
    }

    /// The secret key.
    pub fn secret_key(&self) -> &Secret {
        &self.0.secret_key
    }

    /// The security token of temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.0.security_token.as_ref()
    }

    /// The project ID.
    pub fn project_id(&self) -> Option<&str> {
        self.0.project_id.as_ref().map(|id| id.text.as_str())
    }

    /// The project ID as the `X-Project-Id` value.
    pub(crate) fn project_id_header(&self) -> Option<Result<&http::HeaderValue, InvalidHeaderId>> {
        self.0.project_id.as_ref().map(Id::header)
    }

    /// The domain ID.
    pub fn domain_id(&self) -> Option<&str> {
        self.0.domain_id.as_ref().map(|id| id.text.as_str())
    }

    /// The domain ID as the `X-Domain-Id` value.
    pub(crate) fn domain_id_header(&self) -> Option<Result<&http::HeaderValue, InvalidHeaderId>> {
        self.0.domain_id.as_ref().map(Id::header)
    }

    /// When temporary credentials expire; `None` for permanent ones.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.0.expires_at
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.0.access_key)
            .field("secret_key", &self.0.secret_key)
            .field(
                "security_token",
                &self.0.security_token.as_ref().map(|_| "***"),
            )
            .field("project_id", &self.project_id())
            .field("domain_id", &self.domain_id())
            .field("expires_at", &self.0.expires_at)
            .field("iam_endpoint", &self.0.iam_endpoint)
            .finish()
    }
}

/// Where a signer gets credentials before each request: fixed ones, or a
/// provider that obtains and refreshes temporary credentials.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Credentials valid for a request sent now.
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>>;
}

impl ProvideCredentials for Credentials {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn reads_the_sdk_variables() {
        let creds = Credentials::from_lookup(lookup(&[
            (env::AK, " AK1 "),
            (env::SK, "SK1"),
            (env::SECURITY_TOKEN, "TOK"),
            (env::PROJECT_ID, "p1"),
            (env::DOMAIN_ID, ""),
        ]))
        .unwrap();
        assert_eq!(creds.access_key(), "AK1");
        assert_eq!(creds.secret_key().expose(), "SK1");
        assert_eq!(creds.security_token().unwrap().expose(), "TOK");
        assert_eq!(creds.project_id(), Some("p1"));
        assert_eq!(creds.domain_id(), None);
    }

    #[test]
    fn names_what_is_missing() {
        let err = Credentials::from_lookup(lookup(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "authentication failed: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set (set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)"
        );
        let err = Credentials::from_lookup(lookup(&[(env::SK, "x")])).unwrap_err();
        assert!(err.to_string().contains("HUAWEICLOUD_SDK_AK is not set"));
    }
}
