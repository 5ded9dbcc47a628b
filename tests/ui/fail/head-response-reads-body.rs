#[cloudwire::api_response(status = 204)]
struct Exists {
    #[cloudwire(request_id)]
    request_id: Option<cloudwire::RequestId>,
    user: String,
}

#[cloudwire::endpoint(HEAD, "/v3/groups/{group_id}/users/{user_id}", response = Exists)]
struct CheckUserInGroup {
    #[cloudwire(path)]
    group_id: String,
    #[cloudwire(path)]
    user_id: String,
}

fn main() {}
