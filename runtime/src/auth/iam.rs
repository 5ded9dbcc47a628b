//! IAM tokens: `POST /v3/auth/tokens`, whose token comes back in the
//! `X-Subject-Token` response header.

use crate::request_id::RequestId;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// The answer of `POST /v3/auth/tokens`: the token (from the `X-Subject-Token`
/// header) and what the body says of it.
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct CreateTokenResponse {
    /// The token, to send as `X-Auth-Token` (see [`Token`](crate::auth::Token)).
    #[cloudwire(header = "X-Subject-Token")]
    pub subject_token: Secret,
    /// The token's details.
    pub token: TokenInfo,
    /// The request ID.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// The body of a [`CreateTokenResponse`] (the members cloudwire reads; others are ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct TokenInfo {
    /// When the token expires (RFC 3339).
    pub expires_at: String,
    /// When it was issued (RFC 3339).
    #[serde(default)]
    pub issued_at: Option<String>,
    /// How the caller authenticated (`password`, ...).
    #[serde(default)]
    pub methods: Vec<String>,
}

/// `POST /v3/auth/tokens` with a user name and password.
///
/// ```
/// use cloudwire::Endpoint;
/// use cloudwire::auth::iam::CreateToken;
///
/// let req = CreateToken::password("alice", "p4ssw0rd!", "my-account").scoped_to_project_name("cn-north-4");
/// let request = req.to_request().unwrap();
/// assert_eq!(request.path(), "/v3/auth/tokens");
/// assert!(!format!("{req:?}").contains("p4ssw0rd"));
/// ```
#[cloudwire::endpoint(
    POST,
    "/v3/auth/tokens",
    response = CreateTokenResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct CreateToken {
    /// `nocatalog=true` (the default of the constructors) leaves the large
    /// service catalog out of the answer; `None` asks for it.
    #[cloudwire(query)]
    pub nocatalog: Option<bool>,
    /// The `auth` object of the request body.
    pub auth: TokenAuth,
}

/// The `auth` object: identity and scope.
#[derive(Debug, Clone, Serialize)]
pub struct TokenAuth {
    /// Who asks.
    pub identity: Identity,
    /// What the token is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
}

/// The identity of a token request.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    /// `["password"]`.
    pub methods: Vec<String>,
    /// The password credentials.
    pub password: PasswordIdentity,
}

/// `{"user": {...}}`.
#[derive(Debug, Clone, Serialize)]
pub struct PasswordIdentity {
    /// The user.
    pub user: PasswordUser,
}

/// A user with a password, in a domain (account). Members in the SDK's order.
#[derive(Debug, Clone, Serialize)]
pub struct PasswordUser {
    /// The account the user belongs to.
    pub domain: Named,
    /// The user name.
    pub name: String,
    /// The password (sent in the body, never printed).
    pub password: Secret,
}

/// An object named by `id` or `name` (members in the SDK's order).
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// The ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The scope of a token: a project or a whole domain.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// A project (regional services).
    Project(Named),
    /// A domain (global services).
    Domain(Named),
}

impl CreateToken {
    /// A token request for `user` with `password` in account `domain_name`.
    pub fn password(
        user: impl Into<String>,
        password: impl Into<Secret>,
        domain_name: impl Into<String>,
    ) -> Self {
        CreateToken {
            nocatalog: Some(true),
            auth: TokenAuth {
                identity: Identity {
                    methods: vec!["password".to_owned()],
                    password: PasswordIdentity {
                        user: PasswordUser {
                            name: user.into(),
                            password: password.into(),
                            domain: Named {
                                name: Some(domain_name.into()),
                                id: None,
                            },
                        },
                    },
                },
                scope: None,
            },
        }
    }

    /// Scopes the token to a project, by name (e.g. a region such as `cn-north-4`).
    pub fn scoped_to_project_name(mut self, project: impl Into<String>) -> Self {
        self.auth.scope = Some(Scope::Project(Named {
            name: Some(project.into()),
            id: None,
        }));
        self
    }

    /// Scopes the token to the whole domain (global services such as IAM).
    pub fn scoped_to_domain_name(mut self, domain: impl Into<String>) -> Self {
        self.auth.scope = Some(Scope::Domain(Named {
            name: Some(domain.into()),
            id: None,
        }));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    #[test]
    fn body_matches_the_iam_api() {
        let request = CreateToken::password("alice", "pw", "acct")
            .scoped_to_project_name("cn-north-4")
            .to_request()
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"auth": {
                "identity": {"methods": ["password"], "password": {"user": {"name": "alice", "password": "pw", "domain": {"name": "acct"}}}},
                "scope": {"project": {"name": "cn-north-4"}}
            }})
        );
    }
}
