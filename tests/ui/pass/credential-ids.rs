//! `{project_id}` and `{domain_id}` with no field are filled from the client's
//! credentials; a field of that name marked `path` fills it instead.

use cloudwire::{CredentialId, Endpoint};

#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/{project_id}/domains/{domain_id}/servers/{server_id}", response = Resp)]
struct FromCredentials<'a> {
    #[cloudwire(path)]
    server_id: &'a str,
    #[cloudwire(query)]
    limit: Option<u32>,
}

#[cloudwire::endpoint(GET, "/v1/{project_id}/servers", response = Resp)]
struct OwnProject {
    #[cloudwire(path)]
    project_id: String,
}

fn main() {
    let request = FromCredentials {
        server_id: "s 1",
        limit: Some(2),
    }
    .to_request()
    .unwrap();
    assert_eq!(request.path(), "/v1/{project_id}/domains/{domain_id}/servers/s%201");
    assert_eq!(
        request.credential_ids().collect::<Vec<_>>(),
        [CredentialId::Project, CredentialId::Domain]
    );
    let request = OwnProject {
        project_id: "p-1".into(),
    }
    .to_request()
    .unwrap();
    assert_eq!(request.path(), "/v1/p-1/servers");
    assert_eq!(request.credential_ids().count(), 0);
}
