//! Regions and endpoints: which URL a service has in a region, found as the
//! official SDKs find it.

use super::env::Env;
use crate::error::Error;
use std::fmt;
use std::path::PathBuf;
use yaml_rust2::{Yaml, YamlLoader};

/// The variable naming the regions file (default `~/.huaweicloud/regions.yaml`).
pub const REGIONS_FILE_ENV: &str = "HUAWEICLOUD_SDK_REGIONS_FILE";

/// The prefix of the per-service, per-region endpoint variables:
/// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, e.g.
/// `HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4` (`-` in the region becomes `_`,
/// both parts upper case); the value is an endpoint, or several separated by `,`.
pub const REGION_ENV_PREFIX: &str = "HUAWEICLOUD_SDK_REGION";

/// The built-in catalogue, from the official Python SDK 3.1.219's
/// `IamRegion` (v3), `IdentityCenterRegion` and `StsRegion`.
const BUILT_IN: &[(&str, &[(&str, &str)])] = &[
    (
        "IAM",
        &[
            ("cn-north-2", "https://iam.cn-north-2.myhuaweicloud.com"),
            ("cn-north-4", "https://iam.cn-north-4.myhuaweicloud.com"),
            ("cn-north-1", "https://iam.cn-north-1.myhuaweicloud.com"),
            ("cn-east-2", "https://iam.cn-east-2.myhuaweicloud.com"),
            ("cn-east-3", "https://iam.cn-east-3.myhuaweicloud.com"),
            ("cn-south-1", "https://iam.cn-south-1.myhuaweicloud.com"),
            ("cn-south-2", "https://iam.cn-south-2.myhuaweicloud.com"),
            (
                "cn-southwest-2",
                "https://iam.cn-southwest-2.myhuaweicloud.com",
            ),
            (
                "ap-southeast-1",
                "https://iam.ap-southeast-1.myhuaweicloud.com",
            ),
            (
                "ap-southeast-2",
                "https://iam.ap-southeast-2.myhuaweicloud.com",
            ),
            (
                "ap-southeast-3",
                "https://iam.ap-southeast-3.myhuaweicloud.com",
            ),
            ("af-south-1", "https://iam.af-south-1.myhuaweicloud.com"),
            ("sa-brazil-1", "https://iam.sa-brazil-1.myhuaweicloud.com"),
            ("la-south-2", "https://iam.la-south-2.myhuaweicloud.com"),
            ("na-mexico-1", "https://iam.na-mexico-1.myhuaweicloud.com"),
            ("la-north-2", "https://iam.la-north-2.myhuaweicloud.com"),
            ("cn-north-9", "https://iam.cn-north-9.myhuaweicloud.com"),
            ("eu-west-101", "https://iam.eu-west-101.myhuaweicloud.eu"),
            ("eu-west-0", "https://iam.eu-west-0.myhuaweicloud.com"),
            (
                "my-kualalumpur-1",
                "https://iam.my-kualalumpur-1.myhuaweicloud.com",
            ),
            ("ru-moscow-1", "https://iam.ru-moscow-1.myhuaweicloud.com"),
            ("me-east-1", "https://iam.me-east-1.myhuaweicloud.com"),
            (
                "ap-southeast-4",
                "https://iam.ap-southeast-4.myhuaweicloud.com",
            ),
            ("ae-ad-1", "https://iam.ae-ad-1.myhuaweicloud.com"),
            ("cn-east-4", "https://iam.cn-east-4.myhuaweicloud.com"),
            ("cn-east-5", "https://iam.cn-east-5.myhuaweicloud.com"),
            ("tr-west-1", "https://iam.tr-west-1.myhuaweicloud.com"),
            ("cn-north-12", "https://iam.cn-north-12.myhuaweicloud.com"),
        ],
    ),
    (
        "IDENTITYCENTER",
        &[
            ("cn-north-4", "https://identitycenter.myhuaweicloud.com"),
            ("cn-south-1", "https://identitycenter.myhuaweicloud.com"),
        ],
    ),
    (
        "STS",
        &[
            ("cn-north-4", "https://sts.cn-north-4.myhuaweicloud.com"),
            ("cn-south-1", "https://sts.cn-south-1.myhuaweicloud.com"),
            ("cn-east-3", "https://sts.cn-east-3.myhuaweicloud.com"),
            (
                "cn-southwest-2",
                "https://sts.cn-southwest-2.myhuaweicloud.com",
            ),
            (
                "ap-southeast-1",
                "https://sts.ap-southeast-1.myhuaweicloud.com",
            ),
            (
                "ap-southeast-3",
                "https://sts.ap-southeast-3.myhuaweicloud.com",
            ),
            (
                "ap-southeast-2",
                "https://sts.ap-southeast-2.myhuaweicloud.com",
            ),
            ("sa-brazil-1", "https://sts.sa-brazil-1.myhuaweicloud.com"),
            ("la-south-2", "https://sts.la-south-2.myhuaweicloud.com"),
            ("af-south-1", "https://sts.af-south-1.myhuaweicloud.com"),
            (
                "ap-southeast-4",
                "https://sts.ap-southeast-4.myhuaweicloud.com",
            ),
            ("tr-west-1", "https://sts.tr-west-1.myhuaweicloud.com"),
        ],
    ),
];

/// Where a [`Region`]'s endpoints came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegionSource {
    /// The variable `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` of this name.
    Env(String),
    /// The regions file at this path.
    File(PathBuf),
    /// cloudwire's built-in catalogue (the official SDK's).
    BuiltIn,
}

/// A service in a region: its ID and endpoints, and where they were found.
///
/// ```
/// use cloudwire::config::{Env, Region, Regions, RegionSource};
///
/// let regions = Regions::with_env(Env::from_vars([
///     ("HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4", "https://iam.example.test"),
/// ]));
/// let iam = regions.resolve("iam", "cn-north-4").unwrap();
/// assert_eq!(iam.endpoint(), "https://iam.example.test");
/// assert_eq!(iam.source(), &RegionSource::Env("HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4".into()));
/// let sts = regions.resolve("sts", "cn-north-4").unwrap();
/// assert_eq!(sts.endpoint(), "https://sts.cn-north-4.myhuaweicloud.com");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    service: String,
    id: String,
    endpoints: Vec<String>,
    source: RegionSource,
}

impl Region {
    /// A region with an endpoint of your own (the SDK's `Region(id, endpoint)`).
    pub fn new(
        service: impl Into<String>,
        id: impl Into<String>,
        endpoint: impl Into<String>,
    ) -> Region {
        Region {
            service: service.into(),
            id: id.into(),
            endpoints: vec![endpoint.into()],
            source: RegionSource::BuiltIn,
        }
    }

    /// Resolves `service` in `region` from the process environment: see [`Regions::resolve`].
    pub fn resolve(service: &str, region: &str) -> Result<Region, Error> {
        Regions::new().resolve(service, region)
    }

    /// The service, as asked for (`iam`).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The region ID (`cn-north-4`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The first endpoint: the one a client calls.
    pub fn endpoint(&self) -> &str {
        &self.endpoints[0]
    }

    /// Every endpoint given (the SDK tries them in turn on a connection
    /// failure; cloudwire calls the first).
    pub fn endpoints(&self) -> &[String] {
        &self.endpoints
    }

    /// Where the endpoints came from.
    pub fn source(&self) -> &RegionSource {
        &self.source
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in {} ({})", self.service, self.id, self.endpoint())
    }
}

/// Finds endpoints as the official SDKs do, first match wins:
/// 1. the variable `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`;
/// 2. the regions file: `HUAWEICLOUD_SDK_REGIONS_FILE`, else
///    `~/.huaweicloud/regions.yaml`, if it exists;
/// 3. the built-in catalogue (IAM, Identity Center and STS, as the SDK lists them).
///
/// The regions file is the SDK's YAML:
///
/// ```yaml
/// IAM:
///   - id: cn-north-4
///     endpoint: https://iam.cn-north-4.myhuaweicloud.com
/// ECS:
///   - id: cn-north-9
///     endpoints: [https://ecs.cn-north-9.myhuaweicloud.com, https://ecs-2.cn-north-9.myhuaweicloud.com]
/// ```
///
/// Service names match in any case. Unlike the SDK, which reads the file once
/// per process, it is read at each [`resolve`](Self::resolve).
#[derive(Debug, Clone, Default)]
pub struct Regions {
    env: Env,
}

impl Regions {
    /// Reads the process environment.
    pub fn new() -> Regions {
        Regions { env: Env::system() }
    }

    /// Reads `env` (variables and home directory).
    pub fn with_env(env: Env) -> Regions {
        Regions { env }
    }

    /// The path of the regions file that would be read, if any can be named.
    pub fn file_path(&self) -> Option<PathBuf> {
        self.env
            .var(REGIONS_FILE_ENV)
            .map(PathBuf::from)
            .or_else(|| {
                self.env
                    .home()
                    .map(|home| home.join(".huaweicloud").join("regions.yaml"))
            })
    }

    /// The name of the variable that overrides `service` in `region`.
    ///
    /// ```
    /// # use cloudwire::config::Regions;
    /// assert_eq!(Regions::env_name("iam", "cn-north-4"), "HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4");
    /// ```
    pub fn env_name(service: &str, region: &str) -> String {
        format!(
            "{REGION_ENV_PREFIX}_{}_{}",
            service.to_uppercase(),
            region.replace('-', "_").to_uppercase()
        )
    }

    /// The endpoints of `service` in `region`.
    ///
    /// An unknown region is an error that names the variable and the file to
    /// set, and the regions cloudwire knows for that service. A regions file
    /// that is not the SDK's YAML is an error too (the SDK fails on it as well).
    pub fn resolve(&self, service: &str, region: &str) -> Result<Region, Error> {
        let found = |endpoints: Vec<String>, source| Region {
            service: service.to_owned(),
            id: region.to_owned(),
            endpoints,
            source,
        };
        if service.is_empty() || region.is_empty() {
            return Err(Error::build(
                "a region needs a service name and a region ID, e.g. `(\"iam\", \"cn-north-4\")`",
                None,
            ));
        }
        let var = Self::env_name(service, region);
        if let Some(value) = self.env.var(&var) {
            let endpoints: Vec<String> = value
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect();
            if !endpoints.is_empty() {
                return Ok(found(endpoints, RegionSource::Env(var)));
            }
        }
        let path = self.file_path();
        if let Some(path) = &path
            && let Some(endpoints) = from_file(path, service, region)?
        {
            return Ok(found(endpoints, RegionSource::File(path.clone())));
        }
        let upper = service.to_uppercase();
        let known = BUILT_IN.iter().find(|(s, _)| *s == upper).map(|(_, r)| *r);
        if let Some((_, endpoint)) = known.and_then(|r| r.iter().find(|(id, _)| *id == region)) {
            return Ok(found(vec![(*endpoint).to_owned()], RegionSource::BuiltIn));
        }
        let file = match &path {
            Some(path) => format!("`{}`", path.display()),
            None => format!("the file `{REGIONS_FILE_ENV}` names"),
        };
        let mut message = format!(
            "no endpoint known for service `{service}` in region `{region}`: set {var}=https://..., \
             add the region under `{upper}` in the regions file {file}, or give the endpoint itself with `.endpoint(...)`"
        );
        if let Some(known) = known {
            let mut ids: Vec<&str> = known.iter().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            message.push_str(&format!(
                "; the built-in regions of `{service}` are: {}",
                ids.join(", ")
            ));
        }
        Err(Error::build(message, None))
    }
}

/// The endpoints the regions file gives `service` in `region`; `Ok(None)`
/// when the file does not exist or does not list them.
fn from_file(path: &PathBuf, service: &str, region: &str) -> Result<Option<Vec<String>>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::build(
                format!("the regions file `{}` could not be read", path.display()),
                Some(Box::new(e)),
            ));
        }
    };
    let invalid = |why: &str| {
        Error::build(
            format!(
                "the regions file `{}` is not a map of service names to lists of `id` and `endpoint`/`endpoints`: {why}",
                path.display()
            ),
            None,
        )
    };
    let docs = YamlLoader::load_from_str(&text).map_err(|e| invalid(&e.to_string()))?;
    let Some(doc) = docs.first() else {
        return Ok(None);
    };
    let Yaml::Hash(services) = doc else {
        return Err(invalid("the top level is not a map"));
    };
    let upper = service.to_uppercase();
    for (name, regions) in services {
        let Some(name) = name.as_str() else { continue };
        if name.to_uppercase() != upper {
            continue;
        }
        let Yaml::Array(regions) = regions else {
            return Err(invalid(&format!("`{name}` is not a list")));
        };
        for entry in regions {
            if entry["id"].as_str() != Some(region) {
                continue;
            }
            // As the SDK: `endpoints` first, then `endpoint` appended.
            let mut endpoints: Vec<String> = match &entry["endpoints"] {
                Yaml::Array(list) => list
                    .iter()
                    .filter_map(|e| e.as_str().map(str::to_owned))
                    .collect(),
                Yaml::String(one) => vec![one.clone()],
                _ => Vec::new(),
            };
            if let Some(one) = entry["endpoint"].as_str() {
                endpoints.push(one.to_owned());
            }
            if !endpoints.is_empty() {
                return Ok(Some(endpoints));
            }
        }
    }
    Ok(None)
}
