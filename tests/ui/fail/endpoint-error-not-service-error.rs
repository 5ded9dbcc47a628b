// The one error is on the type: the code calling the endpoint adds none.
#[derive(Debug)]
enum ItemError {
    Missing,
}

#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp, error = ItemError)]
struct Req {}

async fn call(client: cloudwire::Client) {
    let _ = client.send(Req {}).await;
}

fn main() {
    let _ = call;
}
