//! Every operation of `tests/vectors/operations.json`, defined in this crate,
//! against what the official Python SDK sent and how it read the answers.
//!
//! [`case`] maps each vector's name to a function that builds the crate's
//! endpoint with the vector's input values (written out, and checked against
//! the vector's `inputs` one by one), and says what to check of the typed
//! success response. [`Vector::run`] then:
//!
//! 1. prepares the request with a client for the SDK's endpoint, the SDK's
//!    `User-Agent`, the same credentials and the signing time pinned through
//!    `X-Sdk-Date`, and compares it with the SDK's request: method, URL, path,
//!    query, every header the SDK set (and nothing more), the body bytes, the
//!    canonical request, the string to sign and `Authorization`;
//! 2. sends it to a loopback server that answers with the vector's success
//!    response, compares the bytes that arrived with the prepared request and
//!    with the SDK's headers (all but `Host` and `Authorization`, which name
//!    the host), verifies the signature that arrived, and runs the case's
//!    checks on the typed response;
//! 3. sends it to a server that answers with the vector's error response and
//!    checks `Error::Api` against what the SDK's `DefaultExceptionHandler`
//!    reported (`expected_error`).

use cloudwire::auth::signer::{self, Algorithm};
use cloudwire::auth::{AkSk, Credentials};
use cloudwire::bytes::Bytes;
use cloudwire::http;
use cloudwire::{Client, Endpoint, EndpointError, Error, RequestId, Secret};
use cloudwire_operations::{iam, identity_center as iic, identity_store as store, sts};
use cloudwire_tests::RawServer;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The `User-Agent` the vectors' SDK sent (its fixed prefix, `HttpConfig.user_agent` empty).
const SDK_USER_AGENT: &str = "huaweicloud-usdk-python/3.0";

// Values the vectors use in many operations.
const DOMAIN_ID: &str = "d78cbac186b744899480f25bd022f468";
const PROJECT_ID: &str = "0605767b9d00d5762fbbc00b5d7d9ad7";
const USER_ID: &str = "07609fb9358010e21f7bc003751c7c32";
const GROUP_ID: &str = "5d2b4e7f9a1c3e5d7b9f1a3c5e7d9b1f";
const INSTANCE_ID: &str = "ins-8c3f0e2d1b7a4e95";
const PERMISSION_SET_ID: &str = "ps-4b7e2d9f1a6c3e80";
const ACCOUNT_ID: &str = "05f2d3a1c47b4e9e8a1b2c3d4e5f6a7b";
const PRINCIPAL_ID: &str = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const IDENTITY_STORE_ID: &str = "d-1a2b3c4d5e";
const SUBJECT_TOKEN: &str = "MIIDkgYJKoZIhvcNAQcCoIIDgzCCA38CAQExDTALBglghkgBZQMEAgEwgXAGCSqGSIb3DQEHAaBjBGF7InRva2VuIjp7ImV4cGlyZXNfYXQiOiIyMDI2LTExLTMwVDA0OjI0OjE5LjAwMDAwMFoiFAKE-cloudwire-vector-token";
const SECURITY_TOKEN: &str = "gQpjbi1ub3J0aC00iQ5FAKEsecurityTokenForCloudwireVectors0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN";

fn vectors() -> &'static Value {
    static VECTORS: OnceLock<Value> = OnceLock::new();
    VECTORS.get_or_init(|| {
        serde_json::from_str(include_str!("../../vectors/operations.json"))
            .expect("operations.json is JSON")
    })
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
}

/// Every vector's operation, each run on its own task; all failures are reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_matches_the_sdk() {
    let operations = vectors()["operations"]
        .as_array()
        .expect("operations is a list");
    assert_eq!(operations.len(), 40, "the vectors hold 40 operations");
    let mut tasks = Vec::new();
    for op in operations {
        let name = text(&op["name"]);
        tasks.push((name, tokio::spawn(case(Vector::named(name)))));
    }
    let mut failures = Vec::new();
    for (name, task) in tasks {
        if let Err(e) = task.await {
            let message = match e.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default(),
                Err(e) => e.to_string(),
            };
            failures.push(format!("--- {name}\n{message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations differ from the SDK:\n{}",
        failures.len(),
        operations.len(),
        failures.join("\n")
    );
}

/// The operation of each vector.
async fn case(v: Vector) {
    match v.name {
        "iam-keystone-list-projects" => iam_keystone_list_projects(v).await,
        "iam-keystone-show-project" => iam_keystone_show_project(v).await,
        "iam-keystone-list-users" => iam_keystone_list_users(v).await,
        "iam-show-user-encoded-path" => iam_show_user_encoded_path(v).await,
        "iam-update-user" => iam_update_user(v).await,
        "iam-keystone-delete-user" => iam_keystone_delete_user(v).await,
        "iam-keystone-check-user-in-group" => iam_keystone_check_user_in_group(v).await,
        "iam-keystone-add-user-to-group" => iam_keystone_add_user_to_group(v).await,
        "iam-create-permanent-access-key" => iam_create_permanent_access_key(v).await,
        "iam-list-permanent-access-keys" => iam_list_permanent_access_keys(v).await,
        "iam-update-domain-password-policy" => iam_update_domain_password_policy(v).await,
        "iam-keystone-update-user-by-admin" => iam_keystone_update_user_by_admin(v).await,
        "iam-keystone-create-user-token-by-password" => {
            iam_keystone_create_user_token_by_password(v).await
        }
        "iam-keystone-list-auth-domains" => iam_keystone_list_auth_domains(v).await,
        "iam-create-unscope-token-by-idp-initiated" => {
            iam_create_unscope_token_by_idp_initiated(v).await
        }
        "iam-keystone-validate-token" => iam_keystone_validate_token(v).await,
        "iam-create-unscoped-token-with-id-token" => {
            iam_create_unscoped_token_with_id_token(v).await
        }
        "iam-show-domain-role-assignments" => iam_show_domain_role_assignments(v).await,
        "iam-show-domain-quota-domain-id-from-credentials" => iam_show_domain_quota(v).await,
        "iam-create-temporary-access-key-by-agency" => {
            iam_create_temporary_access_key_by_agency(v).await
        }
        "iam-keystone-create-agency-token" => iam_keystone_create_agency_token(v).await,
        "iam-create-user" => iam_create_user(v).await,
        "iam5-list-policies" => iam5_list_policies(v).await,
        "iam5-delete-resource-tags-array-body" => iam5_delete_resource_tags(v).await,
        "iic-list-instances" => iic_list_instances(v).await,
        "iic-list-permission-sets" => iic_list_permission_sets(v).await,
        "iic-create-permission-set" => iic_create_permission_set(v).await,
        "iic-describe-permission-set" => iic_describe_permission_set(v).await,
        "iic-delete-permission-set" => iic_delete_permission_set(v).await,
        "iic-create-account-assignment" => iic_create_account_assignment(v).await,
        "iic-list-account-assignments-security-token" => iic_list_account_assignments(v).await,
        "iic-list-account-assignments-for-principal" => {
            iic_list_account_assignments_for_principal(v).await
        }
        "iic-describe-account-assignment-creation-status" => {
            iic_describe_account_assignment_creation_status(v).await
        }
        "iic-store-list-users" => store_list_users(v).await,
        "iic-store-create-user" => store_create_user(v).await,
        "iic-store-describe-user" => store_describe_user(v).await,
        "iic-store-delete-user" => store_delete_user(v).await,
        "sts-assume-agency" => sts_assume_agency(v).await,
        "sts-get-caller-identity-header-param" => sts_get_caller_identity(v).await,
        "sts-decode-authorization-message" => sts_decode_authorization_message(v).await,
        other => panic!("no operation in this crate for vector `{other}`"),
    }
}

// ---------------------------------------------------------------------------
// IAM v3
// ---------------------------------------------------------------------------

async fn iam_keystone_list_projects(v: Vector) {
    let e = iam::KeystoneListProjects {
        domain_id: Some(DOMAIN_ID.into()),
        name: Some("cn-north-4".into()),
        parent_id: None,
        enabled: Some(true),
        is_domain: Some(false),
        page: Some(1),
        per_page: Some(50),
    };
    let mut inputs = v.inputs();
    inputs.check("domain_id", &e.domain_id);
    inputs.check("name", &e.name);
    inputs.check("parent_id", &e.parent_id);
    inputs.check("enabled", &e.enabled);
    inputs.check("is_domain", &e.is_domain);
    inputs.check("page", &e.page);
    inputs.check("per_page", &e.per_page);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.projects.len(), 1);
        let project = &r.projects[0];
        assert_eq!(
            (project.name.as_str(), project.id.as_str()),
            ("cn-north-4", PROJECT_ID)
        );
        assert_eq!(project.parent_id, DOMAIN_ID);
        assert!(project.enabled && !project.is_domain);
        assert_eq!(project.description.as_deref(), Some(""));
        assert!(r.links.self_link.ends_with("&page=1&per_page=50"));
        assert_eq!(r.links.next, None);
    })
    .await;
}

async fn iam_keystone_show_project(v: Vector) {
    let e = iam::KeystoneShowProject {
        project_id: PROJECT_ID.into(),
    };
    let mut inputs = v.inputs();
    inputs.check("project_id", &e.project_id);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.project.id, PROJECT_ID);
        assert_eq!(
            r.project.description.as_deref(),
            Some("Beijing 4 production")
        );
        assert_eq!(r.project.domain_id, DOMAIN_ID);
        assert!(r.project.links.self_link.ends_with(PROJECT_ID));
    })
    .await;
}

async fn iam_keystone_list_users(v: Vector) {
    let e = iam::KeystoneListUsers {
        domain_id: Some(DOMAIN_ID.into()),
        enabled: Some(false),
        name: Some("Alice Zhang".into()),
        password_expires_at: Some("lt:2026-12-31T00:00:00Z".into()),
    };
    let mut inputs = v.inputs();
    inputs.check("domain_id", &e.domain_id);
    inputs.check("enabled", &e.enabled);
    inputs.check("name", &e.name);
    inputs.check("password_expires_at", &e.password_expires_at);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let user = &r.users[0];
        assert_eq!((user.name.as_str(), user.enabled), ("Alice Zhang", false));
        assert_eq!(user.pwd_strength.as_deref(), Some("high"));
        assert_eq!(user.access_mode.as_deref(), Some("programmatic"));
        assert_eq!(
            user.password_expires_at.as_deref(),
            Some("2026-12-20T08:00:00.000000")
        );
        assert_eq!(user.last_project_id.as_deref(), Some(PROJECT_ID));
    })
    .await;
}

async fn iam_show_user_encoded_path(v: Vector) {
    let e = iam::ShowUser {
        user_id: "ops team/张伟".into(),
    };
    let mut inputs = v.inputs();
    inputs.check("user_id", &e.user_id);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(
            (r.user.id.as_str(), r.user.name.as_str()),
            (USER_ID, "zhangwei")
        );
        assert_eq!(r.user.description.as_deref(), Some("运维组"));
        assert_eq!(r.user.is_domain_owner, Some(false));
        assert_eq!(r.user.areacode.as_deref(), Some("0086"));
        assert_eq!(
            r.user.last_login_time.as_deref(),
            Some("2026-11-28T23:05:12.000000")
        );
        assert_eq!(r.user.pwd_strength.as_deref(), Some("middle"));
    })
    .await;
}

async fn iam_update_user(v: Vector) {
    let e = iam::UpdateUser {
        user_id: USER_ID.into(),
        user: iam::UpdateUserOption {
            access_mode: Some("console".into()),
            name: Some("zhangwei".into()),
            email: Some("zhangwei@example.com".into()),
            areacode: Some("0086".into()),
            phone: Some("13712345890".into()),
            enabled: Some(true),
            description: Some("运维组 – on call".into()),
            ..iam::UpdateUserOption::default()
        },
    };
    let mut inputs = v.inputs();
    inputs.check("user_id", &e.user_id);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.user.description.as_deref(), Some("运维组 – on call"));
        assert_eq!(r.user.access_mode.as_deref(), Some("console"));
        assert_eq!(r.user.email.as_deref(), Some("zh***@example.com"));
        assert_eq!(r.user.password_expires_at, None);
        assert_eq!(r.user.xdomain_id.as_deref(), Some(""));
        let links = r.user.links.as_ref().expect("links");
        assert!(links.self_link.ends_with(USER_ID) && links.next.is_none());
    })
    .await;
}

async fn iam_keystone_delete_user(v: Vector) {
    let e = iam::KeystoneDeleteUser {
        user_id: "0c8a1e5f7d2b4c6e9a3f5b7d1e2c4a6b".into(),
    };
    let mut inputs = v.inputs();
    inputs.check("user_id", &e.user_id);
    inputs.done();
    v.run(e, |r, rid| assert_eq!(id(&r.request_id), rid)).await;
}

async fn iam_keystone_check_user_in_group(v: Vector) {
    let e = iam::KeystoneCheckUserInGroup {
        group_id: GROUP_ID.into(),
        user_id: USER_ID.into(),
    };
    let mut inputs = v.inputs();
    inputs.check("group_id", &e.group_id);
    inputs.check("user_id", &e.user_id);
    inputs.done();
    v.run(e, |r, rid| assert_eq!(id(&r.request_id), rid)).await;
}

async fn iam_keystone_add_user_to_group(v: Vector) {
    let e = iam::KeystoneAddUserToGroup {
        group_id: GROUP_ID.into(),
        user_id: USER_ID.into(),
    };
    let mut inputs = v.inputs();
    inputs.check("group_id", &e.group_id);
    inputs.check("user_id", &e.user_id);
    inputs.done();
    v.run(e, |r, rid| assert_eq!(id(&r.request_id), rid)).await;
}

async fn iam_create_permanent_access_key(v: Vector) {
    let e = iam::CreatePermanentAccessKey {
        credential: iam::CreateCredentialOption {
            user_id: USER_ID.into(),
            description: Some("ci pipeline".into()),
        },
    };
    let mut inputs = v.inputs();
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.credential.access, "LHJ6PZCWEXAMPLEAK9QF2");
        assert_eq!(
            r.credential.secret.expose(),
            "Q7mVx2EXAMPLEsecretRt9bK4wN1pLs6dYh3Jc0aZ"
        );
        assert!(!format!("{:?}", r.credential).contains("Q7mVx2"));
        assert_eq!(r.credential.status, "active");
        assert_eq!(r.credential.create_time, "2026-11-29T04:24:19.512000Z");
    })
    .await;
}

async fn iam_list_permanent_access_keys(v: Vector) {
    let e = iam::ListPermanentAccessKeys {
        user_id: Some(USER_ID.into()),
    };
    let mut inputs = v.inputs();
    inputs.check("user_id", &e.user_id);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let statuses: Vec<&str> = r.credentials.iter().map(|c| c.status.as_str()).collect();
        assert_eq!(statuses, ["active", "inactive"]);
        assert_eq!(r.credentials[1].access, "MKT3ZREXAMPLEAK7WQ2PX");
        assert_eq!(r.credentials[1].description.as_deref(), Some(""));
    })
    .await;
}

async fn iam_update_domain_password_policy(v: Vector) {
    let e = iam::UpdateDomainPasswordPolicy {
        domain_id: DOMAIN_ID.into(),
        password_policy: iam::PasswordPolicyOption {
            maximum_consecutive_identical_chars: Some(2),
            minimum_password_age: Some(60),
            minimum_password_length: Some(12),
            number_of_recent_passwords_disallowed: Some(3),
            password_not_username_or_invert: Some(true),
            password_validity_period: None,
            password_char_combination: None,
        },
    };
    let mut inputs = v.inputs();
    inputs.check("domain_id", &e.domain_id);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let policy = &r.password_policy;
        assert_eq!(policy.minimum_password_length, 12);
        assert_eq!(policy.maximum_password_length, 32);
        assert_eq!(policy.password_validity_period, 0);
        assert_eq!(policy.password_char_combination, 2);
        assert!(policy.password_not_username_or_invert);
        assert!(
            policy
                .password_requirements
                .starts_with("A password must contain")
        );
    })
    .await;
}

async fn iam_keystone_update_user_by_admin(v: Vector) {
    let e = iam::KeystoneUpdateUserByAdmin {
        user_id: USER_ID.into(),
        user: iam::KeystoneUpdateUserOption {
            enabled: Some(false),
            description: Some("disabled by security review".into()),
            ..iam::KeystoneUpdateUserOption::default()
        },
    };
    let mut inputs = v.inputs();
    inputs.check("user_id", &e.user_id);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert!(!r.user.enabled);
        assert_eq!(
            r.user.description.as_deref(),
            Some("disabled by security review")
        );
        assert_eq!(r.user.password_expires_at, None);
        assert_eq!(r.user.pwd_status, Some(false));
    })
    .await;
}

async fn iam_keystone_create_user_token_by_password(v: Vector) {
    let e = iam::KeystoneCreateUserTokenByPassword {
        nocatalog: Some("true".into()),
        auth: iam::PwdAuth {
            identity: iam::PwdIdentity {
                methods: vec!["password".into()],
                password: iam::PwdPassword {
                    user: iam::PwdPasswordUser {
                        domain: iam::PwdPasswordUserDomain {
                            name: "example-account".into(),
                        },
                        name: "zhangwei".into(),
                        password: Secret::new("fakeP@ssw0rd!"),
                    },
                },
            },
            scope: Some(iam::AuthScope {
                domain: None,
                project: Some(iam::AuthScopeProject {
                    id: Some(PROJECT_ID.into()),
                    name: None,
                }),
            }),
        },
    };
    let mut inputs = v.inputs();
    inputs.check("nocatalog", &e.nocatalog);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.subject_token.expose(), SUBJECT_TOKEN);
        assert_eq!(r.token.methods, ["password"]);
        assert_eq!(r.token.expires_at, "2026-11-30T04:24:19.000000Z");
        let project = r.token.project.as_ref().expect("project-scoped");
        assert_eq!(
            (project.name.as_str(), project.id.as_str()),
            ("cn-north-4", PROJECT_ID)
        );
        assert_eq!(r.token.roles.as_ref().expect("roles")[0].name, "te_admin");
        assert_eq!(r.token.user.domain.name, "example-account");
        assert!(r.token.catalog.is_none(), "nocatalog=true");
    })
    .await;
}

async fn iam_keystone_list_auth_domains(v: Vector) {
    let e = iam::KeystoneListAuthDomains;
    v.inputs().done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.domains.len(), 1);
        assert_eq!(r.domains[0].name, "example-account");
        assert_eq!(r.domains[0].id, DOMAIN_ID);
        assert!(r.domains[0].enabled);
        assert!(r.links.self_link.ends_with("/v3/auth/domains"));
    })
    .await;
}

async fn iam_create_unscope_token_by_idp_initiated(v: Vector) {
    let e = iam::CreateUnscopeTokenByIdpInitiated {
        x_idp_id: "corp-saml-idp".into(),
        saml_response: "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM+/= and a space".into(),
    };
    let mut inputs = v.inputs();
    inputs.check("x_idp_id", &e.x_idp_id);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.subject_token.expose(), SUBJECT_TOKEN);
        assert_eq!(r.token.methods, ["mapped"]);
        let federation = r.token.user.os_federation.as_ref().expect("OS-FEDERATION");
        assert_eq!(federation.identity_provider.id, "corp-saml-idp");
        assert_eq!(federation.protocol.id, "saml");
        assert_eq!(federation.groups[0].name, "federated-readers");
        assert_eq!(r.token.user.name, "FederationUser");
    })
    .await;
}

async fn iam_keystone_validate_token(v: Vector) {
    let e = iam::KeystoneValidateToken {
        x_subject_token: Secret::new(SUBJECT_TOKEN),
        nocatalog: None,
    };
    let mut inputs = v.inputs();
    inputs.check("x_subject_token", &e.x_subject_token);
    inputs.check("nocatalog", &e.nocatalog);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.subject_token.expose(), SUBJECT_TOKEN);
        let catalog = r.token.catalog.as_ref().expect("catalog, nocatalog unset");
        assert_eq!(
            (catalog[0].kind.as_str(), catalog[0].name.as_str()),
            ("identity", "iam")
        );
        assert_eq!(
            catalog[0].endpoints[0].url,
            "https://iam.cn-north-4.myhuaweicloud.com/v3"
        );
        assert_eq!(r.token.roles.as_ref().expect("roles")[0].name, "readonly");
        assert_eq!(r.token.user.password_expires_at.as_deref(), Some(""));
    })
    .await;
}

async fn iam_create_unscoped_token_with_id_token(v: Vector) {
    // The SDK does not sign this operation (its own header is Authorization);
    // `Vector::client` builds a client without AK/SK authentication for it.
    let e = iam::CreateUnscopedTokenWithIdToken {
        idp_id: "corp-oidc".into(),
        protocol_id: "oidc".into(),
        authorization: Secret::new(
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ6aGFuZ3dlaSJ9.FAKE-signature",
        ),
    };
    let mut inputs = v.inputs();
    inputs.check("idp_id", &e.idp_id);
    inputs.check("protocol_id", &e.protocol_id);
    inputs.check("authorization", &e.authorization);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.subject_token.expose(), SUBJECT_TOKEN);
        let federation = r.token.user.os_federation.as_ref().expect("OS-FEDERATION");
        assert_eq!(federation.protocol.id, "oidc");
        assert_eq!(federation.identity_provider.id, "corp-oidc");
        assert_eq!(r.token.catalog.as_ref().expect("catalog").len(), 1);
        assert_eq!(r.token.issued_at, "2026-11-29T04:24:19.000000Z");
    })
    .await;
}

async fn iam_show_domain_role_assignments(v: Vector) {
    let e = iam::ShowDomainRoleAssignments {
        domain_id: Some(DOMAIN_ID.into()),
        subject_user_id: Some(USER_ID.into()),
        scope_project_id: Some(PROJECT_ID.into()),
        is_inherited: Some(false),
        include_group: Some(true),
        page: Some(2),
        per_page: Some(10),
        ..iam::ShowDomainRoleAssignments::default()
    };
    let mut inputs = v.inputs();
    inputs.check("domain_id", &e.domain_id);
    inputs.check("role_id", &e.role_id);
    inputs.check("subject", &e.subject);
    inputs.check("subject_user_id", &e.subject_user_id);
    inputs.check("scope_project_id", &e.scope_project_id);
    inputs.check("is_inherited", &e.is_inherited);
    inputs.check("include_group", &e.include_group);
    inputs.check("page", &e.page);
    inputs.check("per_page", &e.per_page);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.total_num, 11);
        let assignment = &r.role_assignments[0];
        assert_eq!(assignment.role.id, "0b7a3c9e5d1f4b8a2c6e0d4f8b2a6c0e");
        assert_eq!(
            assignment.user.as_ref().map(|u| u.id.as_str()),
            Some(USER_ID)
        );
        assert_eq!(
            assignment
                .scope
                .enterprise_project
                .as_ref()
                .map(|p| p.id.as_str()),
            Some("0")
        );
        assert!(!assignment.is_inherited);
    })
    .await;
}

async fn iam_show_domain_quota(v: Vector) {
    let e = iam::ShowDomainQuota {
        domain_id: DOMAIN_ID.into(),
        kind: Some("user".into()),
    };
    let mut inputs = v.inputs();
    // The SDK request left it `None`; the SDK filled `{domain_id}` from its
    // credentials. A cloudwire endpoint takes the value itself.
    inputs.filled_from_credentials("domain_id", &e.domain_id, DOMAIN_ID);
    inputs.check("type", &e.kind);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let user = &r.quotas.resources[0];
        assert_eq!(user.kind, "user");
        assert_eq!(
            (user.quota, user.used, user.min, user.max),
            (50, 12, 0, 1000)
        );
    })
    .await;
}

async fn iam_create_temporary_access_key_by_agency(v: Vector) {
    let condition = BTreeMap::from([(
        "StringStartWith".to_owned(),
        BTreeMap::from([("g:ProjectName".to_owned(), vec!["cn-north-4".to_owned()])]),
    )]);
    let e = iam::CreateTemporaryAccessKeyByAgency {
        auth: iam::AgencyAuthWithPolicy {
            identity: iam::AgencyIdentity {
                methods: vec!["assume_role".into()],
                assume_role: iam::IdentityAssumeroleWithSession {
                    agency_name: "ops-readonly".into(),
                    domain_id: Some("3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b".into()),
                    domain_name: None,
                    duration_seconds: Some(3600),
                    session_user: Some(iam::SessionUser {
                        name: "nightly-job".into(),
                    }),
                },
                policy: Some(iam::ServicePolicy {
                    version: "1.1".into(),
                    statement: vec![iam::ServiceStatement {
                        action: vec!["obs:object:GetObject".into()],
                        effect: iam::Effect::Allow,
                        condition: Some(condition),
                        resource: Some(vec!["obs:*:*:object:reports/*".into()]),
                    }],
                }),
            },
        },
    };
    let mut inputs = v.inputs();
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.credential.access, "CL3XQEXAMPLETEMPAK4N7");
        assert_eq!(
            r.credential.secret.expose(),
            "w8EXAMPLEtempSecretKey0Zp3Lq7Vx2Nm5Bc9Hd1"
        );
        assert_eq!(r.credential.securitytoken.expose(), SECURITY_TOKEN);
        assert_eq!(r.credential.expires_at, "2026-11-29T05:24:19.000000Z");
    })
    .await;
}

async fn iam_keystone_create_agency_token(v: Vector) {
    let e = iam::KeystoneCreateAgencyToken {
        nocatalog: Some("true".into()),
        auth: iam::AgencyAuth {
            identity: iam::AgencyAuthIdentity {
                methods: vec!["assume_role".into()],
                assume_role: iam::IdentityAssumerole {
                    domain_id: None,
                    domain_name: Some("partner-account".into()),
                    agency_name: "ops-readonly".into(),
                },
            },
            scope: iam::AuthScope {
                domain: None,
                project: Some(iam::AuthScopeProject {
                    id: None,
                    name: Some("cn-north-4".into()),
                }),
            },
        },
    };
    let mut inputs = v.inputs();
    inputs.check("nocatalog", &e.nocatalog);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.subject_token.expose(), SUBJECT_TOKEN);
        assert_eq!(r.token.methods, ["assume_role"]);
        assert_eq!(r.token.user.name, "example-account/ops-readonly");
        let assumed_by = r.token.assumed_by.as_ref().expect("assumed_by");
        assert_eq!(assumed_by.user.name, "zhangwei");
        assert_eq!(assumed_by.user.domain.id, DOMAIN_ID);
        let project = r.token.project.as_ref().expect("project");
        assert_eq!(project.domain.name, "partner-account");
    })
    .await;
}

async fn iam_create_user(v: Vector) {
    let e = iam::CreateUser {
        user: iam::CreateUserOption {
            access_mode: Some("default".into()),
            name: "alice".into(),
            domain_id: DOMAIN_ID.into(),
            email: Some("alice@example.com".into()),
            enabled: Some(true),
            pwd_status: Some(true),
            description: Some("first user".into()),
            ..iam::CreateUserOption::default()
        },
    };
    let mut inputs = v.inputs();
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.user.id, "c2e4a6b8d0f2a4c6e8b0d2f4a6c8e0b2");
        assert_eq!(r.user.name, "alice");
        assert_eq!(r.user.email.as_deref(), Some("al***@example.com"));
        assert_eq!(r.user.status, None);
        assert_eq!(r.user.default_project_id, None);
        assert_eq!(r.user.pwd_status, Some(true));
        assert_eq!(
            r.user.create_time.as_deref(),
            Some("2026-11-29T04:24:19.000000")
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// IAM v5
// ---------------------------------------------------------------------------

async fn iam5_list_policies(v: Vector) {
    let e = iam::ListPoliciesV5 {
        limit: Some(20),
        marker: Some("bWFya2VyLzEyMw+/=".into()),
        policy_type: Some(iam::PolicyType::Custom),
        path_prefix: Some("ops/prod/".into()),
        only_attached: Some(true),
        x_language: Some("en-us".into()),
    };
    let mut inputs = v.inputs();
    inputs.check("limit", &e.limit);
    inputs.check("marker", &e.marker);
    inputs.check("policy_type", &e.policy_type);
    inputs.check("path_prefix", &e.path_prefix);
    inputs.check("only_attached", &e.only_attached);
    inputs.check("x_language", &e.x_language);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let policy = &r.policies[0];
        assert_eq!(policy.policy_type, iam::PolicyType::Custom);
        assert_eq!(policy.policy_name, "obs-reports-read");
        assert_eq!(policy.attachment_count, 4);
        assert_eq!(policy.updated_at, "2026-10-15T12:30:45.123Z");
        assert_eq!(r.page_info.next_marker.as_deref(), Some("bWFya2VyLzE0Mw=="));
        assert_eq!(r.page_info.current_count, 1);
    })
    .await;
}

async fn iam5_delete_resource_tags(v: Vector) {
    let e = iam::DeleteResourceTagsV5 {
        resource_type: "user".into(),
        resource_id: USER_ID.into(),
        tag_keys: vec!["cost-center".into(), "owner".into()],
    };
    let mut inputs = v.inputs();
    inputs.check("resource_type", &e.resource_type);
    inputs.check("resource_id", &e.resource_id);
    inputs.check("body", &e.tag_keys);
    inputs.done();
    v.run(e, |r, rid| assert_eq!(id(&r.request_id), rid)).await;
}

// ---------------------------------------------------------------------------
// IAM Identity Center
// ---------------------------------------------------------------------------

async fn iic_list_instances(v: Vector) {
    let e = iic::ListInstances {
        limit: Some(10),
        marker: None,
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("limit", &e.limit);
    inputs.check("marker", &e.marker);
    inputs.check("x_security_token", &e.x_security_token);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let instance = &r.instances[0];
        assert_eq!(instance.instance_id, INSTANCE_ID);
        assert_eq!(instance.identity_store_id, IDENTITY_STORE_ID);
        assert_eq!(instance.alias.as_deref(), Some("example-corp"));
        assert_eq!(r.page_info.next_marker, None);
    })
    .await;
}

async fn iic_list_permission_sets(v: Vector) {
    let e = iic::ListPermissionSets {
        instance_id: INSTANCE_ID.into(),
        limit: Some(20),
        marker: Some("cHMtNGI3ZTJkOWYxYTZjM2U4MA==".into()),
        name: Some("ReadOnly".into()),
        ..iic::ListPermissionSets::default()
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("limit", &e.limit);
    inputs.check("marker", &e.marker);
    inputs.check("permission_set_id", &e.permission_set_id);
    inputs.check("permission_urn", &e.permission_urn);
    inputs.check("name", &e.name);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let set = &r.permission_sets[0];
        assert_eq!(set.permission_set_id, PERMISSION_SET_ID);
        assert_eq!(set.created_date, 1_764_389_059_000);
        assert_eq!(set.session_duration.as_deref(), Some("PT8H"));
        assert_eq!(r.page_info.current_count, 1);
    })
    .await;
}

async fn iic_create_permission_set(v: Vector) {
    let e = iic::CreatePermissionSet {
        instance_id: INSTANCE_ID.into(),
        description: Some("read-only access".into()),
        name: "ReadOnly".into(),
        relay_state: None,
        session_duration: Some("PT8H".into()),
        tags: Some(vec![
            iic::Tag {
                key: "team".into(),
                value: "platform".into(),
            },
            iic::Tag {
                key: "env".into(),
                value: String::new(),
            },
        ]),
        ..iic::CreatePermissionSet::default()
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.permission_set.permission_set_id, PERMISSION_SET_ID);
        assert_eq!(r.permission_set.relay_state.as_deref(), Some(""));
        assert!(
            r.permission_set
                .permission_urn
                .ends_with("/ps-4b7e2d9f1a6c3e80")
        );
    })
    .await;
}

async fn iic_describe_permission_set(v: Vector) {
    let e = iic::DescribePermissionSet {
        instance_id: INSTANCE_ID.into(),
        permission_set_id: PERMISSION_SET_ID.into(),
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("permission_set_id", &e.permission_set_id);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(
            r.permission_set.relay_state.as_deref(),
            Some("https://console.example.com/")
        );
        assert_eq!(
            r.permission_set.description.as_deref(),
            Some("read-only access")
        );
    })
    .await;
}

async fn iic_delete_permission_set(v: Vector) {
    let e = iic::DeletePermissionSet {
        instance_id: INSTANCE_ID.into(),
        permission_set_id: PERMISSION_SET_ID.into(),
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("permission_set_id", &e.permission_set_id);
    inputs.done();
    v.run(e, |r, rid| assert_eq!(id(&r.request_id), rid)).await;
}

async fn iic_create_account_assignment(v: Vector) {
    let e = iic::CreateAccountAssignment {
        instance_id: INSTANCE_ID.into(),
        x_security_token: None,
        permission_set_id: PERMISSION_SET_ID.into(),
        principal_id: PRINCIPAL_ID.into(),
        principal_type: iic::PrincipalType::User,
        target_id: ACCOUNT_ID.into(),
        target_type: iic::TargetType::Account,
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let status = &r.account_assignment_creation_status;
        assert_eq!(status.status, iic::OperationStatus::InProgress);
        assert_eq!(status.request_id, "7d5c9a1e-3b2f-4c8d-9e6a-1f0b2c3d4e5f");
        assert_eq!(status.failure_reason, None);
        assert_eq!(status.principal_type, iic::PrincipalType::User);
        assert_eq!(status.target_type, iic::TargetType::Account);
    })
    .await;
}

async fn iic_list_account_assignments(v: Vector) {
    // Temporary credentials: the signer adds `X-Security-Token` itself.
    let e = iic::ListAccountAssignments {
        instance_id: INSTANCE_ID.into(),
        limit: Some(50),
        marker: None,
        account_id: Some(ACCOUNT_ID.into()),
        permission_set_id: Some(PERMISSION_SET_ID.into()),
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("limit", &e.limit);
    inputs.check("marker", &e.marker);
    inputs.check("account_id", &e.account_id);
    inputs.check("permission_set_id", &e.permission_set_id);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let assignment = &r.account_assignments[0];
        assert_eq!(assignment.principal_type, iic::PrincipalType::User);
        assert_eq!(assignment.account_id, ACCOUNT_ID);
        assert_eq!(assignment.principal_id, PRINCIPAL_ID);
    })
    .await;
}

async fn iic_list_account_assignments_for_principal(v: Vector) {
    let e = iic::ListAccountAssignmentsForPrincipal {
        instance_id: INSTANCE_ID.into(),
        principal_id: Some("group-7a6b5c4d".into()),
        principal_type: Some(iic::PrincipalType::Group),
        limit: Some(100),
        marker: None,
        account_id: None,
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("principal_id", &e.principal_id);
    inputs.check("principal_type", &e.principal_type);
    inputs.check("limit", &e.limit);
    inputs.check("marker", &e.marker);
    inputs.check("account_id", &e.account_id);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let assignment = &r.account_assignments[0];
        assert_eq!(assignment.principal_type, iic::PrincipalType::Group);
        assert_eq!(assignment.principal_id, "group-7a6b5c4d");
        assert_eq!(assignment.permission_set_id, PERMISSION_SET_ID);
    })
    .await;
}

async fn iic_describe_account_assignment_creation_status(v: Vector) {
    let e = iic::DescribeAccountAssignmentCreationStatus {
        instance_id: INSTANCE_ID.into(),
        request_id: "7d5c9a1e-3b2f-4c8d-9e6a-1f0b2c3d4e5f".into(),
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("instance_id", &e.instance_id);
    inputs.check("request_id", &e.request_id);
    inputs.done();
    v.run(e, |r, rid| {
        // The call's request ID (header) and the operation's (body) differ.
        assert_eq!(id(&r.request_id), rid);
        let status = &r.account_assignment_creation_status;
        assert_eq!(status.request_id, "7d5c9a1e-3b2f-4c8d-9e6a-1f0b2c3d4e5f");
        assert_eq!(status.status, iic::OperationStatus::Succeeded);
        assert_eq!(status.failure_reason.as_deref(), Some(""));
        assert_eq!(status.created_date, 1_764_390_259_000);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Identity store
// ---------------------------------------------------------------------------

async fn store_list_users(v: Vector) {
    let e = store::ListUsers {
        identity_store_id: IDENTITY_STORE_ID.into(),
        marker: Some("dXNlci0xMDA=".into()),
        limit: Some(2),
        user_name: Some("zhang.wei@example.com".into()),
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("identity_store_id", &e.identity_store_id);
    inputs.check("marker", &e.marker);
    inputs.check("limit", &e.limit);
    inputs.check("user_name", &e.user_name);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let user = &r.users[0];
        assert_eq!(user.user_id, PRINCIPAL_ID);
        assert_eq!(user.display_name.as_deref(), Some("Zhang Wei"));
        let addresses = user.addresses.as_ref().expect("addresses");
        assert_eq!(addresses[0].locality.as_deref(), Some("Beijing"));
        assert_eq!(addresses[0].kind.as_deref(), Some("work"));
        let phones = user.phone_numbers.as_ref().expect("phone numbers");
        assert_eq!(phones[0].value, "+86 10 5555 0100");
        let enterprise = user.enterprise.as_ref().expect("enterprise");
        assert_eq!(enterprise.division.as_deref(), Some("R&D"));
        assert_eq!(
            enterprise.manager.as_ref().and_then(|m| m.value.as_deref()),
            Some("0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9")
        );
        assert_eq!(user.created_at, Some(1_764_389_059_000));
    })
    .await;
}

async fn store_create_user(v: Vector) {
    let e = store::CreateUser {
        identity_store_id: IDENTITY_STORE_ID.into(),
        display_name: Some("张伟".into()),
        emails: Some(vec![store::Email {
            primary: Some(true),
            kind: Some("work".into()),
            value: "zhang.wei@example.com".into(),
            verification_status: None,
        }]),
        name: Some(store::Name {
            family_name: Some("张".into()),
            given_name: Some("伟".into()),
            ..store::Name::default()
        }),
        phone_numbers: Some(Vec::new()),
        preferred_language: Some("zh-CN".into()),
        timezone: Some("Asia/Shanghai".into()),
        user_name: "zhang.wei@example.com".into(),
        password_mode: Some("EMAIL".into()),
        enterprise: Some(store::Enterprise {
            department: Some("Platform".into()),
            ..store::Enterprise::default()
        }),
        ..store::CreateUser::default()
    };
    let mut inputs = v.inputs();
    inputs.check("identity_store_id", &e.identity_store_id);
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.user_id, PRINCIPAL_ID);
        assert_eq!(r.identity_store_id, IDENTITY_STORE_ID);
        assert!(r.password.is_none(), "password_mode EMAIL returns none");
    })
    .await;
}

async fn store_describe_user(v: Vector) {
    let e = store::DescribeUser {
        identity_store_id: IDENTITY_STORE_ID.into(),
        user_id: "zhang wei@example".into(),
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("identity_store_id", &e.identity_store_id);
    inputs.check("user_id", &e.user_id);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let user = &r.user;
        assert_eq!(user.display_name.as_deref(), Some("张伟"));
        assert_eq!(
            user.name.as_ref().and_then(|n| n.family_name.as_deref()),
            Some("张")
        );
        assert_eq!(user.email_verified, Some(false));
        assert_eq!(user.addresses.as_deref(), Some(&[][..]));
        assert_eq!(user.external_id, None);
        let emails = user.emails.as_ref().expect("emails");
        assert_eq!(
            emails[0].verification_status.as_deref(),
            Some("NOT_VERIFIED")
        );
        let enterprise = user.enterprise.as_ref().expect("enterprise");
        assert_eq!(enterprise.manager, Some(store::Manager { value: None }));
    })
    .await;
}

async fn store_delete_user(v: Vector) {
    let e = store::DeleteUser {
        identity_store_id: IDENTITY_STORE_ID.into(),
        user_id: PRINCIPAL_ID.into(),
        x_security_token: None,
    };
    let mut inputs = v.inputs();
    inputs.check("identity_store_id", &e.identity_store_id);
    inputs.check("user_id", &e.user_id);
    inputs.done();
    v.run(e, |r, rid| assert_eq!(id(&r.request_id), rid)).await;
}

// ---------------------------------------------------------------------------
// STS
// ---------------------------------------------------------------------------

async fn sts_assume_agency(v: Vector) {
    let e = sts::AssumeAgency {
        duration_seconds: Some(3600),
        agency_urn: "iam::0a1b2c3d4e:agency:ops".into(),
        agency_session_name: "nightly-job".into(),
        tags: Some(vec![sts::Tag {
            key: "job".into(),
            value: "nightly".into(),
        }]),
        ..sts::AssumeAgency::default()
    };
    let mut inputs = v.inputs();
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.credentials.access_key_id, "CL3XQEXAMPLETEMPAK4N7");
        assert_eq!(r.credentials.security_token.expose(), SECURITY_TOKEN);
        assert_eq!(r.credentials.expiration, "2026-11-29T05:24:19.000Z");
        assert_eq!(
            r.assumed_agency.urn,
            "sts::0a1b2c3d4e:assumed-agency:ops/nightly-job"
        );
        assert_eq!(r.source_identity, None);
        assert!(!format!("{:?}", r.credentials).contains("w8EXAMPLE"));
    })
    .await;
}

async fn sts_get_caller_identity(v: Vector) {
    let e = sts::GetCallerIdentity {
        x_security_token: Some(Secret::new(SECURITY_TOKEN)),
    };
    let mut inputs = v.inputs();
    inputs.check("x_security_token", &e.x_security_token);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        assert_eq!(r.account_id, DOMAIN_ID);
        assert_eq!(r.principal_id, USER_ID);
        assert_eq!(
            r.principal_urn,
            "iam::d78cbac186b744899480f25bd022f468:user:zhangwei"
        );
    })
    .await;
}

async fn sts_decode_authorization_message(v: Vector) {
    let e = sts::DecodeAuthorizationMessage {
        encoded_message: "ZW5jb2RlZC1hdXRoLW1lc3NhZ2UtZmFrZQ==".into(),
        ..sts::DecodeAuthorizationMessage::default()
    };
    let mut inputs = v.inputs();
    inputs.check("body", &e);
    inputs.done();
    v.run(e, |r, rid| {
        assert_eq!(id(&r.request_id), rid);
        let decoded: Value = serde_json::from_str(&r.decoded_message).expect("JSON text");
        assert_eq!(decoded["allowed"], false);
        assert_eq!(
            decoded["context"]["action"],
            "IdentityCenter:permissionSet:delete"
        );
    })
    .await;
}

// ---------------------------------------------------------------------------
// Known differences
// ---------------------------------------------------------------------------

/// `create_unscoped_token_with_id_token` sends the ID token as its own
/// `Authorization` header, and the SDK then skips signing but still adds the
/// credentials' `X-Domain-Id`. cloudwire's AK/SK step does the same: the
/// caller's `Authorization` goes out as it is, never replaced by a signature.
#[tokio::test]
async fn aksk_client_keeps_an_authorization_header_parameter_unsigned() {
    let v = Vector::named("iam-create-unscoped-token-with-id-token");
    let signing = Client::builder()
        .endpoint(text(&v.op["endpoint"]))
        .user_agent(SDK_USER_AGENT)
        .auth(AkSk::new(
            Credentials::new(v.credential("ak"), v.credential("sk"))
                .with_domain_id(v.credential("domain_id")),
        ))
        .build()
        .expect("client");
    let token = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ6aGFuZ3dlaSJ9.FAKE-signature";
    let e = iam::CreateUnscopedTokenWithIdToken {
        idp_id: "corp-oidc".into(),
        protocol_id: "oidc".into(),
        authorization: Secret::new(token),
    };
    let prepared = signing
        .prepare(e.to_request().expect("request"))
        .await
        .expect("prepare");
    assert_eq!(prepared.headers()["authorization"], token);
    assert_eq!(prepared.headers()["x-domain-id"], v.credential("domain_id"));
    for unsigned in ["x-sdk-date", "host", "x-sdk-content-sha256"] {
        assert!(!prepared.headers().contains_key(unsigned), "{unsigned}");
    }
}

// ---------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------

/// The request ID a response captured, or `""`.
fn id(request_id: &Option<RequestId>) -> &str {
    request_id.as_ref().map_or("", RequestId::as_str)
}

/// One operation of the vectors file.
struct Vector {
    name: &'static str,
    op: &'static Value,
}

impl Vector {
    fn named(name: &str) -> Vector {
        let op = vectors()["operations"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|op| op["name"] == name)
            .unwrap_or_else(|| panic!("no vector named `{name}`"));
        Vector {
            name: text(&op["name"]),
            op,
        }
    }

    fn credential(&self, key: &str) -> &'static str {
        text(&vectors()["credentials"][key])
    }

    fn inputs(&self) -> Inputs {
        Inputs {
            name: self.name,
            inputs: self.op["inputs"].as_array().expect("inputs"),
            checked: Vec::new(),
        }
    }

    /// A client as the SDK's for this operation: the same credentials (kind
    /// included), `User-Agent` and signing time. For the one operation the
    /// SDK does not sign (its own header is `Authorization`), no AK/SK
    /// authentication; the SDK still sends the credentials' `X-Domain-Id`,
    /// which such a client sends as a default header.
    fn client(&self, endpoint: &str) -> Client {
        let builder = Client::builder()
            .endpoint(endpoint)
            .user_agent(SDK_USER_AGENT);
        let kind = text(&self.op["credentials"]);
        let builder = if self.op["request"]["signed"] == true {
            let credentials = Credentials::new(self.credential("ak"), self.credential("sk"));
            let credentials = match kind {
                "global" => credentials.with_domain_id(self.credential("domain_id")),
                "global+token" => credentials
                    .with_domain_id(self.credential("domain_id"))
                    .with_security_token(self.credential("security_token")),
                "basic" => credentials.with_project_id(self.credential("project_id")),
                other => panic!("unknown credentials kind `{other}`"),
            };
            // The SDK's clock was fixed when the vectors were recorded; so is
            // the signer's here.
            let at = std::time::UNIX_EPOCH
                + std::time::Duration::from_secs(
                    vectors()["time_unix"].as_u64().expect("time_unix"),
                );
            builder.auth(AkSk::new(credentials).with_clock(move || at))
        } else {
            assert_eq!(kind, "global");
            builder.default_header("X-Domain-Id", self.credential("domain_id"))
        };
        builder.build().expect("client")
    }

    /// Compares the request with the SDK's, then sends it to servers that give
    /// the recorded success and error answers; `check` gets the typed success
    /// response and the request ID the server sent.
    async fn run<E>(&self, endpoint: E, check: impl FnOnce(E::Response, &str))
    where
        E: Endpoint,
    {
        let request = &self.op["request"];
        let sdk_client = self.client(text(&self.op["endpoint"]));
        let prepared = sdk_client
            .prepare(endpoint.to_request().expect("to_request"))
            .await
            .expect("prepare");
        self.compare_with_sdk(&prepared);

        // The success answer, over a socket.
        let answer = &self.op["response"];
        let server = serve(answer).await;
        let client = self.client(&server.url());
        let on_wire = client
            .prepare(endpoint.to_request().expect("to_request"))
            .await
            .expect("prepare");
        let response = client.send(&endpoint).await;
        let received = server.requests().await;
        assert_eq!(received.len(), 1, "{}: one request", self.name);
        let wire = Wire::parse(&received[0]);
        wire.compare(self.name, &on_wire, request);
        if request["signed"] == true {
            if let Err(e) = signer::verify(&wire.to_http(), self.credential("sk")) {
                panic!(
                    "{}: the signature that arrived does not verify: {e}",
                    self.name
                );
            }
        } else {
            assert!(
                wire.get("x-sdk-date").is_empty(),
                "{}: not signed",
                self.name
            );
        }
        let response = match response {
            Ok(response) => response,
            Err(e) => panic!("{}: the success answer did not decode: {e:?}", self.name),
        };
        check(response, header(answer, "X-Request-Id").unwrap_or_default());

        // The error answer, over a socket.
        let answer = &self.op["error_response"];
        let server = serve(answer).await;
        let client = self.client(&server.url());
        let err = match client.send(&endpoint).await {
            Ok(_) => panic!("{}: the error answer was taken for a success", self.name),
            Err(e) => e,
        };
        self.compare_error(err.as_error(), answer);
    }

    fn compare_with_sdk(&self, prepared: &http::Request<Bytes>) {
        let request = &self.op["request"];
        let name = self.name;
        let mut diffs = Vec::new();
        let mut diff = |what: &str, sdk: &str, ours: &str| {
            if sdk != ours {
                diffs.push(format!(
                    "  {what}:\n    SDK:       {sdk:?}\n    cloudwire: {ours:?}"
                ));
            }
        };
        diff(
            "method",
            text(&request["method"]),
            prepared.method().as_str(),
        );
        diff("url", text(&request["url"]), &prepared.uri().to_string());
        diff("path", text(&request["path"]), prepared.uri().path());
        diff(
            "query",
            text(&request["query_string"]),
            prepared.uri().query().unwrap_or(""),
        );
        let sdk_headers = pairs(&request["headers"]);
        for (header_name, sdk_value) in &sdk_headers {
            let ours: Vec<&str> = prepared
                .headers()
                .get_all(header_name.as_str())
                .iter()
                .map(|v| v.to_str().unwrap_or("<not text>"))
                .collect();
            diff(
                &format!("header {header_name}"),
                sdk_value,
                &ours.join(" | "),
            );
        }
        for header_name in prepared.headers().keys() {
            if !sdk_headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(header_name.as_str()))
            {
                diff(
                    &format!("header {header_name}"),
                    "<not sent>",
                    prepared.headers()[header_name]
                        .to_str()
                        .unwrap_or("<not text>"),
                );
            }
        }
        let sdk_body = request["body"].as_str().unwrap_or("");
        diff("body", sdk_body, &String::from_utf8_lossy(prepared.body()));
        if request["signed"] == true {
            let signed: Vec<&str> = text(&request["signed_headers"]).split(';').collect();
            let canonical = signer::canonical_request(prepared, &Algorithm::HmacSha256, &signed)
                .unwrap_or_else(|e| format!("<error: {e}>"));
            diff(
                "canonical request",
                text(&request["canonical_request"]),
                &canonical,
            );
            let to_sign = signer::string_to_sign(
                &Algorithm::HmacSha256,
                text(&vectors()["time"]),
                &canonical,
            )
            .unwrap_or_else(|e| format!("<error: {e}>"));
            diff("string to sign", text(&request["string_to_sign"]), &to_sign);
        }
        assert!(
            diffs.is_empty(),
            "{name}: the prepared request differs from the SDK's:\n{}",
            diffs.join("\n")
        );
    }

    fn compare_error(&self, err: &Error, answer: &Value) {
        let name = self.name;
        let expected = &self.op["expected_error"];
        let status = expected["status"].as_u64().expect("status");
        assert_eq!(answer["status"], status, "{name}: the vector's own status");
        let Error::Api(api) = err else {
            panic!("{name}: expected Error::Api, got {err:?}");
        };
        assert_eq!(u64::from(api.status().as_u16()), status, "{name}: status");
        match text(&expected["class"]) {
            "ClientRequestException" => assert!(api.is_client_error(), "{name}: a 4xx"),
            "ServerResponseException" => assert!(api.is_server_error(), "{name}: a 5xx"),
            other => panic!("{name}: unknown SDK exception {other}"),
        }
        assert_eq!(
            api.request_id().map(RequestId::as_str),
            expected["request_id"].as_str(),
            "{name}: request ID"
        );
        let body = answer["body"].as_str().unwrap_or("");
        let body_is_object = serde_json::from_str::<Value>(body).is_ok_and(|b| b.is_object());
        if body_is_object {
            assert_eq!(api.code(), expected["error_code"].as_str(), "{name}: code");
            assert_eq!(
                api.message(),
                expected["error_msg"].as_str(),
                "{name}: message"
            );
        } else {
            // The SDK found neither and reported the status as the code and
            // the whole body as the message; cloudwire reports none and keeps
            // the body as its excerpt.
            assert_eq!(expected["error_code"], status.to_string(), "{name}");
            assert_eq!(expected["error_msg"], body, "{name}");
            assert_eq!((api.code(), api.message()), (None, None), "{name}");
            assert_eq!(api.body_excerpt(), body, "{name}: excerpt");
        }
        assert_eq!(
            api.encoded_authorization_message(),
            expected["encoded_authorization_message"].as_str(),
            "{name}: encoded_authorization_message"
        );
        // `Error`'s own accessors agree with the variant's.
        assert_eq!(err.code(), api.code());
        assert_eq!(err.request_id(), api.request_id());
    }
}

/// Checks a vector's `inputs` against the values an endpoint was built with.
struct Inputs {
    name: &'static str,
    inputs: &'static [Value],
    checked: Vec<String>,
}

impl Inputs {
    fn input(&self, attr: &str) -> &'static Value {
        self.inputs
            .iter()
            .find(|i| i["python_attr"] == attr)
            .unwrap_or_else(|| panic!("{}: the vector has no input `{attr}`", self.name))
    }

    /// The vector's value of `attr` (its wire form for a body: renamed
    /// members, `None` members left out, as the SDK sends it) equals `value`
    /// as cloudwire serializes it.
    #[track_caller]
    fn check<T: cloudwire::serde::Serialize + ?Sized>(&mut self, attr: &str, value: &T) {
        let input = self.input(attr);
        let expected = without_nulls(input.get("wire_value").unwrap_or(&input["value"]));
        let ours = serde_json::to_value(value).expect("serializable");
        assert_eq!(ours, expected, "{}: input `{attr}`", self.name);
        self.checked.push(attr.to_owned());
    }

    /// An input the SDK request left `None` for the SDK to fill from its credentials.
    #[track_caller]
    fn filled_from_credentials(&mut self, attr: &str, value: &str, from_credentials: &str) {
        assert!(
            self.input(attr)["value"].is_null(),
            "{}: `{attr}` left None",
            self.name
        );
        assert_eq!(value, from_credentials, "{}: `{attr}`", self.name);
        self.checked.push(attr.to_owned());
    }

    /// Every input of the vector was checked.
    #[track_caller]
    fn done(&self) {
        for input in self.inputs {
            let attr = text(&input["python_attr"]);
            assert!(
                self.checked.iter().any(|c| c == attr),
                "{}: input `{attr}` not checked",
                self.name
            );
        }
    }
}

/// A JSON value with `null` members removed at every depth, as the SDK drops them.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// `[[name, value], ...]` as pairs.
fn pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .expect("a list of pairs")
        .iter()
        .map(|pair| (text(&pair[0]).to_owned(), text(&pair[1]).to_owned()))
        .collect()
}

/// A header of a recorded answer.
fn header<'a>(answer: &'a Value, name: &str) -> Option<&'a str> {
    answer["headers"]
        .as_array()?
        .iter()
        .find(|pair| text(&pair[0]).eq_ignore_ascii_case(name))
        .map(|pair| text(&pair[1]))
}

/// The codings of an `Accept-Encoding` value.
fn codings(value: &str) -> Vec<&str> {
    value.split(',').map(str::trim).collect()
}

/// A server that gives a recorded answer (its own `Content-Length` and
/// `Connection` replace the recorded ones).
async fn serve(answer: &Value) -> RawServer {
    let headers: Vec<(String, String)> = pairs(&answer["headers"])
        .into_iter()
        .filter(|(n, _)| {
            !n.eq_ignore_ascii_case("content-length") && !n.eq_ignore_ascii_case("connection")
        })
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let status = u16::try_from(answer["status"].as_u64().expect("status")).expect("a status");
    RawServer::respond(status, &headers, answer["body"].as_str().unwrap_or("")).await
}

/// A request as it arrived on the socket.
struct Wire {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Wire {
    fn parse(raw: &[u8]) -> Wire {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a request head");
        let head = std::str::from_utf8(&raw[..end]).expect("a UTF-8 head");
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().expect("a request line").split(' ');
        let method = request_line.next().expect("method").to_owned();
        let target = request_line.next().expect("target").to_owned();
        assert_eq!(request_line.next(), Some("HTTP/1.1"));
        let headers = lines
            .map(|line| {
                let (name, value) = line.split_once(':').expect("name: value");
                (name.to_owned(), value.trim().to_owned())
            })
            .collect();
        Wire {
            method,
            target,
            headers,
            body: raw[end + 4..].to_vec(),
        }
    }

    fn get(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// What arrived equals the prepared request, and carries the SDK's
    /// headers (but `Host` and `Authorization`, which name the host); only
    /// transport headers are added.
    fn compare(&self, name: &str, prepared: &http::Request<Bytes>, sdk: &Value) {
        assert_eq!(
            self.method,
            prepared.method().as_str(),
            "{name}: method on the wire"
        );
        let target = prepared.uri().path_and_query().map_or("/", |p| p.as_str());
        assert_eq!(self.target, target, "{name}: target on the wire");
        assert_eq!(
            self.body,
            prepared.body().as_ref(),
            "{name}: body on the wire"
        );
        for (header_name, value) in prepared.headers() {
            assert_eq!(
                self.get(header_name.as_str()),
                [value.to_str().expect("text")],
                "{name}: header {header_name} on the wire"
            );
        }
        for (header_name, value) in pairs(&sdk["headers"]) {
            if header_name.eq_ignore_ascii_case("host")
                || header_name.eq_ignore_ascii_case("authorization") && sdk["signed"] == true
            {
                continue;
            }
            assert_eq!(
                self.get(&header_name),
                [value.as_str()],
                "{name}: the SDK's header {header_name} on the wire"
            );
        }
        // Transport headers, which nobody signs: cloudwire's against those
        // `requests` added for the SDK.
        let unsigned = pairs(&sdk["unsigned_headers"]);
        for (header_name, value) in &unsigned {
            let ours = self.get(header_name);
            match header_name.to_ascii_lowercase().as_str() {
                "accept" => assert_eq!(ours, [value.as_str()], "{name}: Accept"),
                // `gzip,deflate` and `gzip, deflate` name the same codings.
                "accept-encoding" => assert_eq!(
                    ours.iter().map(|v| codings(v)).collect::<Vec<_>>(),
                    [codings(value)],
                    "{name}: Accept-Encoding"
                ),
                // HTTP/1.1 connections persist unless one side says `close`.
                "connection" => assert!(ours.is_empty() || ours == [value.as_str()], "{name}"),
                "content-length" => assert_eq!(ours, [value.as_str()], "{name}: Content-Length"),
                other => panic!("{name}: the SDK's transport added {other}, unexpected"),
            }
        }
        for (header_name, value) in &self.headers {
            let known = prepared.headers().contains_key(header_name.as_str())
                || unsigned
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case(header_name));
            if known {
                continue;
            }
            // An unsigned request carries no `Host` of its own; the transport
            // adds it, as `http.client` does for the SDK.
            if header_name.eq_ignore_ascii_case("host") && sdk["signed"] == false {
                assert_eq!(
                    Some(value.as_str()),
                    prepared.uri().authority().map(|a| a.as_str()),
                    "{name}: Host"
                );
                continue;
            }
            panic!("{name}: unexpected header on the wire: {header_name}: {value}");
        }
    }

    fn to_http(&self) -> http::Request<Vec<u8>> {
        let mut builder = http::Request::builder()
            .method(self.method.as_str())
            .uri(self.target.as_str());
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.body(self.body.clone()).expect("a request")
    }
}
