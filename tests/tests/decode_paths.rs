//! The path a decode error names (`DecodeError::path`) is the one a
//! path-tracking deserializer (serde_path_to_error) gives for the same body and
//! type: wrong types, missing members, unknown variants, overflows and broken
//! JSON, compact and pretty-printed, at every depth, and every prefix of a body
//! cut short.

use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{Error, RawResponse};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Root {
    instances: Vec<Instance>,
    page_info: PageInfo,
    #[serde(default)]
    tags: BTreeMap<String, u32>,
    kind: Option<Kind>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Instance {
    id: String,
    size: u32,
    nested: Option<Nested>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Nested {
    a: Vec<Vec<u8>>,
    b: bool,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct PageInfo {
    next_marker: Option<String>,
    current_count: u32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    One,
    Two,
}

/// The path cloudwire names, and the one serde_path_to_error names.
fn paths(body: &str) -> Option<(String, String)> {
    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), body.to_owned());
    let ours = match cloudwire::__private::decode_body::<Root>(&raw) {
        Ok(_) => return None,
        Err(Error::Decode(e)) => e.path().unwrap_or("<none>").to_owned(),
        Err(e) => panic!("not a decode error: {e}"),
    };
    let mut de = serde_json::Deserializer::from_slice(body.as_bytes());
    let reference = match serde_path_to_error::deserialize::<_, Root>(&mut de) {
        Ok(_) => match de.end() {
            Ok(()) => panic!("cloudwire refused what decodes: {body}"),
            Err(_) => ".".to_owned(),
        },
        Err(e) => e.path().to_string(),
    };
    Some((ours, reference))
}

const VALID: &str = r#"{"instances": [{"id": "i-1", "size": 3, "nested": {"a": [[1, 2], []], "b": true}}, {"id": "i-2", "size": 4, "nested": null}], "page_info": {"next_marker": "m", "current_count": 2}, "tags": {"x": 1, "y\n": 2}, "kind": "one"}"#;

const ENUM_MEMBER: &str = r#""kind": "one"}"#;

#[test]
fn the_valid_body_decodes() {
    assert!(VALID.ends_with(ENUM_MEMBER));
    assert!(paths(VALID).is_none());
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(VALID).unwrap())
            .unwrap();
    assert!(paths(&pretty).is_none());
}

#[test]
fn paths_of_wrong_members_are_the_path_tracking_deserializers() {
    let cases = [
        (r#""size": 3"#, r#""size": "3""#),
        (r#""size": 3"#, r#""size": -3"#),
        (r#""size": 3"#, r#""size": 99999999999"#),
        (r#""size": 3"#, r#""size": 3.5"#),
        (r#""size": 3"#, r#""size": null"#),
        (r#""size": 3"#, r#""size": [3]"#),
        (r#""size": 3"#, r#""size": {"v": 3}"#),
        (r#""id": "i-1""#, r#""id": 1"#),
        (r#""id": "i-2""#, r#""id": false"#),
        (r#""id": "i-1", "#, ""),
        (r#""b": true"#, r#""b": "true""#),
        (r#""b": true"#, r#""c": true"#),
        (r#"[[1, 2], []]"#, r#"[[1, 256], []]"#),
        (r#"[[1, 2], []]"#, r#"[[1, 2], [-1]]"#),
        (r#"[[1, 2], []]"#, r#"[[1, 2], {}]"#),
        (r#"[[1, 2], []]"#, r#"[1, []]"#),
        (r#""current_count": 2"#, r#""current_count": "2""#),
        (r#""current_count": 2"#, ""),
        (r#""next_marker": "m", "#, r#""next_marker": 5, "#),
        (r#""x": 1"#, r#""x": "1""#),
        (r#""y\n": 2"#, r#""y\n": -2"#),
        (r#""kind": "one""#, r#""kind": "three""#),
        (r#""kind": "one""#, r#""kind": 1"#),
        (r#""kind": "one""#, r#""kind": {"one": 1}"#),
        (r#""instances": ["#, r#""instances": {"#),
        (r#""size": 3"#, r#""s\u0069ze": "3""#),
        (r#""size": 3"#, r#""size": 3x"#),
        (r#""size": 3"#, r#""size": 3."#),
        (r#""size": 3"#, r#""size": 3e"#),
        (r#""size": 3"#, r#""size": -"#),
        (r#""size": 3"#, r#""size": truex"#),
        (r#""size": 3"#, r#""size": nul"#),
        (r#"{"id": "i-2""#, r#"{"id": "i-2", "id": "again""#),
        (r#""page_info": {"#, r#""page_info": 7, "old": {"#),
    ];
    for (from, to) in cases {
        assert!(VALID.contains(from), "{from}");
        let body = VALID.replacen(from, to, 1);
        let pretty = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .map(|v| serde_json::to_string_pretty(&v).unwrap());
        let (ours, reference) = paths(&body).unwrap_or_else(|| panic!("decoded: {body}"));
        assert_eq!(ours, reference, "{body}");
        // Pretty-printed (lines and indents), when it still fails (a repeated
        // member is gone once read into a `Value`).
        if let Some((ours, reference)) = pretty.as_deref().and_then(paths) {
            assert_eq!(ours, reference, "{}", pretty.unwrap_or_default());
        }
    }
}

#[test]
fn paths_of_broken_bodies_are_the_path_tracking_deserializers() {
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(VALID).unwrap())
            .unwrap();
    let mut compared = 0;
    for body in [VALID, pretty.as_str()] {
        // Every prefix: a body cut short anywhere.
        for end in 1..body.len() {
            if !body.is_char_boundary(end) {
                continue;
            }
            if let Some((ours, reference)) = paths(&body[..end]) {
                assert_eq!(ours, reference, "{}", &body[..end]);
                compared += 1;
            }
        }
        // Stray bytes after the body, and in place of a value.
        for broken in [
            format!("{body} x"),
            format!("{body}}}"),
            body.replacen("true", "tru", 1),
            body.replacen("\"m\"", "m", 1),
            body.replacen(": 2", ": 2x", 1),
            body.replacen(",", ",,", 1),
            body.replacen(":", "", 1),
        ] {
            let (ours, reference) = paths(&broken).unwrap();
            assert_eq!(ours, reference, "{broken}");
            compared += 1;
        }
    }
    assert!(compared > 400, "{compared}");
}

proptest::proptest! {
    /// A byte of the body replaced, removed or added anywhere: the paths agree.
    #[test]
    fn paths_of_mutated_bodies_agree(
        // Not inside the enum member, the last one: an enum written as
        // `{"variant": ...}` is an object to the scan, where a path-tracking
        // deserializer sees the enum (a broken key there reads `kind.?` here,
        // `kind` there).
        at in 0..VALID.len() - ENUM_MEMBER.len(),
        edit in 0..3u8,
        byte in proptest::sample::select(b"{}[],:\" 0123456789-+.eEtrufalsn\\xAZ\n".to_vec()),
    ) {
        let mut body = VALID.as_bytes().to_vec();
        match edit {
            0 => body[at] = byte,
            1 => { body.remove(at); }
            _ => body.insert(at, byte),
        }
        if let Ok(body) = String::from_utf8(body)
            && let Some((ours, reference)) = paths(&body)
        {
            proptest::prop_assert_eq!(ours, reference, "{}", body);
        }
    }
}
