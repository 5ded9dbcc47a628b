//! How a crate with its own cloudwire definitions tests them: this file is
//! what such a crate would put in its `tests/`, with
//!
//! ```toml
//! [dev-dependencies]
//! cloudwire = { version = "0.1", features = ["simulator"] }  # "testing" for the mock alone
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//! ```
//!
//! The definitions below are the user's own (not the examples crate's): one
//! test sends them, signed with AK/SK, to the local simulator; another checks
//! the wire request and the error handling offline with the mock transport.

use cloudwire::auth::{AkSk, Credentials};
use cloudwire::serde_json::json;
use cloudwire::testing::simulator::{self, Simulator};
use cloudwire::testing::{MockTransport, Reply};
use cloudwire::{Client, RequestId};

/// The user's definitions, as they would live in their `src/`.
mod my_definitions {
    use cloudwire::RequestId;

    #[cloudwire::api_response]
    #[derive(Debug)]
    pub struct Instances {
        pub instances: Vec<Instance>,
        #[cloudwire(request_id)]
        pub request_id: Option<RequestId>,
    }

    #[cloudwire::model]
    #[derive(Debug)]
    pub struct Instance {
        pub instance_id: String,
    }

    #[derive(Debug, PartialEq, Eq, cloudwire::ServiceError)]
    pub enum IdentityCenterError {
        #[cloudwire(code = "IIC.400")]
        BadRequest,
        #[cloudwire(code = "APIGW.0301")]
        Unauthorized,
        #[cloudwire(other)]
        Other(String),
    }

    #[cloudwire::endpoint(GET, "/v1/instances", response = Instances, error = IdentityCenterError)]
    pub struct ListInstances {
        #[cloudwire(query)]
        pub limit: Option<u32>,
    }
}

use my_definitions::{IdentityCenterError, ListInstances};

#[tokio::test]
async fn my_definitions_against_the_local_simulator() {
    let sim = Simulator::builder().instances(4).start().await.unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(
            simulator::DEFAULT_ACCESS_KEY,
            simulator::DEFAULT_SECRET_KEY,
        )))
        .build()
        .unwrap();

    let page = client.send(ListInstances { limit: Some(3) }).await.unwrap();
    assert_eq!(page.instances.len(), 3);
    assert!(page.request_id.is_some());

    let err = client
        .send(ListInstances { limit: Some(0) })
        .await
        .unwrap_err();
    assert_eq!(err.service(), Some(&IdentityCenterError::BadRequest));

    let forged = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(
            simulator::DEFAULT_ACCESS_KEY,
            "not-the-secret-key",
        )))
        .build()
        .unwrap();
    let err = forged
        .send(ListInstances { limit: None })
        .await
        .unwrap_err();
    assert_eq!(err.service(), Some(&IdentityCenterError::Unauthorized));
    sim.shutdown().await;
}

#[tokio::test]
async fn my_definitions_offline_with_the_mock() {
    let mock = MockTransport::new();
    mock.push(Reply::error(400, "IIC.400", "Bad Request: limit").request_id("r-1"))
        .push(Reply::json(
            200,
            json!({"instances": [{"instance_id": "ins-1"}]}),
        ));
    let client = mock.client();

    let err = client
        .send(ListInstances { limit: Some(500) })
        .await
        .unwrap_err();
    assert_eq!(err.service(), Some(&IdentityCenterError::BadRequest));
    assert_eq!(err.request_id().map(RequestId::as_str), Some("r-1"));
    mock.last_request()
        .assert_method("GET")
        .assert_path("/v1/instances")
        .assert_query_pairs(&[("limit", "500")]);

    let page = client.send(ListInstances { limit: None }).await.unwrap();
    assert_eq!(page.instances[0].instance_id, "ins-1");
    mock.last_request().assert_no_query("limit");
    mock.assert_requests(2).assert_done();
}
