//! Operations of 20 services against what the Python SDK sent
//! (`tests/vectors/regional_operations.json`), chosen for the request shapes
//! they show: paths whose `{project_id}` or `{domain_id}` has no field (the
//! official SDK's request objects have none either; the SDK fills the
//! placeholder from its credentials, and so does cloudwire), header
//! parameters (`bool`s, a name with `_`, `X-Project-Id`, `X-Sdk-Date`, an ID
//! token in `Authorization`), lists in the query (one declared `csv`), dotted
//! query names, a `DELETE` and a `GET` with a body, two placeholders in one
//! segment, a path ending in `/`, free-form, text, JSON-patch and multipart
//! bodies, a content type declared with a space, and an unsigned (token)
//! call whose query goes sorted as the SDK sends it. Each
//! request is prepared with the same credentials, endpoint, `User-Agent` and
//! signing time, and compared with the SDK's: method, URL, every header
//! (`Authorization` included, so the canonical request and the signature are
//! the SDK's) and the body; then sent to a loopback server, where the request
//! line that arrives is the SDK's.

use cloudwire::auth::{AkSk, Credentials};
use cloudwire::{Client, Endpoint};
use cloudwire_tests::{RawServer, Script};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

#[cloudwire::api_response]
#[allow(dead_code)]
struct Servers {
    count: Option<u32>,
}

/// ECS `ListServersDetails`: a GET with a query.
#[cloudwire::endpoint(GET, "/v1/{project_id}/cloudservers/detail", response = Servers)]
struct ListServersDetails<'a> {
    #[cloudwire(query)]
    limit: Option<u32>,
    #[cloudwire(query)]
    offset: Option<u32>,
    #[cloudwire(query)]
    name: Option<&'a str>,
    #[cloudwire(query = "not-tags")]
    not_tags: Option<&'a str>,
}

/// The VPC's members in the order of the SDK's model.
#[cloudwire::model]
struct CreateVpcOption<'a> {
    cidr: &'a str,
    name: &'a str,
    description: Option<&'a str>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Vpc {
    vpc: Option<Value>,
}

/// VPC `CreateVpc`: a POST with a JSON body and a declared content type.
#[cloudwire::endpoint(POST, "/v1/{project_id}/vpcs", response = Vpc, content_type = "application/json;charset=UTF-8")]
struct CreateVpc<'a> {
    vpc: CreateVpcOption<'a>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Job {
    job_id: Option<String>,
}

/// EVS `DeleteVolume`: a path parameter of the request's own after the project.
#[cloudwire::endpoint(DELETE, "/v2/{project_id}/cloudvolumes/{volume_id}", response = Job)]
struct DeleteVolume<'a> {
    #[cloudwire(path)]
    volume_id: &'a str,
}

/// One operation of a JSON patch, as the SDK's model orders its members.
#[cloudwire::model]
struct PatchOperation<'a> {
    op: &'a str,
    path: &'a str,
    value: Option<&'a str>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Image {
    id: Option<String>,
}

/// IMS `GlanceUpdateImage`: a PATCH whose body is a list, under the content
/// type the operation declares (not JSON's, so signed `UNSIGNED-PAYLOAD`).
#[cloudwire::endpoint(
    PATCH,
    "/v2/images/{image_id}",
    response = Image,
    content_type = "application/openstack-images-v2.1-json-patch"
)]
struct GlanceUpdateImage<'a> {
    #[cloudwire(path)]
    image_id: &'a str,
    #[cloudwire(body)]
    body: Vec<PatchOperation<'a>>,
}

#[cloudwire::model]
struct BackupIds {
    backup_ids: Vec<String>,
}

/// DDS `BatchDeleteBackup`: a DELETE with a JSON body and a header parameter.
#[cloudwire::endpoint(DELETE, "/v3/{project_id}/instances/backups", response = Job)]
struct BatchDeleteBackup<'a> {
    #[cloudwire(header = "X-Language")]
    x_language: Option<&'a str>,
    #[cloudwire(body)]
    body: BackupIds,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Events {
    total: Option<u64>,
}

/// WAF `ListEvent`: lists in the query (a pair per value), numbers, a
/// header, and a query name that is a Rust keyword (`from`).
#[cloudwire::endpoint(GET, "/v1/{project_id}/waf/event", response = Events)]
struct ListEvent<'a> {
    #[cloudwire(header = "X-Language")]
    x_language: Option<&'a str>,
    #[cloudwire(query)]
    recent: Option<&'a str>,
    #[cloudwire(query = "from")]
    from_: Option<u64>,
    #[cloudwire(query)]
    to: Option<u64>,
    #[cloudwire(query)]
    ids: Vec<&'a str>,
    #[cloudwire(query)]
    attacks: Vec<&'a str>,
    #[cloudwire(query)]
    sip: Option<&'a str>,
}

#[cloudwire::model]
struct KeypairOption<'a> {
    public_key: Option<&'a str>,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    name: &'a str,
    user_id: Option<&'a str>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Keypair {
    keypair: Option<Value>,
}

/// ECS `NovaCreateKeypair`: a header parameter and a body member named
/// `type`.
#[cloudwire::endpoint(POST, "/v2.1/{project_id}/os-keypairs", response = Keypair, content_type = "application/json;charset=UTF-8")]
struct NovaCreateKeypair<'a> {
    #[cloudwire(header = "OpenStack-API-Version")]
    open_stack_api_version: Option<&'a str>,
    keypair: KeypairOption<'a>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Roles {
    roles: Option<Vec<Value>>,
}

/// IAM `KeystoneListDomainPermissionsForGroup`, a global operation: its
/// `{domain_id}` left to the credentials, as the SDK's `GlobalCredentials`
/// fill it when the request gives none.
#[cloudwire::endpoint(GET, "/v3/domains/{domain_id}/groups/{group_id}/roles", response = Roles)]
struct ListDomainPermissionsForGroup<'a> {
    #[cloudwire(path)]
    group_id: &'a str,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Invocation {
    result: Option<String>,
}

/// FunctionGraph `InvokeFunction`: a path value full of `:` (encoded, as the
/// SDK encodes it), two header parameters, and a free-form JSON body (the
/// SDK's `dict(str, object)`; its keys in order, as a `serde_json::Map`
/// keeps them).
#[cloudwire::endpoint(POST, "/v2/{project_id}/fgs/functions/{function_urn}/invocations", response = Invocation)]
struct InvokeFunction<'a> {
    #[cloudwire(path)]
    function_urn: &'a str,
    #[cloudwire(header = "X-Cff-Log-Type")]
    log_type: Option<&'a str>,
    #[cloudwire(header = "X-CFF-Request-Version")]
    request_version: Option<&'a str>,
    #[cloudwire(body)]
    event: Value,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Count {
    total: Option<u64>,
}

/// DataArts Studio `CountTableModels`: `X-Project-Id` and `workspace` as
/// header parameters. The credentials' project ID replaces the request's
/// `X-Project-Id`, as the SDK's `BasicCredentials` set it.
#[cloudwire::endpoint(GET, "/v2/{project_id}/design/table-models/statistic", response = Count)]
struct CountTableModels<'a> {
    #[cloudwire(header = "workspace")]
    workspace: Option<&'a str>,
    #[cloudwire(header = "X-Project-Id")]
    x_project_id: Option<&'a str>,
    #[cloudwire(query)]
    model_id: Option<&'a str>,
}

/// KVS DescribeTable: the store's name goes before the endpoint's host (the
/// SDK's `cname`), and the body is a BSON document, given as its bytes.
#[cloudwire::endpoint(POST, "/v1/describe-table", response = Job, content_type = "application/bson")]
struct DescribeTable<'a> {
    #[cloudwire(cname)]
    store_name: &'a str,
    #[cloudwire(body)]
    body: Vec<u8>,
}

/// A BSON document of one string member, as `bson.encode({key: value})`
/// writes it: length, type 0x02, key, value's length and value, terminator.
fn bson_string_document(key: &str, value: &str) -> Vec<u8> {
    let len = 4 + 1 + key.len() + 1 + 4 + value.len() + 1 + 1;
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&u32::try_from(len).unwrap().to_le_bytes());
    out.push(0x02);
    out.extend_from_slice(key.as_bytes());
    out.push(0);
    out.extend_from_slice(&u32::try_from(value.len() + 1).unwrap().to_le_bytes());
    out.extend_from_slice(value.as_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

/// RES CreateResWorkspace as its API reference declares it: a `Content-Type`
/// request header (the SDK's request model has it as `content_type`) and two
/// body members. The SDK overwrites that header with the operation's content
/// type, `application/json`: cloudwire sends the same, not the field's value.
#[cloudwire::endpoint(POST, "/v2.0/{project_id}/workspaces", response = Job)]
struct CreateResWorkspace<'a> {
    #[cloudwire(header = "Content-Type")]
    content_type: Option<&'a str>,
    name: &'a str,
    enterprise_project_id: Option<&'a str>,
    description: Option<&'a str>,
}

#[cloudwire::api_response(status = 201)]
#[allow(dead_code)]
struct UnscopedToken {
    #[cloudwire(header = "X-Subject-Token")]
    subject_token: Option<cloudwire::Secret>,
    token: Option<Value>,
}

/// IAM `CreateUnscopedTokenWithIdToken`: the ID token in `Authorization`, so
/// not signed (the SDK's rule), with `X-Domain-Id` and the temporary
/// credentials' `X-Security-Token`.
#[cloudwire::endpoint(
    POST,
    "/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth",
    response = UnscopedToken
)]
struct CreateUnscopedTokenWithIdToken<'a> {
    #[cloudwire(path)]
    idp_id: &'a str,
    #[cloudwire(path)]
    protocol_id: &'a str,
    #[cloudwire(header = "Authorization")]
    id_token: cloudwire::Secret,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct PtrRecord {
    id: Option<String>,
}

/// DNS `ShowPtrRecordSet`: two placeholders in one segment.
#[cloudwire::endpoint(GET, "/v2/reverse/floatingips/{region}:{floatingip_id}", response = PtrRecord)]
struct ShowPtrRecordSet<'a> {
    #[cloudwire(path)]
    region: &'a str,
    #[cloudwire(path)]
    floatingip_id: &'a str,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct GlobalEipJob {
    job_id: Option<String>,
}

/// Global EIP `DisassociateInstance`: `{domain_id}` from the credentials,
/// and a bool header whose name holds `_` (sent, as `True`, but not signed).
#[cloudwire::endpoint(
    POST,
    "/v3/{domain_id}/global-eips/{global_eip_id}/disassociate-instance",
    response = GlobalEipJob
)]
struct DisassociateInstance<'a> {
    #[cloudwire(header = "is_reserve_gcb")]
    is_reserve_gcb: Option<bool>,
    #[cloudwire(path)]
    global_eip_id: &'a str,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct WorkflowExecution {
    status: Option<String>,
}

/// FunctionGraph `ShowWorkflowExecution`: a bool header (`False`).
#[cloudwire::endpoint(
    GET,
    "/v2/{project_id}/fgs/workflows/{workflow_id}/executions/{execution_id}",
    response = WorkflowExecution
)]
struct ShowWorkflowExecution<'a> {
    #[cloudwire(path)]
    workflow_id: &'a str,
    #[cloudwire(path)]
    execution_id: &'a str,
    #[cloudwire(header = "X-Get-Workflow-Full-History-Data")]
    full_history: Option<bool>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Plan {
    id: Option<u64>,
}

/// ProjectMan `CreateScrumPlanToProject`: a text body sent as it is, and a
/// `{project_id}` the request gives (ProjectMan's project, not the
/// credentials').
#[cloudwire::endpoint(
    POST,
    "/v3/plan/{project_id}/management",
    response = Plan,
    content_type = "application/json;charset=UTF-8"
)]
struct CreateScrumPlanToProject<'a> {
    #[cloudwire(path)]
    project_id: &'a str,
    #[cloudwire(body)]
    body: &'a str,
}

#[cloudwire::model]
struct VocabularyQuery<'a> {
    name: Option<&'a str>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Vocabularies {
    count: Option<u64>,
}

/// SIS `ShowVocabularies`: a GET with a JSON body, as its API reference and
/// the SDK send it.
#[cloudwire::endpoint(
    GET,
    "/v1/{project_id}/asr/vocabularies",
    response = Vocabularies,
    content_type = "application/json;charset=UTF-8"
)]
struct ShowVocabularies<'a> {
    #[cloudwire(query)]
    offset: Option<u32>,
    #[cloudwire(query)]
    limit: Option<u32>,
    #[cloudwire(body)]
    body: VocabularyQuery<'a>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Done {}

/// AOM `DeleteserviceDiscoveryRules`: a list query the API declares `csv`,
/// which the SDK sends as a pair per value.
#[cloudwire::endpoint(DELETE, "/v1/{project_id}/inv/servicediscoveryrules", response = Done)]
struct DeleteServiceDiscoveryRules<'a> {
    #[cloudwire(query = "appRulesIds")]
    app_rules_ids: Vec<&'a str>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Metrics {
    metrics: Option<Vec<Value>>,
}

/// Cloud Eye `ListMetrics`: query names with `.`, an upper-case version.
#[cloudwire::endpoint(GET, "/V1.0/{project_id}/metrics", response = Metrics)]
struct ListMetrics<'a> {
    #[cloudwire(query)]
    namespace: Option<&'a str>,
    #[cloudwire(query)]
    metric_name: Option<&'a str>,
    #[cloudwire(query = "dim.0")]
    dim_0: Option<&'a str>,
    #[cloudwire(query)]
    limit: Option<u32>,
    #[cloudwire(query)]
    order: Option<&'a str>,
}

/// Global EIP `CountGlobalEips`: lists of bools and numbers in the query, a
/// dotted name, `{domain_id}` from the credentials.
#[cloudwire::endpoint(GET, "/v3/{domain_id}/global-eips/count", response = Count)]
struct CountGlobalEips<'a> {
    #[cloudwire(query)]
    freezen: Vec<bool>,
    #[cloudwire(query)]
    ip_version: Vec<u32>,
    #[cloudwire(query = "associate_instance_info.region")]
    region: Vec<&'a str>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Images {
    images: Option<Vec<Value>>,
}

/// IMS `ListImages`: `X-Sdk-Date` as a header parameter, the time the
/// request is then signed at; query names that start with `__`.
#[cloudwire::endpoint(GET, "/v2/cloudimages", response = Images)]
struct ListImages<'a> {
    #[cloudwire(query = "__imagetype")]
    imagetype: Option<&'a str>,
    #[cloudwire(query = "__os_bit")]
    os_bit: Option<&'a str>,
    #[cloudwire(query)]
    limit: Option<u32>,
    #[cloudwire(header = "X-Sdk-Date")]
    x_sdk_date: Option<&'a str>,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Repository {
    status: Option<String>,
}

/// CodeArts Artifact `CreateArtifactory`: a path that ends with `/`; the
/// body's members in the SDK model's order.
#[cloudwire::endpoint(POST, "/cloudartifact/v5/artifact/", response = Repository)]
struct CreateArtifactory<'a> {
    format: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    repository_name: &'a str,
    description: Option<&'a str>,
    includes_pattern: Option<&'a str>,
    project_id: Option<&'a str>,
    share_right: Option<&'a str>,
}

/// Live `CreateDomain`: a content type declared with a space,
/// `application/json; charset=UTF-8` (sent lower-cased).
#[cloudwire::endpoint(
    POST,
    "/v1/{project_id}/domain",
    response = Done,
    content_type = "application/json; charset=UTF-8"
)]
struct CreateLiveDomain<'a> {
    domain: &'a str,
    domain_type: &'a str,
    region: Option<&'a str>,
    service_area: Option<&'a str>,
    enterprise_project_id: Option<&'a str>,
    pull_protocol: Option<&'a str>,
}

/// CDN `DeleteSubscriptionTask`, a global operation: a number as the path value.
#[cloudwire::endpoint(DELETE, "/v1/cdn/statistics/subscription-tasks/{id}", response = Done)]
struct DeleteSubscriptionTask {
    #[cloudwire(path)]
    id: u64,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Artifacts {
    total: Option<u64>,
}

/// ModelArts `ListFtArtifacts`: a float and a bool in the query.
#[cloudwire::endpoint(
    GET,
    "/v2/{project_id}/training-jobs/{training_job_id}/ft-artifacts",
    response = Artifacts
)]
struct ListFtArtifacts<'a> {
    #[cloudwire(path)]
    training_job_id: &'a str,
    #[cloudwire(query)]
    steps: Option<u32>,
    #[cloudwire(query)]
    epoch: Option<u32>,
    #[cloudwire(query)]
    loss: Option<f64>,
    #[cloudwire(query)]
    status: Option<&'a str>,
    #[cloudwire(query)]
    order_by_create_time_asc: Option<bool>,
    #[cloudwire(query)]
    limit: Option<u32>,
    #[cloudwire(query)]
    offset: Option<u32>,
}

/// CSE `UploadKie`: a multipart upload with query and header parameters (one
/// query named `override`, a Rust keyword).
#[cloudwire::endpoint(
    POST,
    "/v1/{project_id}/kie/file",
    response = Done,
    content_type = "multipart/form-data"
)]
struct UploadKie<'a> {
    #[cloudwire(header = "X-Enterprise-Project-ID")]
    enterprise_project_id: Option<&'a str>,
    #[cloudwire(header = "x-engine-id")]
    engine_id: Option<&'a str>,
    #[cloudwire(query = "override")]
    override_mode: Option<&'a str>,
    #[cloudwire(query)]
    label: Option<&'a str>,
    upload_file: cloudwire::FormFile,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct Projects {
    projects: Option<Vec<Value>>,
}

/// IAM `KeystoneListProjects` with a token, unsigned: the query goes sorted
/// (the SDK's canonical query is its URL's, signed or not), whatever the
/// order of the fields.
#[cloudwire::endpoint(GET, "/v3/projects", response = Projects)]
struct KeystoneListProjects<'a> {
    #[cloudwire(query)]
    per_page: Option<u32>,
    #[cloudwire(query)]
    page: Option<u32>,
    #[cloudwire(query)]
    name: Option<&'a str>,
    #[cloudwire(query)]
    enabled: Option<bool>,
    #[cloudwire(query)]
    domain_id: Option<&'a str>,
}

/// `x-sdk-date` as `X-Sdk-Date`.
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        out.push(if start {
            c.to_ascii_uppercase()
        } else {
            c.to_ascii_lowercase()
        });
        start = c == '-';
    }
    out
}

fn vectors() -> Value {
    serde_json::from_str(include_str!("../vectors/regional_operations.json")).unwrap()
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
}

/// 20261129T042418Z, the vectors' signing time.
fn signing_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_926_258)
}

/// A client with the vectors' credentials: the project ID for a regional
/// operation, the domain ID for one marked `"credentials": "global"` (as the
/// SDK's `BasicCredentials` and `GlobalCredentials` hold them).
fn client(vectors: &Value, op: &Value, endpoint: &str) -> Client {
    builder(vectors, op, endpoint).build().unwrap()
}

fn builder(vectors: &Value, op: &Value, endpoint: &str) -> cloudwire::ClientBuilder {
    if op["credentials"] == "token" {
        // Unsigned, as the SDK's `IamCredentials` send it.
        return Client::builder()
            .endpoint(endpoint)
            .user_agent("huaweicloud-usdk-python/3.0")
            .auth(cloudwire::auth::Token::new(text(&op["token"])));
    }
    let creds = &vectors["credentials"];
    let credentials = Credentials::new(text(&creds["ak"]), text(&creds["sk"]));
    let credentials = if op["credentials"] == "global" {
        credentials.with_domain_id(text(&creds["domain_id"]))
    } else {
        credentials.with_project_id(text(&creds["project_id"]))
    };
    let credentials = match op["security_token"].as_str() {
        Some(token) => credentials.with_security_token(token),
        None => credentials,
    };
    Client::builder()
        .endpoint(endpoint)
        .user_agent("huaweicloud-usdk-python/3.0")
        .auth(AkSk::new(credentials).with_clock(signing_time))
}

/// The host of a URL (`https://host/...`).
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").unwrap().1;
    rest.split('/').next().unwrap()
}

/// ProjectMan's plan, a text body (JSON the caller wrote).
const PLAN: &str = "{\"name\": \"plan-1\", \"description\": \"café\"}";

fn request_of(name: &str, inputs: &Value) -> cloudwire::Request {
    let request = match name {
        "ecs-list-servers-details" => ListServersDetails {
            limit: Some(10),
            offset: Some(1),
            name: Some("web 01"),
            not_tags: Some("env=prod"),
        }
        .to_request(),
        "vpc-create-vpc" => CreateVpc {
            vpc: CreateVpcOption {
                cidr: "192.168.0.0/16",
                name: "vpc-cloudwire",
                description: Some("made by the vectors"),
            },
        }
        .to_request(),
        "evs-delete-volume" => DeleteVolume {
            volume_id: "6d2b0c8e-5f3a-4b1e-9c7d-2a4f6e8b0c1d",
        }
        .to_request(),
        "dds-batch-delete-backup" => BatchDeleteBackup {
            x_language: Some("en-us"),
            body: BackupIds {
                backup_ids: vec!["bk-01".into(), "bk-02".into()],
            },
        }
        .to_request(),
        "waf-list-event" => ListEvent {
            x_language: Some("zh-cn"),
            recent: Some("yesterday"),
            from_: Some(1_795_900_000_000),
            to: Some(1_795_926_258_000),
            ids: vec!["e-2", "e-1"],
            attacks: vec!["sqli", "xss"],
            sip: Some("10.0.0.1"),
        }
        .to_request(),
        "ecs-nova-create-keypair" => NovaCreateKeypair {
            open_stack_api_version: Some("compute 2.55"),
            keypair: KeypairOption {
                public_key: None,
                kind: Some("ssh"),
                name: "kp-cloudwire",
                user_id: None,
            },
        }
        .to_request(),
        "functiongraph-invoke-function" => InvokeFunction {
            function_urn: "urn:fss:cn-north-4:0605767b9d00d5762fbbc00b5d7d9ad7:function:default:hello-cloudwire:latest",
            log_type: Some("tail"),
            request_version: Some("v1"),
            event: serde_json::json!({
                "a_flag": true, "count": 3, "items": [1, 2.5, "x"], "name": "café \"cw\"", "none": null
            }),
        }
        .to_request(),
        "iam-keystone-list-domain-permissions-for-group" => ListDomainPermissionsForGroup {
            group_id: "5d2b4e7f9a1c3e5d7b9f1a3c5e7d9b1f",
        }
        .to_request(),
        "ims-glance-update-image" => GlanceUpdateImage {
            image_id: "0c8a1e5f-7d2b-4c6e-9a3f-5b7d1e2c4a6b",
            body: vec![
                PatchOperation {
                    op: "replace",
                    path: "/name",
                    value: Some("image-cloudwire"),
                },
                PatchOperation {
                    op: "add",
                    path: "/__os_feature",
                    value: Some("true"),
                },
            ],
        }
        .to_request(),
        "dataartsstudio-count-table-models" => CountTableModels {
            workspace: Some("ws-7f3a"),
            x_project_id: Some("0f1e2d3c4b5a69788796a5b4c3d2e1f0"),
            model_id: Some("1203918231"),
        }
        .to_request(),
        "iam-create-unscoped-token-with-id-token" => CreateUnscopedTokenWithIdToken {
            idp_id: "idp-cloudwire",
            protocol_id: "oidc",
            id_token: cloudwire::Secret::new("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdyJ9.c2ln"),
        }
        .to_request(),
        "dns-show-ptr-record-set" => ShowPtrRecordSet {
            region: "cn-north-4",
            floatingip_id: "9e9c6d33-51a6-4f84-b504-c13301f1cc8c",
        }
        .to_request(),
        "geip-disassociate-instance" => DisassociateInstance {
            is_reserve_gcb: Some(true),
            global_eip_id: "3c6a1e8f-0b2d-4f6a-8c1e-5d7b9f1a3c5e",
        }
        .to_request(),
        "functiongraph-show-workflow-execution" => ShowWorkflowExecution {
            workflow_id: "wf-01",
            execution_id: "ex-01",
            full_history: Some(false),
        }
        .to_request(),
        "projectman-create-scrum-plan-to-project" => CreateScrumPlanToProject {
            project_id: "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
            body: PLAN,
        }
        .to_request(),
        "sis-show-vocabularies" => ShowVocabularies {
            offset: Some(0),
            limit: Some(20),
            body: VocabularyQuery {
                name: Some("hot words"),
            },
        }
        .to_request(),
        "aom-delete-service-discovery-rules" => DeleteServiceDiscoveryRules {
            app_rules_ids: vec!["rule-b", "rule-a", "rule c"],
        }
        .to_request(),
        "ces-list-metrics" => ListMetrics {
            namespace: Some("SYS.ECS"),
            metric_name: Some("cpu_util"),
            dim_0: Some("instance_id,6f3c1e2a"),
            limit: Some(10),
            order: Some("desc"),
        }
        .to_request(),
        "geip-count-global-eips" => CountGlobalEips {
            freezen: vec![true, false],
            ip_version: vec![4],
            region: vec!["cn-north-4"],
        }
        .to_request(),
        "ims-list-images" => ListImages {
            imagetype: Some("gold"),
            os_bit: Some("64"),
            limit: Some(5),
            x_sdk_date: Some("20261129T040000Z"),
        }
        .to_request(),
        "codeartsartifact-create-artifactory" => CreateArtifactory {
            format: "npm",
            kind: "local",
            repository_name: "npm-cw",
            description: None,
            includes_pattern: None,
            project_id: Some("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"),
            share_right: None,
        }
        .to_request(),
        "live-create-domain" => CreateLiveDomain {
            domain: "play.example.com",
            domain_type: "pull",
            region: Some("cn-north-4"),
            service_area: None,
            enterprise_project_id: None,
            pull_protocol: None,
        }
        .to_request(),
        "cdn-delete-subscription-task" => DeleteSubscriptionTask { id: 4096 }.to_request(),
        "modelarts-list-ft-artifacts" => ListFtArtifacts {
            training_job_id: "job-1",
            steps: Some(100),
            epoch: None,
            loss: Some(0.25),
            status: None,
            order_by_create_time_asc: Some(true),
            limit: Some(10),
            offset: None,
        }
        .to_request(),
        "cse-upload-kie" => UploadKie {
            enterprise_project_id: Some("0"),
            engine_id: Some("engine-1"),
            override_mode: Some("force"),
            label: Some("app:web"),
            upload_file: cloudwire::FormFile::new("kie.yaml", b"key: value\nother: 2\n".to_vec()),
        }
        .to_request(),
        "res-create-workspace" => CreateResWorkspace {
            content_type: Some("application/json;charset=utf8"),
            name: "ws-cloudwire",
            enterprise_project_id: None,
            description: Some("made by the vectors"),
        }
        .to_request(),
        "kvs-describe-table" => DescribeTable {
            store_name: "store-01",
            body: bson_string_document("table_name", "table_1"),
        }
        .to_request(),
        "iam-keystone-list-projects-token" => KeystoneListProjects {
            per_page: Some(20),
            page: Some(1),
            name: Some("cn-north-4_dev"),
            enabled: Some(true),
            domain_id: Some("d78cbac186b744899480f25bd022f468"),
        }
        .to_request(),
        other => panic!("no case for {other}"),
    };
    // The values written out above are the vector's inputs.
    let expected = match name {
        "ecs-list-servers-details" => {
            serde_json::json!({"limit": 10, "offset": 1, "name": "web 01", "not-tags": "env=prod"})
        }
        "vpc-create-vpc" => serde_json::json!({"vpc": {
            "name": "vpc-cloudwire", "cidr": "192.168.0.0/16", "description": "made by the vectors"
        }}),
        "evs-delete-volume" => {
            serde_json::json!({"volume_id": "6d2b0c8e-5f3a-4b1e-9c7d-2a4f6e8b0c1d"})
        }
        "dds-batch-delete-backup" => {
            serde_json::json!({"X-Language": "en-us", "body": {"backup_ids": ["bk-01", "bk-02"]}})
        }
        "waf-list-event" => serde_json::json!({
            "X-Language": "zh-cn", "recent": "yesterday", "from": 1_795_900_000_000_u64,
            "to": 1_795_926_258_000_u64, "ids": ["e-2", "e-1"], "attacks": ["sqli", "xss"],
            "sip": "10.0.0.1"
        }),
        "ecs-nova-create-keypair" => serde_json::json!({
            "OpenStack-API-Version": "compute 2.55",
            "body": {"keypair": {"type": "ssh", "name": "kp-cloudwire"}}
        }),
        "iam-keystone-list-domain-permissions-for-group" => {
            serde_json::json!({"group_id": "5d2b4e7f9a1c3e5d7b9f1a3c5e7d9b1f"})
        }
        "functiongraph-invoke-function" => serde_json::json!({
            "function_urn": "urn:fss:cn-north-4:0605767b9d00d5762fbbc00b5d7d9ad7:function:default:hello-cloudwire:latest",
            "X-Cff-Log-Type": "tail", "X-CFF-Request-Version": "v1",
            "body": {"a_flag": true, "count": 3, "items": [1, 2.5, "x"], "name": "café \"cw\"", "none": null}
        }),
        "dataartsstudio-count-table-models" => serde_json::json!({
            "workspace": "ws-7f3a", "X-Project-Id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "model_id": "1203918231"
        }),
        "iam-create-unscoped-token-with-id-token" => serde_json::json!({
            "idp_id": "idp-cloudwire", "protocol_id": "oidc",
            "Authorization": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdyJ9.c2ln"
        }),
        "dns-show-ptr-record-set" => serde_json::json!({
            "region": "cn-north-4", "floatingip_id": "9e9c6d33-51a6-4f84-b504-c13301f1cc8c"
        }),
        "geip-disassociate-instance" => serde_json::json!({
            "is_reserve_gcb": true, "global_eip_id": "3c6a1e8f-0b2d-4f6a-8c1e-5d7b9f1a3c5e"
        }),
        "functiongraph-show-workflow-execution" => serde_json::json!({
            "workflow_id": "wf-01", "execution_id": "ex-01", "X-Get-Workflow-Full-History-Data": false
        }),
        "projectman-create-scrum-plan-to-project" => {
            serde_json::json!({"project_id": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "body": PLAN})
        }
        "sis-show-vocabularies" => {
            serde_json::json!({"offset": 0, "limit": 20, "body": {"name": "hot words"}})
        }
        "aom-delete-service-discovery-rules" => {
            serde_json::json!({"appRulesIds": ["rule-b", "rule-a", "rule c"]})
        }
        "ces-list-metrics" => serde_json::json!({
            "namespace": "SYS.ECS", "metric_name": "cpu_util", "dim.0": "instance_id,6f3c1e2a",
            "limit": 10, "order": "desc"
        }),
        "geip-count-global-eips" => serde_json::json!({
            "freezen": [true, false], "ip_version": [4], "associate_instance_info.region": ["cn-north-4"]
        }),
        "ims-list-images" => serde_json::json!({
            "__imagetype": "gold", "__os_bit": "64", "limit": 5, "X-Sdk-Date": "20261129T040000Z"
        }),
        "codeartsartifact-create-artifactory" => serde_json::json!({"body": {
            "format": "npm", "type": "local", "repository_name": "npm-cw",
            "project_id": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
        }}),
        "live-create-domain" => serde_json::json!({"body": {
            "domain": "play.example.com", "domain_type": "pull", "region": "cn-north-4"
        }}),
        "cdn-delete-subscription-task" => serde_json::json!({"id": 4096}),
        "modelarts-list-ft-artifacts" => serde_json::json!({
            "training_job_id": "job-1", "steps": 100, "loss": 0.25,
            "order_by_create_time_asc": true, "limit": 10
        }),
        "cse-upload-kie" => serde_json::json!({
            "X-Enterprise-Project-ID": "0", "x-engine-id": "engine-1", "override": "force",
            "label": "app:web", "upload_file": {"name": "kie.yaml", "content": "key: value\nother: 2\n"}
        }),
        "res-create-workspace" => serde_json::json!({
            "content_type": "application/json;charset=utf8", "name": "ws-cloudwire",
            "description": "made by the vectors"
        }),
        "kvs-describe-table" => {
            serde_json::json!({"store_name": "store-01", "body": {"table_name": "table_1"}})
        }
        "iam-keystone-list-projects-token" => serde_json::json!({
            "per_page": 20, "page": 1, "name": "cn-north-4_dev", "enabled": true,
            "domain_id": "d78cbac186b744899480f25bd022f468"
        }),
        _ => serde_json::json!({"image_id": "0c8a1e5f-7d2b-4c6e-9a3f-5b7d1e2c4a6b", "body": [
            {"op": "replace", "path": "/name", "value": "image-cloudwire"},
            {"op": "add", "path": "/__os_feature", "value": "true"}
        ]}),
    };
    assert_eq!(inputs, &expected, "{name}: inputs");
    request.unwrap()
}

/// Prepares `request` with the vectors' client for `op` and compares it with
/// what the SDK sent: method, URL, every header (`Authorization` included)
/// and body.
async fn assert_prepared_as_sdk(vectors: &Value, op: &Value, request: cloudwire::Request) {
    let name = text(&op["name"]);
    let sdk = &op["request"];
    let sdk_client = client(vectors, op, text(&op["endpoint"]));
    let prepared = sdk_client.prepare(request).await.unwrap();
    assert_eq!(prepared.method().as_str(), text(&sdk["method"]), "{name}");
    assert_eq!(prepared.uri().to_string(), text(&sdk["url"]), "{name}");
    let sdk_headers = sdk["headers"].as_array().unwrap();
    for pair in sdk_headers {
        let (header, value) = (text(&pair[0]), text(&pair[1]));
        assert_eq!(
            prepared.headers().get(header).map(|v| v.to_str().unwrap()),
            Some(value),
            "{name}: {header}"
        );
    }
    assert_eq!(
        prepared.headers().len(),
        sdk_headers.len(),
        "{name}: {:?}",
        prepared.headers()
    );
    let body = sdk["body"].as_str().unwrap_or_default();
    assert_eq!(
        std::str::from_utf8(prepared.body()).unwrap(),
        body,
        "{name}: body"
    );
}

/// RES `CreateResWorkspace` declared with the operation's content type as
/// well as its `Content-Type` header: the same request as the SDK's, the
/// field's value again not sent.
#[tokio::test]
async fn a_content_type_field_next_to_the_declared_one_goes_as_the_sdk_sends_it() {
    #[cloudwire::endpoint(POST, "/v2.0/{project_id}/workspaces", response = Job,
                          content_type = "application/json")]
    struct CreateResWorkspaceDeclared<'a> {
        #[cloudwire(header = "Content-Type")]
        content_type: Option<&'a str>,
        name: &'a str,
        enterprise_project_id: Option<&'a str>,
        description: Option<&'a str>,
    }
    let vectors = vectors();
    let op = vectors["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|op| op["name"] == "res-create-workspace")
        .unwrap();
    let request = CreateResWorkspaceDeclared {
        content_type: Some(text(&op["inputs"]["content_type"])),
        name: text(&op["inputs"]["name"]),
        enterprise_project_id: None,
        description: Some(text(&op["inputs"]["description"])),
    }
    .to_request()
    .unwrap();
    assert_prepared_as_sdk(&vectors, op, request).await;
}

#[tokio::test]
async fn regional_operations_go_on_the_wire_as_the_sdk_sends_them() {
    let vectors = vectors();
    let operations = vectors["operations"].as_array().unwrap();
    assert_eq!(operations.len(), 28);
    // CSE's multipart body, under the SDK's boundary as the vectors fixed it.
    let _boundary = cloudwire::testing::fix_multipart_boundary("0123456789abcdef0123456789abcdef");
    for op in operations {
        let name = text(&op["name"]);
        let sdk = &op["request"];
        let request = request_of(name, &op["inputs"]);
        // A placeholder the request has no value for is left to the client.
        for (id, input) in [("{project_id}", "project_id"), ("{domain_id}", "domain_id")] {
            assert_eq!(
                request.path().contains(id),
                text(&op["declared"]["path"]).contains(id) && op["inputs"].get(input).is_none(),
                "{name}"
            );
        }
        assert_prepared_as_sdk(&vectors, op, request.clone()).await;

        // Sent: the path that arrives is the filled one.
        let answer =
            b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        let server = RawServer::start(Script::Bytes(Arc::new(answer.to_vec()))).await;
        let sdk_url: &str = text(&sdk["url"]);
        // A name before the endpoint's host (cname): sent to that host,
        // which resolves to the loopback server.
        let cname = host_of(sdk_url)
            .strip_suffix(host_of(text(&op["endpoint"])))
            .unwrap();
        let loopback = if cname.is_empty() {
            client(&vectors, op, &server.url())
        } else {
            let host = format!("{cname}loopback.test");
            let http = reqwest::Client::builder()
                .resolve(&host, server.addr())
                .http1_title_case_headers()
                .build()
                .unwrap();
            let endpoint = format!("http://loopback.test:{}", server.addr().port());
            builder(&vectors, op, &endpoint)
                .reqwest_client(http)
                .build()
                .unwrap()
        };
        let _ = loopback.send_request(request).await;
        let arrived = server.requests().await;
        let line = String::from_utf8_lossy(&arrived[0]);
        let host = format!(
            "\r\nHost: {cname}loopback.test:{}\r\n",
            server.addr().port()
        );
        assert!(cname.is_empty() || line.contains(&host), "{name}: {line}");
        let path_and_query = &sdk_url[sdk_url.find(".com").unwrap() + 4..];
        assert!(
            line.starts_with(&format!(
                "{} {path_and_query} HTTP/1.1\r\n",
                text(&sdk["method"])
            )),
            "{name}: {line}"
        );
        // Header names as the SDK writes them, where that is title case
        // (`X-Sdk-Date`, `Authorization`, `Host`; not `x-engine-id`).
        for pair in sdk["headers"].as_array().unwrap() {
            let header = text(&pair[0]);
            if header == title_case(header) {
                assert!(
                    line.contains(&format!("\r\n{header}: ")),
                    "{name}: {header} in {line}"
                );
            }
        }
    }
}
