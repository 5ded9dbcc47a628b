//! Configuration as the official SDKs read it: regions and endpoints, the
//! credential chain, and project or domain discovery, from the same
//! environment variables and files.
//!
//! [`Config`] puts them together: a client for a service in a region, its
//! endpoint from the region catalogue, its credentials from the default
//! chain, and the project (or domain) ID asked of IAM when none is set.
//!
//! ```no_run
//! use cloudwire::{Client, config::Config};
//!
//! # fn run() -> Result<(), cloudwire::Error> {
//! let config = Config::from_env();
//! // IAM is global: X-Domain-Id, from HUAWEICLOUD_SDK_DOMAIN_ID or discovered.
//! let iam = config.global_client(Client::builder(), "iam", "cn-north-4")?;
//! // A regional service: X-Project-Id, from HUAWEICLOUD_SDK_PROJECT_ID or discovered.
//! let ecs = config.regional_client(Client::builder(), "ecs", "cn-north-4")?;
//! # let _ = (iam, ecs); Ok(()) }
//! ```

mod env;
pub(crate) mod ini;
mod region;

pub use env::Env;
pub use region::{REGION_ENV_PREFIX, REGIONS_FILE_ENV, Region, RegionSource, Regions};

use crate::auth::discovery::{
    DEFAULT_IAM_ENDPOINT, DEFAULT_STS_ENDPOINT, Discover, IAM_ENDPOINT_ENV, STS_ENDPOINT_ENV,
};
use crate::auth::metadata::DEFAULT_METADATA_ENDPOINT;
use crate::auth::{AkSk, CredentialChain, CredentialType, ProvideCredentials};
use crate::client::{Client, ClientBuilder};
use crate::error::Error;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use tokio::sync::OnceCell;

/// Builds clients for services in regions, configured as the official SDKs
/// configure theirs (see the README's *Configuration* table).
///
/// For each client it:
/// 1. resolves the service's endpoint in the region with [`Regions`]
///    (`HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, the regions file, the
///    built-in catalogue);
/// 2. signs with credentials from the default [`CredentialChain`]
///    (environment, credentials file, instance metadata), or the provider
///    given to [`credentials`](Self::credentials);
/// 3. fills in the project ID (regional) or domain ID (global) from IAM when
///    the credentials have none ([`Discover`]). The IAM endpoint is the
///    credentials' own (the file's `iam_endpoint`), else
///    `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else IAM in the same region (resolved as
///    above), else `https://iam.myhuaweicloud.com`. When IAM lists no domain,
///    STS's caller identity gives the account ([`sts_endpoint`](Self::sts_endpoint)).
///
/// The clients of one `Config` (and of its clones) share one credential
/// chain per credential type and one lookup per region (project) or one in
/// all (domain), as the SDK shares them within a process.
///
/// The builder passed in carries the transport settings (proxy, TLS,
/// timeouts, retries) for both the service and the IAM lookups.
#[derive(Debug, Clone)]
pub struct Config {
    env: Env,
    regions: Regions,
    metadata_endpoint: String,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    shared: Arc<Shared>,
}

/// What the clients of one `Config` share.
#[derive(Debug, Default)]
struct Shared {
    /// The default chain, per credential type (basic, global).
    chains: [OnceLock<Arc<dyn ProvideCredentials>>; 2],
    /// Discovered IDs: `project/<region>` and `domain`.
    ids: Mutex<HashMap<String, Arc<OnceCell<String>>>>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_env()
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Config {
        Config::with_env(Env::system())
    }

    /// Reads `env` (variables and home directory) instead.
    pub fn with_env(env: Env) -> Config {
        Config {
            regions: Regions::with_env(env.clone()),
            env,
            metadata_endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            credentials: None,
            shared: Arc::default(),
        }
    }

    /// Signs with credentials from `provider` instead of the default chain
    /// (discovery still fills in a missing project or domain ID).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Config {
        self.credentials = Some(Arc::new(provider));
        self.shared = Arc::default();
        self
    }

    /// The chain's metadata service at this address instead of
    /// `http://169.254.169.254`.
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Config {
        self.metadata_endpoint = endpoint.into();
        self.shared = Arc::default();
        self
    }

    /// The environment read.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The region catalogue.
    pub fn regions(&self) -> &Regions {
        &self.regions
    }

    fn provider(&self, kind: CredentialType) -> Arc<dyn ProvideCredentials> {
        if let Some(p) = &self.credentials {
            return Arc::clone(p);
        }
        let slot = &self.shared.chains[kind as usize];
        Arc::clone(slot.get_or_init(|| {
            Arc::new(
                CredentialChain::new(kind)
                    .with_env(self.env.clone())
                    .with_metadata_endpoint(self.metadata_endpoint.clone()),
            )
        }))
    }

    fn discovered(&self, key: String) -> Arc<OnceCell<String>> {
        let mut ids = self
            .shared
            .ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(ids.entry(key).or_default())
    }

    /// The IAM endpoint project and domain lookups call for `region`.
    pub fn iam_endpoint(&self, region: &str) -> String {
        if let Some(endpoint) = self.env.var(IAM_ENDPOINT_ENV) {
            return endpoint;
        }
        self.regions.resolve("iam", region).map_or_else(
            |_| DEFAULT_IAM_ENDPOINT.to_owned(),
            |r| r.endpoint().to_owned(),
        )
    }

    /// The STS endpoint domain discovery falls back on for `region`:
    /// `HUAWEICLOUD_SDK_STS_ENDPOINT`, else STS in the region, else
    /// `https://sts.cn-north-4.myhuaweicloud.com`, as the SDK picks it.
    pub fn sts_endpoint(&self, region: &str) -> String {
        if let Some(endpoint) = self.env.var(STS_ENDPOINT_ENV) {
            return endpoint;
        }
        self.regions.resolve("sts", region).map_or_else(
            |_| DEFAULT_STS_ENDPOINT.to_owned(),
            |r| r.endpoint().to_owned(),
        )
    }

    fn client(
        &self,
        builder: ClientBuilder,
        service: &str,
        region: &str,
        kind: CredentialType,
    ) -> Result<Client, Error> {
        let resolved = self.regions.resolve(service, region)?;
        let provider = self.provider(kind);
        let iam = builder
            .clone()
            .endpoint(self.iam_endpoint(region))
            .auth(AkSk::shared(Arc::clone(&provider)))
            .build()?;
        let discover = match kind {
            CredentialType::Basic => Discover::project(provider, iam, region)
                .sharing(self.discovered(format!("project/{region}"))),
            CredentialType::Global => {
                let sts = iam.with_endpoint(&self.sts_endpoint(region))?;
                Discover::domain(provider, iam)
                    .with_sts_fallback(sts)
                    .sharing(self.discovered("domain".to_owned()))
            }
        };
        builder
            .endpoint(resolved.endpoint())
            .auth(AkSk::new(discover))
            .build()
    }

    /// A client for a regional service (`X-Project-Id`; credentials file
    /// section `[basic]`) in `region`, from `builder`'s other settings.
    pub fn regional_client(
        &self,
        builder: ClientBuilder,
        service: &str,
        region: &str,
    ) -> Result<Client, Error> {
        self.client(builder, service, region, CredentialType::Basic)
    }

    /// A client for a global service such as IAM or Identity Center
    /// (`X-Domain-Id`; credentials file section `[global]`), its endpoint
    /// that of `region`, from `builder`'s other settings.
    pub fn global_client(
        &self,
        builder: ClientBuilder,
        service: &str,
        region: &str,
    ) -> Result<Client, Error> {
        self.client(builder, service, region, CredentialType::Global)
    }
}
