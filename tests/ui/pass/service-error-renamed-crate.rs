// A `ServiceError` with the runtime under another name, a unit catch-all,
// and codes shared by one variant.
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

fn main() {
    assert_eq!(GatewayError::from_code(Some("APIGW.0303")), GatewayError::Unauthorized);
    assert_eq!(GatewayError::from_code(Some("x")), GatewayError::Other);
    assert_eq!(GatewayError::from_code(None), GatewayError::Other);
    assert_eq!(GatewayError::Throttled.code(), Some("APIGW.0308"));
    assert_eq!(GatewayError::Other.code(), None);
    assert_eq!(GatewayError::CODES, ["APIGW.0301", "APIGW.0303", "APIGW.0308"]);
}
