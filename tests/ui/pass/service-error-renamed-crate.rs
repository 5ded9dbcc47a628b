// A `ServiceError` with the runtime under another name, a unit catch-all,
// and codes shared by one variant; declared on an endpoint of that crate.
#![deny(warnings)]
extern crate cloudwire as cw;

use cw::ServiceError;

#[derive(Debug, PartialEq, cw::ServiceError)]
#[cloudwire(crate = "cw")]
enum GatewayError {
    #[cloudwire(code = "APIGW.0301", code = "APIGW.0303")]
    Unauthorized,
    #[cloudwire(code = "APIGW.0308")]
    Throttled,
    #[cloudwire(other)]
    Other,
}

#[cw::api_response(crate = "cw", status = 204)]
struct Done;

#[cw::endpoint(DELETE, "/v1/keys/{id}", response = Done, error = GatewayError, crate = "cw")]
struct DeleteKey {
    #[cloudwire(path)]
    id: u32,
}

fn main() {
    let err: cw::TypedError<GatewayError> = cw::Error::from(cw::AuthError::new("none")).into();
    assert_eq!(err.service(), None);
    let _ = <DeleteKey as cw::Endpoint>::to_request(&DeleteKey { id: 1 }).unwrap();
    fn typed<E: cw::Endpoint<Error = cw::TypedError<GatewayError>>>(_: E) {}
    typed(DeleteKey { id: 2 });

    assert_eq!(GatewayError::from_code(Some("APIGW.0303")), GatewayError::Unauthorized);
    assert_eq!(GatewayError::from_code(Some("x")), GatewayError::Other);
    assert_eq!(GatewayError::from_code(None), GatewayError::Other);
    assert_eq!(GatewayError::Throttled.code(), Some("APIGW.0308"));
    assert_eq!(GatewayError::Other.code(), None);
    assert_eq!(GatewayError::CODES, ["APIGW.0301", "APIGW.0303", "APIGW.0308"]);
}
