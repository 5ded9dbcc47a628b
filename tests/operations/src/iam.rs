//! IAM: users, groups, projects, access keys, the account's password policy,
//! tokens, role assignments and quotas (the v3 API, `huaweicloudsdkiam.v3`),
//! and policies and resource tags of the v5 API (`huaweicloudsdkiam.v5`).
//!
//! IAM is a global service: sign with credentials that carry the account's
//! domain ID (`Credentials::with_domain_id`, sent as `X-Domain-Id`). The
//! operations that the SDK declares with `application/json;charset=UTF-8`
//! declare it here too, so the same (lower-cased) content type is sent and
//! signed.

use cloudwire::{RequestId, Secret};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------
// Shared models
// ---------------------------------------------------------------------------

/// The `links` of a Keystone resource or list.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// The URL of this resource or page.
    #[serde(rename = "self")]
    pub self_link: String,
    /// The previous page, if any.
    pub previous: Option<String>,
    /// The next page, if any.
    pub next: Option<String>,
}

/// A reference by ID (`{"id": "..."}`).
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdRef {
    /// The ID.
    pub id: String,
}

/// A name and an ID, as tokens show domains, roles and groups.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAndId {
    /// The name.
    pub name: String,
    /// The ID.
    pub id: String,
}

/// A project (Keystone's view).
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Whether the project is a domain (always `false` for a project).
    pub is_domain: bool,
    /// The description.
    pub description: Option<String>,
    /// Links to the project.
    pub links: Links,
    /// Whether the project is enabled.
    pub enabled: bool,
    /// The project ID.
    pub id: String,
    /// The parent: the account's domain ID for a region's project.
    pub parent_id: String,
    /// The account's domain ID.
    pub domain_id: String,
    /// The project name, such as `cn-north-4`.
    pub name: String,
}

/// A user as the Keystone-compatible API (`/v3/users`) returns it.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeystoneUser {
    /// Whether the user must change the password at next login.
    pub pwd_status: Option<bool>,
    /// The account's domain ID.
    pub domain_id: String,
    /// The project the user used last.
    pub last_project_id: Option<String>,
    /// The user name.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// When the password expires (UTC); `None` if it never does.
    pub password_expires_at: Option<String>,
    /// Links to the user.
    pub links: Links,
    /// The user ID.
    pub id: String,
    /// Whether the user is enabled.
    pub enabled: bool,
    /// Password strength: `high`, `middle` or `low`.
    pub pwd_strength: Option<String>,
    /// `default`, `programmatic` or `console`.
    pub access_mode: Option<String>,
}

/// A user as the OS-USER API (`/v3.0/OS-USER/users`) returns it: the members
/// of the SDK's `ShowUserResult`, `UpdateUserResult` and `CreateUserResult`,
/// those that not every answer carries as `Option`.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The user ID.
    pub id: String,
    /// The user name.
    pub name: String,
    /// The account's domain ID.
    pub domain_id: String,
    /// Whether the user is enabled.
    pub enabled: bool,
    /// The description.
    pub description: Option<String>,
    /// `default`, `programmatic` or `console`.
    pub access_mode: Option<String>,
    /// Whether the user must change the password at next login.
    pub pwd_status: Option<bool>,
    /// The country code of the mobile number.
    pub areacode: Option<String>,
    /// The email address (masked).
    pub email: Option<String>,
    /// The mobile number (masked).
    pub phone: Option<String>,
    /// The user's ID in an external identity system.
    pub xuser_id: Option<String>,
    /// The type of that external system.
    pub xuser_type: Option<String>,
    /// The account's ID in an external system.
    pub xdomain_id: Option<String>,
    /// The type of that external system.
    pub xdomain_type: Option<String>,
    /// Whether the user is the account's administrator.
    pub is_domain_owner: Option<bool>,
    /// Links to the user.
    pub links: Option<Links>,
    /// The user's status (`null` in the answers documented so far).
    pub status: Option<cloudwire::serde_json::Value>,
    /// When the password expires; `None` if it never does.
    pub password_expires_at: Option<String>,
    /// The user's default project.
    pub default_project_id: Option<String>,
    /// When the user was created (UTC).
    pub create_time: Option<String>,
    /// When the user was last changed (UTC).
    pub update_time: Option<String>,
    /// When the user last logged in (UTC).
    pub last_login_time: Option<String>,
    /// When the user last authenticated with the password (UTC).
    pub last_pwd_auth_time: Option<String>,
    /// Password strength: `high`, `middle` or `low`.
    pub pwd_strength: Option<String>,
    /// When the password was created (UTC).
    pub pwd_create_time: Option<String>,
    /// When the password was last changed (UTC).
    pub modify_pwd_time: Option<String>,
}

/// A `204 No Content` answer: only the request ID.
#[cloudwire::api_response(status = 204)]
#[derive(Debug, Clone)]
pub struct NoContent {
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

// ---------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------

/// Lists the projects the caller may see: `GET /v3/projects`
/// (SDK: `keystone_list_projects`).
#[cloudwire::endpoint(GET, "/v3/projects", response = KeystoneListProjectsResponse)]
#[derive(Debug, Clone, Default)]
pub struct KeystoneListProjects {
    /// Only projects of this account.
    #[cloudwire(query)]
    pub domain_id: Option<String>,
    /// Only the project of this name (a region ID such as `cn-north-4`).
    #[cloudwire(query)]
    pub name: Option<String>,
    /// Only projects with this parent.
    #[cloudwire(query)]
    pub parent_id: Option<String>,
    /// Only enabled (or disabled) projects.
    #[cloudwire(query)]
    pub enabled: Option<bool>,
    /// Whether to list domains instead of projects.
    #[cloudwire(query)]
    pub is_domain: Option<bool>,
    /// The page to show, from 1.
    #[cloudwire(query)]
    pub page: Option<u32>,
    /// Projects per page, 1 to 5000.
    #[cloudwire(query)]
    pub per_page: Option<u32>,
}

/// The answer of [`KeystoneListProjects`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct KeystoneListProjectsResponse {
    /// Links to this page.
    pub links: Links,
    /// The projects.
    pub projects: Vec<Project>,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Shows one project: `GET /v3/projects/{project_id}` (SDK: `keystone_show_project`).
#[cloudwire::endpoint(GET, "/v3/projects/{project_id}", response = KeystoneShowProjectResponse)]
#[derive(Debug, Clone)]
pub struct KeystoneShowProject {
    /// The project ID.
    #[cloudwire(path)]
    pub project_id: String,
}

/// The answer of [`KeystoneShowProject`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct KeystoneShowProjectResponse {
    /// The project.
    pub project: Project,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

// ---------------------------------------------------------------------------
// Users and groups
// ---------------------------------------------------------------------------

/// Lists users: `GET /v3/users` (SDK: `keystone_list_users`).
#[cloudwire::endpoint(GET, "/v3/users", response = KeystoneListUsersResponse)]
#[derive(Debug, Clone, Default)]
pub struct KeystoneListUsers {
    /// The account's domain ID.
    #[cloudwire(query)]
    pub domain_id: Option<String>,
    /// Only enabled (or disabled) users.
    #[cloudwire(query)]
    pub enabled: Option<bool>,
    /// Only the user of this name.
    #[cloudwire(query)]
    pub name: Option<String>,
    /// A filter on the password expiry: `{operator}:{timestamp}`, such as
    /// `lt:2026-12-31T00:00:00Z` (operators `lt`, `lte`, `gt`, `gte`, `eq`, `neq`).
    #[cloudwire(query)]
    pub password_expires_at: Option<String>,
}

/// The answer of [`KeystoneListUsers`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct KeystoneListUsersResponse {
    /// Links to this page.
    pub links: Links,
    /// The users.
    pub users: Vec<KeystoneUser>,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Shows a user's details: `GET /v3.0/OS-USER/users/{user_id}` (SDK: `show_user`).
#[cloudwire::endpoint(GET, "/v3.0/OS-USER/users/{user_id}", response = ShowUserResponse)]
#[derive(Debug, Clone)]
pub struct ShowUser {
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
}

/// The answer of [`ShowUser`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ShowUserResponse {
    /// The user.
    pub user: User,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Changes a user's details as an administrator:
/// `PUT /v3.0/OS-USER/users/{user_id}` (SDK: `update_user`).
#[cloudwire::endpoint(
    PUT,
    "/v3.0/OS-USER/users/{user_id}",
    response = UpdateUserResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct UpdateUser {
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
    /// What to change; members left `None` stay as they are.
    pub user: UpdateUserOption,
}

/// The changes of [`UpdateUser`] (SDK: `UpdateUserOption`).
#[cloudwire::model]
#[derive(Debug, Clone, Default)]
pub struct UpdateUserOption {
    /// `default`, `programmatic` or `console`.
    pub access_mode: Option<String>,
    /// A new user name.
    pub name: Option<String>,
    /// A new password.
    pub password: Option<Secret>,
    /// A new email address.
    pub email: Option<String>,
    /// The country code of [`phone`](Self::phone), such as `0086`.
    pub areacode: Option<String>,
    /// A new mobile number.
    pub phone: Option<String>,
    /// Enables or disables the user.
    pub enabled: Option<bool>,
    /// Whether the user must change the password at next login.
    pub pwd_status: Option<bool>,
    /// The type of the user's external identity system.
    pub xuser_type: Option<String>,
    /// The user's ID in that system.
    pub xuser_id: Option<String>,
    /// A new description.
    pub description: Option<String>,
}

/// The answer of [`UpdateUser`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct UpdateUserResponse {
    /// The user as it is now.
    pub user: User,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Deletes a user: `DELETE /v3/users/{user_id}` (SDK: `keystone_delete_user`).
#[cloudwire::endpoint(DELETE, "/v3/users/{user_id}", response = NoContent)]
#[derive(Debug, Clone)]
pub struct KeystoneDeleteUser {
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
}

/// Checks whether a user is in a group:
/// `HEAD /v3/groups/{group_id}/users/{user_id}` (SDK:
/// `keystone_check_user_in_group`). `204` when it is; a `404` error when not.
#[cloudwire::endpoint(HEAD, "/v3/groups/{group_id}/users/{user_id}", response = NoContent)]
#[derive(Debug, Clone)]
pub struct KeystoneCheckUserInGroup {
    /// The group ID.
    #[cloudwire(path)]
    pub group_id: String,
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
}

/// Adds a user to a group: `PUT /v3/groups/{group_id}/users/{user_id}`
/// (SDK: `keystone_add_user_to_group`).
#[cloudwire::endpoint(PUT, "/v3/groups/{group_id}/users/{user_id}", response = NoContent)]
#[derive(Debug, Clone)]
pub struct KeystoneAddUserToGroup {
    /// The group ID.
    #[cloudwire(path)]
    pub group_id: String,
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
}

/// Changes a user as an administrator through the Keystone-compatible API:
/// `PATCH /v3/users/{user_id}` (SDK: `keystone_update_user_by_admin`).
#[cloudwire::endpoint(
    PATCH,
    "/v3/users/{user_id}",
    response = KeystoneUpdateUserByAdminResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct KeystoneUpdateUserByAdmin {
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
    /// What to change; members left `None` stay as they are.
    pub user: KeystoneUpdateUserOption,
}

/// The changes of [`KeystoneUpdateUserByAdmin`] (SDK: `KeystoneUpdateUserOption`).
#[cloudwire::model]
#[derive(Debug, Clone, Default)]
pub struct KeystoneUpdateUserOption {
    /// The account's domain ID.
    pub domain_id: Option<String>,
    /// A new user name.
    pub name: Option<String>,
    /// A new password.
    pub password: Option<Secret>,
    /// Enables or disables the user.
    pub enabled: Option<bool>,
    /// A new description.
    pub description: Option<String>,
    /// Whether the user must change the password at next login.
    pub pwd_status: Option<bool>,
}

/// The answer of [`KeystoneUpdateUserByAdmin`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct KeystoneUpdateUserByAdminResponse {
    /// The user as it is now.
    pub user: KeystoneUser,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Creates a user: `POST /v3.0/OS-USER/users` (SDK: `create_user`), answered
/// with `201`.
#[cloudwire::endpoint(
    POST,
    "/v3.0/OS-USER/users",
    response = CreateUserResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct CreateUser {
    /// The user to create.
    pub user: CreateUserOption,
}

/// The user of [`CreateUser`] (SDK: `CreateUserOption`); members left `None`
/// are not sent and IAM picks its defaults.
#[cloudwire::model]
#[derive(Debug, Clone, Default)]
pub struct CreateUserOption {
    /// `default`, `programmatic` or `console`.
    pub access_mode: Option<String>,
    /// The user name: 1 to 32 characters, unique in the account.
    pub name: String,
    /// The account's domain ID.
    pub domain_id: String,
    /// The initial password.
    pub password: Option<Secret>,
    /// An email address.
    pub email: Option<String>,
    /// The country code of [`phone`](Self::phone), such as `0086`.
    pub areacode: Option<String>,
    /// A mobile number.
    pub phone: Option<String>,
    /// Whether the user is enabled (IAM's default: yes).
    pub enabled: Option<bool>,
    /// Whether the user must change the password at first login.
    pub pwd_status: Option<bool>,
    /// The type of the user's external identity system.
    pub xuser_type: Option<String>,
    /// The user's ID in that system.
    pub xuser_id: Option<String>,
    /// A description.
    pub description: Option<String>,
}

/// The answer of [`CreateUser`].
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct CreateUserResponse {
    /// The user as IAM stored it.
    pub user: User,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

// ---------------------------------------------------------------------------
// Access keys and the password policy
// ---------------------------------------------------------------------------

/// Creates a permanent access key for a user:
/// `POST /v3.0/OS-CREDENTIAL/credentials` (SDK: `create_permanent_access_key`),
/// answered with `201`. The secret key is only ever shown in this answer.
#[cloudwire::endpoint(
    POST,
    "/v3.0/OS-CREDENTIAL/credentials",
    response = CreatePermanentAccessKeyResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct CreatePermanentAccessKey {
    /// Whose key to create.
    pub credential: CreateCredentialOption,
}

/// The key of [`CreatePermanentAccessKey`] (SDK: `CreateCredentialOption`).
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct CreateCredentialOption {
    /// The user ID.
    pub user_id: String,
    /// A description of the key.
    pub description: Option<String>,
}

/// The answer of [`CreatePermanentAccessKey`].
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct CreatePermanentAccessKeyResponse {
    /// The new key, secret included.
    pub credential: NewCredential,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// A permanent access key just created, with its secret key.
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct NewCredential {
    /// When it was created (UTC).
    pub create_time: String,
    /// The access key ID.
    pub access: String,
    /// The secret key.
    pub secret: Secret,
    /// `active` or `inactive`.
    pub status: String,
    /// The user the key belongs to.
    pub user_id: String,
    /// The description.
    pub description: Option<String>,
}

/// Lists a user's permanent access keys: `GET /v3.0/OS-CREDENTIAL/credentials`
/// (SDK: `list_permanent_access_keys`).
#[cloudwire::endpoint(
    GET,
    "/v3.0/OS-CREDENTIAL/credentials",
    response = ListPermanentAccessKeysResponse
)]
#[derive(Debug, Clone, Default)]
pub struct ListPermanentAccessKeys {
    /// The user; the caller when `None`.
    #[cloudwire(query)]
    pub user_id: Option<String>,
}

/// The answer of [`ListPermanentAccessKeys`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ListPermanentAccessKeysResponse {
    /// The keys (without their secrets).
    pub credentials: Vec<Credential>,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// A permanent access key.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The user the key belongs to.
    pub user_id: String,
    /// The access key ID.
    pub access: String,
    /// `active` or `inactive`.
    pub status: String,
    /// When it was created (UTC).
    pub create_time: String,
    /// The description.
    pub description: Option<String>,
}

/// Changes the account's password policy:
/// `PUT /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/password-policy`
/// (SDK: `update_domain_password_policy`).
#[cloudwire::endpoint(
    PUT,
    "/v3.0/OS-SECURITYPOLICY/domains/{domain_id}/password-policy",
    response = UpdateDomainPasswordPolicyResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct UpdateDomainPasswordPolicy {
    /// The account's domain ID.
    #[cloudwire(path)]
    pub domain_id: String,
    /// What to change; members left `None` stay as they are.
    pub password_policy: PasswordPolicyOption,
}

/// The changes of [`UpdateDomainPasswordPolicy`] (SDK: `PasswordPolicyOption`).
#[cloudwire::model]
#[derive(Debug, Clone, Default)]
pub struct PasswordPolicyOption {
    /// The most times a character may repeat in a row (0 to 32; 0: no limit).
    pub maximum_consecutive_identical_chars: Option<u32>,
    /// Minutes before a password may be changed again (0 to 1440).
    pub minimum_password_age: Option<u32>,
    /// The minimum length (8 to 32).
    pub minimum_password_length: Option<u32>,
    /// How many recent passwords may not be used again (0 to 10).
    pub number_of_recent_passwords_disallowed: Option<u32>,
    /// Whether a password may not be the user name or the user name reversed.
    pub password_not_username_or_invert: Option<bool>,
    /// Days a password is valid (0 to 180; 0: forever).
    pub password_validity_period: Option<u32>,
    /// How many character types a password needs (2 to 4).
    pub password_char_combination: Option<u32>,
}

/// The answer of [`UpdateDomainPasswordPolicy`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct UpdateDomainPasswordPolicyResponse {
    /// The policy as it is now.
    pub password_policy: PasswordPolicy,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// An account's password policy.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// The most times a character may repeat in a row.
    pub maximum_consecutive_identical_chars: u32,
    /// The maximum length.
    pub maximum_password_length: u32,
    /// Minutes before a password may be changed again.
    pub minimum_password_age: u32,
    /// The minimum length.
    pub minimum_password_length: u32,
    /// How many recent passwords may not be used again.
    pub number_of_recent_passwords_disallowed: u32,
    /// Whether a password may not be the user name or the user name reversed.
    pub password_not_username_or_invert: bool,
    /// The rules, in words.
    pub password_requirements: String,
    /// Days a password is valid (0: forever).
    pub password_validity_period: u32,
    /// How many character types a password needs.
    pub password_char_combination: u32,
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

/// A Keystone token's details, as the token operations return them in the
/// body (the token itself comes in the `X-Subject-Token` header).
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// How the caller authenticated: `password`, `assume_role`, `mapped`, ...
    pub methods: Vec<String>,
    /// When the token expires (UTC).
    pub expires_at: String,
    /// When it was issued (UTC).
    pub issued_at: String,
    /// The user the token stands for.
    pub user: TokenUser,
    /// The domain of a domain-scoped token (and of a project-scoped one).
    pub domain: Option<NameAndId>,
    /// The project of a project-scoped token.
    pub project: Option<TokenProject>,
    /// The roles the token carries.
    pub roles: Option<Vec<NameAndId>>,
    /// The service catalog (left out when `nocatalog=true` was asked).
    pub catalog: Option<Vec<CatalogService>>,
    /// For an agency token: who assumed the agency.
    pub assumed_by: Option<AssumedBy>,
}

/// The user of a [`Token`].
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUser {
    /// The user ID.
    pub id: String,
    /// The user name.
    pub name: String,
    /// The user's account.
    pub domain: NameAndId,
    /// When the password expires (empty or `None` if it never does).
    pub password_expires_at: Option<String>,
    /// For a federated user: the identity provider, protocol and groups.
    #[serde(rename = "OS-FEDERATION")]
    pub os_federation: Option<Federation>,
}

/// How a federated user came in.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Federation {
    /// The user groups the mapping put the user in.
    pub groups: Vec<NameAndId>,
    /// The identity provider.
    pub identity_provider: IdRef,
    /// The protocol (`saml`, `oidc`).
    pub protocol: IdRef,
}

/// The project of a project-scoped [`Token`].
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenProject {
    /// The project name.
    pub name: String,
    /// The project ID.
    pub id: String,
    /// The project's account.
    pub domain: NameAndId,
}

/// Who assumed the agency of an agency [`Token`].
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedBy {
    /// The user who assumed it.
    pub user: TokenUser,
}

/// A service of a token's catalog.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogService {
    /// The service type, such as `identity`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The service ID.
    pub id: String,
    /// The service name, such as `iam`.
    pub name: String,
    /// Where it is served.
    pub endpoints: Vec<CatalogEndpoint>,
}

/// An endpoint of a [`CatalogService`].
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEndpoint {
    /// The URL.
    pub url: String,
    /// The region (`*` for a global service).
    pub region: String,
    /// The region ID.
    pub region_id: String,
    /// `public`.
    pub interface: String,
    /// The endpoint ID.
    pub id: String,
}

/// Obtains a user token with a user name and password:
/// `POST /v3/auth/tokens` (SDK: `keystone_create_user_token_by_password`),
/// answered with `201` and the token in `X-Subject-Token`.
#[cloudwire::endpoint(
    POST,
    "/v3/auth/tokens",
    response = KeystoneCreateUserTokenByPasswordResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct KeystoneCreateUserTokenByPassword {
    /// `"true"` leaves the service catalog out of the answer.
    #[cloudwire(query)]
    pub nocatalog: Option<String>,
    /// Who authenticates, and the scope of the token.
    pub auth: PwdAuth,
}

/// The `auth` of [`KeystoneCreateUserTokenByPassword`].
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct PwdAuth {
    /// The password identity.
    pub identity: PwdIdentity,
    /// The scope of the token; an unscoped token when `None`.
    pub scope: Option<AuthScope>,
}

/// The identity of a [`PwdAuth`].
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct PwdIdentity {
    /// `["password"]`.
    pub methods: Vec<String>,
    /// The user and password.
    pub password: PwdPassword,
}

/// The `password` of a [`PwdIdentity`].
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct PwdPassword {
    /// The user.
    pub user: PwdPasswordUser,
}

/// The user who authenticates with a password.
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct PwdPasswordUser {
    /// The user's account.
    pub domain: PwdPasswordUserDomain,
    /// The user name.
    pub name: String,
    /// The password.
    pub password: Secret,
}

/// The account of a [`PwdPasswordUser`], by name.
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct PwdPasswordUserDomain {
    /// The account name.
    pub name: String,
}

/// The scope of a token: a domain or a project.
#[cloudwire::model]
#[derive(Debug, Clone, Default)]
pub struct AuthScope {
    /// A domain scope.
    pub domain: Option<AuthScopeDomain>,
    /// A project scope.
    pub project: Option<AuthScopeProject>,
}

/// A domain scope, by ID or name.
#[cloudwire::model]
#[derive(Debug, Clone, Default)]
pub struct AuthScopeDomain {
    /// The domain ID.
    pub id: Option<String>,
    /// The domain name.
    pub name: Option<String>,
}

/// A project scope, by ID or name.
#[cloudwire::model]
#[derive(Debug, Clone, Default)]
pub struct AuthScopeProject {
    /// The project ID.
    pub id: Option<String>,
    /// The project name.
    pub name: Option<String>,
}

/// The answer of [`KeystoneCreateUserTokenByPassword`].
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct KeystoneCreateUserTokenByPasswordResponse {
    /// The token, to send as `X-Auth-Token`.
    #[cloudwire(header = "X-Subject-Token")]
    pub subject_token: Secret,
    /// The token's details.
    pub token: Token,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Obtains a token for an agency (another account's delegation):
/// `POST /v3/auth/tokens` (SDK: `keystone_create_agency_token`), answered with
/// `201` and the token in `X-Subject-Token`.
#[cloudwire::endpoint(
    POST,
    "/v3/auth/tokens",
    response = KeystoneCreateAgencyTokenResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct KeystoneCreateAgencyToken {
    /// `"true"` leaves the service catalog out of the answer.
    #[cloudwire(query)]
    pub nocatalog: Option<String>,
    /// The agency to assume, and the scope of the token.
    pub auth: AgencyAuth,
}

/// The `auth` of [`KeystoneCreateAgencyToken`].
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct AgencyAuth {
    /// The agency identity.
    pub identity: AgencyAuthIdentity,
    /// The scope of the token.
    pub scope: AuthScope,
}

/// The identity of an [`AgencyAuth`].
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct AgencyAuthIdentity {
    /// `["assume_role"]`.
    pub methods: Vec<String>,
    /// The agency.
    pub assume_role: IdentityAssumerole,
}

/// The agency of an [`AgencyAuthIdentity`] (SDK: `IdentityAssumerole`): the
/// delegating account by ID or name, and the agency's name.
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct IdentityAssumerole {
    /// The delegating account's ID.
    pub domain_id: Option<String>,
    /// The delegating account's name.
    pub domain_name: Option<String>,
    /// The agency name.
    pub agency_name: String,
}

/// The answer of [`KeystoneCreateAgencyToken`].
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct KeystoneCreateAgencyTokenResponse {
    /// The token, to send as `X-Auth-Token`.
    #[cloudwire(header = "X-Subject-Token")]
    pub subject_token: Secret,
    /// The token's details.
    pub token: Token,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Checks a token and shows its details: `GET /v3/auth/tokens`
/// (SDK: `keystone_validate_token`).
#[cloudwire::endpoint(GET, "/v3/auth/tokens", response = KeystoneValidateTokenResponse)]
#[derive(Debug, Clone)]
pub struct KeystoneValidateToken {
    /// The token to check.
    #[cloudwire(header = "X-Subject-Token")]
    pub x_subject_token: Secret,
    /// `"true"` leaves the service catalog out of the answer.
    #[cloudwire(query)]
    pub nocatalog: Option<String>,
}

/// The answer of [`KeystoneValidateToken`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct KeystoneValidateTokenResponse {
    /// The token that was checked.
    #[cloudwire(header = "X-Subject-Token")]
    pub subject_token: Secret,
    /// The token's details.
    pub token: Token,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Lists the accounts the caller's token may be scoped to:
/// `GET /v3/auth/domains` (SDK: `keystone_list_auth_domains`).
#[cloudwire::endpoint(GET, "/v3/auth/domains", response = KeystoneListAuthDomainsResponse)]
#[derive(Debug, Clone, Copy, Default)]
pub struct KeystoneListAuthDomains;

/// The answer of [`KeystoneListAuthDomains`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct KeystoneListAuthDomainsResponse {
    /// The accounts.
    pub domains: Vec<Domain>,
    /// Links to this list.
    pub links: Links,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// An account (domain).
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// Whether it is enabled.
    pub enabled: bool,
    /// The domain ID.
    pub id: String,
    /// The account name.
    pub name: String,
    /// Links to the domain.
    pub links: Links,
    /// The description.
    pub description: Option<String>,
}

/// Obtains an unscoped token with a SAML response from an IdP-initiated
/// login: `POST /v3.0/OS-FEDERATION/tokens` (SDK:
/// `create_unscope_token_by_idp_initiated`), a form body, answered with `201`
/// and the token in `X-Subject-Token`.
#[cloudwire::endpoint(
    POST,
    "/v3.0/OS-FEDERATION/tokens",
    response = CreateUnscopeTokenByIdpInitiatedResponse,
    content_type = "application/x-www-form-urlencoded"
)]
#[derive(Debug, Clone)]
pub struct CreateUnscopeTokenByIdpInitiated {
    /// The identity provider's ID.
    #[cloudwire(header = "X-Idp-Id")]
    pub x_idp_id: String,
    /// The base64 SAML response the identity provider posted.
    #[serde(rename = "SAMLResponse")]
    pub saml_response: String,
}

/// The answer of [`CreateUnscopeTokenByIdpInitiated`].
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct CreateUnscopeTokenByIdpInitiatedResponse {
    /// The unscoped token, to send as `X-Auth-Token`.
    #[cloudwire(header = "X-Subject-Token")]
    pub subject_token: Secret,
    /// The token's details.
    pub token: Token,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Obtains an unscoped token with an OpenID Connect ID token:
/// `POST /v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth`
/// (SDK: `create_unscoped_token_with_id_token`), answered with `201` and the
/// token in `X-Subject-Token`.
///
/// The ID token goes in `Authorization`, so this call is not signed: send it
/// with a client without AK/SK authentication (the SDK skips signing when a
/// request carries its own `Authorization`).
#[cloudwire::endpoint(
    POST,
    "/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth",
    response = CreateUnscopedTokenWithIdTokenResponse
)]
#[derive(Debug, Clone)]
pub struct CreateUnscopedTokenWithIdToken {
    /// The identity provider's ID.
    #[cloudwire(path)]
    pub idp_id: String,
    /// The protocol: `oidc`.
    #[cloudwire(path)]
    pub protocol_id: String,
    /// `Bearer {id_token}`.
    #[cloudwire(header = "Authorization")]
    pub authorization: Secret,
}

/// The answer of [`CreateUnscopedTokenWithIdToken`].
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct CreateUnscopedTokenWithIdTokenResponse {
    /// The unscoped token, to send as `X-Auth-Token`.
    #[cloudwire(header = "X-Subject-Token")]
    pub subject_token: Secret,
    /// The token's details.
    pub token: Token,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Obtains temporary access keys by assuming an agency:
/// `POST /v3.0/OS-CREDENTIAL/securitytokens` (SDK:
/// `create_temporary_access_key_by_agency`), answered with `201`.
#[cloudwire::endpoint(
    POST,
    "/v3.0/OS-CREDENTIAL/securitytokens",
    response = CreateTemporaryAccessKeyByAgencyResponse,
    content_type = "application/json;charset=UTF-8"
)]
#[derive(Debug, Clone)]
pub struct CreateTemporaryAccessKeyByAgency {
    /// The agency to assume, and an optional policy that narrows the keys.
    pub auth: AgencyAuthWithPolicy,
}

/// The `auth` of [`CreateTemporaryAccessKeyByAgency`] (SDK: `AgencyAuth`).
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct AgencyAuthWithPolicy {
    /// The agency identity.
    pub identity: AgencyIdentity,
}

/// The identity of an [`AgencyAuthWithPolicy`] (SDK: `AgencyAuthIdentity`).
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct AgencyIdentity {
    /// `["assume_role"]`.
    pub methods: Vec<String>,
    /// The agency and the session.
    pub assume_role: IdentityAssumeroleWithSession,
    /// A policy that narrows what the keys may do.
    pub policy: Option<ServicePolicy>,
}

/// The agency of an [`AgencyIdentity`] (SDK: `IdentityAssumerole`).
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct IdentityAssumeroleWithSession {
    /// The agency name.
    pub agency_name: String,
    /// The delegating account's ID.
    pub domain_id: Option<String>,
    /// The delegating account's name.
    pub domain_name: Option<String>,
    /// How long the keys last, 900 to 86400 s (default 900).
    pub duration_seconds: Option<u32>,
    /// A name for the session, shown in audit logs.
    pub session_user: Option<SessionUser>,
}

/// The session of an [`IdentityAssumeroleWithSession`].
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// The session's user name.
    pub name: String,
}

/// A fine-grained policy document.
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct ServicePolicy {
    /// The policy language version: `1.1`.
    #[serde(rename = "Version")]
    pub version: String,
    /// The statements.
    #[serde(rename = "Statement")]
    pub statement: Vec<ServiceStatement>,
}

/// A statement of a [`ServicePolicy`].
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct ServiceStatement {
    /// The actions, such as `obs:object:GetObject`.
    #[serde(rename = "Action")]
    pub action: Vec<String>,
    /// Allow or deny.
    #[serde(rename = "Effect")]
    pub effect: Effect,
    /// Conditions: operator → condition key → values.
    #[serde(rename = "Condition")]
    pub condition: Option<BTreeMap<String, BTreeMap<String, Vec<String>>>>,
    /// The resources, such as `obs:*:*:object:reports/*`.
    #[serde(rename = "Resource")]
    pub resource: Option<Vec<String>>,
}

/// The effect of a [`ServiceStatement`].
#[cloudwire::model]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

/// The answer of [`CreateTemporaryAccessKeyByAgency`].
#[cloudwire::api_response(status = 201)]
#[derive(Debug, Clone)]
pub struct CreateTemporaryAccessKeyByAgencyResponse {
    /// The temporary keys.
    pub credential: TemporaryCredential,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Temporary access keys.
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct TemporaryCredential {
    /// When they expire (UTC).
    pub expires_at: String,
    /// The access key ID.
    pub access: String,
    /// The secret key.
    pub secret: Secret,
    /// The security token, sent as `X-Security-Token`.
    pub securitytoken: Secret,
}

// ---------------------------------------------------------------------------
// Permissions and quotas
// ---------------------------------------------------------------------------

/// Lists the account's role assignments: `GET /v3.0/OS-PERMISSION/role-assignments`
/// (SDK: `show_domain_role_assignments`).
#[cloudwire::endpoint(
    GET,
    "/v3.0/OS-PERMISSION/role-assignments",
    response = ShowDomainRoleAssignmentsResponse
)]
#[derive(Debug, Clone, Default)]
pub struct ShowDomainRoleAssignments {
    /// The account's domain ID.
    #[cloudwire(query)]
    pub domain_id: Option<String>,
    /// Only assignments of this role.
    #[cloudwire(query)]
    pub role_id: Option<String>,
    /// Only assignments to this kind of principal: `user`, `group` or `agency`.
    #[cloudwire(query)]
    pub subject: Option<String>,
    /// Only assignments to this user.
    #[cloudwire(query = "subject.user_id")]
    pub subject_user_id: Option<String>,
    /// Only assignments to this group.
    #[cloudwire(query = "subject.group_id")]
    pub subject_group_id: Option<String>,
    /// Only assignments to this agency.
    #[cloudwire(query = "subject.agency_id")]
    pub subject_agency_id: Option<String>,
    /// Only assignments of this scope: `project`, `domain` or `enterprise_project`.
    #[cloudwire(query)]
    pub scope: Option<String>,
    /// Only assignments on this project.
    #[cloudwire(query = "scope.project_id")]
    pub scope_project_id: Option<String>,
    /// Only assignments on this domain.
    #[cloudwire(query = "scope.domain_id")]
    pub scope_domain_id: Option<String>,
    /// Only assignments on this enterprise project.
    #[cloudwire(query = "scope.enterprise_projects_id")]
    pub scope_enterprise_projects_id: Option<String>,
    /// Only inherited (or not inherited) assignments.
    #[cloudwire(query)]
    pub is_inherited: Option<bool>,
    /// Whether to include assignments of the user's groups.
    #[cloudwire(query)]
    pub include_group: Option<bool>,
    /// The page to show, from 1.
    #[cloudwire(query)]
    pub page: Option<u32>,
    /// Assignments per page, 1 to 50.
    #[cloudwire(query)]
    pub per_page: Option<u32>,
}

/// The answer of [`ShowDomainRoleAssignments`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ShowDomainRoleAssignmentsResponse {
    /// How many assignments match, over all pages.
    pub total_num: u32,
    /// The assignments on this page.
    pub role_assignments: Vec<RoleAssignment>,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// A role assignment: a role given to a user, group or agency on a scope.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignment {
    /// The user.
    pub user: Option<IdRef>,
    /// The role.
    pub role: IdRef,
    /// The group.
    pub group: Option<IdRef>,
    /// The agency.
    pub agency: Option<IdRef>,
    /// Where the role applies.
    pub scope: RoleAssignmentScope,
    /// Whether the assignment is inherited by all projects.
    pub is_inherited: bool,
}

/// The scope of a [`RoleAssignment`].
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignmentScope {
    /// A project.
    pub project: Option<IdRef>,
    /// A domain.
    pub domain: Option<IdRef>,
    /// An enterprise project.
    pub enterprise_project: Option<IdRef>,
}

/// Shows the account's quotas: `GET /v3.0/OS-QUOTA/domains/{domain_id}`
/// (SDK: `show_domain_quota`).
#[cloudwire::endpoint(
    GET,
    "/v3.0/OS-QUOTA/domains/{domain_id}",
    response = ShowDomainQuotaResponse
)]
#[derive(Debug, Clone)]
pub struct ShowDomainQuota {
    /// The account's domain ID.
    #[cloudwire(path)]
    pub domain_id: String,
    /// Only this resource: `user`, `group`, `idp`, `agency`, `policy`, ...
    #[cloudwire(query = "type")]
    pub kind: Option<String>,
}

/// The answer of [`ShowDomainQuota`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ShowDomainQuotaResponse {
    /// The quotas.
    pub quotas: Quotas,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// The quotas of an account.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotas {
    /// One quota per resource.
    pub resources: Vec<QuotaResource>,
}

/// The quota of one resource.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaResource {
    /// The most the quota may be raised to.
    pub max: u32,
    /// The least it may be lowered to.
    pub min: u32,
    /// The quota.
    pub quota: u32,
    /// The resource: `user`, `group`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// How many are used.
    pub used: u32,
}

// ---------------------------------------------------------------------------
// IAM v5
// ---------------------------------------------------------------------------

/// The kind of an IAM v5 policy.
#[cloudwire::model]
#[serde(rename_all = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyType {
    /// A policy the account wrote.
    Custom,
    /// A policy the cloud provides.
    System,
}

/// Paging of an IAM v5 list.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInfo {
    /// Where the next page starts; `None` on the last page.
    pub next_marker: Option<String>,
    /// How many items this page has.
    pub current_count: u32,
}

/// Lists identity policies: `GET /v5/policies` (SDK: `list_policies_v5`).
#[cloudwire::endpoint(GET, "/v5/policies", response = ListPoliciesV5Response)]
#[derive(Debug, Clone, Default)]
pub struct ListPoliciesV5 {
    /// Page size, 1 to 200.
    #[cloudwire(query)]
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    #[cloudwire(query)]
    pub marker: Option<String>,
    /// Only policies of this kind.
    #[cloudwire(query)]
    pub policy_type: Option<PolicyType>,
    /// Only policies whose path starts with this, such as `ops/prod/`.
    #[cloudwire(query)]
    pub path_prefix: Option<String>,
    /// Only policies attached to something.
    #[cloudwire(query)]
    pub only_attached: Option<bool>,
    /// The language of the answer: `zh-cn` or `en-us`.
    #[cloudwire(header = "X-Language")]
    pub x_language: Option<String>,
}

/// The answer of [`ListPoliciesV5`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ListPoliciesV5Response {
    /// The policies on this page.
    pub policies: Vec<PolicyV5>,
    /// Paging.
    pub page_info: PageInfo,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// An IAM v5 identity policy.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyV5 {
    /// Custom or system.
    pub policy_type: PolicyType,
    /// The name.
    pub policy_name: String,
    /// The ID.
    pub policy_id: String,
    /// The URN: `iam::{account_id}:policy:{path}{name}`.
    pub urn: String,
    /// The path, such as `ops/prod/`.
    pub path: String,
    /// The default version, such as `v3`.
    pub default_version_id: String,
    /// How many principals it is attached to.
    pub attachment_count: u32,
    /// The description.
    pub description: Option<String>,
    /// When it was created (UTC).
    pub created_at: String,
    /// When it was last changed (UTC).
    pub updated_at: String,
}

/// Removes tags from a resource: `DELETE /v5/{resource_type}/{resource_id}/tags/delete`
/// (SDK: `delete_resource_tags_v5`); the body is the list of tag keys.
#[cloudwire::endpoint(
    DELETE,
    "/v5/{resource_type}/{resource_id}/tags/delete",
    response = DeleteResourceTagsV5Response
)]
#[derive(Debug, Clone)]
pub struct DeleteResourceTagsV5 {
    /// The kind of resource: `user`, `agency`, ...
    #[cloudwire(path)]
    pub resource_type: String,
    /// The resource's ID.
    #[cloudwire(path)]
    pub resource_id: String,
    /// The keys of the tags to remove.
    #[cloudwire(body)]
    pub tag_keys: Vec<String>,
}

/// The answer of [`DeleteResourceTagsV5`]: `200` with an empty body.
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct DeleteResourceTagsV5Response {
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}
