//! Typed definitions of three Huawei Cloud operations, written with
//! cloudwire's macros the way a user without a serde dependency of their own
//! would write them.
//!
//! - [`identity_center::ListInstances`]: `GET /v1/instances`, paged.
//! - [`iam::CreateUser`]: `POST /v3.0/OS-USER/users`, answered with 201.
//! - [`sts::AssumeAgency`]: `POST /v5/agencies/assume`, temporary credentials.
//!
//! And one list per paging style, for [`Client::paginate`](cloudwire::Client::paginate):
//!
//! - [`identity_center::ListPermissionSets`]: a marker, `page_info.next_marker`;
//! - [`keystone::ListRoles`]: `page`/`per_page`, with `total_number`;
//! - [`swr::ListRepos`]: `offset`/`limit`, a top-level array and `Content-Range`;
//! - [`keystone::ListGroups`]: Keystone's `links.next`.
//!
//! ```no_run
//! use cloudwire_examples::services::identity_center::ListInstances;
//!
//! # async fn run(client: cloudwire::Client) -> Result<(), cloudwire::Error> {
//! let mut request = ListInstances::default();
//! loop {
//!     let page = client.send(&request).await?;
//!     for instance in &page.instances {
//!         println!("{}", instance.instance_id);
//!     }
//!     match page.page_info.next_marker {
//!         Some(marker) => request.marker = Some(marker),
//!         None => break,
//!     }
//! }
//! # Ok(()) }
//! ```

/// IAM Identity Center: instances.
pub mod identity_center {
    use cloudwire::RequestId;

    /// Lists the Identity Center instances, one page at a time:
    /// `GET /v1/instances?limit=&marker=`.
    ///
    /// Follow [`PageInfo::next_marker`] until it is `None` to see them all.
    /// Or let the client do it: `client.paginate(ListInstances::default())`.
    #[cloudwire::endpoint(GET, "/v1/instances", response = ListInstancesResponse)]
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListInstances {
        /// Page size, 1 to 100 (the service's default is 100).
        #[cloudwire(query, limit)]
        pub limit: Option<u32>,
        /// Where the page starts: the `next_marker` of the previous page.
        #[cloudwire(query, marker)]
        pub marker: Option<String>,
    }

    /// One page of instances.
    #[cloudwire::api_response(next_marker = "page_info.next_marker")]
    #[derive(Debug, Clone)]
    pub struct ListInstancesResponse {
        /// The instances on this page.
        #[cloudwire(items)]
        pub instances: Vec<Instance>,
        /// Where the next page starts.
        pub page_info: PageInfo,
        /// The request ID the service gave this call.
        #[cloudwire(request_id)]
        pub request_id: Option<RequestId>,
    }

    /// An Identity Center instance.
    #[derive(
        Debug, Clone, PartialEq, Eq, cloudwire::serde::Deserialize, cloudwire::serde::Serialize,
    )]
    #[serde(crate = "cloudwire::serde")]
    pub struct Instance {
        /// The ID of the instance's identity store (`d-...`).
        pub identity_store_id: String,
        /// The instance ID (`ins-...`).
        pub instance_id: String,
        /// The instance's alias, when it has one.
        pub alias: Option<String>,
        /// The instance's URN (`IdentityCenter::system:instance:ins-...`).
        pub instance_urn: String,
    }

    /// Paging of a list.
    #[derive(
        Debug, Clone, PartialEq, Eq, cloudwire::serde::Deserialize, cloudwire::serde::Serialize,
    )]
    #[serde(crate = "cloudwire::serde")]
    pub struct PageInfo {
        /// The marker of the next page; `None` on the last page.
        pub next_marker: Option<String>,
        /// How many items this page has.
        pub current_count: u32,
    }

    /// Lists the permission sets of an instance:
    /// `GET /v1/instances/{instance_id}/permission-sets?limit=&marker=`
    /// (the SDK's `ListPermissionSetsRequest`, paging and filters).
    #[cloudwire::endpoint(
        GET,
        "/v1/instances/{instance_id}/permission-sets",
        response = ListPermissionSetsResponse
    )]
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListPermissionSets {
        /// The instance (`ins-...`).
        #[cloudwire(path)]
        pub instance_id: String,
        /// Page size, 1 to 100 (the service's default is 100).
        #[cloudwire(query, limit)]
        pub limit: Option<u32>,
        /// Where the page starts: the `next_marker` of the previous page.
        #[cloudwire(query, marker)]
        pub marker: Option<String>,
        /// Only this permission set.
        #[cloudwire(query)]
        pub permission_set_id: Option<String>,
        /// Only permission sets with this name.
        #[cloudwire(query)]
        pub name: Option<String>,
    }

    /// One page of permission sets.
    #[cloudwire::api_response(next_marker = "page_info.next_marker")]
    #[derive(Debug, Clone)]
    pub struct ListPermissionSetsResponse {
        /// The permission sets on this page.
        #[cloudwire(items)]
        pub permission_sets: Vec<PermissionSet>,
        /// Where the next page starts.
        pub page_info: PageInfo,
    }

    /// A permission set, as listed (the SDK's `PermissionSetDto`).
    #[cloudwire::model]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PermissionSet {
        /// The permission set ID (`ps-...`).
        pub permission_set_id: String,
        /// The name.
        pub name: String,
        /// The description.
        pub description: Option<String>,
        /// How long a session lasts, ISO 8601 (`PT1H`).
        pub session_duration: Option<String>,
        /// Where the user lands after signing in.
        pub relay_state: Option<String>,
        /// The URN.
        pub permission_urn: Option<String>,
        /// When it was created, milliseconds since the epoch.
        pub created_date: Option<u64>,
    }
}

/// IAM's Keystone lists: roles (paged by page number) and groups (paged by
/// the `links.next` URL each page gives).
pub mod keystone {
    /// A Keystone `links` object.
    #[cloudwire::model]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Links {
        /// This resource or page.
        #[serde(rename = "self")]
        pub self_: Option<String>,
        /// The previous page, if any.
        pub previous: Option<String>,
        /// The next page; `None` on the last.
        pub next: Option<String>,
    }

    /// Lists the roles and policies: `GET /v3/roles?page=&per_page=`
    /// (the SDK's `KeystoneListPermissionsRequest`). IAM takes `page` and
    /// `per_page` together or not at all.
    #[cloudwire::endpoint(GET, "/v3/roles", response = ListRolesResponse)]
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListRoles {
        /// Only the role with this internal name.
        #[cloudwire(query)]
        pub name: Option<String>,
        /// Only the custom policies of this account.
        #[cloudwire(query)]
        pub domain_id: Option<String>,
        /// The page, from 1.
        #[cloudwire(query, page)]
        pub page: Option<u32>,
        /// Items per page, 1 to 300 on the real service.
        #[cloudwire(query, per_page)]
        pub per_page: Option<u32>,
        /// Only roles whose display name has this text.
        #[cloudwire(query)]
        pub display_name: Option<String>,
    }

    /// One page of roles.
    #[cloudwire::api_response]
    #[derive(Debug, Clone)]
    pub struct ListRolesResponse {
        /// The roles on this page.
        #[cloudwire(items)]
        pub roles: Vec<Role>,
        /// Links of this page.
        pub links: Option<Links>,
        /// How many roles the whole list has.
        #[cloudwire(total)]
        pub total_number: Option<u64>,
    }

    /// A role or policy, as listed (part of the SDK's `RoleResult`).
    #[cloudwire::model]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Role {
        /// The role ID.
        pub id: String,
        /// The internal name.
        pub name: String,
        /// The name shown in the console.
        pub display_name: String,
        /// Where it applies (`AX`, `XA`, ...).
        #[serde(rename = "type")]
        pub type_: String,
        /// The service catalog.
        pub catalog: Option<String>,
        /// The description.
        pub description: Option<String>,
        /// The account of a custom policy; `None` for a system role.
        pub domain_id: Option<String>,
    }

    /// Lists the user groups: `GET /v3/groups` (the SDK's
    /// `KeystoneListGroupsRequest`), paged by Keystone's `links.next`.
    #[cloudwire::endpoint(GET, "/v3/groups", response = ListGroupsResponse)]
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListGroups {
        /// Only the groups of this account.
        #[cloudwire(query)]
        pub domain_id: Option<String>,
        /// Only the group with this name.
        #[cloudwire(query)]
        pub name: Option<String>,
        /// The page, from 1 (the links carry it after the first page).
        #[cloudwire(query, page)]
        pub page: Option<u32>,
        /// Items per page (`.page_size(n)` sets it).
        #[cloudwire(query, per_page)]
        pub per_page: Option<u32>,
    }

    /// One page of groups.
    #[cloudwire::api_response(next_link = "links.next")]
    #[derive(Debug, Clone)]
    pub struct ListGroupsResponse {
        /// The groups on this page.
        #[cloudwire(items)]
        pub groups: Vec<Group>,
        /// Links of this page: `next` is the next page's URL.
        pub links: Links,
    }

    /// A user group (part of the SDK's `KeystoneGroupResult`).
    #[cloudwire::model]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Group {
        /// The group ID.
        pub id: String,
        /// The name.
        pub name: String,
        /// The description.
        pub description: Option<String>,
        /// The account.
        pub domain_id: String,
        /// When it was created, milliseconds since the epoch.
        pub create_time: Option<u64>,
    }
}

/// SWR (SoftWare Repository for Container): repositories, paged by offset,
/// answered with a top-level array and a `Content-Range` header.
pub mod swr {
    use cloudwire::RequestId;

    /// Lists the repositories: `GET /v2/manage/repos?offset=&limit=` (the
    /// SDK's `ListReposDetailsRequest`). SWR takes `offset` and `limit`
    /// together or not at all.
    #[cloudwire::endpoint(GET, "/v2/manage/repos", response = ListReposResponse)]
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListRepos {
        /// Only the repositories of this organization.
        #[cloudwire(query)]
        pub namespace: Option<String>,
        /// Only repositories whose name has this text.
        #[cloudwire(query)]
        pub name: Option<String>,
        /// Where the page starts, from 0.
        #[cloudwire(query, offset)]
        pub offset: Option<u32>,
        /// Items per page.
        #[cloudwire(query, limit)]
        pub limit: Option<u32>,
    }

    /// One page of repositories: the whole body is the list, the total is in
    /// `Content-Range: first-last/total`.
    #[cloudwire::api_response(total = content_range)]
    #[derive(Debug, Clone)]
    pub struct ListReposResponse {
        /// The repositories on this page.
        #[cloudwire(body)]
        pub repos: Vec<Repo>,
        /// The request ID the service gave this call.
        #[cloudwire(request_id)]
        pub request_id: Option<RequestId>,
    }

    /// A repository (part of the SDK's `ShowReposResp`).
    #[cloudwire::model]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Repo {
        /// The repository name.
        pub name: String,
        /// The organization.
        pub namespace: String,
        /// The category (`app_server`, `linux`, `other`, ...).
        pub category: Option<String>,
        /// The description.
        pub description: Option<String>,
        /// Whether anyone may pull it.
        pub is_public: bool,
        /// How many images it holds.
        pub num_images: Option<u64>,
        /// The image address.
        pub path: Option<String>,
    }
}

/// IAM: users.
pub mod iam {
    use cloudwire::{RequestId, Secret};

    /// Creates an IAM user (as an administrator): `POST /v3.0/OS-USER/users`.
    ///
    /// ```
    /// use cloudwire::Endpoint;
    /// use cloudwire_examples::services::iam::{CreateUser, NewUser};
    ///
    /// let request = CreateUser {
    ///     user: NewUser { email: Some("alice@example.com".into()), ..NewUser::new("alice", "d78cbac1") },
    /// }
    /// .to_request()
    /// .unwrap();
    /// assert_eq!(
    ///     request.body().as_ref(),
    ///     br#"{"user": {"name": "alice", "domain_id": "d78cbac1", "email": "alice@example.com"}}"#
    /// );
    /// ```
    #[cloudwire::endpoint(
        POST,
        "/v3.0/OS-USER/users",
        response = CreateUserResponse,
        content_type = "application/json;charset=UTF-8"
    )]
    #[derive(Debug, Clone)]
    pub struct CreateUser {
        /// The user to create.
        pub user: NewUser,
    }

    /// A user to create. Fields left `None` are not sent, and IAM picks its
    /// defaults. Members are in the official SDK's order (`CreateUserOption`),
    /// so the body, and its signature, are the SDK's.
    #[cloudwire::model]
    #[derive(Debug, Clone, Default)]
    pub struct NewUser {
        /// `default`, `programmatic` or `console`.
        pub access_mode: Option<String>,
        /// The user name: 1 to 32 characters, unique in the account.
        pub name: String,
        /// The ID of the account (domain) the user belongs to.
        pub domain_id: String,
        /// The initial password.
        pub password: Option<Secret>,
        /// An email address.
        pub email: Option<String>,
        /// The country code of [`phone`](Self::phone), e.g. `"0086"`.
        pub areacode: Option<String>,
        /// A mobile number (needs [`areacode`](Self::areacode)).
        pub phone: Option<String>,
        /// Whether the user is enabled (IAM's default: yes).
        pub enabled: Option<bool>,
        /// Whether the user must change the password at first login.
        pub pwd_status: Option<bool>,
        /// The type of the external identity system of [`xuser_id`](Self::xuser_id).
        pub xuser_type: Option<String>,
        /// The user's ID in an external identity system.
        pub xuser_id: Option<String>,
        /// A description.
        pub description: Option<String>,
    }

    impl NewUser {
        /// A user with a name in an account, everything else left to IAM.
        pub fn new(name: impl Into<String>, domain_id: impl Into<String>) -> NewUser {
            NewUser {
                name: name.into(),
                domain_id: domain_id.into(),
                ..NewUser::default()
            }
        }
    }

    /// The created user. IAM answers 201; any other status is an error.
    #[cloudwire::api_response(status = 201)]
    #[derive(Debug, Clone)]
    pub struct CreateUserResponse {
        /// The user as IAM stored it.
        pub user: User,
        /// The request ID the service gave this call.
        #[cloudwire(request_id)]
        pub request_id: Option<RequestId>,
    }

    /// An IAM user, as IAM returns it.
    #[derive(
        Debug, Clone, PartialEq, Eq, cloudwire::serde::Deserialize, cloudwire::serde::Serialize,
    )]
    #[serde(crate = "cloudwire::serde")]
    pub struct User {
        /// The user ID.
        pub id: String,
        /// The user name.
        pub name: String,
        /// The description (empty when none was given).
        #[serde(default)]
        pub description: Option<String>,
        /// The country code of the mobile number.
        #[serde(default)]
        pub areacode: Option<String>,
        /// The mobile number.
        #[serde(default)]
        pub phone: Option<String>,
        /// The email address (masked by IAM).
        #[serde(default)]
        pub email: Option<String>,
        /// The user's status; `null` in the responses documented so far.
        #[serde(default)]
        pub status: Option<cloudwire::serde_json::Value>,
        /// Whether the user is enabled.
        pub enabled: bool,
        /// Whether the user must change the password at first login.
        #[serde(default)]
        pub pwd_status: Option<bool>,
        /// `default`, `programmatic` or `console`.
        #[serde(default)]
        pub access_mode: Option<String>,
        /// Whether the user is the account's administrator.
        #[serde(default)]
        pub is_domain_owner: bool,
        /// The user's ID in an external identity system.
        #[serde(default)]
        pub xuser_id: Option<String>,
        /// The type of that external identity system.
        #[serde(default)]
        pub xuser_type: Option<String>,
        /// When the password expires; `None` when it never does.
        #[serde(default)]
        pub password_expires_at: Option<String>,
        /// When the user was created, UTC, e.g. `2024-05-21T09:03:41.000000`.
        pub create_time: String,
        /// The ID of the account the user belongs to.
        pub domain_id: String,
        /// The account's ID in an external system.
        #[serde(default)]
        pub xdomain_id: Option<String>,
        /// The type of that external system.
        #[serde(default)]
        pub xdomain_type: Option<String>,
        /// The user's default project, if any.
        #[serde(default)]
        pub default_project_id: Option<String>,
    }
}

/// STS: temporary credentials.
///
/// The runtime defines this service itself, since its
/// [`AssumeAgencyProvider`](cloudwire::auth::sts::AssumeAgencyProvider) calls it
/// to refresh temporary credentials; these are the runtime's types.
///
/// ```
/// use cloudwire::Endpoint;
/// use cloudwire_examples::services::sts::{AssumeAgency, agency_urn};
///
/// let assume = AssumeAgency::new(agency_urn("0a1b2c3d4e", "ops"), "nightly-job");
/// let request = assume.to_request().unwrap();
/// assert_eq!(request.path(), "/v5/agencies/assume");
/// assert_eq!(
///     request.body().as_ref(),
///     br#"{"agency_urn": "iam::0a1b2c3d4e:agency:ops", "agency_session_name": "nightly-job"}"#
/// );
/// ```
pub mod sts {
    pub use cloudwire::auth::sts::{
        AssumeAgency, AssumeAgencyResponse, AssumedAgency, TemporaryCredentials as Credentials,
    };

    /// The URN of an agency: `iam::<account_id>:agency:<agency_name>`.
    pub fn agency_urn(account_id: &str, agency_name: &str) -> String {
        format!("iam::{account_id}:agency:{agency_name}")
    }
}
