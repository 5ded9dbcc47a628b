//! IAM Identity Center: `GET /v1/instances`.

use super::values::{HEX, mix};
use super::{ResponseId, Shared, error};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use std::sync::Arc;

/// The page size when `limit` is not given, the largest one allowed too.
pub(super) const MAX_LIMIT: usize = 100;

/// One instance, as listed.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Instance {
    identity_store_id: String,
    instance_id: String,
    alias: Option<String>,
    instance_urn: String,
}

impl Instance {
    /// The instance ID (`ins-...`).
    pub(super) fn id(&self) -> &str {
        &self.instance_id
    }
}

/// Instances `0..count`, the same in every simulator.
pub(super) fn generate(count: usize) -> Vec<Instance> {
    (0..count as u64)
        .map(|i| {
            let a = mix(i ^ 0x1dc0_ffee);
            let b = mix(a);
            let instance_id = format!("ins-{}", hex(a, 16));
            Instance {
                identity_store_id: format!("d-{}", hex(b, 10)),
                instance_urn: format!("IdentityCenter::system:instance:{instance_id}"),
                instance_id,
                alias: None,
            }
        })
        .collect()
}

/// The low `digits` hex digits of `n`, lower case.
fn hex(n: u64, digits: usize) -> String {
    (0..digits)
        .rev()
        .map(|i| char::from(HEX[((n >> (4 * i)) & 15) as usize]))
        .collect()
}

#[derive(Serialize)]
struct ListInstancesBody<'a> {
    instances: &'a [Instance],
    page_info: PageInfo<'a>,
}

#[derive(Serialize)]
struct PageInfo<'a> {
    next_marker: Option<&'a str>,
    current_count: usize,
}

/// `GET /v1/instances?limit=&marker=`: `limit` 1..=100 (default 100); `marker`
/// is the `next_marker` of the previous page (the ID of its last instance; an
/// empty marker means the first page).
pub(super) async fn list_instances(
    State(shared): State<Arc<Shared>>,
    Extension(id): Extension<ResponseId>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
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
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };

    let limit = match param("limit") {
        None => MAX_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => return bad("limit must be an integer from 1 to 100"),
        },
    };
    let instances = &shared.instances;
    let start = match param("marker") {
        None | Some("") => 0,
        Some(marker) => match instances.iter().position(|i| i.instance_id == marker) {
            Some(index) => index + 1,
            None => return bad("marker is invalid"),
        },
    };
    let end = start.saturating_add(limit).min(instances.len());
    let page = &instances[start..end];
    let next_marker = (end < instances.len())
        .then(|| page.last().map(|i| i.instance_id.as_str()))
        .flatten();
    let body = ListInstancesBody {
        instances: page,
        page_info: PageInfo {
            next_marker,
            current_count: page.len(),
        },
    };
    (StatusCode::OK, Json(body)).into_response()
}
