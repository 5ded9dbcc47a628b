// A response with nothing to read, for 204 No Content.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse};

#[cloudwire::api_response(status = 204)]
#[derive(Debug, PartialEq)]
struct Deleted;

#[derive(Debug, cloudwire::ApiResponse)]
#[cloudwire(status = [202, 204])]
struct Accepted {}

#[cloudwire::endpoint(DELETE, "/v3/users/{user_id}", response = Deleted)]
struct DeleteUser {
    #[cloudwire(path)]
    user_id: String,
}

#[cloudwire::endpoint(POST, "/v1/jobs/run", response = Accepted)]
struct RunJobs;

fn main() {
    let req = DeleteUser {
        user_id: "u1".into(),
    }
    .to_request()
    .unwrap();
    assert_eq!(req.path(), "/v3/users/u1");
    assert!(req.body().is_empty());

    let raw = RawResponse::new(StatusCode::NO_CONTENT, HeaderMap::new(), "");
    assert_eq!(Deleted::from_raw(raw).unwrap(), Deleted);
    // Only the listed statuses are successes.
    assert!(Deleted::is_success(StatusCode::NO_CONTENT));
    assert!(!Deleted::is_success(StatusCode::OK));
    // Nothing is read from the body, whatever it holds.
    let raw = RawResponse::new(StatusCode::NO_CONTENT, HeaderMap::new(), "not json");
    assert!(Deleted::from_raw(raw).is_ok());

    assert!(Accepted::is_success(StatusCode::ACCEPTED));
    assert!(!Accepted::is_success(StatusCode::OK));
    let req = RunJobs.to_request().unwrap();
    assert_eq!(req.path(), "/v1/jobs/run");
    assert!(req.body().is_empty());
}
