// Borrowed fields on a request struct.
#![deny(warnings)]
use cloudwire::Endpoint;

#[cloudwire::api_response]
struct User {
    name: String,
}

#[cloudwire::endpoint(GET, "/v3/users/{id}", response = User)]
struct GetUser<'a> {
    #[cloudwire(path)]
    id: &'a str,
}

#[cloudwire::endpoint(PATCH, "/v3/users/{id}", response = User)]
struct UpdateUser<'a, 'b: 'a> {
    #[cloudwire(path)]
    id: &'a str,
    #[cloudwire(query)]
    marker: Option<&'b str>,
    #[cloudwire(header = "X-Project-Id")]
    project: &'b str,
    name: &'a str,
    tags: &'a [&'a str],
}

fn main() {
    let id = String::from("u/1");
    let req = GetUser { id: &id }.to_request().unwrap();
    assert_eq!(req.path(), "/v3/users/u%2F1");

    let req = UpdateUser {
        id: "u1",
        marker: Some("m"),
        project: "p",
        name: "alice",
        tags: &["a", "b"],
    }
    .to_request()
    .unwrap();
    assert_eq!(req.path_and_query(), "/v3/users/u1?marker=m");
    assert_eq!(req.headers()["x-project-id"], "p");
    assert_eq!(&req.body()[..], br#"{"name": "alice", "tags": ["a", "b"]}"#);
}
