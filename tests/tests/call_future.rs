//! The size of a call's future, pinned: every call in flight keeps one, so
//! under load (hundreds of concurrent calls) its size is memory and cache
//! traffic. The ceilings are the sizes measured when they were set (rustc
//! 1.95, unoptimised and optimised alike); lower them when a change does
//! better. A future that holds the request twice, keeps its parts, URL or
//! an attempt's result across a wait (the backoff's), or carries a call's
//! options when none were set, is how they grew before.

use cloudwire::Client;
use cloudwire::auth::Token;
use cloudwire_examples::services::{iam, identity_center};

fn client() -> Client {
    Client::builder()
        .endpoint("https://iam.example.com")
        .auth(Token::new("token"))
        .build()
        .unwrap()
}

#[test]
fn a_calls_future_stays_small() {
    let client = client();
    let list = client.send(identity_center::ListInstances {
        limit: Some(10),
        marker: None,
    });
    let create = client.send(iam::CreateUser {
        user: iam::NewUser::new("alice", "d78cbac1"),
    });
    let raw = client.send_request(cloudwire::Request::new(
        cloudwire::http::Method::GET,
        "/v1/instances",
    ));
    let sizes = [
        ("client.send(ListInstances)", size_of_val(&list), 1088),
        ("client.send(CreateUser)", size_of_val(&create), 1088),
        ("client.send_request(..)", size_of_val(&raw), 1080),
    ];
    let mut over = Vec::new();
    for (what, size, ceiling) in sizes {
        println!("{what}: {size} bytes (pinned at most {ceiling})");
        if size > ceiling {
            over.push(format!("{what}: {size} bytes, pinned at most {ceiling}"));
        }
    }
    assert!(over.is_empty(), "larger than pinned:\n{}", over.join("\n"));
}
