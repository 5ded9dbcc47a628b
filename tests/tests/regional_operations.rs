//! Regional operations against what the Python SDK sent
//! (`tests/vectors/regional_operations.json`): six whose path holds
//! `{project_id}`, declared without a `project_id` field (the official SDK's
//! request objects have none either; the SDK fills the placeholder from its
//! credentials' project ID, and so does cloudwire), with header parameters,
//! lists in the query, a `DELETE` with a body, a path value full of `:`, a
//! free-form JSON body; IMS's JSON-patch update (a
//! list body under a content type of its own, signed unsigned); and one
//! global IAM operation whose `{domain_id}` is the credentials' domain ID. Each request
//! is prepared with the same credentials, endpoint, `User-Agent` and signing
//! time, and compared with the SDK's: method, URL, every header
//! (`Authorization` included, so the canonical request and the signature are
//! the SDK's) and the body; then sent to a loopback server, where the path
//! that arrives is the filled one.

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
    let creds = &vectors["credentials"];
    let credentials = Credentials::new(text(&creds["ak"]), text(&creds["sk"]));
    let credentials = if op["credentials"] == "global" {
        credentials.with_domain_id(text(&creds["domain_id"]))
    } else {
        credentials.with_project_id(text(&creds["project_id"]))
    };
    Client::builder()
        .endpoint(endpoint)
        .user_agent("huaweicloud-usdk-python/3.0")
        .auth(AkSk::new(credentials).with_clock(signing_time))
        .build()
        .unwrap()
}

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
        _ => serde_json::json!({"image_id": "0c8a1e5f-7d2b-4c6e-9a3f-5b7d1e2c4a6b", "body": [
            {"op": "replace", "path": "/name", "value": "image-cloudwire"},
            {"op": "add", "path": "/__os_feature", "value": "true"}
        ]}),
    };
    assert_eq!(inputs, &expected, "{name}: inputs");
    request.unwrap()
}

#[tokio::test]
async fn regional_operations_go_on_the_wire_as_the_sdk_sends_them() {
    let vectors = vectors();
    let operations = vectors["operations"].as_array().unwrap();
    assert_eq!(operations.len(), 9);
    for op in operations {
        let name = text(&op["name"]);
        let sdk = &op["request"];
        let request = request_of(name, &op["inputs"]);
        for id in ["{project_id}", "{domain_id}"] {
            assert_eq!(
                request.path().contains(id),
                text(&op["declared"]["path"]).contains(id),
                "{name}"
            );
        }
        let sdk_client = client(&vectors, op, text(&op["endpoint"]));
        let prepared = sdk_client.prepare(request.clone()).await.unwrap();
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

        // Sent: the path that arrives is the filled one.
        let answer =
            b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        let server = RawServer::start(Script::Bytes(Arc::new(answer.to_vec()))).await;
        let loopback = client(&vectors, op, &server.url());
        let _ = loopback.send_request(request).await;
        let arrived = server.requests().await;
        let line = String::from_utf8_lossy(&arrived[0]);
        let sdk_url: &str = text(&sdk["url"]);
        let path_and_query = &sdk_url[sdk_url.find(".com").unwrap() + 4..];
        assert!(
            line.starts_with(&format!(
                "{} {path_and_query} HTTP/1.1\r\n",
                text(&sdk["method"])
            )),
            "{name}: {line}"
        );
    }
}
