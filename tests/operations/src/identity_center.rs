//! IAM Identity Center (`huaweicloudsdkidentitycenter.v1`): instances,
//! permission sets and account assignments.
//!
//! A global service: sign with credentials that carry the account's domain ID
//! (`X-Domain-Id`). Every operation takes an optional `X-Security-Token`
//! header, as the SDK declares it; temporary credentials add that header
//! themselves, so it is usually left `None`.

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

/// The kind of principal an account assignment gives access to.
#[cloudwire::model]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalType {
    /// A user of the identity store.
    User,
    /// A group of the identity store.
    Group,
}

/// What an account assignment gives access to.
#[cloudwire::model]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetType {
    /// A member account of the organization.
    Account,
}

/// Where an asynchronous account-assignment operation stands.
#[cloudwire::model]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationStatus {
    /// Still running.
    InProgress,
    /// Done.
    Succeeded,
    /// Failed: see the failure reason.
    Failed,
}

// ---------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------

/// Lists the Identity Center instances: `GET /v1/instances` (SDK: `list_instances`).
#[cloudwire::endpoint(GET, "/v1/instances", response = ListInstancesResponse)]
#[derive(Debug, Clone, Default)]
pub struct ListInstances {
    /// Page size, 1 to 100.
    #[cloudwire(query)]
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    #[cloudwire(query)]
    pub marker: Option<String>,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`ListInstances`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ListInstancesResponse {
    /// The instances on this page.
    pub instances: Vec<Instance>,
    /// Paging.
    pub page_info: PageInfo,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// An Identity Center instance.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The ID of the instance's identity store (`d-...`).
    pub identity_store_id: String,
    /// The instance ID (`ins-...`).
    pub instance_id: String,
    /// The instance's alias.
    pub alias: Option<String>,
    /// The instance's URN.
    pub instance_urn: String,
}

// ---------------------------------------------------------------------------
// Permission sets
// ---------------------------------------------------------------------------

/// A permission set: the permissions a principal gets in an account.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionSet {
    /// When it was created, in milliseconds since the Unix epoch.
    pub created_date: i64,
    /// The description.
    pub description: Option<String>,
    /// The name.
    pub name: String,
    /// The ID (`ps-...`).
    pub permission_set_id: String,
    /// Where the console sends a user after login.
    pub relay_state: Option<String>,
    /// How long a session lasts, as an ISO 8601 duration such as `PT8H`.
    pub session_duration: Option<String>,
    /// The URN.
    pub permission_urn: String,
}

/// A tag of a resource.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value (may be empty).
    pub value: String,
}

/// Lists an instance's permission sets:
/// `GET /v1/instances/{instance_id}/permission-sets` (SDK: `list_permission_sets`).
#[cloudwire::endpoint(
    GET,
    "/v1/instances/{instance_id}/permission-sets",
    response = ListPermissionSetsResponse
)]
#[derive(Debug, Clone, Default)]
pub struct ListPermissionSets {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// Page size, 1 to 100.
    #[cloudwire(query)]
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    #[cloudwire(query)]
    pub marker: Option<String>,
    /// Only this permission set.
    #[cloudwire(query)]
    pub permission_set_id: Option<String>,
    /// Only the permission set of this URN.
    #[cloudwire(query)]
    pub permission_urn: Option<String>,
    /// Only permission sets of this name.
    #[cloudwire(query)]
    pub name: Option<String>,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`ListPermissionSets`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ListPermissionSetsResponse {
    /// The permission sets on this page.
    pub permission_sets: Vec<PermissionSet>,
    /// Paging.
    pub page_info: PageInfo,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Creates a permission set:
/// `POST /v1/instances/{instance_id}/permission-sets` (SDK: `create_permission_set`).
#[cloudwire::endpoint(
    POST,
    "/v1/instances/{instance_id}/permission-sets",
    response = CreatePermissionSetResponse
)]
#[derive(Debug, Clone, Default)]
pub struct CreatePermissionSet {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
    /// The description.
    pub description: Option<String>,
    /// The name, unique in the instance.
    pub name: String,
    /// Where the console sends a user after login.
    pub relay_state: Option<String>,
    /// How long a session lasts, as an ISO 8601 duration such as `PT8H`.
    pub session_duration: Option<String>,
    /// Tags.
    pub tags: Option<Vec<Tag>>,
}

/// The answer of [`CreatePermissionSet`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct CreatePermissionSetResponse {
    /// The new permission set.
    pub permission_set: PermissionSet,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Shows a permission set:
/// `GET /v1/instances/{instance_id}/permission-sets/{permission_set_id}`
/// (SDK: `describe_permission_set`).
#[cloudwire::endpoint(
    GET,
    "/v1/instances/{instance_id}/permission-sets/{permission_set_id}",
    response = DescribePermissionSetResponse
)]
#[derive(Debug, Clone, Default)]
pub struct DescribePermissionSet {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// The permission set ID.
    #[cloudwire(path)]
    pub permission_set_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`DescribePermissionSet`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct DescribePermissionSetResponse {
    /// The permission set.
    pub permission_set: PermissionSet,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Deletes a permission set:
/// `DELETE /v1/instances/{instance_id}/permission-sets/{permission_set_id}`
/// (SDK: `delete_permission_set`), answered with `200` and an empty body.
#[cloudwire::endpoint(
    DELETE,
    "/v1/instances/{instance_id}/permission-sets/{permission_set_id}",
    response = DeletePermissionSetResponse
)]
#[derive(Debug, Clone, Default)]
pub struct DeletePermissionSet {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// The permission set ID.
    #[cloudwire(path)]
    pub permission_set_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`DeletePermissionSet`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct DeletePermissionSetResponse {
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

// ---------------------------------------------------------------------------
// Account assignments
// ---------------------------------------------------------------------------

/// The state of an asynchronous account-assignment operation.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAssignmentOperationStatus {
    /// When it started, in milliseconds since the Unix epoch.
    pub created_date: i64,
    /// Why it failed, if it did (empty or `None` otherwise).
    pub failure_reason: Option<String>,
    /// The permission set.
    pub permission_set_id: String,
    /// The principal.
    pub principal_id: String,
    /// The kind of principal.
    pub principal_type: PrincipalType,
    /// The operation's ID, to ask for its status.
    pub request_id: String,
    /// Where it stands.
    pub status: OperationStatus,
    /// The account.
    pub target_id: String,
    /// What the target is.
    pub target_type: TargetType,
}

/// An account assignment: a principal's permission set in an account.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAssignment {
    /// The account.
    pub account_id: String,
    /// The permission set.
    pub permission_set_id: String,
    /// The principal.
    pub principal_id: String,
    /// The kind of principal.
    pub principal_type: PrincipalType,
}

/// Gives a principal a permission set in an account, asynchronously:
/// `POST /v1/instances/{instance_id}/account-assignments/create`
/// (SDK: `create_account_assignment`).
#[cloudwire::endpoint(
    POST,
    "/v1/instances/{instance_id}/account-assignments/create",
    response = CreateAccountAssignmentResponse
)]
#[derive(Debug, Clone)]
pub struct CreateAccountAssignment {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
    /// The permission set.
    pub permission_set_id: String,
    /// The principal.
    pub principal_id: String,
    /// The kind of principal.
    pub principal_type: PrincipalType,
    /// The account.
    pub target_id: String,
    /// What the target is.
    pub target_type: TargetType,
}

/// The answer of [`CreateAccountAssignment`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct CreateAccountAssignmentResponse {
    /// The operation just started.
    pub account_assignment_creation_status: AccountAssignmentOperationStatus,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Lists the assignments of a permission set in an account:
/// `GET /v1/instances/{instance_id}/account-assignments`
/// (SDK: `list_account_assignments`).
#[cloudwire::endpoint(
    GET,
    "/v1/instances/{instance_id}/account-assignments",
    response = ListAccountAssignmentsResponse
)]
#[derive(Debug, Clone, Default)]
pub struct ListAccountAssignments {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// Page size, 1 to 100.
    #[cloudwire(query)]
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    #[cloudwire(query)]
    pub marker: Option<String>,
    /// The account.
    #[cloudwire(query)]
    pub account_id: Option<String>,
    /// The permission set.
    #[cloudwire(query)]
    pub permission_set_id: Option<String>,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`ListAccountAssignments`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ListAccountAssignmentsResponse {
    /// The assignments on this page.
    pub account_assignments: Vec<AccountAssignment>,
    /// Paging.
    pub page_info: PageInfo,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Lists the assignments of one principal:
/// `GET /v1/instances/{instance_id}/account-assignments-for-principals`
/// (SDK: `list_account_assignments_for_principal`).
#[cloudwire::endpoint(
    GET,
    "/v1/instances/{instance_id}/account-assignments-for-principals",
    response = ListAccountAssignmentsForPrincipalResponse
)]
#[derive(Debug, Clone)]
pub struct ListAccountAssignmentsForPrincipal {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// The principal.
    #[cloudwire(query)]
    pub principal_id: Option<String>,
    /// The kind of principal.
    #[cloudwire(query)]
    pub principal_type: Option<PrincipalType>,
    /// Page size, 1 to 100.
    #[cloudwire(query)]
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    #[cloudwire(query)]
    pub marker: Option<String>,
    /// Only assignments in this account.
    #[cloudwire(query)]
    pub account_id: Option<String>,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`ListAccountAssignmentsForPrincipal`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct ListAccountAssignmentsForPrincipalResponse {
    /// The assignments on this page.
    pub account_assignments: Vec<AccountAssignment>,
    /// Paging.
    pub page_info: PageInfo,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Shows where an account-assignment creation stands:
/// `GET /v1/instances/{instance_id}/account-assignments/creation-status/{request_id}`
/// (SDK: `describe_account_assignment_creation_status`).
#[cloudwire::endpoint(
    GET,
    "/v1/instances/{instance_id}/account-assignments/creation-status/{request_id}",
    response = DescribeAccountAssignmentCreationStatusResponse
)]
#[derive(Debug, Clone)]
pub struct DescribeAccountAssignmentCreationStatus {
    /// The instance ID.
    #[cloudwire(path)]
    pub instance_id: String,
    /// The operation's ID, from [`CreateAccountAssignmentResponse`].
    #[cloudwire(path)]
    pub request_id: String,
    /// A security token, for temporary credentials that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`DescribeAccountAssignmentCreationStatus`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct DescribeAccountAssignmentCreationStatusResponse {
    /// The operation's state.
    pub account_assignment_creation_status: AccountAssignmentOperationStatus,
    /// The request ID the service gave this call (not the operation's).
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}
