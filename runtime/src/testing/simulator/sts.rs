//! STS: `POST /v5/agencies/assume`.

use super::values::{ALNUM, UPPER_ALNUM, Utc, base64, fnv1a, mix};
use super::{IssuedCredentials, Shared, error, lock};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The shortest session STS grants, in seconds.
pub(super) const MIN_DURATION: u64 = 900;
/// The longest session STS grants, in seconds.
pub(super) const MAX_DURATION: u64 = 43_200;
/// The session length when `duration_seconds` is not given.
pub(super) const DEFAULT_DURATION: u64 = 3600;

/// An agency that STS lets callers assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    account_id: String,
    name: String,
    id: String,
}

impl Agency {
    pub(super) fn new(account_id: String, name: String) -> Agency {
        let seed = fnv1a(&format!("{account_id}/{name}"));
        let id = format!("{:016x}{:016x}", mix(seed), mix(seed ^ 0x5354_5335));
        Agency {
            account_id,
            name,
            id,
        }
    }

    /// The account (domain) ID that owns the agency.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The agency name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The agency ID (32 hex digits, derived from account and name).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The URN to assume it by: `iam::<account_id>:agency:<name>`.
    pub fn urn(&self) -> String {
        format!("iam::{}:agency:{}", self.account_id, self.name)
    }
}

#[derive(Serialize)]
struct AssumeAgencyBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    source_identity: Option<&'a str>,
    assumed_agency: AssumedAgency,
    credentials: Credentials<'a>,
}

#[derive(Serialize)]
struct AssumedAgency {
    urn: String,
    id: String,
}

#[derive(Serialize)]
struct Credentials<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
    security_token: &'a str,
    expiration: String,
}

/// What was wrong with the body, as STS words it.
struct Invalid(String);

/// A session name or source identity: 2 to 64 of `A-Z a-z 0-9 _ = , . @ -`.
fn is_session_name(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_=,.@-".contains(&b))
}

/// `iam::<account_id>:agency:<agency_name>` split into its two names.
fn parse_agency_urn(urn: &str) -> Option<(&str, &str)> {
    let (account, name) = urn.strip_prefix("iam::")?.split_once(":agency:")?;
    let ok = |s: &str| !s.is_empty() && !s.contains(':');
    (ok(account) && ok(name)).then_some((account, name))
}

struct AssumeRequest<'a> {
    agency_urn: &'a str,
    session: &'a str,
    duration: u64,
    source_identity: Option<&'a str>,
}

fn parse(body: &Value) -> Result<AssumeRequest<'_>, Invalid> {
    let Value::Object(body) = body else {
        return Err(Invalid("the request body must be a JSON object".into()));
    };
    let text = |key: &str| -> Result<Option<&str>, Invalid> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Invalid(format!("{key} must be a string"))),
        }
    };
    let Some(agency_urn) = text("agency_urn")? else {
        return Err(Invalid("agency_urn is required".into()));
    };
    if parse_agency_urn(agency_urn).is_none() {
        return Err(Invalid(
            "invalid agency_urn: expected 'iam::<account_id>:agency:<agency_name>'".into(),
        ));
    }
    let Some(session) = text("agency_session_name")? else {
        return Err(Invalid("agency_session_name is required".into()));
    };
    if !is_session_name(session) {
        return Err(Invalid(
            "invalid agency_session_name: 2 to 64 characters of letters, digits and _=,.@-".into(),
        ));
    }
    let duration = match body.get("duration_seconds") {
        None | Some(Value::Null) => DEFAULT_DURATION,
        Some(value) => match value.as_u64() {
            Some(n) if (MIN_DURATION..=MAX_DURATION).contains(&n) => n,
            _ => {
                return Err(Invalid(format!(
                    "invalid duration_seconds: an integer from {MIN_DURATION} to {MAX_DURATION}"
                )));
            }
        },
    };
    let source_identity = text("source_identity")?;
    if source_identity.is_some_and(|s| !is_session_name(s)) {
        return Err(Invalid(
            "invalid source_identity: 2 to 64 characters of letters, digits and _=,.@-".into(),
        ));
    }
    Ok(AssumeRequest {
        agency_urn,
        session,
        duration,
        source_identity,
    })
}

/// `POST /v5/agencies/assume`: 200 with temporary credentials, which the
/// simulator remembers; 400 `STS5.1101` for an invalid body; 404 `STS5.1106`
/// for an unknown agency. STS errors carry no `request_id` in the body.
pub(super) async fn assume_agency(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let bad = |message: &str| error(StatusCode::BAD_REQUEST, "STS5.1101", message, None);
    let Ok(body) = body else {
        return bad("the request body could not be read");
    };
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return bad("the request body is not valid JSON");
    };
    let request = match parse(&value) {
        Ok(request) => request,
        Err(Invalid(message)) => return bad(&message),
    };
    let Some(agency) = shared
        .agencies
        .iter()
        .find(|a| a.urn() == request.agency_urn)
    else {
        let message = format!("the agency '{}' cannot be found", request.agency_urn);
        return error(StatusCode::NOT_FOUND, "STS5.1106", &message, None);
    };

    let expires_at = SystemTime::now() + Duration::from_secs(request.duration);
    let issued = IssuedCredentials {
        access_key_id: format!("HSTA{}", shared.ids.string(UPPER_ALNUM, 16)),
        secret_access_key: cloudwire::Secret::new(shared.ids.string(ALNUM, 40)),
        security_token: cloudwire::Secret::new(base64(&shared.ids.bytes(360))),
        expires_at,
        agency_urn: agency.urn(),
        session_name: request.session.to_owned(),
    };
    let body = AssumeAgencyBody {
        source_identity: request.source_identity,
        assumed_agency: AssumedAgency {
            urn: format!(
                "sts::{}::assumed-agency:{}/{}",
                agency.account_id, agency.name, request.session
            ),
            id: format!("{}:{}", agency.id, request.session),
        },
        credentials: Credentials {
            access_key_id: &issued.access_key_id,
            secret_access_key: issued.secret_access_key.expose(),
            security_token: issued.security_token.expose(),
            expiration: Utc::from_system_time(expires_at).rfc3339_millis(),
        },
    };
    let response = (StatusCode::OK, Json(body)).into_response();
    lock(&shared.credentials).insert(issued.access_key_id.clone(), issued);
    response
}
