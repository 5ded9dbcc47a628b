//! A local simulator of the three reference services, for examples and tests.
//!
//! One real HTTP/1.1 server on `127.0.0.1` (a free port) serves all three
//! services on one base URL, with the status codes, headers and bodies that
//! the real services document:
//!
//! | service | route | success |
//! | --- | --- | --- |
//! | Identity Center | `GET /v1/instances?limit=&marker=` | 200, paged by `page_info.next_marker` (`limit` 1 to 100, default 100) |
//! | IAM | `POST /v3.0/OS-USER/users` | 201 with the new user |
//! | STS | `POST /v5/agencies/assume` | 200 with temporary credentials |
//! | IAM | `POST /v3/auth/tokens` (password) | 201, token in `X-Subject-Token` |
//! | IAM | `GET /v3/roles?page=&per_page=` | 200, `roles`, `total_number` ([`SimulatorBuilder::roles`], default [`DEFAULT_ROLES`]) |
//! | IAM | `GET /v3/groups?page=&per_page=` | 200, `groups`, `links.next` a URL on the requested host, null on the last page ([`SimulatorBuilder::groups`], default [`DEFAULT_GROUPS`]) |
//! | SWR | `GET /v2/manage/repos?offset=&limit=` | 200, a top-level array, `Content-Range: first-last/total` ([`SimulatorBuilder::repos`], default [`DEFAULT_REPOS`]) |
//! | Identity Center | `GET /v1/instances/{instance_id}/permission-sets?limit=&marker=` | 200, `permission_sets`, paged by `page_info.next_marker` ([`SimulatorBuilder::permission_sets`] per instance, default [`DEFAULT_PERMISSION_SETS`]) |
//! | IAM | `GET /v3/projects?name=` | 200, Keystone's list (`projects`, `links`), by name; `X-IAM-Trace-Id` |
//! | IAM | `GET /v3/auth/domains` | 200, the account ([`DEFAULT_ACCOUNT_ID`]; none with [`SimulatorBuilder::hide_auth_domains`]) |
//! | STS | `GET /v5/caller-identity` | 200, `account_id`, `principal_urn`, `principal_id` |
//! | ECS metadata | `PUT /meta-data/latest/api/token` | 200, a session token (text); see [`MetadataTokens`] |
//! | ECS metadata | `GET /openstack/latest/securitykey` | 200, `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`, expiring after [`SimulatorBuilder::metadata_lifetime`] |
//!
//! The lists hold 0, 1 or any number of generated items, as the builder says;
//! page numbers start at 1, offsets at 0. On the IAM lists `page` and
//! `per_page` (1 to 500) come together, or neither for every item on one
//! page; on SWR's, `offset` and `limit` (1 to 1000) likewise.
//! [`SimulatorBuilder::repeat_next_position`] makes the marker and link
//! lists repeat their first next position, as a buggy server would.
//!
//! [`Simulator::env_vars`], [`Simulator::region_env`] and
//! [`Simulator::regions_yaml`] give a region catalogue that points IAM,
//! Identity Center and STS at the simulator, for [`cloudwire::config`].
//!
//! Every route but `/v3/auth/tokens` and the metadata service checks authentication as the API gateway
//! does, accepting any of:
//! - an AK/SK signature (`SDK-HMAC-SHA256`, `V11-HMAC-SHA256`, `SDK-HMAC-SM3`),
//!   verified over method, path, query, signed headers and body, by a permanent
//!   key pair ([`DEFAULT_ACCESS_KEY`] unless [`SimulatorBuilder::key_pair`] says
//!   otherwise) or by temporary credentials its own STS issued, which must come
//!   with their `X-Security-Token` and not be expired; an `X-Sdk-Date` more than
//!   15 minutes from the simulator's clock is refused;
//! - `X-Auth-Token` equal to the simulator's token, or a token its IAM issued.
//!
//! # Errors it answers with
//!
//! | status | `error_code` | when | `request_id` in body |
//! | --- | --- | --- | --- |
//! | 401 | `APIGW.0301` | missing or wrong `X-Auth-Token`, a signature that does not verify (`verify aksk signature fail`), an unknown access key, a missing, wrong or expired security token, `X-Sdk-Date` more than 15 minutes off (`Incorrect IAM authentication information: ...`) | yes |
//! | 401 | `IAM.0101` | `POST /v3/auth/tokens`: wrong user name, domain or password | no |
//! | 404 | `APIGW.0101` | no such route | yes |
//! | 405 | `APIGW.0101` | known path, other method (message `The API does not exist.`, as the gateway says) | yes |
//! | 413 | `APIGW.0201` | body larger than [`MAX_BODY_SIZE`] | yes |
//! | 400 | `IIC.400` | Identity Center: `limit` not in 1..=100, unknown `marker` (`Bad Request: ...`) | yes |
//! | 400 | `IAM.0011` | IAM: body not JSON, no `user`, `name`/`domain_id` missing or empty, name over 32 characters, a field of the wrong type | no |
//! | 400 | `IAM.0007` | IAM lists: `page` without `per_page` or the other way round, `page` under 1, `per_page` not in 1..=500 | no |
//! | 400 | `SVCSTG.REPO.0400` | SWR: `offset` without `limit` or the other way round, or out of range | no |
//! | 404 | `IIC.404` | Identity Center: no such instance (`Not Found: ...`) | yes |
//! | 409 | `IAM.1109` | IAM: the name already exists in that `domain_id` (`The username already exists.`) | no |
//! | 400 | `STS5.1101` | STS: body not JSON, a field missing, of the wrong type or out of range | no |
//! | 404 | `STS5.1106` | STS: no such agency (`the agency 'iam::...' cannot be found`) | no |
//! | 503, 500, 502 (any 5xx but 504) | `APIGW.0202` | an injected fault ([`SimulatorBuilder::fail_every`]): `Backend unavailable.` | yes |
//! | 504 | `APIGW.0201` | an injected fault: `Backend timeout.` | yes |
//! | 429 | `APIGW.0308` | an injected fault: `The throttling threshold has been reached: ...` | yes |
//! | other 4xx | `APIGW.0201` | an injected fault: `API request error.` | yes |
//!
//! The injected faults use the API gateway's own messages for a backend it
//! could not reach (`Backend unavailable.`, `Backend timeout.`) and for
//! throttling; the gateway's published error tables list no code specific to
//! 503, and the numbering of its 02xx codes has varied between gateway
//! versions, so the codes of the 5xx rows are the simulator's choice.
//!
//! Every response, success or error, has `X-Request-Id` (32 lower-case hex
//! digits, new for each response), `Date`, `Content-Type:
//! application/json;charset=utf8` and `Connection: keep-alive` (`close` when
//! the client asked for that); where a body has `request_id`, it equals the
//! header.
//!
//! ```no_run
//! use cloudwire::testing::simulator::Simulator;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let sim = Simulator::builder().token("t").instances(7).start().await?;
//! let client = sim.client()?; // base URL and token set
//! # let _ = client;
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod auth;
mod config;
mod fault;
mod iam;
mod identity_center;
mod lists;
mod sts;
mod values;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_TYPE, HeaderName, HeaderValue};
use axum::http::{HeaderMap, Method, StatusCode, Uri, Version};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    DEFAULT_METADATA_LIFETIME, DEFAULT_PROJECT_REGIONS, MetadataTokens, SERVICES, project_id,
};
pub use lists::{DEFAULT_GROUPS, DEFAULT_PERMISSION_SETS, DEFAULT_REPOS, DEFAULT_ROLES};
pub use sts::Agency;

/// The token a simulator accepts unless [`SimulatorBuilder::token`] says otherwise.
pub const DEFAULT_TOKEN: &str = "sim-token";
/// How many Identity Center instances a simulator has unless told otherwise.
pub const DEFAULT_INSTANCES: usize = 3;
/// The account of the agency a simulator knows unless told otherwise.
pub const DEFAULT_ACCOUNT_ID: &str = "0a1b2c3d4e";
/// The name of the agency a simulator knows unless told otherwise.
pub const DEFAULT_AGENCY_NAME: &str = "cloudwire-ops";
/// The access key of the permanent key pair a simulator accepts unless told otherwise.
pub const DEFAULT_ACCESS_KEY: &str = "SIMULATORAKEXAMPLE01";
/// The secret key of that pair.
pub const DEFAULT_SECRET_KEY: &str = "simulator-secret-key-do-not-use-elsewhere";
/// The account (domain) name of the IAM user a simulator knows unless told otherwise.
pub const DEFAULT_DOMAIN_NAME: &str = "cloudwire-sim";
/// The name of that IAM user.
pub const DEFAULT_USER_NAME: &str = "sim-user";
/// The password of that IAM user.
pub const DEFAULT_PASSWORD: &str = "sim-password";
/// How long a token from `POST /v3/auth/tokens` lasts.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// How many requests [`Simulator::requests`] keeps (the oldest go first).
pub const RECORDED_REQUESTS: usize = 1000;

/// The largest request body accepted (2 MiB, axum's default); larger is a 413.
pub const MAX_BODY_SIZE: usize = 2 * 1024 * 1024;

const CONTENT_TYPE_JSON: &str = "application/json;charset=utf8";
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// How long [`Simulator::shutdown`] waits for open requests before it stops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running simulator. Dropping it stops it too (the port is released at
/// once, open requests finish in the background); [`shutdown`](Self::shutdown)
/// also waits for them.
#[must_use = "dropping the simulator stops it"]
pub struct Simulator {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Simulator {
    /// Starts a simulator with the defaults: token [`DEFAULT_TOKEN`],
    /// [`DEFAULT_INSTANCES`] instances, one agency
    /// (`iam::`[`DEFAULT_ACCOUNT_ID`]`:agency:`[`DEFAULT_AGENCY_NAME`]).
    pub async fn start() -> std::io::Result<Simulator> {
        Simulator::builder().start().await
    }

    /// A builder, to change the token, the instances or the agencies.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// The base URL of all three services, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token the services accept in `X-Auth-Token`.
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// The agencies STS knows.
    pub fn agencies(&self) -> &[Agency] {
        &self.shared.agencies
    }

    /// A client for this simulator: its URL as the endpoint, its token as the credential.
    pub fn client(&self) -> Result<cloudwire::Client, cloudwire::Error> {
        cloudwire::Client::builder()
            .endpoint(self.url.as_str())
            .auth(cloudwire::auth::Token::new(self.shared.token.as_str()))
            .build()
    }

    /// How many requests the server has received (any route, any outcome).
    pub fn request_count(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// How many requests were answered with the injected fault of
    /// [`SimulatorBuilder::fail_every`] (0 when there is none).
    pub fn faults_served(&self) -> u64 {
        self.shared.faults_served.load(Ordering::Relaxed)
    }

    /// The last request the server received, without its body.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.shared.last_request).clone()
    }

    /// The requests the server has received, oldest first, without their
    /// bodies (the most recent [`RECORDED_REQUESTS`] of them).
    ///
    /// ```no_run
    /// # async fn run(sim: cloudwire::testing::simulator::Simulator) {
    /// let paths: Vec<String> = sim.requests().iter().map(|r| r.uri.to_string()).collect();
    /// # }
    /// ```
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.history).iter().cloned().collect()
    }

    /// The temporary credentials STS issued under this access key ID, if any.
    pub fn issued_credentials(&self, access_key_id: &str) -> Option<IssuedCredentials> {
        self.shared.issued_credentials(access_key_id)
    }

    /// Stops accepting connections, lets open requests finish (up to 5 s, then
    /// they are cut) and waits until the server is gone.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        // Graceful: the listener closes now, idle keep-alive connections are
        // closed, requests in flight finish.
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl fmt::Debug for Simulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Simulator")
            .field("url", &self.url)
            .field("instances", &self.shared.instances.len())
            .field("agencies", &self.shared.agencies)
            .field("requests", &self.request_count())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Simulator`]. Start with [`Simulator::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SimulatorBuilder {
    token: String,
    instances: usize,
    agencies: Option<Vec<(String, String)>>,
    key_pairs: Option<Vec<(String, String)>>,
    iam_users: Option<Vec<(String, String, String)>>,
    fault: Option<fault::Fault>,
    lists: lists::Config,
    metadata_lifetime: Duration,
    metadata_tokens: MetadataTokens,
    projects: Option<Vec<(String, String)>>,
    list_domains: bool,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        SimulatorBuilder {
            token: DEFAULT_TOKEN.to_owned(),
            instances: DEFAULT_INSTANCES,
            agencies: None,
            key_pairs: None,
            iam_users: None,
            fault: None,
            lists: lists::Config::default(),
            metadata_lifetime: DEFAULT_METADATA_LIFETIME,
            metadata_tokens: MetadataTokens::Optional,
            projects: None,
            list_domains: true,
        }
    }
}

impl SimulatorBuilder {
    /// The token every service accepts in `X-Auth-Token`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// How many Identity Center instances exist (generated deterministically:
    /// instance `i` has the same IDs in every simulator).
    pub fn instances(mut self, count: usize) -> Self {
        self.instances = count;
        self
    }

    /// An agency STS can assume, `iam::<account_id>:agency:<agency_name>`.
    /// The first call replaces the default agency; later calls add more.
    pub fn agency(mut self, account_id: impl Into<String>, agency_name: impl Into<String>) -> Self {
        self.agencies
            .get_or_insert_with(Vec::new)
            .push((account_id.into(), agency_name.into()));
        self
    }

    /// A permanent access key and secret key that signed requests may use.
    /// The first call replaces the default pair ([`DEFAULT_ACCESS_KEY`]); later calls add more.
    pub fn key_pair(
        mut self,
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        self.key_pairs
            .get_or_insert_with(Vec::new)
            .push((access_key.into(), secret_key.into()));
        self
    }

    /// An IAM user that may obtain a token from `POST /v3/auth/tokens`.
    /// The first call replaces the default user ([`DEFAULT_USER_NAME`]); later calls add more.
    pub fn iam_user(
        mut self,
        domain_name: impl Into<String>,
        user_name: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.iam_users.get_or_insert_with(Vec::new).push((
            domain_name.into(),
            user_name.into(),
            password.into(),
        ));
        self
    }

    /// Answers every `n`-th request with `status`, as the API gateway does
    /// when the service behind it is unavailable: the 10th, 20th, 30th, ...
    /// request to arrive, counted across all routes (retries count too), is
    /// answered before authentication with `status`, a gateway error body
    /// (`{"error_msg": "Backend unavailable.", "error_code": "APIGW.0202",
    /// "request_id": "..."}` for a 503; see the table in the module docs) and
    /// the headers every response has. [`Simulator::faults_served`] counts
    /// them.
    ///
    /// A fault is not sticky: the request after it is answered as usual unless
    /// its own turn has come. The simulator cannot tell a retry from a new
    /// request, so a retry meets a fault again about one time in `n`, as it
    /// would on a gateway shedding that share of its traffic.
    ///
    /// `n = 0` injects nothing (the default). Meant for error statuses.
    ///
    /// ```no_run
    /// use cloudwire::Request;
    /// use cloudwire::http::{Method, StatusCode};
    /// use cloudwire::testing::simulator::Simulator;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let sim = Simulator::builder()
    ///     .fail_every(2, StatusCode::SERVICE_UNAVAILABLE)
    ///     .start()
    ///     .await?;
    /// let client = sim.client()?;
    /// // Request 1 is answered; request 2 gets a 503, which the client
    /// // retries (a GET may be sent again) as request 3, answered.
    /// client.send_request(Request::new(Method::GET, "/v1/instances")).await?;
    /// let raw = client.send_request(Request::new(Method::GET, "/v1/instances")).await?;
    /// assert_eq!(raw.status(), StatusCode::OK);
    /// assert_eq!(raw.attempts(), 2);
    /// assert_eq!(sim.faults_served(), 1);
    /// # Ok(()) }
    /// ```
    pub fn fail_every(mut self, n: u64, status: StatusCode) -> Self {
        self.fault = fault::Fault::new(n, status);
        self
    }

    /// How long the metadata service's credentials
    /// (`GET /openstack/latest/securitykey`) last (default 24 hours).
    pub fn metadata_lifetime(mut self, lifetime: Duration) -> Self {
        self.metadata_lifetime = lifetime;
        self
    }

    /// How the metadata service treats session tokens (default: hands them
    /// out, does not require them).
    pub fn metadata_tokens(mut self, tokens: MetadataTokens) -> Self {
        self.metadata_tokens = tokens;
        self
    }

    /// A project IAM lists (`GET /v3/projects`), named after its region. The
    /// first call replaces the default projects ([`DEFAULT_PROJECT_REGIONS`]);
    /// later calls add more, the same name again included (a region with two
    /// projects).
    pub fn project(mut self, name: impl Into<String>, id: impl Into<String>) -> Self {
        self.projects
            .get_or_insert_with(Vec::new)
            .push((name.into(), id.into()));
        self
    }

    /// `GET /v3/auth/domains` lists no domain, as IAM answers credentials
    /// that may not read it; STS's `GET /v5/caller-identity` still names the
    /// account.
    pub fn hide_auth_domains(mut self) -> Self {
        self.list_domains = false;
        self
    }

    /// Binds `127.0.0.1:0` and starts serving.
    pub async fn start(self) -> std::io::Result<Simulator> {
        let agencies = self.agencies.unwrap_or_else(|| {
            vec![(
                DEFAULT_ACCOUNT_ID.to_owned(),
                DEFAULT_AGENCY_NAME.to_owned(),
            )]
        });
        let key_pairs = self.key_pairs.unwrap_or_else(|| {
            vec![(DEFAULT_ACCESS_KEY.to_owned(), DEFAULT_SECRET_KEY.to_owned())]
        });
        let iam_users = self.iam_users.unwrap_or_else(|| {
            vec![(
                DEFAULT_DOMAIN_NAME.to_owned(),
                DEFAULT_USER_NAME.to_owned(),
                DEFAULT_PASSWORD.to_owned(),
            )]
        });
        let shared = Arc::new(Shared {
            token: self.token,
            key_pairs: key_pairs.into_iter().collect(),
            iam_users: iam_users
                .into_iter()
                .map(|(domain, user, password)| ((domain, user), password))
                .collect(),
            tokens: Mutex::new(HashMap::new()),
            instances: identity_center::generate(self.instances),
            lists: lists::Lists::new(&self.lists),
            history: Mutex::new(std::collections::VecDeque::new()),
            agencies: agencies
                .into_iter()
                .map(|(account, name)| Agency::new(account, name))
                .collect(),
            ids: values::Ids::new(),
            users: Mutex::new(HashSet::new()),
            credentials: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
            fault: self.fault,
            faults_served: AtomicU64::new(0),
            last_request: Mutex::new(None),
            config: config::ConfigState::new(
                self.metadata_lifetime,
                self.metadata_tokens,
                self.projects,
                self.list_domains,
            ),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let server =
            axum::serve(listener, router(Arc::clone(&shared))).with_graceful_shutdown(async move {
                // A send or a dropped sender both mean stop.
                let _ = stopped.await;
            });
        let task = tokio::spawn(async move { server.await });
        Ok(Simulator {
            addr,
            url: format!("http://{addr}"),
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// A request as the simulator received it (no body). Values of credential
/// headers are marked sensitive, so `Debug` does not show them.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method.
    pub method: Method,
    /// The path and query as sent.
    pub uri: Uri,
    /// The request headers.
    pub headers: HeaderMap,
    /// The `X-Request-Id` the simulator gave its response.
    pub request_id: String,
}

/// Temporary credentials STS issued, as the simulator remembers them.
#[derive(Debug, Clone)]
pub struct IssuedCredentials {
    access_key_id: String,
    secret_access_key: cloudwire::Secret,
    security_token: cloudwire::Secret,
    expires_at: SystemTime,
    agency_urn: String,
    session_name: String,
}

impl IssuedCredentials {
    /// The access key ID (`HSTA...`, 20 characters).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key (40 characters).
    pub fn secret_access_key(&self) -> &cloudwire::Secret {
        &self.secret_access_key
    }

    /// The security token, sent as `X-Security-Token` with signed requests.
    pub fn security_token(&self) -> &cloudwire::Secret {
        &self.security_token
    }

    /// When the credentials expire.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// Whether they have expired at `now`.
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        now >= self.expires_at
    }

    /// The URN of the agency they were issued for (`iam::<account>:agency:<name>`).
    pub fn agency_urn(&self) -> &str {
        &self.agency_urn
    }

    /// The session name given when they were issued.
    pub fn session_name(&self) -> &str {
        &self.session_name
    }
}

/// The state all handlers share.
struct Shared {
    token: String,
    /// Permanent AK/SK pairs: access key to secret key.
    key_pairs: HashMap<String, String>,
    /// IAM users that may obtain tokens: (domain name, user name) to password.
    iam_users: HashMap<(String, String), String>,
    /// Tokens IAM issued, with their expiry.
    tokens: Mutex<HashMap<String, SystemTime>>,
    instances: Vec<identity_center::Instance>,
    lists: lists::Lists,
    /// The latest requests, oldest first.
    history: Mutex<std::collections::VecDeque<RecordedRequest>>,
    agencies: Vec<Agency>,
    ids: values::Ids,
    /// `(domain_id, name)` of every IAM user created.
    users: Mutex<HashSet<(String, String)>>,
    /// STS credentials by access key ID.
    credentials: Mutex<HashMap<String, IssuedCredentials>>,
    requests: AtomicU64,
    /// The injected fault, if any; `None` costs one branch per request.
    fault: Option<fault::Fault>,
    faults_served: AtomicU64,
    last_request: Mutex<Option<RecordedRequest>>,
    /// Metadata service, projects, requests by path.
    config: config::ConfigState,
}

impl Shared {
    fn token_issued(&self, token: &str) -> bool {
        lock(&self.tokens)
            .get(token)
            .is_some_and(|expires| SystemTime::now() < *expires)
    }

    fn issued_credentials(&self, access_key_id: &str) -> Option<IssuedCredentials> {
        lock(&self.credentials).get(access_key_id).cloned()
    }
}

/// Locks a mutex; a poisoned one is still usable (every critical section
/// leaves the data consistent), so a panic elsewhere never cascades.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The request ID of the response being built, put in the request's extensions
/// by [`stamp`] for handlers that repeat it in the body.
#[derive(Debug, Clone)]
struct ResponseId(Arc<str>);

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/instances", get(identity_center::list_instances))
        .route("/v3.0/OS-USER/users", post(iam::create_user))
        .route("/v5/agencies/assume", post(sts::assume_agency))
        .route("/v3/roles", get(lists::list_roles))
        .route("/v3/groups", get(lists::list_groups))
        .route("/v2/manage/repos", get(lists::list_repos))
        .route(
            "/v1/instances/{instance_id}/permission-sets",
            get(lists::list_permission_sets),
        )
        .route("/v3/projects", get(config::list_projects))
        .route("/v3/auth/domains", get(config::list_auth_domains))
        .route("/v5/caller-identity", get(config::caller_identity))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            auth::require,
        ))
        // Obtaining a token needs no token.
        .route("/v3/auth/tokens", post(iam::create_token))
        // The instance metadata service needs none either.
        .route("/meta-data/latest/api/token", put(config::metadata_token))
        .route("/openstack/latest/securitykey", get(config::security_key))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            stamp,
        ))
        .with_state(shared)
}

/// Runs around every request: records it, gives it a request ID, answers it
/// with the injected fault when its turn has come, and sets the headers every
/// response carries.
async fn stamp(State(shared): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    let request_id: Arc<str> = Arc::from(shared.ids.request_id());
    // Its place in arrival order, 1 for the first.
    let number = shared.requests.fetch_add(1, Ordering::Relaxed) + 1;
    shared.config.record(request.uri().path());
    let mut headers = request.headers().clone();
    for (name, value) in headers.iter_mut() {
        if auth::is_credential_header(name) {
            value.set_sensitive(true);
        }
    }
    let recorded = RecordedRequest {
        method: request.method().clone(),
        uri: request.uri().clone(),
        headers,
        request_id: request_id.to_string(),
    };
    {
        let mut history = lock(&shared.history);
        if history.len() == RECORDED_REQUESTS {
            history.pop_front();
        }
        history.push_back(recorded.clone());
    }
    *lock(&shared.last_request) = Some(recorded);
    let id = ResponseId(Arc::clone(&request_id));
    let connection = if wants_close(&request) {
        "close"
    } else {
        "keep-alive"
    };

    let mut response = match shared.fault {
        Some(fault) if fault.hits(number) => {
            shared.faults_served.fetch_add(1, Ordering::Relaxed);
            fault.response(&id)
        }
        _ => {
            request.extensions_mut().insert(id);
            next.run(request).await
        }
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(REQUEST_ID, value);
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE_JSON));
    headers.insert(CONNECTION, HeaderValue::from_static(connection));
    response
}

/// Whether the client asked to close the connection after this exchange
/// (`Connection: close`, or HTTP/1.0 without `Connection: keep-alive`); hyper
/// then closes it, and the response says so.
fn wants_close(request: &Request) -> bool {
    let has = |token: &str| {
        request
            .headers()
            .get_all(CONNECTION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    if request.version() <= Version::HTTP_10 {
        !has("keep-alive")
    } else {
        has("close")
    }
}

/// An error body: `error_code`, `error_msg` and, for services whose errors
/// carry it, `request_id`.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error_msg: &'a str,
    error_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

/// An error response. `request_id` is `Some` for services whose error bodies
/// repeat it (API gateway, Identity Center) and `None` for those whose do not
/// (IAM, STS).
fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    request_id: Option<&ResponseId>,
) -> Response {
    let body = ErrorBody {
        error_msg: message,
        error_code: code,
        request_id: request_id.map(|id| &*id.0),
    };
    (status, axum::Json(body)).into_response()
}

/// The request ID given to this request by [`stamp`].
fn response_id(request: &Request) -> Option<ResponseId> {
    request.extensions().get::<ResponseId>().cloned()
}

async fn not_found(request: Request) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "APIGW.0101",
        "The API does not exist or has not been published in the environment",
        response_id(&request).as_ref(),
    )
}

async fn method_not_allowed(request: Request) -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "APIGW.0101",
        "The API does not exist.",
        response_id(&request).as_ref(),
    )
}
