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

/// A borrowed body model with `Option<&str>` and `Vec<&str>` members,
/// written as the SDK writes it (`None` left out).
#[cloudwire::model]
struct NewVpc<'a> {
    name: &'a str,
    description: Option<&'a str>,
    tags: Vec<&'a str>,
}

#[cloudwire::endpoint(POST, "/v1/vpcs", response = User)]
struct CreateVpc<'a> {
    vpc: NewVpc<'a>,
}

fn main() {
    let name = String::from("vpc-1");
    let req = CreateVpc {
        vpc: NewVpc { name: &name, description: None, tags: vec!["a"] },
    }
    .to_request()
    .unwrap();
    assert_eq!(&req.body()[..], br#"{"vpc": {"name": "vpc-1", "tags": ["a"]}}"#);

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
