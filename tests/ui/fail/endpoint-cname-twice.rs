#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/describe-table", response = Resp)]
struct Req {
    #[cloudwire(cname)]
    store_name: String,
    #[cloudwire(cname)]
    bucket_name: String,
}

fn main() {}
