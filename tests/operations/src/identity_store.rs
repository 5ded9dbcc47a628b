//! The users of an IAM Identity Center identity store
//! (`huaweicloudsdkidentitycenterstore.v1`).
//!
//! A regional endpoint, signed with project credentials
//! (`Credentials::with_project_id`, sent as `X-Project-Id`): the SDK's client
//! for this service accepts only those. Every operation takes an optional
//! `X-Security-Token` header, as the SDK declares it.

use cloudwire::{RequestId, Secret};

/// Paging of a list.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInfo {
    /// Where the next page starts; `None` on the last page.
    pub next_marker: Option<String>,
    /// How many items this page has.
    pub current_count: u32,
}

/// A user of the identity store, as the service returns it.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Postal addresses.
    pub addresses: Option<Vec<Address>>,
    /// The name shown for the user.
    pub display_name: Option<String>,
    /// Email addresses.
    pub emails: Option<Vec<Email>>,
    /// The ID given by an external identity provider.
    pub external_id: Option<String>,
    /// IDs given by external identity providers.
    pub external_ids: Option<Vec<ExternalId>>,
    /// The identity store (`d-...`).
    pub identity_store_id: String,
    /// The user's locale, such as `zh-CN`.
    pub locale: Option<String>,
    /// The parts of the user's name.
    pub name: Option<Name>,
    /// A nickname.
    pub nickname: Option<String>,
    /// Phone numbers.
    pub phone_numbers: Option<Vec<PhoneNumber>>,
    /// The preferred language, such as `zh-CN`.
    pub preferred_language: Option<String>,
    /// A profile URL.
    pub profile_url: Option<String>,
    /// The time zone, such as `Asia/Shanghai`.
    pub timezone: Option<String>,
    /// The job title.
    pub title: Option<String>,
    /// The user ID.
    pub user_id: String,
    /// The login name, unique in the store.
    pub user_name: String,
    /// The kind of user, such as `employee`.
    pub user_type: Option<String>,
    /// When the user was created, in milliseconds since the Unix epoch.
    pub created_at: Option<i64>,
    /// Who created the user.
    pub created_by: Option<String>,
    /// When the user was last changed, in milliseconds since the Unix epoch.
    pub updated_at: Option<i64>,
    /// Who last changed the user.
    pub updated_by: Option<String>,
    /// Whether the email address is verified.
    pub email_verified: Option<bool>,
    /// Whether the user is enabled.
    pub enabled: Option<bool>,
    /// The user's place in the enterprise.
    pub enterprise: Option<Enterprise>,
}

/// A postal address.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// The country code, such as `CN`.
    pub country: Option<String>,
    /// The whole address as one text.
    pub formatted: Option<String>,
    /// The city.
    pub locality: Option<String>,
    /// The postal code.
    pub postal_code: Option<String>,
    /// Whether this is the user's main address.
    pub primary: Option<bool>,
    /// The region or province.
    pub region: Option<String>,
    /// The street and number.
    pub street_address: Option<String>,
    /// The kind of address, such as `work`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// An email address.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Email {
    /// Whether this is the user's main address.
    pub primary: Option<bool>,
    /// The kind of address, such as `work`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The address.
    pub value: String,
    /// `VERIFIED` or `NOT_VERIFIED`.
    pub verification_status: Option<String>,
}

/// A phone number.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhoneNumber {
    /// Whether this is the user's main number.
    pub primary: Option<bool>,
    /// The kind of number, such as `work`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The number.
    pub value: String,
}

/// An ID given by an external identity provider.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalId {
    /// The ID.
    pub id: String,
    /// Who issued it.
    pub issuer: String,
}

/// The parts of a user's name.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    /// The family name.
    pub family_name: Option<String>,
    /// The whole name as one text.
    pub formatted: Option<String>,
    /// The given name.
    pub given_name: Option<String>,
    /// A title before the name.
    pub honorific_prefix: Option<String>,
    /// A title after the name.
    pub honorific_suffix: Option<String>,
    /// The middle name.
    pub middle_name: Option<String>,
}

/// A user's place in the enterprise.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Enterprise {
    /// The cost center.
    pub cost_center: Option<String>,
    /// The department.
    pub department: Option<String>,
    /// The division.
    pub division: Option<String>,
    /// The employee number.
    pub employee_number: Option<String>,
    /// The user's manager.
    pub manager: Option<Manager>,
    /// The organization.
    pub organization: Option<String>,
}

/// A user's manager, by user ID.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manager {
    /// The manager's user ID.
    pub value: Option<String>,
}

/// Lists the users of an identity store:
/// `GET /v1/identity-stores/{identity_store_id}/users` (SDK: `list_users`).
#[cloudwire::endpoint(
    GET,
    "/v1/identity-stores/{identity_store_id}/users",
    response = ListUsersResponse
)]
#[derive(Debug, Clone, Default)]
pub struct ListUsers {
    /// The identity store (`d-...`).
    #[cloudwire(path)]
    pub identity_store_id: String,
    /// Where the page starts: the `next_marker` of the previous page.
    #[cloudwire(query)]
    pub marker: Option<String>,
    /// Page size, 1 to 100.
    #[cloudwire(query)]
    pub limit: Option<u32>,
    /// Only the user of this login name.
    #[cloudwire(query)]
    pub user_name: Option<String>,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`ListUsers`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ListUsersResponse {
    /// Paging.
    pub page_info: PageInfo,
    /// The users on this page.
    pub users: Vec<User>,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Creates a user in an identity store:
/// `POST /v1/identity-stores/{identity_store_id}/users` (SDK: `create_user`).
#[cloudwire::endpoint(
    POST,
    "/v1/identity-stores/{identity_store_id}/users",
    response = CreateUserResponse
)]
#[derive(Debug, Clone, Default)]
pub struct CreateUser {
    /// The identity store (`d-...`).
    #[cloudwire(path)]
    pub identity_store_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
    /// Postal addresses.
    pub addresses: Option<Vec<Address>>,
    /// The name shown for the user.
    pub display_name: Option<String>,
    /// Email addresses.
    pub emails: Option<Vec<Email>>,
    /// The user's locale, such as `zh-CN`.
    pub locale: Option<String>,
    /// The parts of the user's name.
    pub name: Option<Name>,
    /// A nickname.
    pub nickname: Option<String>,
    /// Phone numbers (`Some(vec![])` sends an empty list).
    pub phone_numbers: Option<Vec<PhoneNumber>>,
    /// The preferred language, such as `zh-CN`.
    pub preferred_language: Option<String>,
    /// A profile URL.
    pub profile_url: Option<String>,
    /// The time zone, such as `Asia/Shanghai`.
    pub timezone: Option<String>,
    /// The job title.
    pub title: Option<String>,
    /// The login name, unique in the store.
    pub user_name: String,
    /// The kind of user, such as `employee`.
    pub user_type: Option<String>,
    /// How the first password is set: `EMAIL` (the user sets it through a
    /// link sent by email) or `OTP` (a one-time password in the answer).
    pub password_mode: Option<String>,
    /// The user's place in the enterprise.
    pub enterprise: Option<Enterprise>,
}

/// The answer of [`CreateUser`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct CreateUserResponse {
    /// The identity store.
    pub identity_store_id: String,
    /// The new user's ID.
    pub user_id: String,
    /// The one-time password, with `password_mode` `OTP`.
    pub password: Option<Secret>,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Shows a user: `GET /v1/identity-stores/{identity_store_id}/users/{user_id}`
/// (SDK: `describe_user`).
#[cloudwire::endpoint(
    GET,
    "/v1/identity-stores/{identity_store_id}/users/{user_id}",
    response = DescribeUserResponse
)]
#[derive(Debug, Clone, Default)]
pub struct DescribeUser {
    /// The identity store (`d-...`).
    #[cloudwire(path)]
    pub identity_store_id: String,
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`DescribeUser`]: the user is the whole body.
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct DescribeUserResponse {
    /// The user.
    #[cloudwire(body)]
    pub user: User,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Deletes a user: `DELETE /v1/identity-stores/{identity_store_id}/users/{user_id}`
/// (SDK: `delete_user`), answered with `200` and an empty body.
#[cloudwire::endpoint(
    DELETE,
    "/v1/identity-stores/{identity_store_id}/users/{user_id}",
    response = DeleteUserResponse
)]
#[derive(Debug, Clone, Default)]
pub struct DeleteUser {
    /// The identity store (`d-...`).
    #[cloudwire(path)]
    pub identity_store_id: String,
    /// The user ID.
    #[cloudwire(path)]
    pub user_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`DeleteUser`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct DeleteUserResponse {
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}
