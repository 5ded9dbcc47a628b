// The one error is the path: the generic response and the code calling the
// endpoint add none.
use cloudwire::Endpoint;

#[cloudwire::api_response]
struct Page<T> {
    items: Vec<T>,
}

#[cloudwire::endpoint(GET, "v1/items", response = Page<T>)]
struct ListItems<T> {
    #[cloudwire(skip)]
    marker: std::marker::PhantomData<T>,
}

fn main() {
    let list = ListItems::<u8> {
        marker: std::marker::PhantomData,
    };
    let _ = list.to_request();
}
