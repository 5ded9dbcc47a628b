// Raw identifiers, renamed parameters, and every query and header shape.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse};

#[cloudwire::api_response]
struct Volume {
    r#type: String,
    #[cloudwire(header = "X-Trace")]
    r#ref: Option<String>,
}

#[cloudwire::endpoint(GET, "/v2/{project_id}/volumes/{type}/{volume_id}", response = Volume)]
struct GetVolume {
    #[cloudwire(path = "project_id")]
    project: String,
    #[cloudwire(path)]
    r#type: String,
    #[cloudwire(path = "volume_id")]
    id: u64,
    #[cloudwire(query)]
    r#match: String,
    #[cloudwire(query = "limit")]
    max: u32,
    #[cloudwire(query)]
    tags: Option<Vec<String>>,
    #[cloudwire(query = "id")]
    ids: Vec<u32>,
    #[cloudwire(query)]
    marker: Option<String>,
    #[cloudwire(header = "X-Project-Id")]
    project_header: Option<String>,
    #[cloudwire(header = "X-Language")]
    language: Option<String>,
}

#[cloudwire::endpoint(GET, "/v2/volumes", response = Volume)]
struct ListVolumes {
    #[cloudwire(query)]
    r#type: String,
    #[cloudwire(query)]
    r#in: Option<Vec<String>>,
}

#[cloudwire::endpoint(POST, "/v2/volumes", response = Volume)]
struct CreateVolume {
    r#type: String,
    r#async: bool,
}

fn main() {
    let get = GetVolume {
        project: "p 1".into(),
        r#type: "ssd".into(),
        id: 7,
        r#match: "a&b".into(),
        max: 10,
        tags: Some(vec!["x".into(), "y".into()]),
        ids: vec![1, 2],
        marker: None,
        project_header: Some("p1".into()),
        language: None,
    };
    let req = get.to_request().unwrap();
    assert_eq!(req.path(), "/v2/p%201/volumes/ssd/7");
    assert_eq!(
        req.path_and_query(),
        "/v2/p%201/volumes/ssd/7?id=1&id=2&limit=10&match=a%26b&tags=x&tags=y"
    );
    assert_eq!(req.headers()["x-project-id"], "p1");
    assert!(req.headers().get("x-language").is_none());

    let get = GetVolume {
        tags: None,
        ids: vec![],
        ..get
    };
    assert_eq!(
        get.to_request().unwrap().path_and_query(),
        "/v2/p%201/volumes/ssd/7?limit=10&match=a%26b"
    );

    let list = ListVolumes {
        r#type: "ssd".into(),
        r#in: Some(vec!["az1".into(), "az2".into()]),
    };
    let req = list.to_request().unwrap();
    assert_eq!(req.path_and_query(), "/v2/volumes?in=az1&in=az2&type=ssd");

    let req = CreateVolume {
        r#type: "ssd".into(),
        r#async: true,
    }
    .to_request()
    .unwrap();
    assert_eq!(&req.body()[..], br#"{"type": "ssd", "async": true}"#);

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), r#"{"type":"ssd"}"#);
    let volume = Volume::from_raw(raw).unwrap();
    assert_eq!(volume.r#type, "ssd");
    assert_eq!(volume.r#ref, None);
}
