//! Forty real operations of Huawei Cloud IAM (v3 and v5), IAM Identity Center,
//! its identity store and STS, defined with cloudwire's macros the way a user
//! writes them from the API reference and the official SDK's models, and
//! checked against what the official SDK sends.
//!
//! - [`iam`]: users, groups, projects, access keys, the password policy,
//!   tokens (password, agency, SAML, OpenID Connect), role assignments, quotas,
//!   and two IAM v5 operations (policies, resource tags).
//! - [`identity_center`]: instances, permission sets and account assignments.
//! - [`identity_store`]: the users of an Identity Center identity store.
//! - [`sts`]: assume an agency, who am I, decode an authorization message.
//!
//! Each operation is one `#[cloudwire::endpoint]` request struct and one
//! `#[cloudwire::api_response]` response struct, named after the SDK's
//! operation (`keystone_list_projects` is [`iam::KeystoneListProjects`] and
//! [`iam::KeystoneListProjectsResponse`]); nested body types are
//! `#[cloudwire::model]`s. The crate depends on `cloudwire` only.
//!
//! # How it is checked
//!
//! `tests/vectors/operations.json` (in the repository) records, for every
//! operation here, the request the official Python SDK (`huaweicloudsdkcore`
//! 3.1.219 with the service packages of the same version) builds and signs for
//! fixed inputs, credentials and time, a realistic success response and an
//! error response with what the SDK reported for it. `tests/operations.rs`
//! maps each vector's name to a function that builds this crate's endpoint
//! from the vector's inputs (asserting that every input it was given is the
//! vector's), and then:
//!
//! 1. prepares the request with a client for the vector's endpoint, the SDK's
//!    `User-Agent`, the same credentials and the signing clock fixed at the
//!    vector's time (`AkSk::with_clock`), and compares it with the SDK's: method, path, query, every
//!    header the SDK set and signed (values exactly, nothing more), the body
//!    bytes, the canonical request and the `Authorization` header;
//! 2. sends it over a loopback socket to a scripted server that answers with
//!    the recorded success response, checks what arrived on the socket against
//!    the prepared request (and its signature with the secret key), and checks
//!    the typed response;
//! 3. does the same with the recorded error response and checks
//!    [`cloudwire::Error::Api`]: status, code, message, request ID and
//!    `encoded_authorization_message` as the SDK reported them.
//!
//! ```
//! use cloudwire::Endpoint;
//! use cloudwire_operations::iam::KeystoneListUsers;
//!
//! let request = KeystoneListUsers {
//!     name: Some("Alice Zhang".into()),
//!     enabled: Some(false),
//!     ..KeystoneListUsers::default()
//! }
//! .to_request()
//! .unwrap();
//! assert_eq!(request.path_and_query(), "/v3/users?enabled=false&name=Alice%20Zhang");
//! ```

pub mod iam;
pub mod identity_center;
pub mod identity_store;
pub mod sts;
