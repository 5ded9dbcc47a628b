//! Project and domain discovery: the project ID of a region, or the account's
//! domain ID, asked of IAM when the credentials do not carry it, as the
//! official SDKs' `BasicCredentials` and `GlobalCredentials` do.

use crate::auth::{BoxFuture, Credentials, ProvideCredentials};
use crate::client::Client;
use crate::error::{AuthError, Error};
use crate::request_id::RequestId;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::OnceCell;

/// The variable that names the IAM endpoint discovery calls.
pub const IAM_ENDPOINT_ENV: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
/// The IAM endpoint the SDK calls for a region it has no IAM endpoint for.
pub const DEFAULT_IAM_ENDPOINT: &str = "https://iam.myhuaweicloud.com";
/// The variable that names the STS endpoint of the domain fallback.
pub const STS_ENDPOINT_ENV: &str = "HUAWEICLOUD_SDK_STS_ENDPOINT";
/// The STS endpoint the SDK calls for a region it has no STS endpoint for.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.cn-north-4.myhuaweicloud.com";

/// `GET /v3/projects?name=...` (Keystone): the projects of a name.
#[cloudwire::api_response]
#[derive(Debug, Clone)]
pub struct ProjectList {
    /// The projects (one per region, normally).
    #[serde(default)]
    pub projects: Vec<IdName>,
    /// `X-IAM-Trace-Id`, which the SDK's messages quote.
    #[cloudwire(header = "X-IAM-Trace-Id")]
    pub trace_id: Option<String>,
    /// The request ID.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// `GET /v3/auth/domains` (Keystone): the domains the caller may act in.
#[cloudwire::api_response]
#[derive(Debug, Clone)]
pub struct DomainList {
    /// The domains (the caller's account).
    #[serde(default)]
    pub domains: Vec<IdName>,
    /// `X-IAM-Trace-Id`.
    #[cloudwire(header = "X-IAM-Trace-Id")]
    pub trace_id: Option<String>,
    /// The request ID.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// `GET /v5/caller-identity` (STS): who the credentials belong to.
#[cloudwire::api_response]
#[derive(Debug, Clone)]
pub struct CallerIdentity {
    /// The account (domain) ID.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The caller's URN.
    #[serde(default)]
    pub principal_urn: Option<String>,
    /// The caller's ID.
    #[serde(default)]
    pub principal_id: Option<String>,
}

/// `GET /v5/caller-identity`.
#[cloudwire::endpoint(GET, "/v5/caller-identity", response = CallerIdentity)]
#[derive(Debug, Clone, Default)]
pub struct GetCallerIdentity {}

/// A project or domain: the members discovery reads.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct IdName {
    /// The ID.
    pub id: String,
    /// The name.
    #[serde(default)]
    pub name: String,
}

/// `GET /v3/projects?name=<region>`.
#[cloudwire::endpoint(GET, "/v3/projects", response = ProjectList)]
#[derive(Debug, Clone)]
pub struct ListProjects {
    /// The project name: a region ID such as `cn-north-4`.
    #[cloudwire(query)]
    pub name: String,
}

/// `GET /v3/auth/domains`.
#[cloudwire::endpoint(GET, "/v3/auth/domains", response = DomainList)]
#[derive(Debug, Clone, Default)]
pub struct ListAuthDomains {}

#[derive(Debug, Clone)]
enum Target {
    Project(String),
    Domain,
}

/// Credentials with the project ID of a region (or the domain ID) filled in
/// from IAM when the inner provider gives none, as the official SDKs fill
/// them in.
///
/// The lookup is signed with the inner provider's own credentials, made
/// once, at the first request that needs it, and cached for the life of this
/// provider (so of the client it signs for, and the clients
/// [`Client::with_endpoint`] makes from it); concurrent first requests wait
/// for that one lookup. A failed lookup is not cached: the next request tries again.
///
/// - project: `GET /v3/projects?name=<region>`; no project, or several, is
///   an error that says how to set the ID;
/// - domain: `GET /v3/auth/domains`, the first domain listed; when none is
///   listed and [`with_sts_fallback`](Self::with_sts_fallback) gave an STS
///   client, `GET /v5/caller-identity`'s `account_id`, as the SDK falls back.
///
/// The IAM endpoint is the credentials' own
/// ([`Credentials::with_iam_endpoint`], the credentials file's `iam_endpoint`)
/// when they name one, else `iam`'s.
///
/// ```no_run
/// use cloudwire::{Client, auth::{AkSk, Credentials, discovery::Discover}};
/// use std::sync::Arc;
///
/// # fn run() -> Result<(), cloudwire::Error> {
/// let creds = Arc::new(Credentials::from_env()?);
/// let iam = Client::builder()
///     .endpoint("https://iam.cn-north-4.myhuaweicloud.com")
///     .auth(AkSk::shared(creds.clone()))
///     .build()?;
/// let ecs = Client::builder()
///     .endpoint("https://ecs.cn-north-4.myhuaweicloud.com")
///     .auth(AkSk::new(Discover::project(creds, iam, "cn-north-4")))
///     .build()?;
/// # let _ = ecs; Ok(()) }
/// ```
pub struct Discover {
    inner: Arc<dyn ProvideCredentials>,
    iam: Client,
    sts: Option<Client>,
    target: Target,
    id: Arc<OnceCell<String>>,
    lookups: AtomicU64,
}

impl Discover {
    /// Fills in the project ID of `region`, asked of `iam` (a client for IAM
    /// that signs with the same credentials as `inner`).
    pub fn project(
        inner: Arc<dyn ProvideCredentials>,
        iam: Client,
        region: impl Into<String>,
    ) -> Self {
        Self::new(inner, iam, Target::Project(region.into()))
    }

    /// Fills in the domain ID, asked of `iam`.
    pub fn domain(inner: Arc<dyn ProvideCredentials>, iam: Client) -> Self {
        Self::new(inner, iam, Target::Domain)
    }

    fn new(inner: Arc<dyn ProvideCredentials>, iam: Client, target: Target) -> Self {
        Discover {
            inner,
            iam,
            sts: None,
            target,
            id: Arc::new(OnceCell::new()),
            lookups: AtomicU64::new(0),
        }
    }

    /// Shares the found ID with other providers (those of one
    /// [`Config`](crate::config::Config)): one lookup for all of them.
    pub(crate) fn sharing(mut self, id: Arc<OnceCell<String>>) -> Self {
        self.id = id;
        self
    }

    /// When IAM lists no domain, asks STS `GET /v5/caller-identity` for the
    /// account ID, as the SDK does (`sts`: a client for STS that signs with
    /// the same credentials).
    pub fn with_sts_fallback(mut self, sts: Client) -> Self {
        self.sts = Some(sts);
        self
    }

    /// How many lookups were sent to IAM.
    pub fn lookup_count(&self) -> u64 {
        self.lookups.load(Ordering::Relaxed)
    }

    /// The ID found, once a lookup succeeded.
    pub fn discovered(&self) -> Option<&str> {
        self.id.get().map(String::as_str)
    }

    async fn lookup(&self, creds: &Credentials) -> Result<String, Error> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        // The credentials' own IAM endpoint first, as the SDK's.
        let own;
        let iam = match creds.iam_endpoint() {
            Some(url) if url != self.iam.endpoint() => {
                own = self.iam.with_endpoint(url)?;
                &own
            }
            _ => &self.iam,
        };
        let endpoint = iam.endpoint();
        match &self.target {
            Target::Project(region) => {
                tracing::info!(region = %region, iam = %endpoint, "cloudwire: no project ID; asking IAM for the project of the region");
                let list = iam
                    .send(ListProjects {
                        name: region.clone(),
                    })
                    .await
                    .map_err(|e| {
                        AuthError::caused_by(
                            format!("could not get the project ID of region `{region}` from IAM at {endpoint}"),
                            e,
                        )
                    })?;
                let trace = list.trace_id.as_deref().unwrap_or("-");
                let set = "or set the project ID: HUAWEICLOUD_SDK_PROJECT_ID, `project_id` in the credentials file's `[basic]`, or `Credentials::with_project_id`";
                match list.projects.as_slice() {
                    [one] => Ok(one.id.clone()),
                    [] => Err(AuthError::new(format!(
                        "IAM at {endpoint} has no project named `{region}` in this account (X-IAM-Trace-Id={trace}): confirm the region has a project, {set}"
                    ))
                    .into()),
                    many => Err(AuthError::new(format!(
                        "IAM at {endpoint} lists {} projects named `{region}` ({}; X-IAM-Trace-Id={trace}): choose one, {set}",
                        many.len(),
                        many.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
                    ))
                    .into()),
                }
            }
            Target::Domain => {
                tracing::info!(iam = %endpoint, "cloudwire: no domain ID; asking IAM for the account's domain");
                let list = iam.send(ListAuthDomains {}).await.map_err(|e| {
                    AuthError::caused_by(
                        format!("could not get the domain ID from IAM at {endpoint}"),
                        e,
                    )
                })?;
                let trace = list.trace_id.as_deref().unwrap_or("-");
                if let Some(domain) = list.domains.into_iter().next() {
                    return Ok(domain.id);
                }
                let set = "or set the domain ID: HUAWEICLOUD_SDK_DOMAIN_ID, `domain_id` in the credentials file's `[global]`, or `Credentials::with_domain_id`";
                let Some(sts) = &self.sts else {
                    return Err(AuthError::new(format!(
                        "IAM at {endpoint} lists no domain (X-IAM-Trace-Id={trace}): confirm the credentials may call `GET /v3/auth/domains`, {set}"
                    ))
                    .into());
                };
                let sts_endpoint = sts.endpoint();
                tracing::info!(sts = %sts_endpoint, "cloudwire: IAM lists no domain; asking STS who the caller is");
                let identity = sts.send(GetCallerIdentity {}).await.map_err(|e| {
                    AuthError::caused_by(
                        format!("IAM at {endpoint} lists no domain (X-IAM-Trace-Id={trace}) and STS at {sts_endpoint} could not say the account: {set}"),
                        e,
                    )
                })?;
                identity.account_id.filter(|a| !a.is_empty()).ok_or_else(|| {
                    AuthError::new(format!(
                        "IAM at {endpoint} lists no domain and STS at {sts_endpoint} returned no `account_id`: {set}"
                    ))
                    .into()
                })
            }
        }
    }
}

impl fmt::Debug for Discover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Discover")
            .field("inner", &self.inner)
            .field("iam", &self.iam.endpoint())
            .field("target", &self.target)
            .field("discovered", &self.discovered())
            .finish()
    }
}

impl ProvideCredentials for Discover {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move {
            let creds = self.inner.credentials().await?;
            match self.target {
                Target::Project(_) if creds.project_id().is_none() => {
                    let id = self.id.get_or_try_init(|| self.lookup(&creds)).await?;
                    Ok(creds.with_project_id(id.clone()))
                }
                Target::Domain if creds.domain_id().is_none() => {
                    let id = self.id.get_or_try_init(|| self.lookup(&creds)).await?;
                    Ok(creds.with_domain_id(id.clone()))
                }
                _ => Ok(creds),
            }
        })
    }
}
