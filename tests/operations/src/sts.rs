//! STS (`huaweicloudsdksts.v1`): temporary credentials of an agency, the
//! caller's identity, and decoding an authorization failure.
//!
//! Signed with project credentials (`Credentials::with_project_id`, sent as
//! `X-Project-Id`): the SDK's client for this service accepts only those, even
//! though STS is global. Every operation takes an optional `X-Security-Token`
//! header, as the SDK declares it.

use cloudwire::{RequestId, Secret};

/// Assumes an agency and returns temporary credentials:
/// `POST /v5/agencies/assume` (SDK: `assume_agency`).
#[cloudwire::endpoint(POST, "/v5/agencies/assume", response = AssumeAgencyResponse)]
#[derive(Debug, Clone, Default)]
pub struct AssumeAgency {
    /// The caller's own security token, when calling with temporary
    /// credentials that do not add it (the duration is then at most 3600 s).
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
    /// How long the credentials last, in seconds (at most the agency's
    /// maximum session duration).
    pub duration_seconds: Option<u32>,
    /// The external ID the agency's trust policy asks for.
    pub external_id: Option<String>,
    /// An inline policy (JSON text) that narrows what the credentials may do.
    pub policy: Option<String>,
    /// IDs of managed policies that narrow what the credentials may do.
    pub policy_ids: Option<Vec<String>>,
    /// The agency's URN: `iam::{account_id}:agency:{agency_name}`.
    pub agency_urn: String,
    /// A name for the session, shown in audit logs.
    pub agency_session_name: String,
    /// The serial number of the caller's MFA device.
    pub serial_number: Option<String>,
    /// The six-digit code of the caller's MFA device.
    pub token_code: Option<String>,
    /// The identity the first caller of the chain declared.
    pub source_identity: Option<String>,
    /// Session tags.
    pub tags: Option<Vec<Tag>>,
    /// Keys of the session tags passed on along a chain of assumed agencies.
    pub transitive_tag_keys: Option<Vec<String>>,
    /// Context assertions from trusted providers, as the API reference
    /// describes them (not typed here).
    pub provided_contexts: Option<Vec<cloudwire::serde_json::Value>>,
}

/// A session tag of [`AssumeAgency`].
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

/// The answer of [`AssumeAgency`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct AssumeAgencyResponse {
    /// The source identity of the session, if one was given.
    pub source_identity: Option<String>,
    /// The assumed agency's session.
    pub assumed_agency: AssumedAgency,
    /// The temporary credentials.
    pub credentials: TemporaryCredentials,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// The session of an assumed agency.
#[cloudwire::model]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedAgency {
    /// `sts::{account_id}:assumed-agency:{agency_name}/{session_name}`.
    pub urn: String,
    /// `{agency_id}:{session_name}`.
    pub id: String,
}

/// Temporary credentials.
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct TemporaryCredentials {
    /// The temporary access key.
    pub access_key_id: String,
    /// When they expire (RFC 3339, UTC).
    pub expiration: String,
    /// The temporary secret key.
    pub secret_access_key: Secret,
    /// The security token, sent as `X-Security-Token`.
    pub security_token: Secret,
}

/// Shows who the caller is: `GET /v5/caller-identity` (SDK: `get_caller_identity`).
#[cloudwire::endpoint(GET, "/v5/caller-identity", response = GetCallerIdentityResponse)]
#[derive(Debug, Clone, Default)]
pub struct GetCallerIdentity {
    /// The caller's security token, when calling with temporary credentials
    /// that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
}

/// The answer of [`GetCallerIdentity`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct GetCallerIdentityResponse {
    /// The caller's account ID.
    pub account_id: String,
    /// The caller's URN, such as `iam::{account_id}:user:{user_name}`.
    pub principal_urn: String,
    /// The caller's ID.
    pub principal_id: String,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}

/// Decodes the `encoded_authorization_message` of a denied call:
/// `POST /v5/decode-authorization-message` (SDK: `decode_authorization_message`).
#[cloudwire::endpoint(
    POST,
    "/v5/decode-authorization-message",
    response = DecodeAuthorizationMessageResponse
)]
#[derive(Debug, Clone, Default)]
pub struct DecodeAuthorizationMessage {
    /// The caller's security token, when calling with temporary credentials
    /// that do not add it.
    #[cloudwire(header = "X-Security-Token")]
    pub x_security_token: Option<Secret>,
    /// The encoded message, as the denied call's error carried it.
    pub encoded_message: String,
}

/// The answer of [`DecodeAuthorizationMessage`].
#[cloudwire::api_response(status = 200)]
#[derive(Debug, Clone)]
pub struct DecodeAuthorizationMessageResponse {
    /// The decoded message: JSON text saying what was asked and why it was
    /// denied.
    pub decoded_message: String,
    /// The request ID the service gave this call.
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}
