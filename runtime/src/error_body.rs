//! Reading a service's error body the way the official SDKs do.
//!
//! The rule, which matches `DefaultExceptionHandler` of the official Python SDK
//! (`huaweicloudsdkcore`) on every JSON object body:
//!
//! 1. In an object, `encoded_authorization_message` is kept when present.
//! 2. If the object has both `error_code` and `error_msg`, they are the code and
//!    message; else `errorCode` and `errorMsg`; else `code` and `message`. A pair
//!    counts when both keys are present, whatever their values. The search stops
//!    at the first object that has a pair.
//! 3. Otherwise every value that is itself an object (arrays are not searched) is
//!    searched the same way, in document order; a later find overwrites an
//!    earlier one, as in the SDK.
//! 4. A code or message that is `null`, `""`, `0`, `false` or empty counts as
//!    absent. A number is kept as its decimal text, `true`/`false` as `True`/`False`,
//!    an object or array as its JSON text (the SDK uses Python's `repr` there).
//!    `encoded_authorization_message` is kept whatever its value but `null`.
//!
//! Beyond the SDK: a leading UTF-8 byte-order mark is skipped, invalid UTF-8 is
//! read with replacement characters (as the SDK's text decoding does), and a
//! `request_id` member (of the top-level object, else of the object that held the
//! code) is returned for use when the `X-Request-Id` header is missing.
//!
//! Short of the SDK: a body nested 128 levels deep or more (the top-level value
//! is level 1) is not JSON, the whole of it, on both paths below: the fast path
//! skips unread members through [`Skip`], which nests like the general path's
//! tree, so serde_json's recursion limit stops both alike.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// What an error body said, as far as it could be read.
///
/// The code and messages are owned (an error keeps them); the body's
/// `request_id` is borrowed from the body where it has no escapes, so that
/// reading it costs nothing until someone asks for it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ErrorBody<'a> {
    /// Whether the body was a JSON object (the SDK's "understood" case).
    pub(crate) understood: bool,
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) encoded_authorization_message: Option<String>,
    pub(crate) request_id: Option<Cow<'a, str>>,
}

impl ErrorBody<'_> {
    fn into_owned(self) -> ErrorBody<'static> {
        ErrorBody {
            understood: self.understood,
            code: self.code,
            message: self.message,
            encoded_authorization_message: self.encoded_authorization_message,
            request_id: self.request_id.map(|id| Cow::Owned(id.into_owned())),
        }
    }
}

/// Parses an error body. Never fails: a body that is not a JSON object gives an
/// `ErrorBody` with `understood == false` and nothing else set.
pub(crate) fn parse(body: &[u8]) -> ErrorBody<'_> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Some(parsed) = fast_path(body) {
        return parsed;
    }
    match serde_json::from_slice::<Node<'_>>(body) {
        Ok(node) => from_node(&node),
        Err(_) => match std::str::from_utf8(body) {
            // Valid UTF-8 that is not JSON: nothing more to learn.
            Ok(_) => ErrorBody::default(),
            Err(_) => {
                let text = String::from_utf8_lossy(body);
                match serde_json::from_str::<Node<'_>>(&text) {
                    Ok(node) => from_node(&node).into_owned(),
                    Err(_) => ErrorBody::default(),
                }
            }
        },
    }
}

/// The common case without building a tree: a top-level object whose members of
/// interest are all scalars, with a pair at the top level. The SDK stops at a
/// top-level pair, so nested objects do not matter then. Anything else (no pair
/// at the top, an object-valued member of interest, a repeated key, nesting
/// deeper than serde_json's limit) returns `None` and takes the general path, which gives
/// the same answer in every case.
fn fast_path(body: &[u8]) -> Option<ErrorBody<'_>> {
    let top = Top::read(body)?;
    use Scalar::Absent;
    let (code, message) = match (top.error_code, top.error_msg) {
        (Absent, Absent) => match (top.error_code_camel, top.error_msg_camel) {
            (Absent, Absent) => match (top.code, top.message) {
                (Absent, _) | (_, Absent) => return None,
                pair => pair,
            },
            (Absent, _) | (_, Absent) => return None,
            pair => pair,
        },
        (Absent, _) | (_, Absent) => return None,
        pair => pair,
    };
    let request_id = match top.request_id {
        Scalar::Str(s) if !s.is_empty() => Some(s),
        _ => None,
    };
    Some(ErrorBody {
        understood: true,
        code: code.text(),
        message: message.text(),
        encoded_authorization_message: top.encoded_authorization_message.raw_text(),
        request_id,
    })
}

/// How deep JSON may nest, the top-level value counting as 1: serde_json's
/// recursion limit (128 nested values fail), which the general path meets when
/// it builds the tree and the fast path meets through [`Skip`]. A body nested
/// deeper is not JSON, whichever path reads it. Stated here for the tests;
/// serde_json enforces it.
#[cfg(test)]
const MAX_DEPTH: usize = 127;

/// The top-level members the fast path reads; every other member is skipped
/// through [`Skip`], which nests as deep as the general path's tree would, so
/// both paths meet the same depth limit.
#[derive(Default)]
struct Top<'a> {
    error_code: Scalar<'a>,
    error_msg: Scalar<'a>,
    error_code_camel: Scalar<'a>,
    error_msg_camel: Scalar<'a>,
    code: Scalar<'a>,
    message: Scalar<'a>,
    encoded_authorization_message: Scalar<'a>,
    request_id: Scalar<'a>,
}

impl<'a> Top<'a> {
    /// The members of a top-level object; `None` for any other value, a member
    /// of interest that is not a scalar, a repeated one, or too deep a body.
    fn read(body: &'a [u8]) -> Option<Top<'a>> {
        // Filled in place through a seed: the struct is large, and a value
        // returned through serde's `Result` is moved several times.
        let mut top = Top::default();
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        de::DeserializeSeed::deserialize(TopSeed(&mut top), &mut deserializer).ok()?;
        deserializer.end().ok()?;
        Some(top)
    }
}

/// Reads the members of [`Top`] into the one it holds.
struct TopSeed<'t, 'a>(&'t mut Top<'a>);

impl<'de: 'a, 'a> de::DeserializeSeed<'de> for TopSeed<'_, 'a> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for TopSeed<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let top = self.0;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let slot = match key.as_ref() {
                "error_code" => &mut top.error_code,
                "error_msg" => &mut top.error_msg,
                "errorCode" => &mut top.error_code_camel,
                "errorMsg" => &mut top.error_msg_camel,
                "code" => &mut top.code,
                "message" => &mut top.message,
                "encoded_authorization_message" => &mut top.encoded_authorization_message,
                "request_id" => &mut top.request_id,
                _ => {
                    map.next_value::<Skip>()?;
                    continue;
                }
            };
            if !matches!(slot, Scalar::Absent) {
                return Err(de::Error::custom("repeated member"));
            }
            *slot = map.next_value()?;
        }
        Ok(())
    }
}

/// A JSON value read and dropped, nesting as the general path's tree nests
/// (serde_json's `IgnoredAny` skips without counting depth).
struct Skip;

impl<'de> serde::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
}

/// A member of interest as the fast path reads it: absent, or a scalar. An
/// object or array value fails the fast path, which then takes the general one.
#[derive(Default)]
enum Scalar<'a> {
    #[default]
    Absent,
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Cow<'a, str>),
}

impl Scalar<'_> {
    fn raw_text(self) -> Option<String> {
        match self {
            Scalar::Absent | Scalar::Null => None,
            Scalar::Bool(b) => Some(if b { "True" } else { "False" }.to_owned()),
            Scalar::Number(n) => Some(n.to_string()),
            Scalar::Str(s) => Some(s.into_owned()),
        }
    }

    fn text(self) -> Option<String> {
        let node = match self {
            Scalar::Absent | Scalar::Null => return None,
            Scalar::Bool(b) => Node::Bool(b),
            Scalar::Number(n) => Node::Number(n),
            Scalar::Str(s) => return (!s.is_empty()).then(|| s.into_owned()),
        };
        node.text()
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for ScalarVisitor<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number, boolean or null")
            }
            fn visit_unit<E>(self) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'a>, E> {
                serde_json::Number::from_f64(v)
                    .map(Scalar::Number)
                    .ok_or_else(|| E::custom("not a finite number"))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_any(ScalarVisitor(std::marker::PhantomData))
    }
}

/// Reads only a top-level `request_id` string member, for success bodies. A
/// body nested too deep is not JSON (see `MAX_DEPTH`) and has none.
pub(crate) fn request_id_member(body: &[u8]) -> Option<String> {
    struct Probe(Option<String>);
    impl<'de> serde::Deserialize<'de> for Probe {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct ProbeVisitor;
            impl<'de> Visitor<'de> for ProbeVisitor {
                type Value = Probe;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                    let mut id: Option<Option<String>> = None;
                    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                        if key != "request_id" {
                            map.next_value::<Skip>()?;
                        } else if id.replace(map.next_value()?).is_some() {
                            return Err(de::Error::custom("repeated member"));
                        }
                    }
                    Ok(Probe(id.flatten()))
                }
            }
            deserializer.deserialize_map(ProbeVisitor)
        }
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let probe: Probe = serde_json::from_slice(body).ok()?;
    probe.0.filter(|id| !id.is_empty())
}

fn from_node<'a>(node: &Node<'a>) -> ErrorBody<'a> {
    let Node::Object(entries) = node else {
        return ErrorBody::default();
    };
    let mut state = State::default();
    process(entries, &mut state);
    let request_id = string_member(entries, "request_id").or_else(|| {
        state
            .pair_object
            .and_then(|o| string_member(o, "request_id"))
    });
    ErrorBody {
        understood: true,
        code: state.code.and_then(Node::text),
        message: state.message.and_then(Node::text),
        encoded_authorization_message: state.encoded.and_then(Node::raw_text),
        request_id,
    }
}

type Entries<'a> = [(Cow<'a, str>, Node<'a>)];

#[derive(Default)]
struct State<'n, 'a> {
    code: Option<&'n Node<'a>>,
    message: Option<&'n Node<'a>>,
    encoded: Option<&'n Node<'a>>,
    pair_object: Option<&'n Entries<'a>>,
}

const PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

fn process<'n, 'a>(entries: &'n Entries<'a>, state: &mut State<'n, 'a>) {
    if let Some(value) = member(entries, "encoded_authorization_message") {
        state.encoded = Some(value);
    }
    for (code_key, message_key) in PAIRS {
        if let (Some(code), Some(message)) =
            (member(entries, code_key), member(entries, message_key))
        {
            state.code = Some(code);
            state.message = Some(message);
            state.pair_object = Some(entries);
            return;
        }
    }
    for (_, value) in entries {
        if let Node::Object(inner) = value {
            process(inner, state);
        }
    }
}

/// The value of `key`; with repeated keys the last one wins, as in a JSON parser
/// that builds a map.
fn member<'n, 'a>(entries: &'n Entries<'a>, key: &str) -> Option<&'n Node<'a>> {
    entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn string_member<'a>(entries: &Entries<'a>, key: &str) -> Option<Cow<'a, str>> {
    match member(entries, key) {
        Some(Node::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A JSON value that keeps object members in document order and borrows strings
/// from the input where it can.
enum Node<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl Node<'_> {
    /// The value as the SDK keeps it when it does not test it for truth
    /// (`encoded_authorization_message`): only `null` is absent.
    fn raw_text(&self) -> Option<String> {
        match self {
            Node::Null => None,
            Node::Bool(false) => Some("False".to_owned()),
            Node::String(s) => Some(s.clone().into_owned()),
            Node::Number(n) => Some(n.to_string()),
            Node::Bool(true) => self.text(),
            Node::Array(_) | Node::Object(_) => Some(self.to_json()),
        }
    }

    /// The value as the SDK would report it, or `None` when it is "falsy".
    fn text(&self) -> Option<String> {
        match self {
            Node::Null | Node::Bool(false) => None,
            Node::Bool(true) => Some("True".to_owned()),
            Node::Number(n) => {
                let zero = n.as_f64().is_some_and(|f| f == 0.0);
                (!zero).then(|| n.to_string())
            }
            Node::String(s) => (!s.is_empty()).then(|| s.clone().into_owned()),
            Node::Array(items) => (!items.is_empty()).then(|| self.to_json()),
            Node::Object(entries) => (!entries.is_empty()).then(|| self.to_json()),
        }
    }

    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Number(n) => out.push_str(&n.to_string()),
            Node::String(s) => out.push_str(&serde_json::Value::from(s.as_ref()).to_string()),
            Node::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Node::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::from(k.as_ref()).to_string());
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries = Vec::with_capacity(4);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            entries.push((key.0, map.next_value()?));
        }
        Ok(Node::Object(entries))
    }
}

struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> (Option<String>, Option<String>) {
        let b = parse(s.as_bytes());
        (b.code, b.message)
    }

    fn pair(c: &str, m: &str) -> (Option<String>, Option<String>) {
        (Some(c.to_owned()), Some(m.to_owned()))
    }

    #[test]
    fn the_three_key_pairs_in_order_of_precedence() {
        assert_eq!(
            p(r#"{"error_code":"IAM.0011","error_msg":"bad"}"#),
            pair("IAM.0011", "bad")
        );
        assert_eq!(p(r#"{"errorCode":"A","errorMsg":"b"}"#), pair("A", "b"));
        assert_eq!(p(r#"{"code":"A","message":"b"}"#), pair("A", "b"));
        assert_eq!(
            p(
                r#"{"code":"C","message":"m","errorCode":"E","errorMsg":"n","error_code":"X","error_msg":"y"}"#
            ),
            pair("X", "y")
        );
    }

    #[test]
    fn a_half_pair_does_not_count() {
        assert_eq!(
            p(r#"{"error_code":"X","message":"m","code":"C"}"#),
            pair("C", "m")
        );
        assert_eq!(p(r#"{"error_code":"X"}"#), (None, None));
    }

    #[test]
    fn a_present_pair_stops_the_search_even_when_empty() {
        // The SDK takes the first pair whose keys exist; empty values then count as absent.
        assert_eq!(
            p(r#"{"error_code":"","error_msg":"","code":"C","message":"m"}"#),
            (None, None)
        );
        assert_eq!(
            p(r#"{"error_code":null,"error_msg":"m"}"#),
            (None, Some("m".into()))
        );
    }

    #[test]
    fn nested_objects_are_searched_and_arrays_are_not() {
        assert_eq!(
            p(r#"{"error":{"code":404,"message":"Not found","title":"Not Found"}}"#),
            pair("404", "Not found")
        );
        assert_eq!(
            p(r#"{"errors":[{"code":"A","message":"b"}]}"#),
            (None, None)
        );
        assert_eq!(
            p(r#"{"a":{"b":{"c":{"error_code":"D","error_msg":"deep"}}}}"#),
            pair("D", "deep")
        );
    }

    #[test]
    fn a_later_nested_find_overwrites_an_earlier_one() {
        assert_eq!(
            p(
                r#"{"first":{"code":"A","message":"a"},"second":{"error_code":"B","error_msg":"b"}}"#
            ),
            pair("B", "b")
        );
    }

    #[test]
    fn scalar_values_are_rendered_as_the_sdk_would() {
        assert_eq!(
            p(r#"{"code":0,"message":"zero"}"#),
            (None, Some("zero".into()))
        );
        assert_eq!(
            p(r#"{"code":true,"message":false}"#),
            (Some("True".into()), None)
        );
        assert_eq!(p(r#"{"code":-12,"message":1.5}"#), pair("-12", "1.5"));
        assert_eq!(
            p(r#"{"code":"X","message":{"a":1}}"#),
            pair("X", r#"{"a":1}"#)
        );
    }

    #[test]
    fn encoded_authorization_message_is_kept() {
        let b = parse(
            br#"{"error_code":"IAM.0002","error_msg":"denied","encoded_authorization_message":"xyz"}"#,
        );
        assert_eq!(b.encoded_authorization_message.as_deref(), Some("xyz"));
        let b =
            parse(br#"{"error":{"encoded_authorization_message":"n","code":"A","message":"m"}}"#);
        assert_eq!(b.encoded_authorization_message.as_deref(), Some("n"));
    }

    #[test]
    fn request_id_from_the_body() {
        let b = parse(br#"{"error_code":"IIC.1215","error_msg":"m","request_id":"r1"}"#);
        assert_eq!(b.request_id.as_deref(), Some("r1"));
        let b = parse(br#"{"error":{"code":"A","message":"m","request_id":"r2"}}"#);
        assert_eq!(b.request_id.as_deref(), Some("r2"));
        assert_eq!(
            request_id_member(br#"{"x":1,"request_id":"r3"}"#).as_deref(),
            Some("r3")
        );
        assert_eq!(request_id_member(b"[1,2]"), None);
    }

    #[test]
    fn non_object_bodies_are_not_understood() {
        for body in [
            "",
            "<html>502</html>",
            "[1]",
            "\"text\"",
            "{\"error_code\":",
            "null",
        ] {
            let b = parse(body.as_bytes());
            assert!(!b.understood, "{body}");
            assert_eq!((b.code, b.message), (None, None), "{body}");
        }
    }

    #[test]
    fn bom_and_invalid_utf8_are_tolerated() {
        assert_eq!(
            p("\u{feff}{\"code\":\"A\",\"message\":\"b\"}"),
            pair("A", "b")
        );
        let b = parse(b"{\"code\":\"A\",\"message\":\"caf\xE9\"}");
        assert_eq!(b.message.as_deref(), Some("caf\u{FFFD}"));
    }

    #[test]
    fn escaped_strings_and_duplicate_keys() {
        assert_eq!(
            p(r#"{"code":"A\"1","message":"line\nbreak"}"#),
            pair("A\"1", "line\nbreak")
        );
        assert_eq!(
            p(r#"{"code":"A","code":"B","message":"m"}"#),
            pair("B", "m")
        );
    }

    #[test]
    fn fast_path_agrees_with_the_general_path() {
        let bodies = [
            r#"{"error_code":"A","error_msg":"b","request_id":"r","encoded_authorization_message":"e"}"#,
            r#"{"error_code":null,"error_msg":null,"code":"C","message":"M"}"#,
            r#"{"error_code":"","error_msg":"","code":"C","message":"M"}"#,
            r#"{"code":0,"message":true,"error":{"code":"N","message":"n"}}"#,
            r#"{"code":1.5,"message":-3}"#,
            r#"{"errorCode":"E","errorMsg":"m","code":"C"}"#,
            r#"{"code":"C","message":"M","nested":{"error_code":"X","error_msg":"Y"},"list":[1,{"a":2}]}"#,
            r#"{"error_code":"A","error_msg":"caf\u00e9 \"q\""}"#,
        ];
        for body in bodies {
            let fast = fast_path(body.as_bytes()).expect(body);
            let node: Node<'_> = serde_json::from_str(body).unwrap();
            assert_eq!(fast, from_node(&node), "{body}");
        }
        // Shapes the fast path leaves to the general one.
        for body in [
            r#"[1,2]"#,
            r#"{"code":"C"}"#,
            r#"{"code":{"a":1},"message":"m"}"#,
            r#"{"code":"A","code":"B","message":"m"}"#,
            r#"{"error":{"code":"A","message":"b"}}"#,
        ] {
            assert!(fast_path(body.as_bytes()).is_none(), "{body}");
        }
    }

    /// Random bytes, and every prefix of real bodies, never panic and never
    /// lose the excerpt.
    #[test]
    fn arbitrary_input_never_panics() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: &[u8] = b"{}[]\":,\\ 0123abcnull truefalse\xEF\xBB\xBF\xC3\xA9\xFF\x80error_code error_msg message code";
        for _ in 0..20_000 {
            let len = (next() % 64) as usize;
            let body: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = parse(&body);
            let _ = request_id_member(&body);
            let e = crate::error::excerpt(&body, (next() % 16) as usize, false);
            assert!(e.text.len() <= body.len() * 3 + 3);
            let _ = crate::redact::json_secrets(&String::from_utf8_lossy(&body));
        }
        let real = r#"{"error":{"code":"A\"1","message":"caf\u00e9 é","encoded_authorization_message":"x","request_id":"r"},"security_token":"s"}"#;
        for cut in 0..=real.len() {
            let prefix = &real.as_bytes()[..cut];
            let _ = parse(prefix);
            let _ = crate::error::excerpt(prefix, cut / 2, false);
        }
    }

    /// `depth` nested values in all, the top level counting as 1: a top-level
    /// object with a pair, and one member nested `depth - 1` levels; then the
    /// same with the pair in a nested object, which only the general path reads.
    fn deep_bodies(depth: usize) -> [String; 2] {
        let inner = format!("{}1{}", r#"{"a":"#.repeat(depth - 1), "}".repeat(depth - 1));
        [
            format!(r#"{{"error_code":"E","error_msg":"m","request_id":"r","x":{inner}}}"#),
            format!(r#"{{"x":{inner},"e":{{"code":"E","message":"m"}},"request_id":"r"}}"#),
        ]
    }

    #[test]
    fn nesting_past_the_limit_is_not_json_on_either_path() {
        for depth in [2, MAX_DEPTH - 1, MAX_DEPTH] {
            let [top, nested] = deep_bodies(depth);
            assert!(fast_path(top.as_bytes()).is_some(), "depth {depth}");
            for body in [&top, &nested] {
                let b = parse(body.as_bytes());
                assert!(b.understood, "depth {depth}");
                assert_eq!(p(body), pair("E", "m"), "depth {depth}");
                assert_eq!(request_id_member(body.as_bytes()).as_deref(), Some("r"));
            }
            let arrays = format!(
                r#"{{"code":"E","message":"m","x":{}1{}}}"#,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            );
            assert_eq!(p(&arrays), pair("E", "m"), "arrays, depth {depth}");
        }
        for depth in [MAX_DEPTH + 1, 200, 5_000] {
            let [top, nested] = deep_bodies(depth);
            assert!(fast_path(top.as_bytes()).is_none(), "depth {depth}");
            for body in [&top, &nested] {
                assert_eq!(
                    parse(body.as_bytes()),
                    ErrorBody::default(),
                    "depth {depth}"
                );
                assert_eq!(request_id_member(body.as_bytes()), None, "depth {depth}");
            }
            let arrays = format!(
                r#"{{"code":"E","message":"m","x":{}1{}}}"#,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            );
            assert!(
                !parse(arrays.as_bytes()).understood,
                "arrays, depth {depth}"
            );
        }
    }

    #[test]
    fn deep_nesting_does_not_panic() {
        let deep = "[".repeat(100_000);
        assert!(!parse(deep.as_bytes()).understood);
        let deep = format!("{}{}", r#"{"a":"#.repeat(10_000), "1");
        assert!(!parse(deep.as_bytes()).understood);
    }
}
