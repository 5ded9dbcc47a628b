//! Temporary credentials from STS: the *assume agency* call, and a provider
//! that keeps its credentials fresh for a client.

use crate::auth::renew::Renewing;
use crate::auth::{BoxFuture, Credentials, ProvideCredentials};
use crate::client::Client;
use crate::error::{AuthError, Error};
use crate::request_id::RequestId;
use crate::secret::Secret;
use std::fmt;
use std::time::Duration;

/// The answer of `POST /v5/agencies/assume`.
#[cloudwire::api_response]
#[derive(Debug, Clone)]
pub struct AssumeAgencyResponse {
    /// The source identity passed in the request, if any.
    #[serde(default)]
    pub source_identity: Option<String>,
    /// The assumed agency's URN and ID.
    pub assumed_agency: AssumedAgency,
    /// The temporary credentials.
    pub credentials: TemporaryCredentials,
    /// The request ID.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// The assumed agency of an [`AssumeAgencyResponse`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct AssumedAgency {
    /// `sts::{account_id}::assumed-agency:{agency_name}/{session_name}`.
    pub urn: String,
    /// `{agency_id}:{session_name}`.
    pub id: String,
}

/// Temporary credentials as STS returns them.
///
/// ```
/// use cloudwire::auth::sts::TemporaryCredentials;
///
/// let temp: TemporaryCredentials = cloudwire::serde_json::from_str(r#"{
///     "access_key_id": "HSTANOXZU2UXBS55JLJ3",
///     "secret_access_key": "EoWCQrrSCcw4Whkt2aXKWAr",
///     "security_token": "hQpjbi1XXXXXXbhBbA0TQ==",
///     "expiration": "2022-09-07T03:27:51.158Z"
/// }"#).unwrap();
/// let creds = temp.into_credentials().unwrap();
/// assert_eq!(creds.access_key(), "HSTANOXZU2UXBS55JLJ3");
/// assert!(creds.security_token().is_some() && creds.expires_at().is_some());
/// ```
#[derive(Clone, serde::Deserialize)]
pub struct TemporaryCredentials {
    /// The temporary access key.
    pub access_key_id: String,
    /// The temporary secret key.
    pub secret_access_key: Secret,
    /// The security token, sent as `X-Security-Token`.
    pub security_token: Secret,
    /// When they expire (RFC 3339, UTC).
    pub expiration: String,
}

impl fmt::Debug for TemporaryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TemporaryCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("security_token", &self.security_token)
            .field("expiration", &self.expiration)
            .finish()
    }
}

impl TemporaryCredentials {
    /// Credentials that sign with the temporary keys and send the security token.
    pub fn into_credentials(self) -> Result<Credentials, Error> {
        let expires_at = crate::auth::time::parse_rfc3339(&self.expiration).ok_or_else(|| {
            AuthError::new(format!(
                "STS returned an expiration that is not an RFC 3339 time: `{}`",
                self.expiration
            ))
        })?;
        Ok(Credentials::new(self.access_key_id, self.secret_access_key)
            .with_security_token(self.security_token)
            .with_expiry(expires_at))
    }
}

/// `POST /v5/agencies/assume`: temporary credentials of an agency.
///
/// ```
/// use cloudwire::Endpoint;
/// use cloudwire::auth::sts::AssumeAgency;
///
/// let req = AssumeAgency::new("iam::0a1b2c3d4e:agency:cloudwire-ops", "nightly-job")
///     .with_duration_seconds(900);
/// let request = req.to_request().unwrap();
/// assert_eq!(request.path(), "/v5/agencies/assume");
/// // Members in the official SDK's order, `None` left out.
/// assert_eq!(
///     request.body().as_ref(),
///     br#"{"duration_seconds": 900, "agency_urn": "iam::0a1b2c3d4e:agency:cloudwire-ops", "agency_session_name": "nightly-job"}"#
/// );
/// ```
#[cloudwire::endpoint(POST, "/v5/agencies/assume", response = AssumeAgencyResponse)]
#[derive(Debug, Clone)]
pub struct AssumeAgency {
    /// How long the credentials last (900 to 43200 s; the service default when `None`).
    pub duration_seconds: Option<u32>,
    /// An inline policy that narrows what the credentials may do (JSON text).
    pub policy: Option<String>,
    /// IDs of managed policies that narrow what the credentials may do.
    pub policy_ids: Option<Vec<String>>,
    /// `iam::{account_id}:agency:{agency_name}`.
    pub agency_urn: String,
    /// A name for the session, shown in audit logs.
    pub agency_session_name: String,
    /// An identity to record as the source of the session.
    pub source_identity: Option<String>,
    /// Session tags.
    pub tags: Option<Vec<SessionTag>>,
}

/// A session tag of [`AssumeAgency`].
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTag {
    /// The tag key.
    pub key: String,
    /// The tag value.
    pub value: String,
}

impl AssumeAgency {
    /// Assumes agency `agency_urn` for a session named `session_name`.
    pub fn new(agency_urn: impl Into<String>, session_name: impl Into<String>) -> Self {
        AssumeAgency {
            duration_seconds: None,
            policy: None,
            policy_ids: None,
            agency_urn: agency_urn.into(),
            agency_session_name: session_name.into(),
            source_identity: None,
            tags: None,
        }
    }

    /// Sets how long the credentials last.
    pub fn with_duration_seconds(mut self, seconds: u32) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }
}

/// Credentials that come from assuming an agency, refreshed before they expire.
///
/// Concurrent requests share one cached set; when it is within `margin` of its
/// expiry, the first request to notice refreshes it while the others wait for
/// that one refresh (no thundering herd).
///
/// ```no_run
/// use cloudwire::{Client, auth::{AkSk, Credentials, sts::{AssumeAgency, AssumeAgencyProvider}}};
///
/// # fn run() -> Result<(), cloudwire::Error> {
/// let sts = Client::builder()
///     .endpoint("https://sts.myhuaweicloud.com")
///     .auth(AkSk::new(Credentials::from_env()?))
///     .build()?;
/// let provider = AssumeAgencyProvider::new(sts, AssumeAgency::new("iam::0a1b:agency:ops", "job"));
/// let iam = Client::builder()
///     .endpoint("https://iam.myhuaweicloud.com")
///     .auth(AkSk::new(provider))
///     .build()?;
/// # let _ = iam; Ok(()) }
/// ```
pub struct AssumeAgencyProvider {
    sts: Client,
    request: AssumeAgency,
    kept: Renewing,
}

impl AssumeAgencyProvider {
    /// The default refresh margin: credentials are renewed 5 minutes before they expire.
    pub const DEFAULT_MARGIN: Duration = Duration::from_secs(300);

    /// A provider that calls `request` on the STS client `sts` when it needs credentials.
    pub fn new(sts: Client, request: AssumeAgency) -> Self {
        AssumeAgencyProvider {
            sts,
            request,
            // Credentials without an expiry time are kept for good.
            kept: Renewing::new(Self::DEFAULT_MARGIN, true),
        }
    }

    /// Renews credentials this long before they expire.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.kept.set_margin(margin);
        self
    }

    /// Sends `X-Project-Id` with the temporary credentials (regional services).
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.kept.set_project_id(project_id.into());
        self
    }

    /// Sends `X-Domain-Id` with the temporary credentials (global services).
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.kept.set_domain_id(domain_id.into());
        self
    }

    /// How many times credentials were fetched from STS.
    pub fn refresh_count(&self) -> u64 {
        self.kept.renewals()
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let response = self.sts.send(&self.request).await.map_err(|e| {
            AuthError::caused_by(
                format!("assuming agency `{}` failed", self.request.agency_urn),
                e,
            )
        })?;
        response.credentials.into_credentials()
    }
}

impl fmt::Debug for AssumeAgencyProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeAgencyProvider")
            .field("sts", &self.sts.endpoint())
            .field("agency_urn", &self.request.agency_urn)
            .field("margin", &self.kept.margin())
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for AssumeAgencyProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(self.kept.get(|| self.fetch()))
    }
}
