//! `Client::paginate` against the simulator's lists, one per paging style:
//! a marker (Identity Center), page numbers (IAM roles), an offset with
//! `Content-Range` (SWR) and Keystone's `links.next` (IAM groups); with 0, 1
//! and many pages, page sizes and item limits, a server that repeats itself,
//! errors mid-stream and retries between pages. The exact requests are read
//! back from the simulator.

use cloudwire::auth::{AkSk, Credentials};
use cloudwire::http::StatusCode;
use cloudwire::paginate::PagingErrorKind;
use cloudwire::retry::RetryPolicy;
use cloudwire::testing::simulator::{self, Simulator, SimulatorBuilder};
use cloudwire::{Client, Error};
use cloudwire_examples::services::identity_center::{ListInstances, ListPermissionSets};
use cloudwire_examples::services::keystone::{ListGroups, ListRoles};
use cloudwire_examples::services::swr::ListRepos;
use cloudwire_tests::{RawServer, Script, response};
use std::sync::Arc;

/// The path and query of every request to `path`, in order.
fn sent(sim: &Simulator, path: &str) -> Vec<String> {
    sim.requests()
        .iter()
        .filter(|r| r.uri.path() == path)
        .map(|r| r.uri.to_string())
        .collect()
}

async fn start(builder: SimulatorBuilder) -> (Simulator, Client) {
    let sim = builder.start().await.expect("simulator starts");
    let client = sim.client().expect("client");
    (sim, client)
}

async fn first_instance(client: &Client) -> String {
    let instances = client
        .paginate(ListInstances::default())
        .collect_all()
        .await
        .expect("instances");
    instances[0].instance_id.clone()
}

fn list_sets(instance_id: &str) -> ListPermissionSets {
    ListPermissionSets {
        instance_id: instance_id.to_owned(),
        ..ListPermissionSets::default()
    }
}

// ---- marker: Identity Center ----

#[tokio::test]
async fn marker_pages_many() {
    let (sim, client) = start(Simulator::builder().instances(1).permission_sets(7)).await;
    let instance = first_instance(&client).await;
    let sets = client
        .paginate(list_sets(&instance))
        .page_size(3)
        .collect_all()
        .await
        .unwrap();
    let names: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        (0..7)
            .map(|i| format!("permission-set-{i}"))
            .collect::<Vec<_>>()
    );
    let path = format!("/v1/instances/{instance}/permission-sets");
    let requests = sent(&sim, &path);
    // Three pages (3 + 3 + 1): the marker of each is the last ID of the one before.
    assert_eq!(
        requests,
        [
            format!("{path}?limit=3"),
            format!("{path}?limit=3&marker={}", sets[2].permission_set_id),
            format!("{path}?limit=3&marker={}", sets[5].permission_set_id),
        ]
    );
}

#[tokio::test]
async fn marker_pages_none_and_one() {
    for (count, pages) in [(0usize, 1usize), (1, 1), (3, 1)] {
        let (sim, client) = start(Simulator::builder().instances(1).permission_sets(count)).await;
        let instance = first_instance(&client).await;
        let sets = client
            .paginate(list_sets(&instance))
            .page_size(3)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(sets.len(), count);
        let path = format!("/v1/instances/{instance}/permission-sets");
        assert_eq!(sent(&sim, &path).len(), pages, "{count} sets");
    }
}

#[tokio::test]
async fn list_instances_pages_by_marker() {
    let (sim, client) = start(Simulator::builder().instances(5)).await;
    let mut pages = client
        .paginate(ListInstances::default())
        .page_size(2)
        .pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        // The request ID of each page is the one the simulator gave it.
        let id = page.request_id().expect("request id").as_str().to_owned();
        seen.push((page.number(), page.items().len(), id));
    }
    let recorded: Vec<String> = sim
        .requests()
        .iter()
        .map(|r| r.request_id.clone())
        .collect();
    assert_eq!(
        seen.iter()
            .map(|(n, len, _)| (*n, *len))
            .collect::<Vec<_>>(),
        [(1, 2), (2, 2), (3, 1)]
    );
    assert_eq!(
        seen.into_iter().map(|(_, _, id)| id).collect::<Vec<_>>(),
        recorded
    );
}

#[tokio::test]
async fn max_items_stops_asking() {
    let (sim, client) = start(Simulator::builder().instances(10)).await;
    let instances = client
        .paginate(ListInstances::default())
        .page_size(3)
        .max_items(5)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(instances.len(), 5);
    // Pages of 3: the second reaches 5, so no third is asked for.
    assert_eq!(sent(&sim, "/v1/instances").len(), 2);

    let none = client
        .paginate(ListInstances::default())
        .max_items(0)
        .collect_all()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn the_request_struct_sets_the_first_page() {
    let (sim, client) = start(Simulator::builder().instances(6)).await;
    let all = client
        .paginate(ListInstances::default())
        .collect_all()
        .await
        .unwrap();
    // Start after the second instance, with the struct's own limit.
    let request = ListInstances {
        limit: Some(2),
        marker: Some(all[1].instance_id.clone()),
    };
    let rest = client.paginate(request).collect_all().await.unwrap();
    assert_eq!(rest, all[2..]);
    assert_eq!(
        sent(&sim, "/v1/instances")[1..],
        [
            format!("/v1/instances?limit=2&marker={}", all[1].instance_id),
            format!("/v1/instances?limit=2&marker={}", all[3].instance_id),
        ]
    );
}

#[tokio::test]
async fn a_repeated_marker_is_a_typed_error_after_the_items_read() {
    let (sim, client) = start(
        Simulator::builder()
            .instances(1)
            .permission_sets(9)
            .repeat_next_position(true),
    )
    .await;
    let instance = first_instance(&client).await;
    let mut stream = client.paginate(list_sets(&instance)).page_size(3);
    let mut names = Vec::new();
    let err = loop {
        match stream.next().await {
            Some(Ok(set)) => names.push(set.name),
            Some(Err(e)) => break e,
            None => panic!("the list ended without an error"),
        }
    };
    // Page 1 (0..3), page 2 (3..6) which gives page 1's marker again.
    assert_eq!(names.len(), 6);
    let Error::Paging(paging) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(paging.kind(), PagingErrorKind::RepeatedMarker);
    assert_eq!(paging.page(), 2);
    assert!(err.request_id().is_some());
    assert!(
        stream.next().await.is_none(),
        "the stream ends after an error"
    );
    let path = format!("/v1/instances/{instance}/permission-sets");
    assert_eq!(sent(&sim, &path).len(), 2);
}

// ---- page numbers: IAM roles ----

#[tokio::test]
async fn page_numbers_stop_at_the_total() {
    let (sim, client) = start(Simulator::builder().roles(25)).await;
    let roles = client
        .paginate(ListRoles::default())
        .page_size(10)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(roles.len(), 25);
    assert_eq!(roles[24].name, "system_role_24");
    assert_eq!(
        sent(&sim, "/v3/roles"),
        [
            "/v3/roles?page=1&per_page=10",
            "/v3/roles?page=2&per_page=10",
            "/v3/roles?page=3&per_page=10",
        ]
    );

    // 20 of 20: the total ends the list without asking for an empty page 3.
    let (sim, client) = start(Simulator::builder().roles(20)).await;
    let roles = client
        .paginate(ListRoles::default())
        .page_size(10)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(roles.len(), 20);
    assert_eq!(sent(&sim, "/v3/roles").len(), 2);
}

#[tokio::test]
async fn page_numbers_with_none_one_or_no_paging() {
    for count in [0usize, 1] {
        let (sim, client) = start(Simulator::builder().roles(count)).await;
        let roles = client
            .paginate(ListRoles::default())
            .page_size(10)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(roles.len(), count);
        assert_eq!(sent(&sim, "/v3/roles"), ["/v3/roles?page=1&per_page=10"]);
    }
    // No page size: IAM answers every role at once, and the total says so.
    let (sim, client) = start(Simulator::builder().roles(30)).await;
    let roles = client
        .paginate(ListRoles::default())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(roles.len(), 30);
    assert_eq!(sent(&sim, "/v3/roles"), ["/v3/roles"]);
}

// ---- offset and Content-Range: SWR ----

#[tokio::test]
async fn offsets_stop_at_the_content_range_total() {
    let (sim, client) = start(Simulator::builder().repos(23)).await;
    let mut pages = client.paginate(ListRepos::default()).page_size(10).pages();
    let mut sizes = Vec::new();
    let mut names = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        sizes.push(page.items().len());
        // The response's own request ID field agrees with the page's.
        assert_eq!(page.response().request_id.as_ref(), page.request_id());
        names.extend(page.into_items().into_iter().map(|r| r.name));
    }
    assert_eq!(sizes, [10, 10, 3]);
    assert_eq!(names.len(), 23);
    assert_eq!(names[22], "repo-022");
    assert_eq!(
        sent(&sim, "/v2/manage/repos"),
        [
            "/v2/manage/repos?limit=10&offset=0",
            "/v2/manage/repos?limit=10&offset=10",
            "/v2/manage/repos?limit=10&offset=20",
        ]
    );
}

#[tokio::test]
async fn offsets_with_none_one_and_exact_pages() {
    for (count, requests) in [(0usize, 1usize), (1, 1), (20, 2)] {
        let (sim, client) = start(Simulator::builder().repos(count)).await;
        let repos = client
            .paginate(ListRepos::default())
            .page_size(10)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(repos.len(), count);
        assert_eq!(sent(&sim, "/v2/manage/repos").len(), requests, "{count}");
    }
}

// ---- links.next: IAM groups ----

#[tokio::test]
async fn next_links_are_followed_on_the_clients_endpoint() {
    let (sim, client) = start(Simulator::builder().groups(7)).await;
    let request = ListGroups {
        domain_id: None,
        ..ListGroups::default()
    };
    let groups = client
        .paginate(request)
        .page_size(3)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(groups.len(), 7);
    assert_eq!(groups[6].name, "group-6");
    assert_eq!(
        sent(&sim, "/v3/groups"),
        [
            "/v3/groups?page=1&per_page=3",
            "/v3/groups?page=2&per_page=3",
            "/v3/groups?page=3&per_page=3",
        ]
    );
    for count in [0usize, 1] {
        let (sim, client) = start(Simulator::builder().groups(count)).await;
        let groups = client
            .paginate(ListGroups::default())
            .page_size(3)
            .collect_all()
            .await
            .unwrap();
        assert_eq!(groups.len(), count);
        assert_eq!(sent(&sim, "/v3/groups").len(), 1);
    }
}

#[tokio::test]
async fn a_repeated_link_is_a_typed_error() {
    let (sim, client) = start(Simulator::builder().groups(9).repeat_next_position(true)).await;
    let mut stream = client.paginate(ListGroups::default()).page_size(3);
    let mut read = 0;
    let err = loop {
        match stream.next().await {
            Some(Ok(_)) => read += 1,
            Some(Err(e)) => break e,
            None => panic!("no error"),
        }
    };
    assert_eq!(read, 6);
    assert!(matches!(&err, Error::Paging(e) if e.kind() == PagingErrorKind::RepeatedLink));
    assert_eq!(sent(&sim, "/v3/groups").len(), 2);
}

#[tokio::test]
async fn a_link_to_another_host_is_refused_and_nothing_is_sent_there() {
    // The list's server gives a next link to a second server, which must never be called.
    let elsewhere = RawServer::respond(200, &[], r#"{"groups":[],"links":{"next":null}}"#).await;
    let body = format!(
        r#"{{"groups":[{{"id":"g1","name":"a","domain_id":"d"}}],"links":{{"next":"{}/v3/groups?page=2"}}}}"#,
        elsewhere.url()
    );
    let server = RawServer::start(Script::Bytes(Arc::new(response(
        200,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-1"),
        ],
        body.as_bytes(),
    ))))
    .await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let mut stream = client.paginate(ListGroups::default());
    assert_eq!(stream.next().await.unwrap().unwrap().name, "a");
    let err = stream.next().await.unwrap().unwrap_err();
    let Error::Paging(paging) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(paging.kind(), PagingErrorKind::ForeignLink);
    assert_eq!(paging.request_id().map(|r| r.as_str()), Some("r-1"));
    assert!(
        err.to_string()
            .starts_with("paging stopped: page 1 gave a next link to another host")
    );
    assert!(stream.next().await.is_none());
    assert_eq!(server.hits(), 1);
    assert_eq!(elsewhere.hits(), 0);
}

// ---- errors and retries between pages ----

#[tokio::test]
async fn an_error_mid_stream_comes_after_the_items_read() {
    // Requests 1 and 2 are answered, the 3rd gets a 500; no retries.
    let sim = Simulator::builder()
        .roles(25)
        .fail_every(3, StatusCode::INTERNAL_SERVER_ERROR)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(cloudwire::auth::Token::new(sim.token()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut stream = client.paginate(ListRoles::default()).page_size(10);
    let mut read = Vec::new();
    let err = loop {
        match stream.next().await {
            Some(Ok(role)) => read.push(role.name),
            Some(Err(e)) => break e,
            None => panic!("no error"),
        }
    };
    assert_eq!(read.len(), 20);
    assert_eq!(read[19], "system_role_19");
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(err.code(), Some("APIGW.0202"));
    assert!(stream.next().await.is_none());
    assert_eq!(sim.request_count(), 3);

    // `collect_all` gives the error instead.
    let sim = Simulator::builder()
        .fail_every(2, StatusCode::INTERNAL_SERVER_ERROR)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(cloudwire::auth::Token::new(sim.token()))
        .build()
        .unwrap();
    let err = client
        .paginate(ListRoles::default())
        .page_size(5)
        .retry(RetryPolicy::none())
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
}

#[tokio::test]
async fn retries_work_across_pages() {
    // Every 3rd request is a 503, which the default policy retries (a GET).
    let (sim, client) = start(
        Simulator::builder()
            .repos(50)
            .fail_every(3, StatusCode::SERVICE_UNAVAILABLE),
    )
    .await;
    let repos = client
        .paginate(ListRepos::default())
        .page_size(10)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(repos.len(), 50);
    assert!(sim.faults_served() >= 2, "{}", sim.faults_served());
    let offsets: Vec<String> = sent(&sim, "/v2/manage/repos");
    // Each page was asked for until answered: 5 pages, plus the retried ones.
    assert_eq!(offsets.len() as u64, 5 + sim.faults_served());
    let mut distinct = offsets.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 5, "{offsets:?}");
}

#[tokio::test]
async fn every_page_is_signed() {
    let sim = Simulator::start().await.unwrap();
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(
            simulator::DEFAULT_ACCESS_KEY,
            simulator::DEFAULT_SECRET_KEY,
        )))
        .build()
        .unwrap();
    // The simulator verifies each signature over the query, which changes each page.
    let roles = client
        .paginate(ListRoles::default())
        .page_size(7)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(roles.len(), simulator::DEFAULT_ROLES);
    let requests = sim.requests();
    assert_eq!(requests.len(), 4);
    assert!(
        requests
            .iter()
            .all(|r| r.headers.contains_key("authorization"))
    );
}

#[tokio::test]
async fn the_stream_is_a_futures_stream_and_can_be_spawned() {
    fn assert_stream<S: futures_core::Stream + Send + 'static>(_: &S) {}
    let (_sim, client) = start(Simulator::builder().instances(4)).await;
    let stream = client.paginate(ListInstances::default()).page_size(3);
    assert_stream(&stream);
    let count = tokio::spawn(async move { stream.collect_all().await.map(|v| v.len()) })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(count, 4);
}

#[tokio::test]
async fn the_simulator_lists_refuse_what_the_services_refuse() {
    use cloudwire::Request;
    use cloudwire::http::Method;
    let (_sim, client) = start(Simulator::builder().instances(1)).await;
    let instance = first_instance(&client).await;
    let cases = [
        ("/v3/roles?page=1".to_owned(), 400, "IAM.0007"),
        ("/v3/roles?page=0&per_page=5".to_owned(), 400, "IAM.0007"),
        ("/v3/groups?per_page=501&page=1".to_owned(), 400, "IAM.0007"),
        (
            "/v2/manage/repos?limit=5".to_owned(),
            400,
            "SVCSTG.REPO.0400",
        ),
        (
            "/v2/manage/repos?offset=0&limit=0".to_owned(),
            400,
            "SVCSTG.REPO.0400",
        ),
        (
            format!("/v1/instances/{instance}/permission-sets?marker=nope"),
            400,
            "IIC.400",
        ),
        (
            format!("/v1/instances/{instance}/permission-sets?limit=101"),
            400,
            "IIC.400",
        ),
        (
            "/v1/instances/ins-none/permission-sets".to_owned(),
            404,
            "IIC.404",
        ),
    ];
    for (path_and_query, status, code) in cases {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((&path_and_query, ""));
        let mut request = Request::new(Method::GET, path);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap();
            request.push_query(k, v);
        }
        let raw = client.send_request(request).await.unwrap();
        assert_eq!(raw.status().as_u16(), status, "{path_and_query}");
        let err = cloudwire::ApiError::from_response(raw);
        assert_eq!(err.code(), Some(code), "{path_and_query}");
    }
    // An SWR page of nothing past the end says so in its range.
    let mut request = Request::new(Method::GET, "/v2/manage/repos");
    request.push_query("offset", "100");
    request.push_query("limit", "10");
    let raw = client.send_request(request).await.unwrap();
    assert_eq!(
        raw.headers()["content-range"],
        format!("0-0/{}", simulator::DEFAULT_REPOS)
    );
    assert_eq!(raw.body(), b"[]");
}

#[tokio::test]
async fn a_server_that_ignores_the_page_number_is_a_typed_error() {
    // Every request gets the same full page and no total: page 2 is page 1 again.
    let body = r#"{"roles":[{"id":"1","name":"a","display_name":"A","type":"AX"},{"id":"2","name":"b","display_name":"B","type":"AX"}]}"#;
    let server = RawServer::respond(200, &[("Content-Type", "application/json")], body).await;
    let client = Client::builder().endpoint(server.url()).build().unwrap();
    let mut stream = client.paginate(ListRoles::default()).page_size(2);
    let mut read = 0;
    let err = loop {
        match stream.next().await {
            Some(Ok(_)) => read += 1,
            Some(Err(e)) => break e,
            None => panic!("no error"),
        }
    };
    assert_eq!(read, 4, "both pages' items come before the error");
    let Error::Paging(paging) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(paging.kind(), PagingErrorKind::RepeatedPage);
    assert_eq!(paging.position(), "/v3/roles?page=2&per_page=2");
    assert!(stream.next().await.is_none());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn max_pages_bounds_the_calls() {
    let (sim, client) = start(Simulator::builder().roles(25)).await;
    let mut pages = client
        .paginate(ListRoles::default())
        .page_size(5)
        .max_pages(2)
        .pages();
    let mut numbers = Vec::new();
    while let Some(page) = pages.next().await {
        numbers.push(page.unwrap().number());
    }
    assert_eq!(numbers, [1, 2]);
    assert_eq!(sent(&sim, "/v3/roles").len(), 2);
    let none = client
        .paginate(ListRoles::default())
        .max_pages(0)
        .pages()
        .collect_all()
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(sent(&sim, "/v3/roles").len(), 2);
}

// ---- the endpoint's own error type ----

/// Identity Center's errors this test cares about.
#[derive(Debug, PartialEq, cloudwire::ServiceError)]
enum IdentityCenterError {
    #[cloudwire(code = "IIC.404")]
    NoSuchInstance,
    #[cloudwire(other)]
    Other(String),
}

/// `ListPermissionSets`, declared with `error = IdentityCenterError`.
#[cloudwire::endpoint(
    GET,
    "/v1/instances/{instance_id}/permission-sets",
    response = cloudwire_examples::services::identity_center::ListPermissionSetsResponse,
    error = IdentityCenterError
)]
struct ListSetsTyped {
    #[cloudwire(path)]
    instance_id: String,
    #[cloudwire(query, limit)]
    limit: Option<u32>,
    #[cloudwire(query, marker)]
    marker: Option<String>,
}

#[tokio::test]
async fn a_typed_error_endpoint_pages_with_its_typed_error() {
    let (_sim, client) = start(Simulator::builder().instances(1).permission_sets(5)).await;
    let instance = first_instance(&client).await;
    let sets = client
        .paginate(ListSetsTyped {
            instance_id: instance,
            limit: None,
            marker: None,
        })
        .page_size(2)
        .collect_all()
        .await
        .expect("the list");
    assert_eq!(sets.len(), 5);

    // The stream's error is the endpoint's: the service's code read as the enum.
    let err: cloudwire::TypedError<IdentityCenterError> = client
        .paginate(ListSetsTyped {
            instance_id: "ins-0000000000000000".to_owned(),
            limit: None,
            marker: None,
        })
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.service(), Some(&IdentityCenterError::NoSuchInstance));
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(err.request_id().is_some());

    // A paging error has no service error, and converts into `cloudwire::Error`.
    let sim = Simulator::builder()
        .instances(1)
        .permission_sets(6)
        .repeat_next_position(true)
        .start()
        .await
        .unwrap();
    let client = sim.client().unwrap();
    let instance = first_instance(&client).await;
    let err = client
        .paginate(ListSetsTyped {
            instance_id: instance,
            limit: Some(2),
            marker: None,
        })
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.service(), None);
    let err: Error = err.into();
    assert!(
        matches!(&err, Error::Paging(e) if e.kind() == PagingErrorKind::RepeatedMarker),
        "{err:?}"
    );
}
