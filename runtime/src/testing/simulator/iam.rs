//! IAM: `POST /v3.0/OS-USER/users`.

use super::values::{HEX, Utc};
use super::{Shared, error, lock};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::SystemTime;

/// The longest user name IAM accepts, in characters.
pub(super) const MAX_NAME_CHARS: usize = 32;

/// The access modes IAM knows.
const ACCESS_MODES: &[&str] = &["default", "programmatic", "console"];

/// A created user, every field of the real response in its order.
#[derive(Serialize)]
struct User<'a> {
    id: String,
    name: &'a str,
    description: &'a str,
    areacode: &'a str,
    phone: &'a str,
    email: &'a str,
    status: Option<()>,
    enabled: bool,
    pwd_status: bool,
    access_mode: &'a str,
    is_domain_owner: bool,
    xuser_id: &'a str,
    xuser_type: &'a str,
    password_expires_at: Option<()>,
    create_time: String,
    domain_id: &'a str,
    xdomain_id: String,
    xdomain_type: &'a str,
    default_project_id: Option<()>,
}

#[derive(Serialize)]
struct CreateUserBody<'a> {
    user: User<'a>,
}

/// The body is invalid: IAM says only that, and its errors carry no `request_id`.
fn invalid() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "IAM.0011",
        "Request body is invalid.",
        None,
    )
}

/// A string member: absent or `null` is `None`; another type is invalid.
fn string<'a>(user: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, ()> {
    match user.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(()),
    }
}

/// A boolean member: absent or `null` is `None`; another type is invalid.
fn boolean(user: &Map<String, Value>, key: &str) -> Result<Option<bool>, ()> {
    match user.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(()),
    }
}

/// `POST /v3.0/OS-USER/users` with `{"user": {"name", "domain_id", ...}}`: 201
/// with the user; 400 `IAM.0011` for an invalid body; 409 `IAM.1109` when the
/// name exists in the domain already. The password is checked for type only
/// and never kept.
pub(super) async fn create_user(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return invalid();
    };
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return invalid();
    };
    let Some(Value::Object(user)) = body.get("user") else {
        return invalid();
    };
    let fields = (|| {
        let name = string(user, "name")?
            .filter(|s| !s.trim().is_empty())
            .ok_or(())?;
        let domain_id = string(user, "domain_id")?
            .filter(|s| !s.trim().is_empty())
            .ok_or(())?;
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(());
        }
        let access_mode = string(user, "access_mode")?.unwrap_or("default");
        if !ACCESS_MODES.contains(&access_mode) {
            return Err(());
        }
        let _password = string(user, "password")?;
        Ok(User {
            id: String::new(),
            name,
            description: string(user, "description")?.unwrap_or(""),
            areacode: string(user, "areacode")?.unwrap_or(""),
            phone: string(user, "phone")?.unwrap_or(""),
            email: string(user, "email")?.unwrap_or(""),
            status: None,
            enabled: boolean(user, "enabled")?.unwrap_or(true),
            pwd_status: boolean(user, "pwd_status")?.unwrap_or(false),
            access_mode,
            is_domain_owner: false,
            xuser_id: string(user, "xuser_id")?.unwrap_or(""),
            xuser_type: string(user, "xuser_type")?.unwrap_or(""),
            password_expires_at: None,
            create_time: Utc::from_system_time(SystemTime::now()).iam(),
            domain_id,
            xdomain_id: String::new(),
            xdomain_type: "",
            default_project_id: None,
        })
    })();
    let Ok(mut user) = fields else {
        return invalid();
    };

    let key = (user.domain_id.to_owned(), user.name.to_owned());
    if !lock(&shared.users).insert(key) {
        return error(
            StatusCode::CONFLICT,
            "IAM.1109",
            "The username already exists.",
            None,
        );
    }
    user.id = shared.ids.string(HEX, 32);
    user.xdomain_id = format!("30086000{}", shared.ids.string(HEX, 24));
    (StatusCode::CREATED, Json(CreateUserBody { user })).into_response()
}

/// `POST /v3/auth/tokens` with the password method: 201 with the token in the
/// `X-Subject-Token` header, which every service then accepts as
/// `X-Auth-Token`; 400 `IAM.0011` for an invalid body; 401 `IAM.0101` for a
/// wrong user name, domain or password.
pub(super) async fn create_token(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else { return invalid() };
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return invalid();
    };
    let identity = &value["auth"]["identity"];
    let methods_ok = identity["methods"]
        .as_array()
        .is_some_and(|m| m.iter().any(|m| m == "password"));
    let user = &identity["password"]["user"];
    let (Some(name), Some(password), Some(domain)) = (
        user["name"].as_str(),
        user["password"].as_str(),
        user["domain"]["name"].as_str(),
    ) else {
        return invalid();
    };
    if !methods_ok {
        return invalid();
    }
    let known = shared
        .iam_users
        .get(&(domain.to_owned(), name.to_owned()))
        .is_some_and(|expected| expected == password);
    if !known {
        return error(
            StatusCode::UNAUTHORIZED,
            "IAM.0101",
            "The username or password is wrong.",
            None,
        );
    }
    let token = format!("MIIE{}", super::values::base64(&shared.ids.bytes(600)));
    let issued_at = SystemTime::now();
    let expires_at = issued_at + super::TOKEN_LIFETIME;
    lock(&shared.tokens).insert(token.clone(), expires_at);
    let body = serde_json::json!({
        "token": {
            "expires_at": Utc::from_system_time(expires_at).rfc3339_millis(),
            "issued_at": Utc::from_system_time(issued_at).rfc3339_millis(),
            "methods": ["password"],
            "user": {"name": name, "domain": {"name": domain}},
        }
    });
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(mut value) = axum::http::HeaderValue::from_str(&token) {
        value.set_sensitive(true);
        response.headers_mut().insert("x-subject-token", value);
    }
    response
}
