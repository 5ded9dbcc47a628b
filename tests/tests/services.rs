//! The three reference APIs end to end: typed endpoints declared with
//! `#[endpoint]` and `#[api_response]`, against the simulator on 127.0.0.1.

use cloudwire::auth::{AkSk, Credentials};
use cloudwire::{Client, Error};
use cloudwire_examples::services::{iam, identity_center, sts};
use cloudwire_examples::simulator::{self, Simulator};

async fn setup(instances: usize) -> (Simulator, Client) {
    let sim = Simulator::builder()
        .instances(instances)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(
            simulator::DEFAULT_ACCESS_KEY,
            simulator::DEFAULT_SECRET_KEY,
        )))
        .build()
        .unwrap();
    (sim, client)
}

#[tokio::test]
async fn identity_center_pages_by_next_marker() {
    let (sim, client) = setup(7).await;
    let mut request = identity_center::ListInstances {
        limit: Some(3),
        marker: None,
    };
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = client.send(&request).await.unwrap();
        pages += 1;
        assert_eq!(page.page_info.current_count as usize, page.instances.len());
        let id = page
            .request_id
            .clone()
            .expect("every response has a request ID");
        assert_eq!(id.as_str(), sim.last_request().unwrap().request_id);
        for instance in &page.instances {
            assert!(instance.instance_urn.ends_with(&instance.instance_id));
            seen.push(instance.instance_id.clone());
        }
        match page.page_info.next_marker {
            Some(marker) => request.marker = Some(marker),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 7);
    seen.dedup();
    assert_eq!(seen.len(), 7, "no instance twice");

    let err = client
        .send(identity_center::ListInstances {
            limit: Some(0),
            marker: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("IIC.400"));
    assert_eq!(err.status().unwrap().as_u16(), 400);
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn iam_creates_a_user_with_201_and_reports_iam_0011() {
    let (sim, client) = setup(1).await;
    let created = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("alice", "d78cbac1"),
        })
        .await
        .unwrap();
    assert_eq!(created.user.name, "alice");
    assert_eq!(created.user.domain_id, "d78cbac1");
    assert_eq!(
        created.request_id.unwrap().as_str(),
        sim.last_request().unwrap().request_id
    );

    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("", "d78cbac1"),
        })
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status().as_u16(), 400);
    assert_eq!(
        (api.code(), api.message()),
        (Some("IAM.0011"), Some("Request body is invalid."))
    );
    // IAM's error body has no request_id: the header's is kept.
    let id = sim.last_request().unwrap().request_id;
    assert_eq!(api.request_id().unwrap().as_str(), id);
    assert_eq!(
        err.to_string(),
        format!("IAM.0011 (HTTP 400): Request body is invalid. [request_id={id}]")
    );

    let err = client
        .send(iam::CreateUser {
            user: iam::NewUser::new("alice", "d78cbac1"),
        })
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 409);
}

#[tokio::test]
async fn sts_assumes_an_agency_and_reports_sts5_1106() {
    let (sim, client) = setup(1).await;
    let urn = sim.agencies()[0].urn();
    let assumed = client
        .send(sts::AssumeAgency::new(urn.as_str(), "e2e-session"))
        .await
        .unwrap();
    assert!(assumed.assumed_agency.urn.ends_with("/e2e-session"));
    let creds = &assumed.credentials;
    assert!(creds.access_key_id.starts_with("HSTA") && creds.access_key_id.len() == 20);
    assert!(!creds.security_token.is_empty());
    let expires = creds
        .clone()
        .into_credentials()
        .unwrap()
        .expires_at()
        .unwrap();
    assert!(expires > std::time::SystemTime::now());

    let missing = sts::agency_urn(simulator::DEFAULT_ACCOUNT_ID, "nope");
    let err = client
        .send(sts::AssumeAgency::new(missing.as_str(), "e2e-session"))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 404);
    assert_eq!(err.code(), Some("STS5.1106"));
    assert_eq!(
        err.message(),
        Some(format!("the agency '{missing}' cannot be found").as_str())
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("STS5.1106 (HTTP 404): the agency 'iam::"),
        "{shown}"
    );
    assert!(
        shown.ends_with(&format!("[request_id={}]", err.request_id().unwrap())),
        "{shown}"
    );
}

#[tokio::test]
async fn every_response_carries_the_common_headers() {
    let (_sim, client) = setup(1).await;
    let raw = client
        .send_request(
            cloudwire::Endpoint::to_request(&identity_center::ListInstances::default()).unwrap(),
        )
        .await
        .unwrap();
    for name in ["x-request-id", "date", "content-type", "connection"] {
        assert!(raw.headers().contains_key(name), "missing {name}");
    }
}
