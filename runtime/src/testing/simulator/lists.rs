//! Lists paged four ways, one per paging style of the family:
//!
//! - IAM `GET /v3/roles?page=&per_page=` (page numbers, `total_number`);
//! - SWR `GET /v2/manage/repos?offset=&limit=` (a top-level array and
//!   `Content-Range: first-last/total`);
//! - IAM `GET /v3/groups?page=&per_page=` (Keystone's `links.next`, a URL);
//! - Identity Center `GET /v1/instances/{instance_id}/permission-sets?limit=&marker=`
//!   (`page_info.next_marker`).
//!
//! The items are generated from their index, the same in every simulator.

use super::values::mix;
use super::{ResponseId, Shared, SimulatorBuilder, error};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_RANGE, HOST};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// How many IAM roles a simulator has unless told otherwise.
pub const DEFAULT_ROLES: usize = 25;
/// How many SWR repositories a simulator has unless told otherwise.
pub const DEFAULT_REPOS: usize = 23;
/// How many IAM groups a simulator has unless told otherwise.
pub const DEFAULT_GROUPS: usize = 7;
/// How many permission sets each Identity Center instance has unless told otherwise.
pub const DEFAULT_PERMISSION_SETS: usize = 5;

/// The largest `per_page` of the IAM lists.
const MAX_PER_PAGE: usize = 500;
/// The largest `limit` of SWR's repository list.
const MAX_REPO_LIMIT: usize = 1000;
/// The largest (and default) `limit` of Identity Center's lists.
const MAX_IIC_LIMIT: usize = 100;

/// The sizes of the lists, as the builder sets them.
#[derive(Debug, Clone)]
pub(super) struct Config {
    roles: usize,
    repos: usize,
    groups: usize,
    permission_sets: usize,
    repeat: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            roles: DEFAULT_ROLES,
            repos: DEFAULT_REPOS,
            groups: DEFAULT_GROUPS,
            permission_sets: DEFAULT_PERMISSION_SETS,
            repeat: false,
        }
    }
}

/// The lists of a running simulator.
pub(super) struct Lists {
    roles: Vec<Value>,
    repos: Vec<Value>,
    groups: Vec<Value>,
    permission_sets: Vec<Value>,
    /// A buggy server: every page gives the next position of the first page.
    repeat: bool,
}

impl Lists {
    pub(super) fn new(config: &Config) -> Lists {
        Lists {
            roles: (0..config.roles).map(role).collect(),
            repos: (0..config.repos).map(repo).collect(),
            groups: (0..config.groups).map(group).collect(),
            permission_sets: (0..config.permission_sets).map(permission_set).collect(),
            repeat: config.repeat,
        }
    }
}

impl SimulatorBuilder {
    /// How many IAM roles `GET /v3/roles` lists (default [`DEFAULT_ROLES`]).
    pub fn roles(mut self, count: usize) -> Self {
        self.lists.roles = count;
        self
    }

    /// How many SWR repositories `GET /v2/manage/repos` lists (default [`DEFAULT_REPOS`]).
    pub fn repos(mut self, count: usize) -> Self {
        self.lists.repos = count;
        self
    }

    /// How many IAM groups `GET /v3/groups` lists (default [`DEFAULT_GROUPS`]).
    pub fn groups(mut self, count: usize) -> Self {
        self.lists.groups = count;
        self
    }

    /// How many permission sets each Identity Center instance has (default
    /// [`DEFAULT_PERMISSION_SETS`]).
    pub fn permission_sets(mut self, count: usize) -> Self {
        self.lists.permission_sets = count;
        self
    }

    /// Makes every paged list buggy, as a server stuck in a loop: each page
    /// gives the next position of the first page (`next_marker`, `links.next`)
    /// again, so a client that follows it blindly reads the second page forever.
    /// Lists paged by page number or offset are not affected (the client
    /// chooses their positions).
    pub fn repeat_next_position(mut self, repeat: bool) -> Self {
        self.lists.repeat = repeat;
        self
    }
}

fn hex(n: u64) -> String {
    format!("{n:016x}")
}

fn role(i: usize) -> Value {
    let id = hex(mix(i as u64 ^ 0x0001_2013));
    let id = &id[..16];
    json!({
        "id": id,
        "name": format!("system_role_{i}"),
        "display_name": format!("Role {i}"),
        "type": if i.is_multiple_of(2) { "AX" } else { "XA" },
        "catalog": "BASE",
        "description": format!("Simulated role number {i}."),
        "domain_id": null,
        "flag": "fine_grained",
        "links": { "self": format!("https://iam.myhuaweicloud.com/v3/roles/{id}") },
    })
}

fn repo(i: usize) -> Value {
    json!({
        "name": format!("repo-{i:03}"),
        "namespace": "cloudwire",
        "category": "other",
        "description": format!("Simulated repository number {i}."),
        "is_public": i.is_multiple_of(3),
        "num_images": mix(i as u64) % 50,
        "path": format!("swr.cn-north-4.myhuaweicloud.com/cloudwire/repo-{i:03}"),
        "created": "2026-01-01T00:00:00Z",
        "updated": "2026-01-02T00:00:00Z",
    })
}

fn group(i: usize) -> Value {
    let id = hex(mix(i as u64 ^ 0x0009_2011));
    json!({
        "id": id,
        "name": format!("group-{i}"),
        "description": format!("Simulated group number {i}."),
        "domain_id": "d78cbac186b744899480f25bd022f468",
        "create_time": 1_767_225_600_000u64 + i as u64,
        "links": { "self": format!("https://iam.myhuaweicloud.com/v3/groups/{id}") },
    })
}

fn permission_set(i: usize) -> Value {
    let id = format!("ps-{}", hex(mix(i as u64 ^ 0x0005_e715)));
    json!({
        "permission_set_id": id,
        "name": format!("permission-set-{i}"),
        "description": format!("Simulated permission set number {i}."),
        "session_duration": "PT1H",
        "relay_state": null,
        "permission_urn": format!("IdentityCenter::system:permissionSet:{id}"),
        "created_date": 1_767_225_600_000u64 + i as u64,
    })
}

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The first value of a query parameter.
fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A whole number in `range`, from a query parameter.
fn number(text: &str, range: std::ops::RangeInclusive<usize>) -> Option<usize> {
    text.parse::<usize>().ok().filter(|n| range.contains(n))
}

fn iam_bad(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "IAM.0007", message, None)
}

/// `page` and `per_page` of an IAM list: both or neither (then all items on
/// one page); `page` from 1, `per_page` 1 to 500.
fn iam_page(pairs: &[(String, String)]) -> Result<Option<(usize, usize)>, &'static str> {
    match (param(pairs, "page"), param(pairs, "per_page")) {
        (None, None) => Ok(None),
        (Some(page), Some(per_page)) => {
            let Some(page) = number(page, 1..=usize::MAX) else {
                return Err("Invalid parameter: page must be an integer of at least 1.");
            };
            let Some(per_page) = number(per_page, 1..=MAX_PER_PAGE) else {
                return Err("Invalid parameter: per_page must be an integer from 1 to 500.");
            };
            Ok(Some((page, per_page)))
        }
        _ => Err("Invalid parameter: page and per_page must be given together."),
    }
}

/// The items of page `page` (from 1) of `per_page` items.
fn slice(items: &[Value], page: usize, per_page: usize) -> &[Value] {
    let start = (page - 1).saturating_mul(per_page).min(items.len());
    let end = start.saturating_add(per_page).min(items.len());
    &items[start..end]
}

/// `GET /v3/roles?page=&per_page=` (IAM KeystoneListPermissions): `roles`,
/// `links.self` and `total_number`.
pub(super) async fn list_roles(State(shared): State<Arc<Shared>>, query: Pairs) -> Response {
    let Ok(Query(pairs)) = query else {
        return iam_bad("Invalid parameter: the query string is malformed.");
    };
    let roles = &shared.lists.roles;
    let page = match iam_page(&pairs) {
        Ok(Some((page, per_page))) => slice(roles, page, per_page),
        Ok(None) => roles,
        Err(message) => return iam_bad(message),
    };
    let body = json!({
        "roles": page,
        "links": { "self": "https://iam.myhuaweicloud.com/v3/roles" },
        "total_number": roles.len(),
    });
    (StatusCode::OK, Json(body)).into_response()
}

/// `GET /v3/groups?page=&per_page=` (IAM KeystoneListGroups): `groups` and
/// `links` with `self`, `previous` and `next`, URLs on the host the request
/// named, as Keystone writes them; `next` is null on the last page.
pub(super) async fn list_groups(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    query: Pairs,
) -> Response {
    let Ok(Query(pairs)) = query else {
        return iam_bad("Invalid parameter: the query string is malformed.");
    };
    let groups = &shared.lists.groups;
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let link = |page: usize, per_page: usize| {
        Value::String(format!(
            "http://{host}/v3/groups?page={page}&per_page={per_page}"
        ))
    };
    let (items, links) = match iam_page(&pairs) {
        Ok(Some((page, per_page))) => {
            let items = slice(groups, page, per_page);
            let more = page.saturating_mul(per_page) < groups.len();
            let next = match (more, shared.lists.repeat) {
                (false, _) => Value::Null,
                (true, true) => link(2, per_page),
                (true, false) => link(page + 1, per_page),
            };
            let previous = if page > 1 {
                link(page - 1, per_page)
            } else {
                Value::Null
            };
            let links = json!({
                "self": link(page, per_page),
                "previous": previous,
                "next": next,
            });
            (items, links)
        }
        Ok(None) => {
            let links = json!({
                "self": format!("http://{host}/v3/groups"),
                "previous": null,
                "next": null,
            });
            (&groups[..], links)
        }
        Err(message) => return iam_bad(message),
    };
    (
        StatusCode::OK,
        Json(json!({ "groups": items, "links": links })),
    )
        .into_response()
}

/// `GET /v2/manage/repos?offset=&limit=` (SWR ListReposDetails): a top-level
/// array and `Content-Range: first-last/total` (`0-0/0` when empty).
/// `offset` and `limit` come together (or neither: every repository).
pub(super) async fn list_repos(State(shared): State<Arc<Shared>>, query: Pairs) -> Response {
    let bad = |message: &str| error(StatusCode::BAD_REQUEST, "SVCSTG.REPO.0400", message, None);
    let Ok(Query(pairs)) = query else {
        return bad("Invalid query parameters.");
    };
    let repos = &shared.lists.repos;
    let (start, end) = match (param(&pairs, "offset"), param(&pairs, "limit")) {
        (None, None) => (0, repos.len()),
        (Some(offset), Some(limit)) => {
            let (Some(offset), Some(limit)) = (
                number(offset, 0..=usize::MAX),
                number(limit, 1..=MAX_REPO_LIMIT),
            ) else {
                return bad("offset must be an integer of at least 0 and limit from 1 to 1000.");
            };
            let start = offset.min(repos.len());
            (start, start.saturating_add(limit).min(repos.len()))
        }
        _ => return bad("offset and limit must be given together."),
    };
    let page = &repos[start..end];
    let range = if page.is_empty() {
        format!("0-0/{}", repos.len())
    } else {
        format!("{start}-{}/{}", end - 1, repos.len())
    };
    let mut response = (StatusCode::OK, Json(page)).into_response();
    if let Ok(value) = HeaderValue::from_str(&range) {
        response.headers_mut().insert(CONTENT_RANGE, value);
    }
    response
}

#[derive(Serialize)]
struct PermissionSetsBody<'a> {
    permission_sets: &'a [Value],
    page_info: PageInfo<'a>,
}

#[derive(Serialize)]
struct PageInfo<'a> {
    next_marker: Option<&'a str>,
    current_count: usize,
}

/// `GET /v1/instances/{instance_id}/permission-sets?limit=&marker=`
/// (Identity Center ListPermissionSets): `permission_sets` and
/// `page_info.next_marker` (null on the last page).
pub(super) async fn list_permission_sets(
    State(shared): State<Arc<Shared>>,
    Extension(id): Extension<ResponseId>,
    Path(instance_id): Path<String>,
    query: Pairs,
) -> Response {
    let bad = |what: &str| {
        error(
            StatusCode::BAD_REQUEST,
            "IIC.400",
            &format!("Bad Request: {what}."),
            Some(&id),
        )
    };
    let Ok(Query(pairs)) = query else {
        return bad("the query string is malformed");
    };
    if !shared.instances.iter().any(|i| i.id() == instance_id) {
        return error(
            StatusCode::NOT_FOUND,
            "IIC.404",
            "Not Found: the instance does not exist.",
            Some(&id),
        );
    }
    let limit = match param(&pairs, "limit") {
        None => MAX_IIC_LIMIT,
        Some(text) => match number(text, 1..=MAX_IIC_LIMIT) {
            Some(n) => n,
            None => return bad("limit must be an integer from 1 to 100"),
        },
    };
    let sets = &shared.lists.permission_sets;
    let id_of = |v: &Value| v["permission_set_id"].as_str().map(str::to_owned);
    let start = match param(&pairs, "marker") {
        None | Some("") => 0,
        Some(marker) => match sets
            .iter()
            .position(|s| id_of(s).as_deref() == Some(marker))
        {
            Some(index) => index + 1,
            None => return bad("marker is invalid"),
        },
    };
    let end = start.saturating_add(limit).min(sets.len());
    let page = &sets[start..end];
    let next = if end >= sets.len() {
        None
    } else if shared.lists.repeat {
        sets.get(limit.min(sets.len()) - 1).and_then(id_of)
    } else {
        page.last().and_then(id_of)
    };
    let body = PermissionSetsBody {
        permission_sets: page,
        page_info: PageInfo {
            next_marker: next.as_deref(),
            current_count: page.len(),
        },
    };
    (StatusCode::OK, Json(body)).into_response()
}
