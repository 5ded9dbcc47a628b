//! Configuration as the official SDKs do it, end to end against the
//! simulator: the region catalogue and its overrides, every source of the
//! default credential chain and their precedence, metadata credentials that
//! expire and are refreshed, project and domain discovery (cached, one lookup
//! for concurrent first calls), and error messages that say what to set
//! without showing a secret. No test reads the real environment or home.

use cloudwire::auth::metadata::MetadataProvider;
use cloudwire::auth::{
    AkSk, CredentialChain, CredentialSource, CredentialType, Credentials, ProvideCredentials,
};
use cloudwire::config::{Config, Env, RegionSource, Regions};
use cloudwire::http::Method;
use cloudwire::{Client, Error, Request};
use cloudwire_examples::simulator::{self, MetadataTokens, Simulator};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A fresh directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "cloudwire-config-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An address where nothing listens (connections are refused at once).
fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn list_request() -> Request {
    Request::new(Method::GET, "/v1/instances")
}

/// Sends a GET through `client` and returns the headers the simulator saw.
async fn send(sim: &Simulator, client: &Client) -> cloudwire::http::HeaderMap {
    let raw = client.send_request(list_request()).await.unwrap();
    assert_eq!(
        raw.status(),
        200,
        "{:?}",
        String::from_utf8_lossy(raw.body())
    );
    sim.last_request().unwrap().headers
}

fn ak_sk() -> [(&'static str, &'static str); 2] {
    [
        ("HUAWEICLOUD_SDK_AK", simulator::DEFAULT_ACCESS_KEY),
        ("HUAWEICLOUD_SDK_SK", simulator::DEFAULT_SECRET_KEY),
    ]
}

// ---- regions ------------------------------------------------------------

#[test]
fn regions_resolve_env_then_file_then_built_in() {
    let dir = TempDir::new();
    let file = dir.write(
        "regions.yaml",
        "IAM:\n  - id: cn-north-4\n    endpoint: https://iam.from-file.test\n  - id: xx-test-1\n    endpoints: [https://a.test, https://b.test]\n    endpoint: https://c.test\nidentitycenter:\n  - id: cn-north-4\n    endpoint: https://ic.from-file.test\n",
    );
    let file_str = file.to_str().unwrap();
    let env = Env::from_vars([
        ("HUAWEICLOUD_SDK_REGIONS_FILE", file_str),
        (
            "HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4",
            "https://iam.from-env.test",
        ),
    ]);
    let regions = Regions::with_env(env);

    // 1. The variable wins over the file and the built-in list.
    let iam = regions.resolve("iam", "cn-north-4").unwrap();
    assert_eq!(iam.endpoint(), "https://iam.from-env.test");
    assert_eq!(
        iam.source(),
        &RegionSource::Env("HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4".into())
    );
    // 2. The file over the built-in list; service names in any case;
    //    `endpoints` first, then `endpoint`, as the SDK reads them.
    let ic = regions.resolve("IdentityCenter", "cn-north-4").unwrap();
    assert_eq!(ic.endpoint(), "https://ic.from-file.test");
    assert_eq!(ic.source(), &RegionSource::File(file.clone()));
    let custom = regions.resolve("iam", "xx-test-1").unwrap();
    assert_eq!(
        custom.endpoints(),
        ["https://a.test", "https://b.test", "https://c.test"]
    );
    // 3. The built-in list (the SDK's).
    let sts = regions.resolve("sts", "ap-southeast-1").unwrap();
    assert_eq!(
        sts.endpoint(),
        "https://sts.ap-southeast-1.myhuaweicloud.com"
    );
    assert_eq!(sts.source(), &RegionSource::BuiltIn);
    let eu = regions.resolve("iam", "eu-west-101").unwrap();
    assert_eq!(eu.endpoint(), "https://iam.eu-west-101.myhuaweicloud.eu");

    // The default file is ~/.huaweicloud/regions.yaml.
    let home = TempDir::new();
    home.write(
        ".huaweicloud/regions.yaml",
        "ECS:\n  - id: cn-north-4\n    endpoint: https://ecs.home.test\n",
    );
    let regions = Regions::with_env(Env::from_vars([("HOME", home.path().to_str().unwrap())]));
    assert_eq!(
        regions.resolve("ecs", "cn-north-4").unwrap().endpoint(),
        "https://ecs.home.test"
    );
}

#[test]
fn unknown_regions_say_what_to_set() {
    let regions = Regions::with_env(Env::from_vars([("HOME", "/nonexistent-home")]));
    let err = regions.resolve("iam", "xx-nowhere-1").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Build(_)));
    for needle in [
        "no endpoint known for service `iam` in region `xx-nowhere-1`",
        "HUAWEICLOUD_SDK_REGION_IAM_XX_NOWHERE_1=https://",
        "/nonexistent-home/.huaweicloud/regions.yaml",
        "`.endpoint(...)`",
        "cn-north-4",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
    // A service with no built-in list.
    let text = regions
        .resolve("ecs", "cn-north-4")
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("HUAWEICLOUD_SDK_REGION_ECS_CN_NORTH_4"),
        "{text}"
    );

    // A regions file that is not the SDK's YAML is an error, not a silent skip.
    let dir = TempDir::new();
    let file = dir.write("regions.yaml", "IAM: [unclosed\n");
    let regions = Regions::with_env(Env::from_vars([(
        "HUAWEICLOUD_SDK_REGIONS_FILE",
        file.to_str().unwrap(),
    )]));
    let text = regions
        .resolve("iam", "cn-north-4")
        .unwrap_err()
        .to_string();
    assert!(text.contains("regions file"), "{text}");
}

// ---- the credential chain -------------------------------------------------

#[tokio::test]
async fn the_environment_comes_first() {
    let sim = Simulator::start().await.unwrap();
    let dir = TempDir::new();
    // A file with other (wrong) keys: never read, since the environment has keys.
    let file = dir.write("credentials", "[global]\nak = FILEAK\nsk = file-secret\n");
    let env = Env::from_vars(ak_sk()).with_vars([
        ("HUAWEICLOUD_SDK_DOMAIN_ID", "d-from-env"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p-from-env"),
        ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_str().unwrap()),
    ]);
    let chain = std::sync::Arc::new(
        CredentialChain::new(CredentialType::Global)
            .with_env(env)
            .with_metadata_endpoint(sim.url()),
    );
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::shared(chain.clone()))
        .build()
        .unwrap();
    let headers = send(&sim, &client).await;
    // Global credentials carry the domain ID, not the project ID.
    assert_eq!(headers["x-domain-id"], "d-from-env");
    assert!(headers.get("x-project-id").is_none());
    assert_eq!(chain.source().await, Some(CredentialSource::Environment));
    assert_eq!(sim.requests_to("/openstack/latest/securitykey"), 0);
}

#[tokio::test]
async fn the_credentials_file_comes_second() {
    let sim = Simulator::start().await.unwrap();
    let home = TempDir::new();
    let path = home.write(
        ".huaweicloud/credentials",
        &format!(
            "# as the SDK documents it\n[basic]\nak = {ak}\nsk = {sk}\nproject_id = p-from-file\n\n[global]\nAK = {ak}\nsk = {sk}\ndomain_id = d-from-file\n",
            ak = simulator::DEFAULT_ACCESS_KEY,
            sk = simulator::DEFAULT_SECRET_KEY
        ),
    );
    // Only HOME: the default path ~/.huaweicloud/credentials.
    let env = Env::from_vars([("HOME", home.path().to_str().unwrap())]);
    for (kind, header, value) in [
        (CredentialType::Basic, "x-project-id", "p-from-file"),
        (CredentialType::Global, "x-domain-id", "d-from-file"),
    ] {
        let chain = std::sync::Arc::new(
            CredentialChain::new(kind)
                .with_env(env.clone())
                .with_metadata_endpoint(sim.url()),
        );
        let client = Client::builder()
            .endpoint(sim.url())
            .auth(AkSk::shared(chain.clone()))
            .build()
            .unwrap();
        let headers = send(&sim, &client).await;
        assert_eq!(headers[header], value);
        assert_eq!(
            chain.source().await,
            Some(CredentialSource::File(path.clone()))
        );
    }
    // HUAWEICLOUD_SDK_CREDENTIALS_FILE names another file.
    let other = home.write("elsewhere.ini", "[global]\nak = OTHERAK\nsk = other\n");
    let chain = CredentialChain::new(CredentialType::Global)
        .with_env(env.with_vars([("HUAWEICLOUD_SDK_CREDENTIALS_FILE", other.to_str().unwrap())]));
    assert_eq!(chain.credentials().await.unwrap().access_key(), "OTHERAK");
    assert_eq!(sim.requests_to("/openstack/latest/securitykey"), 0);
}

#[tokio::test]
async fn the_metadata_service_comes_last() {
    for tokens in [
        MetadataTokens::Optional,
        MetadataTokens::Required,
        MetadataTokens::Unsupported,
    ] {
        let sim = Simulator::builder()
            .metadata_tokens(tokens)
            .start()
            .await
            .unwrap();
        let home = TempDir::new();
        // A credentials file without the section asked for.
        home.write(".huaweicloud/credentials", "[basic]\nak = A\nsk = B\n");
        let env = Env::from_vars([
            ("HOME", home.path().to_str().unwrap()),
            ("HUAWEICLOUD_SDK_DOMAIN_ID", "d-env"),
        ]);
        let chain = std::sync::Arc::new(
            CredentialChain::new(CredentialType::Global)
                .with_env(env)
                .with_metadata_endpoint(sim.url()),
        );
        let client = Client::builder()
            .endpoint(sim.url())
            .auth(AkSk::shared(chain.clone()))
            .build()
            .unwrap();
        for _ in 0..3 {
            let headers = send(&sim, &client).await;
            assert!(headers["x-security-token"].len() > 100, "{tokens:?}");
            assert_eq!(headers["x-domain-id"], "d-env");
        }
        assert_eq!(
            chain.source().await,
            Some(CredentialSource::Metadata(sim.url().to_owned()))
        );
        // One token request, one credentials request, for three calls.
        assert_eq!(
            sim.requests_to("/meta-data/latest/api/token"),
            1,
            "{tokens:?}"
        );
        assert_eq!(
            sim.requests_to("/openstack/latest/securitykey"),
            1,
            "{tokens:?}"
        );
    }
}

#[tokio::test]
async fn metadata_credentials_are_refreshed_before_they_expire() {
    let sim = Simulator::builder()
        .metadata_lifetime(Duration::from_secs(3))
        .metadata_tokens(MetadataTokens::Required)
        .start()
        .await
        .unwrap();
    let provider = std::sync::Arc::new(
        MetadataProvider::with_endpoint(sim.url())
            .unwrap()
            .with_margin(Duration::from_millis(2500))
            .with_project_id("p-meta"),
    );
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::shared(provider.clone()))
        .build()
        .unwrap();
    let first = provider.credentials().await.unwrap();
    assert_eq!(send(&sim, &client).await["x-project-id"], "p-meta");
    assert_eq!(provider.refresh_count(), 1);
    // Past `expires_at - margin`: the next request refreshes, concurrent ones share it.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let calls = (0..8).map(|_| {
        let client = client.clone();
        async move { client.send_request(list_request()).await.unwrap().status() }
    });
    assert!(futures_join(calls).await.iter().all(|s| *s == 200));
    assert_eq!(provider.refresh_count(), 2);
    let second = provider.credentials().await.unwrap();
    assert_ne!(first.access_key(), second.access_key());
    // The project ID goes with every set fetched.
    assert_eq!(second.project_id(), Some("p-meta"));
    assert_eq!(sim.requests_to("/openstack/latest/securitykey"), 2);
    // The token was kept: asked for once.
    assert_eq!(sim.requests_to("/meta-data/latest/api/token"), 1);
    assert!(
        sim.issued_credentials(second.access_key())
            .unwrap()
            .expires_at()
            > sim
                .issued_credentials(first.access_key())
                .unwrap()
                .expires_at()
    );
}

/// Runs futures concurrently on the current task.
async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    for f in futures {
        set.spawn(f);
    }
    let mut out = Vec::new();
    while let Some(r) = set.join_next().await {
        out.push(r.unwrap());
    }
    out
}

#[tokio::test]
async fn when_no_source_has_credentials_each_says_what_it_looked_for() {
    let home = TempDir::new();
    home.write(
        ".huaweicloud/credentials",
        "[global]\nsk = file-secret-value\nsecurity_token = file-token-value\n",
    );
    let env = Env::from_vars([
        ("HOME", home.path().to_str().unwrap()),
        ("HUAWEICLOUD_SDK_SK", "env-secret-value"),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "env-token-value"),
    ]);
    let metadata = closed_url();
    let chain = CredentialChain::new(CredentialType::Global)
        .with_env(env)
        .with_metadata_endpoint(metadata.clone());
    let err = chain.credentials().await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, Error::Auth(_)));
    for needle in [
        "no credentials found; tried, in order:",
        "environment: HUAWEICLOUD_SDK_AK is not set",
        "credentials file: `[global]` of",
        "has no `ak` and `sk`",
        &format!("instance metadata: the instance metadata service at {metadata}"),
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    for secret in [
        "file-secret-value",
        "file-token-value",
        "env-secret-value",
        "env-token-value",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }

    // No file at all: its path and the variable to set.
    let chain = CredentialChain::new(CredentialType::Basic)
        .with_env(Env::from_vars([("HOME", "/nonexistent-home")]))
        .with_metadata_endpoint(closed_url());
    let text = chain.credentials().await.unwrap_err().to_string();
    assert!(
        text.contains("environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set"),
        "{text}"
    );
    assert!(
        text.contains("`/nonexistent-home/.huaweicloud/credentials` does not exist (set HUAWEICLOUD_SDK_CREDENTIALS_FILE"),
        "{text}"
    );
}

#[tokio::test]
async fn an_instance_without_an_agency_says_so() {
    let sim = Simulator::builder()
        .metadata_tokens(MetadataTokens::NoAgency)
        .start()
        .await
        .unwrap();
    let err = MetadataProvider::with_endpoint(sim.url())
        .unwrap()
        .credentials()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "answered HTTP 401: the instance has no agency; configure a Cloud Service Agency"
        ),
        "{text}"
    );
    // A 401 with that body is final: no second token request, no retry.
    assert_eq!(sim.requests_to("/meta-data/latest/api/token"), 1);
    assert_eq!(sim.requests_to("/openstack/latest/securitykey"), 1);
}

#[tokio::test]
async fn a_malformed_credentials_file_stops_the_chain_naming_the_line() {
    let dir = TempDir::new();
    let file = dir.write(
        "credentials",
        "[global]\nak = AK\nsk = top-secret-value\nsk = again-secret\n",
    );
    let chain = CredentialChain::new(CredentialType::Global)
        .with_env(Env::from_vars([(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            file.to_str().unwrap(),
        )]))
        .with_metadata_endpoint(closed_url());
    let text = chain.credentials().await.unwrap_err().to_string();
    assert!(text.contains("line 4: key `sk` appears twice"), "{text}");
    assert!(!text.contains("secret"), "{text}");
}

// ---- discovery ------------------------------------------------------------

fn sim_config(sim: &Simulator, region: &str) -> Config {
    Config::with_env(Env::from_vars(sim.env_vars(region))).metadata_endpoint(closed_url())
}

/// A path's `{project_id}` without a field of its own is filled, as the SDK
/// fills it, with the project the regional client found (a global client's
/// `{domain_id}` with its domain), and the signature is the filled path's:
/// the simulator checks it (a bad one is a 401) before it looks for the
/// instance the path names (a 404 here).
#[tokio::test]
async fn a_path_project_id_is_the_project_the_client_found() {
    #[cloudwire::api_response]
    #[derive(Debug)]
    #[allow(dead_code)]
    struct PermissionSets {
        permission_sets: Vec<serde_json::Value>,
    }

    #[cloudwire::endpoint(GET, "/v1/instances/{project_id}/permission-sets", response = PermissionSets)]
    struct ListByProject {
        #[cloudwire(query)]
        limit: Option<u32>,
    }

    let sim = Simulator::start().await.unwrap();
    let config = sim_config(&sim, "cn-north-4");
    let client = config
        .regional_client(Client::builder(), "identitycenter", "cn-north-4")
        .unwrap();
    let project = simulator::project_id("cn-north-4");
    for _ in 0..2 {
        let err = client
            .send(ListByProject { limit: Some(5) })
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(api.status(), 404, "{err}");
        assert_eq!(api.code(), Some("IIC.404"), "{err}");
        let sent = sim.last_request().unwrap();
        assert_eq!(
            sent.uri,
            format!("/v1/instances/{project}/permission-sets?limit=5").as_str()
        );
        assert_eq!(sent.headers["x-project-id"], project.as_str());
    }
    assert_eq!(sim.requests_to("/v3/projects"), 1, "one lookup");

    // A regional client has no domain ID to fill `{domain_id}` with ...
    #[cloudwire::endpoint(GET, "/v1/instances/{domain_id}/permission-sets", response = PermissionSets)]
    struct ListByDomain {}
    let err = client.send(ListByDomain {}).await.unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    assert!(err.to_string().contains("`{domain_id}`"), "{err}");

    // ... a global one fills it with the domain it found.
    let global = config
        .global_client(Client::builder(), "identitycenter", "cn-north-4")
        .unwrap();
    let err = global.send(ListByDomain {}).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status(), 404, "{err}");
    let sent = sim.last_request().unwrap();
    assert_eq!(
        sent.uri,
        format!("/v1/instances/{}/permission-sets", sim.domain_id()).as_str()
    );
    assert_eq!(sim.requests_to("/v3/auth/domains"), 1);
}

#[tokio::test]
async fn a_regional_client_finds_its_project_once() {
    let sim = Simulator::start().await.unwrap();
    let config = sim_config(&sim, "cn-north-4");
    let client = config
        .regional_client(Client::builder(), "identitycenter", "cn-north-4")
        .unwrap();
    assert_eq!(client.endpoint(), sim.url());
    for _ in 0..3 {
        let headers = send(&sim, &client).await;
        assert_eq!(
            headers["x-project-id"],
            simulator::project_id("cn-north-4").as_str()
        );
        assert!(headers.get("x-domain-id").is_none());
    }
    assert_eq!(sim.requests_to("/v3/projects"), 1);

    // The lookup itself: `GET /v3/projects?name=cn-north-4`, signed with the
    // same credentials, without a project ID of its own.
    let creds: std::sync::Arc<dyn ProvideCredentials> = std::sync::Arc::new(Credentials::new(
        simulator::DEFAULT_ACCESS_KEY,
        simulator::DEFAULT_SECRET_KEY,
    ));
    let iam = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::shared(creds.clone()))
        .build()
        .unwrap();
    let discover = cloudwire::auth::discovery::Discover::project(creds, iam, "cn-north-4");
    let found = discover.credentials().await.unwrap();
    assert_eq!(
        found.project_id(),
        Some(simulator::project_id("cn-north-4").as_str())
    );
    assert_eq!(discover.lookup_count(), 1);
    let lookup = sim.last_request().unwrap();
    assert_eq!(lookup.method, Method::GET);
    assert_eq!(lookup.uri, "/v3/projects?name=cn-north-4");
    assert!(
        lookup.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("SDK-HMAC-SHA256 Access=SIMULATORAKEXAMPLE01")
    );
    assert!(lookup.headers.get("x-project-id").is_none());
    discover.credentials().await.unwrap();
    assert_eq!(discover.lookup_count(), 1);
    assert_eq!(sim.requests_to("/v3/projects"), 2);

    // Another client of the same Config shares the lookup: only the call itself.
    let iam = config
        .regional_client(Client::builder(), "iam", "cn-north-4")
        .unwrap();
    let raw = iam
        .send_request(Request::new(Method::GET, "/v3/projects"))
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(
        sim.requests_to("/v3/projects"),
        3,
        "the call itself, no second lookup"
    );
    // Another Config looks up on its own.
    let other = sim_config(&sim, "cn-north-4")
        .regional_client(Client::builder(), "sts", "cn-north-4")
        .unwrap();
    send(&sim, &other).await;
    assert_eq!(sim.requests_to("/v3/projects"), 4);

    // A project ID already set is used as it is: no lookup.
    let config = Config::with_env(
        Env::from_vars(sim.env_vars("cn-north-4"))
            .with_vars([("HUAWEICLOUD_SDK_PROJECT_ID", "p-set")]),
    );
    let client = config
        .regional_client(Client::builder(), "sts", "cn-north-4")
        .unwrap();
    assert_eq!(send(&sim, &client).await["x-project-id"], "p-set");
    assert_eq!(sim.requests_to("/v3/projects"), 4);
}

#[tokio::test]
async fn concurrent_first_calls_make_one_lookup() {
    let sim = Simulator::start().await.unwrap();
    let config = sim_config(&sim, "cn-south-1");
    let client = config
        .regional_client(Client::builder(), "sts", "cn-south-1")
        .unwrap();
    let calls = (0..16).map(|_| {
        let client = client.clone();
        async move { client.send_request(list_request()).await.unwrap().status() }
    });
    let statuses = futures_join(calls).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(sim.requests_to("/v3/projects"), 1);
    assert_eq!(sim.requests_to("/v1/instances"), 16);

    // Global: the domain, once.
    let client = config
        .global_client(Client::builder(), "iam", "cn-south-1")
        .unwrap();
    let calls = (0..16).map(|_| {
        let client = client.clone();
        async move { client.send_request(list_request()).await.unwrap().status() }
    });
    futures_join(calls).await;
    assert_eq!(sim.requests_to("/v3/auth/domains"), 1);
    assert_eq!(send(&sim, &client).await["x-domain-id"], sim.domain_id());
}

#[tokio::test]
async fn a_region_without_one_project_is_a_clear_error() {
    let sim = Simulator::builder()
        .project("cn-north-4", "p1")
        .project("eu-west-0", "pa")
        .project("eu-west-0", "pb")
        .start()
        .await
        .unwrap();
    for (region, needles) in [
        (
            "ap-southeast-3",
            vec![
                "has no project named `ap-southeast-3`",
                "HUAWEICLOUD_SDK_PROJECT_ID",
            ],
        ),
        (
            "eu-west-0",
            vec!["lists 2 projects named `eu-west-0` (pa, pb;", "choose one"],
        ),
    ] {
        let client = sim_config(&sim, region)
            .regional_client(Client::builder(), "sts", region)
            .unwrap();
        let err = client.send_request(list_request()).await.unwrap_err();
        assert!(matches!(err, Error::Auth(_)), "{err:?}");
        let text = err.to_string();
        for needle in needles {
            assert!(text.contains(needle), "{needle} not in {text}");
        }
        assert!(text.contains("X-IAM-Trace-Id="), "{text}");
        assert!(!text.contains("X-IAM-Trace-Id=-"), "{text}");
        assert!(!text.contains(simulator::DEFAULT_SECRET_KEY));
        // Not cached: the next call asks again.
        let _ = client.send_request(list_request()).await.unwrap_err();
    }
    assert_eq!(sim.requests_to("/v3/projects"), 4);
    assert_eq!(sim.requests_to("/v1/instances"), 0);
}

#[tokio::test]
async fn config_with_a_regions_file_and_explicit_credentials() {
    let sim = Simulator::start().await.unwrap();
    let dir = TempDir::new();
    let file = dir.write("regions.yaml", &sim.regions_yaml("la-south-2"));
    let config = Config::with_env(Env::from_vars([(
        "HUAWEICLOUD_SDK_REGIONS_FILE",
        file.to_str().unwrap(),
    )]))
    .credentials(Credentials::new(
        simulator::DEFAULT_ACCESS_KEY,
        simulator::DEFAULT_SECRET_KEY,
    ));
    let client = config
        .global_client(Client::builder(), "identitycenter", "la-south-2")
        .unwrap();
    assert_eq!(client.endpoint(), sim.url());
    assert_eq!(send(&sim, &client).await["x-domain-id"], sim.domain_id());
    // An unknown region fails at build time, before any request.
    let err = config
        .global_client(Client::builder(), "identitycenter", "xx-none-9")
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_XX_NONE_9")
    );
}

// ---- the simulator's configuration routes ---------------------------------

#[tokio::test]
async fn the_simulator_answers_in_the_services_shapes() {
    let sim = Simulator::start().await.unwrap();
    let signed = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(
            simulator::DEFAULT_ACCESS_KEY,
            simulator::DEFAULT_SECRET_KEY,
        )))
        .build()
        .unwrap();
    let json = |raw: &cloudwire::RawResponse| -> serde_json::Value {
        serde_json::from_slice(raw.body()).unwrap()
    };

    // Keystone's project list: every project without a filter, `links` at both levels.
    let raw = signed
        .send_request(Request::new(Method::GET, "/v3/projects"))
        .await
        .unwrap();
    let body = json(&raw);
    let projects = body["projects"].as_array().unwrap();
    assert_eq!(projects.len(), simulator::DEFAULT_PROJECT_REGIONS.len());
    assert_eq!(body["links"]["self"], format!("{}/v3/projects", sim.url()));
    assert!(body["links"]["next"].is_null());
    let first = &projects[0];
    assert_eq!(first["name"], "cn-north-4");
    assert_eq!(first["domain_id"], sim.domain_id());
    assert_eq!(
        first["links"]["self"],
        format!(
            "{}/v3/projects/{}",
            sim.url(),
            first["id"].as_str().unwrap()
        )
    );
    assert_eq!(
        raw.headers()["x-iam-trace-id"],
        raw.headers()["x-request-id"]
    );
    let mut by_name = Request::new(Method::GET, "/v3/projects");
    by_name.push_query("name", "cn-south-1");
    let body = json(&signed.send_request(by_name).await.unwrap());
    assert_eq!(body["projects"].as_array().unwrap().len(), 1);
    assert_eq!(
        body["projects"][0]["id"],
        simulator::project_id("cn-south-1")
    );
    let body = json(
        &signed
            .send_request(Request::new(Method::GET, "/v3/auth/domains"))
            .await
            .unwrap(),
    );
    assert_eq!(body["domains"][0]["id"], sim.domain_id());
    assert_eq!(body["domains"][0]["name"], simulator::DEFAULT_DOMAIN_NAME);
    // IAM's lists need authentication like every service route.
    let anonymous = Client::builder().endpoint(sim.url()).build().unwrap();
    let raw = anonymous
        .send_request(Request::new(Method::GET, "/v3/auth/domains"))
        .await
        .unwrap();
    assert_eq!(raw.status(), 401);

    // The metadata service: a TTL is required, a wrong token is refused.
    let raw = anonymous
        .send_request(Request::new(Method::PUT, "/meta-data/latest/api/token"))
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let mut wrong = Request::new(Method::GET, "/openstack/latest/securitykey");
    wrong.push_header("X-Metadata-Token", "not-issued").unwrap();
    assert_eq!(anonymous.send_request(wrong).await.unwrap().status(), 401);
    let raw = anonymous
        .send_request(Request::new(Method::GET, "/openstack/latest/securitykey"))
        .await
        .unwrap();
    let body = json(&raw);
    let key = &body["credential"];
    let expires = key["expires_at"].as_str().unwrap();
    assert_eq!(
        expires.len(),
        "2017-12-07T06:02:46.185000Z".len(),
        "{expires}"
    );
    assert!(key["access"].as_str().unwrap().starts_with("HSTA"));
    assert!(
        sim.issued_credentials(key["access"].as_str().unwrap())
            .is_some()
    );
}

/// `tests/vectors/credentials_file.json`: credentials files as the SDK's own
/// `ProfileCredentialProvider` read them (values, or the exception it raised),
/// generated with huaweicloudsdkcore 3.1.219. cloudwire reads the same values;
/// where the SDK says the file has no credentials (`ApiValueError`) the chain
/// goes on to the next source; where `configparser` refused the file, the
/// chain stops with an error naming the file.
#[tokio::test]
async fn credentials_files_read_as_the_sdk_reads_them() {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../vectors/credentials_file.json")).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let text = case["file"].as_str().unwrap();
        let kind = match case["type"].as_str().unwrap() {
            "basic" => CredentialType::Basic,
            _ => CredentialType::Global,
        };
        let dir = TempDir::new();
        let file = dir.write("credentials", text);
        let chain = CredentialChain::new(kind)
            .with_env(Env::from_vars([(
                "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
                file.to_str().unwrap(),
            )]))
            .with_metadata_endpoint(closed_url());
        let got = chain.credentials().await;
        match case["error"].as_str() {
            None => {
                let creds = got.unwrap_or_else(|e| panic!("{text:?}: {e}"));
                assert_eq!(creds.access_key(), case["ak"], "{text:?}");
                assert_eq!(creds.secret_key().expose(), case["sk"], "{text:?}");
                assert_eq!(
                    creds.security_token().map(|t| t.expose()),
                    case["security_token"].as_str(),
                    "{text:?}"
                );
                let id = match kind {
                    CredentialType::Basic => creds.project_id(),
                    _ => creds.domain_id(),
                };
                assert_eq!(id, case["id"].as_str(), "{text:?}");
            }
            Some("ApiValueError") => {
                let text_err = got.unwrap_err().to_string();
                assert!(
                    text_err.contains("no credentials found")
                        && text_err.contains("credentials file: "),
                    "{text:?}: {text_err}"
                );
            }
            Some(_) => {
                let text_err = got.unwrap_err().to_string();
                assert!(text_err.contains("is not valid"), "{text:?}: {text_err}");
                assert!(
                    !text_err.contains("no credentials found"),
                    "{text:?}: {text_err}"
                );
            }
        }
    }
}

/// `tests/vectors/regions.json`: endpoints as the SDK's own
/// `<Service>Region.value_of` resolved them (each case in a fresh Python
/// process, so no cache carries over), from region variables, a regions file
/// and the built-in lists; cloudwire resolves the same endpoints, in the same
/// order, and fails where the SDK raised `KeyError`.
#[test]
fn regions_resolve_as_the_sdk_resolves_them() {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../vectors/regions.json")).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let home = TempDir::new();
        let mut vars: Vec<(String, String)> =
            vec![("HOME".into(), home.path().to_str().unwrap().into())];
        if let Some(env) = case["env"].as_object() {
            for (k, v) in env {
                vars.push((k.clone(), v.as_str().unwrap().to_owned()));
            }
        }
        if let Some(yaml) = case["regions_file"].as_str() {
            let file = home.write("regions.yaml", yaml);
            vars.push((
                "HUAWEICLOUD_SDK_REGIONS_FILE".into(),
                file.to_str().unwrap().into(),
            ));
        }
        let regions = Regions::with_env(Env::from_vars(vars));
        let (service, region) = (
            case["service"].as_str().unwrap(),
            case["region"].as_str().unwrap(),
        );
        let got = regions.resolve(service, region);
        match case["endpoints"].as_array() {
            Some(expected) => {
                let got = got.unwrap_or_else(|e| panic!("{case}: {e}"));
                let expected: Vec<&str> = expected.iter().map(|e| e.as_str().unwrap()).collect();
                assert_eq!(got.endpoints(), expected, "{case}");
            }
            None => assert!(got.is_err(), "{case}"),
        }
    }
}

#[tokio::test]
async fn concurrent_first_requests_search_the_chain_once() {
    let sim = Simulator::start().await.unwrap();
    let chain = std::sync::Arc::new(
        CredentialChain::new(CredentialType::Basic)
            .with_env(Env::from_vars([("HOME", "/nonexistent-home")]))
            .with_metadata_endpoint(sim.url()),
    );
    let calls = (0..8).map(|_| {
        let chain = std::sync::Arc::clone(&chain);
        async move { chain.credentials().await.unwrap().access_key().to_owned() }
    });
    let keys = futures_join(calls).await;
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    assert_eq!(sim.requests_to("/openstack/latest/securitykey"), 1);
    assert_eq!(sim.requests_to("/meta-data/latest/api/token"), 1);
}

#[tokio::test]
async fn the_credentials_files_iam_endpoint_is_where_discovery_asks() {
    let sim = Simulator::start().await.unwrap();
    let dir = TempDir::new();
    let file = dir.write(
        "credentials",
        &format!(
            "[basic]\nak = {}\nsk = {}\niam_endpoint = {}\n",
            simulator::DEFAULT_ACCESS_KEY,
            simulator::DEFAULT_SECRET_KEY,
            sim.url()
        ),
    );
    // The service is found through its region variable; the IAM variable
    // names an IAM where nothing listens: the file's key wins, as in the SDK.
    let env = Env::from_vars([
        (Regions::env_name("sts", "cn-south-1"), sim.url().to_owned()),
        ("HUAWEICLOUD_SDK_IAM_ENDPOINT".into(), closed_url()),
        (
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE".into(),
            file.to_str().unwrap().to_owned(),
        ),
    ]);
    let config = Config::with_env(env).metadata_endpoint(closed_url());
    let client = config
        .regional_client(Client::builder(), "sts", "cn-south-1")
        .unwrap();
    let headers = send(&sim, &client).await;
    assert_eq!(
        headers["x-project-id"],
        simulator::project_id("cn-south-1").as_str()
    );
    assert_eq!(sim.requests_to("/v3/projects"), 1);
}

#[tokio::test]
async fn when_iam_lists_no_domain_sts_names_the_account() {
    let sim = Simulator::builder()
        .hide_auth_domains()
        .start()
        .await
        .unwrap();
    let config = sim_config(&sim, "cn-north-4");
    let client = config
        .global_client(Client::builder(), "identitycenter", "cn-north-4")
        .unwrap();
    assert_eq!(send(&sim, &client).await["x-domain-id"], sim.domain_id());
    assert_eq!(sim.requests_to("/v3/auth/domains"), 1);
    assert_eq!(sim.requests_to("/v5/caller-identity"), 1);

    // Without the fallback, a clear error.
    let creds: std::sync::Arc<dyn ProvideCredentials> = std::sync::Arc::new(Credentials::new(
        simulator::DEFAULT_ACCESS_KEY,
        simulator::DEFAULT_SECRET_KEY,
    ));
    let iam = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::shared(creds.clone()))
        .build()
        .unwrap();
    let err = cloudwire::auth::discovery::Discover::domain(creds, iam)
        .credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("lists no domain"), "{err}");
    assert!(err.contains("HUAWEICLOUD_SDK_DOMAIN_ID"), "{err}");
}
