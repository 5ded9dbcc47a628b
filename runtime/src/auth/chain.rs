//! The default credential chain: the environment, the credentials file, the
//! instance metadata service, in the official SDKs' order.

use crate::auth::metadata::{DEFAULT_METADATA_ENDPOINT, MetadataProvider};
use crate::auth::{BoxFuture, Credentials, ProvideCredentials, env as vars};
use crate::config::Env;
use crate::config::ini::Ini;
use crate::error::{AuthError, Error};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Mutex;

/// The variable naming the credentials file (default `~/.huaweicloud/credentials`).
pub const CREDENTIALS_FILE_ENV: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// Which credentials a service takes, as the SDKs' two credential classes:
/// regional services `BasicCredentials` (`X-Project-Id`), global services
/// such as IAM and Identity Center `GlobalCredentials` (`X-Domain-Id`).
/// It picks the credentials file's section and which ID is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialType {
    /// Regional: section `[basic]`, `project_id` / `HUAWEICLOUD_SDK_PROJECT_ID`.
    Basic,
    /// Global: section `[global]`, `domain_id` / `HUAWEICLOUD_SDK_DOMAIN_ID`.
    Global,
}

impl CredentialType {
    /// The section of the credentials file: `basic` or `global`.
    pub fn section(self) -> &'static str {
        match self {
            CredentialType::Basic => "basic",
            CredentialType::Global => "global",
        }
    }
}

/// Where a chain found its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialSource {
    /// `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`.
    Environment,
    /// The credentials file at this path.
    File(PathBuf),
    /// The instance metadata service at this address.
    Metadata(String),
}

/// Finds credentials as the official SDKs' default `CredentialProviderChain`
/// does, first source that has them wins:
///
/// 1. **the environment**: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, the
///    optional `HUAWEICLOUD_SDK_SECURITY_TOKEN`, and `HUAWEICLOUD_SDK_PROJECT_ID`
///    ([`Basic`](CredentialType::Basic)) or `HUAWEICLOUD_SDK_DOMAIN_ID`
///    ([`Global`](CredentialType::Global));
/// 2. **the credentials file** named by `HUAWEICLOUD_SDK_CREDENTIALS_FILE`,
///    else `~/.huaweicloud/credentials`: its `[basic]` or `[global]` section,
///    keys `ak`, `sk`, `security_token`, `project_id` or `domain_id`, and
///    `iam_endpoint` (where discovery asks; INI as Python's `configparser` reads it);
/// 3. **the instance metadata service** (ECS, BMS): temporary credentials,
///    refreshed before they expire (see [`MetadataProvider`]).
///
/// The sources are tried at the first request, once, and the one found is
/// kept (concurrent first requests wait for that one search). When none has
/// credentials the error says what each looked for; it never holds a secret.
/// A credentials file that is not valid INI stops the search with its error,
/// as it does in the SDK.
///
/// ```
/// use cloudwire::auth::{Credentials, CredentialType, ProvideCredentials};
/// use cloudwire::config::Env;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let env = Env::from_vars([
///     ("HUAWEICLOUD_SDK_AK", "HPUAEXAMPLEAK"),
///     ("HUAWEICLOUD_SDK_SK", "example-secret"),
///     ("HUAWEICLOUD_SDK_DOMAIN_ID", "d78cbac1"),
/// ]);
/// let chain = Credentials::default_chain(CredentialType::Global).with_env(env);
/// let creds = chain.credentials().await.unwrap();
/// assert_eq!((creds.access_key(), creds.domain_id()), ("HPUAEXAMPLEAK", Some("d78cbac1")));
/// # }
/// ```
pub struct CredentialChain {
    kind: CredentialType,
    env: Env,
    metadata_endpoint: String,
    found: Mutex<Option<Found>>,
}

#[derive(Clone)]
struct Found {
    source: CredentialSource,
    provider: Arc<dyn ProvideCredentials>,
}

impl Credentials {
    /// The SDKs' default credential chain (environment, credentials file,
    /// instance metadata), reading the process environment; see [`CredentialChain`].
    pub fn default_chain(kind: CredentialType) -> CredentialChain {
        CredentialChain::new(kind)
    }
}

impl CredentialChain {
    /// A chain for `kind` that reads the process environment.
    pub fn new(kind: CredentialType) -> Self {
        CredentialChain {
            kind,
            env: Env::system(),
            metadata_endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            found: Mutex::new(None),
        }
    }

    /// Reads variables and the home directory from `env` instead.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Asks the metadata service at this address instead of
    /// [`DEFAULT_METADATA_ENDPOINT`].
    pub fn with_metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = endpoint.into();
        self
    }

    /// The credential type the chain reads.
    pub fn kind(&self) -> CredentialType {
        self.kind
    }

    /// Where credentials were found, once a request has asked for them.
    pub async fn source(&self) -> Option<CredentialSource> {
        self.found.lock().await.as_ref().map(|f| f.source.clone())
    }

    /// The credentials file that would be read, if one can be named.
    pub fn file_path(&self) -> Option<PathBuf> {
        self.env
            .var(CREDENTIALS_FILE_ENV)
            .map(PathBuf::from)
            .or_else(|| {
                self.env
                    .home()
                    .map(|home| home.join(".huaweicloud").join("credentials"))
            })
    }

    /// Keeps the ID this credential type uses, drops the other (as the SDK's
    /// `BasicCredentials` and `GlobalCredentials` each carry one).
    fn scoped(&self, creds: Credentials) -> Credentials {
        let (project, domain) = (
            creds.project_id().map(str::to_owned),
            creds.domain_id().map(str::to_owned),
        );
        let mut out = Credentials::new(creds.access_key(), creds.secret_key().clone());
        if let Some(token) = creds.security_token() {
            out = out.with_security_token(token.clone());
        }
        match (self.kind, project, domain) {
            (CredentialType::Basic, Some(p), _) => out.with_project_id(p),
            (CredentialType::Global, _, Some(d)) => out.with_domain_id(d),
            _ => out,
        }
    }

    fn read_environment(&self) -> Result<Credentials, String> {
        let env = self.env.clone();
        Credentials::from_lookup(move |name| env.var(name))
            .map(|c| self.scoped(c))
            .map_err(|_| {
                let missing: Vec<&str> = [vars::AK, vars::SK]
                    .into_iter()
                    .filter(|n| self.env.var(n).is_none_or(|v| v.trim().is_empty()))
                    .collect();
                let verb = if missing.len() > 1 { "are" } else { "is" };
                format!("environment: {} {verb} not set", missing.join(" and "))
            })
    }

    /// `Ok(Err(why))` when the file has no credentials (try the next source),
    /// `Err` when it exists but cannot be used (stop).
    fn read_file(&self) -> Result<Result<(PathBuf, Credentials), String>, Error> {
        let Some(path) = self.file_path() else {
            return Ok(Err(format!(
                "credentials file: no path (set {CREDENTIALS_FILE_ENV}, or HOME for ~/.huaweicloud/credentials)"
            )));
        };
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Err(format!(
                    "credentials file: `{shown}` does not exist (set {CREDENTIALS_FILE_ENV} to read another)"
                )));
            }
            Err(e) => {
                return Err(AuthError::new(format!(
                    "the credentials file `{shown}` could not be read: {e}"
                ))
                .into());
            }
        };
        let bad = |why: String| -> Error {
            AuthError::new(format!(
                "the credentials file `{shown}` is not valid: {why}"
            ))
            .into()
        };
        let ini = Ini::parse(&text).map_err(bad)?;
        let section = self.kind.section();
        if !ini.has_section(section) {
            return Ok(Err(format!(
                "credentials file: `{shown}` has no `[{section}]` section"
            )));
        }
        let get = |key: &str| -> Result<Option<String>, Error> {
            Ok(ini
                .get(section, key)
                .map_err(bad)?
                .filter(|v| !v.is_empty()))
        };
        let (Some(ak), Some(sk)) = (get("ak")?, get("sk")?) else {
            return Ok(Err(format!(
                "credentials file: `[{section}]` of `{shown}` has no `ak` and `sk`"
            )));
        };
        let mut creds = Credentials::new(ak, sk);
        if let Some(token) = get("security_token")? {
            creds = creds.with_security_token(token);
        }
        if let Some(endpoint) = get("iam_endpoint")? {
            creds = creds.with_iam_endpoint(endpoint);
        }
        match self.kind {
            CredentialType::Basic => {
                if let Some(p) = get("project_id")? {
                    creds = creds.with_project_id(p);
                }
            }
            CredentialType::Global => {
                if let Some(d) = get("domain_id")? {
                    creds = creds.with_domain_id(d);
                }
            }
        }
        Ok(Ok((path, creds)))
    }

    async fn find(&self) -> Result<Found, Error> {
        let mut tried = Vec::new();
        match self.read_environment() {
            Ok(creds) => {
                return Ok(Found {
                    source: CredentialSource::Environment,
                    provider: Arc::new(creds),
                });
            }
            Err(why) => tried.push(why),
        }
        match self.read_file()? {
            Ok((path, creds)) => {
                return Ok(Found {
                    source: CredentialSource::File(path),
                    provider: Arc::new(creds),
                });
            }
            Err(why) => tried.push(why),
        }
        let metadata = MetadataProvider::with_endpoint(&self.metadata_endpoint)?;
        // The SDK's metadata credentials carry the environment's ID, if any.
        let metadata = match self.kind {
            CredentialType::Basic => match self.env.var(vars::PROJECT_ID) {
                Some(p) => metadata.with_project_id(p),
                None => metadata,
            },
            CredentialType::Global => match self.env.var(vars::DOMAIN_ID) {
                Some(d) => metadata.with_domain_id(d),
                None => metadata,
            },
        };
        match metadata.credentials().await {
            Ok(_) => Ok(Found {
                source: CredentialSource::Metadata(metadata.endpoint().to_owned()),
                provider: Arc::new(metadata),
            }),
            Err(e) => {
                tried.push(format!("instance metadata: {}", auth_message(&e)));
                Err(AuthError::new(format!(
                    "no credentials found; tried, in order: {}",
                    tried.join("; ")
                ))
                .into())
            }
        }
    }
}

/// An auth error's text without its `authentication failed: ` prefix.
fn auth_message(e: &Error) -> String {
    let text = e.to_string();
    text.strip_prefix("authentication failed: ")
        .map(str::to_owned)
        .unwrap_or(text)
}

impl fmt::Debug for CredentialChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialChain")
            .field("kind", &self.kind)
            .field("metadata_endpoint", &self.metadata_endpoint)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CredentialChain {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move {
            let provider = {
                let mut found = self.found.lock().await;
                match found.as_ref() {
                    Some(f) => Arc::clone(&f.provider),
                    None => {
                        let f = self.find().await?;
                        let provider = Arc::clone(&f.provider);
                        *found = Some(f);
                        provider
                    }
                }
            };
            provider.credentials().await
        })
    }
}
