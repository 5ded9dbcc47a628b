//! What configuration needs on loopback: the instance metadata service
//! (session tokens and expiring credentials), IAM's project and domain
//! lists, and a region catalogue pointing every service at the simulator.

use super::values::{ALNUM, UPPER_ALNUM, Utc, base64, fnv1a, mix};
use super::{IssuedCredentials, ResponseId, Shared, Simulator, lock};
use axum::extract::{Query, State};
use axum::http::header::HOST;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How long metadata credentials last unless [`SimulatorBuilder::metadata_lifetime`](super::SimulatorBuilder::metadata_lifetime) says otherwise.
pub const DEFAULT_METADATA_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// The regions that have a project unless [`SimulatorBuilder::project`](super::SimulatorBuilder::project) says otherwise.
pub const DEFAULT_PROJECT_REGIONS: [&str; 3] = ["cn-north-4", "cn-south-1", "ap-southeast-1"];
/// The services [`Simulator::region_env`] and [`Simulator::regions_yaml`] point at the simulator.
pub const SERVICES: [&str; 3] = ["iam", "identitycenter", "sts"];

/// The 401 body of a metadata service without a session token, as ECS answers it.
const TOKEN_MISSING: &str = "{\"error\": \"the metadata token is missing or invalid\"}";

/// The configuration state of a simulator.
pub(super) struct ConfigState {
    pub(super) metadata_lifetime: Duration,
    pub(super) metadata_tokens: MetadataTokens,
    /// Session tokens handed out.
    tokens: Mutex<HashSet<String>>,
    /// `(name, id)` of every project, in order.
    pub(super) projects: Vec<(String, String)>,
    /// Whether `GET /v3/auth/domains` lists the account (else an empty list).
    pub(super) list_domains: bool,
    /// Requests received, by path.
    paths: Mutex<HashMap<String, u64>>,
}

/// How the simulated metadata service treats session tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetadataTokens {
    /// Hands them out and accepts requests with or without one (the default).
    Optional,
    /// Hands them out and refuses `securitykey` without a valid one (401).
    Required,
    /// Knows no tokens: `PUT /meta-data/latest/api/token` is a 404, as on
    /// services that predate them.
    Unsupported,
    /// Like `Optional`, on an instance with no agency: `securitykey` is a 401
    /// saying "Please configure Cloud Service Agency first", as ECS answers.
    NoAgency,
}

impl ConfigState {
    pub(super) fn new(
        metadata_lifetime: Duration,
        metadata_tokens: MetadataTokens,
        projects: Option<Vec<(String, String)>>,
        list_domains: bool,
    ) -> ConfigState {
        let projects = projects.unwrap_or_else(|| {
            DEFAULT_PROJECT_REGIONS
                .iter()
                .map(|r| ((*r).to_owned(), project_id(r)))
                .collect()
        });
        ConfigState {
            metadata_lifetime,
            metadata_tokens,
            tokens: Mutex::new(HashSet::new()),
            projects,
            list_domains,
            paths: Mutex::new(HashMap::new()),
        }
    }

    pub(super) fn record(&self, path: &str) {
        *lock(&self.paths).entry(path.to_owned()).or_default() += 1;
    }

    pub(super) fn count(&self, path: &str) -> u64 {
        lock(&self.paths).get(path).copied().unwrap_or(0)
    }
}

/// The project ID a simulator gives a region by default: 32 hex digits
/// derived from its name, the same in every simulator.
pub fn project_id(region: &str) -> String {
    let seed = fnv1a(region);
    format!("{:016x}{:016x}", mix(seed), mix(seed ^ 0x5052_4f4a))
}

fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// `PUT /meta-data/latest/api/token`: a session token (text), for
/// `X-Metadata-Token-Ttl-Seconds` of 1 to 21600.
pub(super) async fn metadata_token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    let state = &shared.config;
    if state.metadata_tokens == MetadataTokens::Unsupported {
        return (StatusCode::NOT_FOUND, "404 page not found").into_response();
    }
    let ttl = headers
        .get("x-metadata-token-ttl-seconds")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if !ttl.is_some_and(|t| (1..=21_600).contains(&t)) {
        return (
            StatusCode::BAD_REQUEST,
            "{\"error\": \"X-Metadata-Token-Ttl-Seconds must be 1 to 21600\"}",
        )
            .into_response();
    }
    let token = base64(&shared.ids.bytes(48));
    lock(&state.tokens).insert(token.clone());
    (StatusCode::OK, token).into_response()
}

/// `GET /openstack/latest/securitykey`: temporary credentials of the
/// instance's agency, valid for the configured lifetime and accepted by every
/// route of the simulator.
pub(super) async fn security_key(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    let state = &shared.config;
    let token = headers
        .get("x-metadata-token")
        .and_then(|v| v.to_str().ok());
    let valid = token.is_some_and(|t| lock(&state.tokens).contains(t));
    // A wrong token is refused always, a missing one when tokens are required.
    if !valid && (token.is_some() || state.metadata_tokens == MetadataTokens::Required) {
        return (StatusCode::UNAUTHORIZED, TOKEN_MISSING).into_response();
    }
    if state.metadata_tokens == MetadataTokens::NoAgency {
        return (
            StatusCode::UNAUTHORIZED,
            "{\"error\": \"Please configure Cloud Service Agency first\"}",
        )
            .into_response();
    }
    let expires_at = SystemTime::now() + state.metadata_lifetime;
    let agency = shared.agencies.first();
    let issued = IssuedCredentials {
        access_key_id: format!("HSTA{}", shared.ids.string(UPPER_ALNUM, 16)),
        secret_access_key: cloudwire::Secret::new(shared.ids.string(ALNUM, 40)),
        security_token: cloudwire::Secret::new(base64(&shared.ids.bytes(360))),
        expires_at,
        agency_urn: agency.map(|a| a.urn()).unwrap_or_default(),
        session_name: "ecs-metadata".to_owned(),
    };
    let body = json!({
        "credential": {
            "access": issued.access_key_id,
            "secret": issued.secret_access_key.expose(),
            "securitytoken": issued.security_token.expose(),
            "expires_at": Utc::from_system_time(expires_at).rfc3339_micros(),
        }
    });
    lock(&shared.credentials).insert(issued.access_key_id.clone(), issued);
    (StatusCode::OK, Json(body)).into_response()
}

#[derive(Deserialize)]
pub(super) struct ProjectQuery {
    name: Option<String>,
}

/// IAM repeats the request ID as `X-IAM-Trace-Id`, which the SDK quotes in its messages.
fn with_trace_id(mut response: Response, id: Option<Extension<ResponseId>>) -> Response {
    if let Some(Extension(id)) = id
        && let Ok(value) = HeaderValue::from_str(&id.0)
    {
        response.headers_mut().insert("x-iam-trace-id", value);
    }
    response
}

/// `GET /v3/projects[?name=...]`: the account's projects (Keystone's shape,
/// `links` included), filtered by name.
pub(super) async fn list_projects(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    id: Option<Extension<ResponseId>>,
    Query(query): Query<ProjectQuery>,
) -> Response {
    let base = base(&headers);
    let domain = super::DEFAULT_ACCOUNT_ID;
    let projects: Vec<Value> = shared
        .config
        .projects
        .iter()
        .filter(|(name, _)| query.name.as_deref().is_none_or(|n| n == name))
        .map(|(name, id)| {
            json!({
                "is_domain": false,
                "description": "",
                "links": {"self": format!("{base}/v3/projects/{id}")},
                "enabled": true,
                "id": id,
                "parent_id": domain,
                "domain_id": domain,
                "name": name,
            })
        })
        .collect();
    let own = match &query.name {
        Some(name) => format!("{base}/v3/projects?name={name}"),
        None => format!("{base}/v3/projects"),
    };
    let body = json!({
        "links": {"self": own, "previous": null, "next": null},
        "projects": projects,
    });
    with_trace_id((StatusCode::OK, Json(body)).into_response(), id)
}

/// `GET /v3/auth/domains`: the caller's account (none when the builder said
/// [`hide_auth_domains`](super::SimulatorBuilder::hide_auth_domains)).
pub(super) async fn list_auth_domains(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    trace: Option<Extension<ResponseId>>,
) -> Response {
    let base = base(&headers);
    let id = super::DEFAULT_ACCOUNT_ID;
    let domains = if shared.config.list_domains {
        json!([{
            "description": "",
            "enabled": true,
            "id": id,
            "links": {"self": format!("{base}/v3/domains/{id}")},
            "name": super::DEFAULT_DOMAIN_NAME,
        }])
    } else {
        json!([])
    };
    let body = json!({
        "domains": domains,
        "links": {"self": format!("{base}/v3/auth/domains")},
    });
    with_trace_id((StatusCode::OK, Json(body)).into_response(), trace)
}

/// `GET /v5/caller-identity` (STS): the caller's account, user URN and ID.
pub(super) async fn caller_identity() -> Response {
    let account = super::DEFAULT_ACCOUNT_ID;
    let user = super::DEFAULT_USER_NAME;
    let seed = fnv1a(&format!("{account}/{user}"));
    let body = json!({
        "account_id": account,
        "principal_urn": format!("iam::{account}:user:{user}"),
        "principal_id": format!("{:016x}{:016x}", mix(seed), mix(seed ^ 0x5553_4552)),
    });
    (StatusCode::OK, Json(body)).into_response()
}

impl Simulator {
    /// How many requests arrived for `path` (any method, any outcome), e.g.
    /// `"/v3/projects"` to count project lookups.
    pub fn requests_to(&self, path: &str) -> u64 {
        self.shared.config.count(path)
    }

    /// The projects IAM lists: `(name, id)`.
    pub fn projects(&self) -> &[(String, String)] {
        &self.shared.config.projects
    }

    /// The account's domain ID, as `GET /v3/auth/domains` lists it.
    pub fn domain_id(&self) -> &str {
        super::DEFAULT_ACCOUNT_ID
    }

    /// Environment entries that make every service of [`SERVICES`] in
    /// `region` resolve to this simulator
    /// (`HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4=http://127.0.0.1:PORT`, ...),
    /// and a permanent key pair (the smallest access key) as
    /// `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK`.
    ///
    /// ```no_run
    /// use cloudwire::config::{Config, Env};
    /// use cloudwire::testing::simulator::Simulator;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let sim = Simulator::start().await?;
    /// let config = Config::with_env(Env::from_vars(sim.env_vars("cn-north-4")));
    /// let iam = config.global_client(cloudwire::Client::builder(), "iam", "cn-north-4")?;
    /// assert_eq!(iam.endpoint(), sim.url());
    /// # Ok(()) }
    /// ```
    pub fn env_vars(&self, region: &str) -> Vec<(String, String)> {
        let mut vars = self.region_env(region);
        if let Some((ak, sk)) = self
            .shared
            .key_pairs
            .iter()
            .min_by_key(|(ak, _)| ak.as_str())
        {
            vars.push((cloudwire::auth::env::AK.to_owned(), ak.clone()));
            vars.push((cloudwire::auth::env::SK.to_owned(), sk.clone()));
        }
        vars
    }

    /// Environment entries pointing each service of [`SERVICES`] in `region`
    /// at this simulator.
    pub fn region_env(&self, region: &str) -> Vec<(String, String)> {
        SERVICES
            .iter()
            .map(|s| {
                (
                    cloudwire::config::Regions::env_name(s, region),
                    self.url.clone(),
                )
            })
            .collect()
    }

    /// A regions file (the SDK's YAML) pointing each service of [`SERVICES`]
    /// in `region` at this simulator; write it where
    /// `HUAWEICLOUD_SDK_REGIONS_FILE` names.
    pub fn regions_yaml(&self, region: &str) -> String {
        SERVICES
            .iter()
            .map(|s| {
                format!(
                    "{}:\n  - id: {region}\n    endpoint: {}\n",
                    s.to_uppercase(),
                    self.url
                )
            })
            .collect()
    }
}
