//! A request as a mock transport received it, with assertions.

use bytes::Bytes;
use http::{HeaderMap, Method, Uri};
use std::fmt;

/// The most body bytes a failure message shows.
const SHOWN_BODY: usize = 2048;

/// One request as a [`MockTransport`](crate::testing::MockTransport) received
/// it: as it would go on the wire, after authentication and signing, with
/// every header cloudwire sets (`User-Agent`, `Content-Type`, `X-Sdk-Date`,
/// `Authorization`, `Content-Length: 0` on a body-less `POST`, ...). Headers
/// that the HTTP stack adds below cloudwire (`Accept-Encoding`, `Accept`)
/// are not there.
///
/// The `assert_*` methods panic with a message that shows the request, and
/// return `&Self` so they chain. Messages and `Debug`/`Display` never show a
/// credential: the signature of `Authorization`, and the values of
/// `X-Auth-Token`, `X-Security-Token` and every other header whose name looks
/// like a credential, are `***`; so are credential-looking members of a JSON
/// body (`password`, `secret`, ...). Read them with [`header`](Self::header)
/// when a test must.
///
/// ```
/// use cloudwire::testing::{MockTransport, Reply};
/// use cloudwire::serde_json::json;
///
/// #[cloudwire::api_response(status = 201)]
/// struct Created {}
///
/// #[cloudwire::endpoint(POST, "/v1/{project_id}/tags", response = Created)]
/// struct CreateTag {
///     #[cloudwire(path)] project_id: String,
///     #[cloudwire(header = "X-Language")] language: String,
///     key: String,
///     value: Option<String>,
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let mock = MockTransport::new();
/// mock.push(Reply::status(201));
/// let request = CreateTag { project_id: "p 1".into(), language: "en-us".into(), key: "env".into(), value: None };
/// mock.client().send(request).await.unwrap();
///
/// let sent = mock.last_request();
/// sent.assert_method("POST")
///     .assert_path("/v1/p%201/tags")
///     .assert_header("x-language", "en-us")
///     .assert_header("content-type", "application/json")
///     .assert_json(json!({"key": "env"})) // compared as JSON values
///     .assert_attempt(1);
/// assert_eq!(sent.url(), "https://mock.invalid/v1/p%201/tags");
/// # }
/// ```
#[derive(Clone)]
pub struct RecordedRequest {
    number: usize,
    attempt: u32,
    method: Method,
    uri: Uri,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
}

impl RecordedRequest {
    pub(crate) fn new(
        number: usize,
        attempt: u32,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> RecordedRequest {
        let query = uri.query().map(decode_query).unwrap_or_default();
        RecordedRequest {
            number,
            attempt,
            method,
            uri,
            query,
            headers,
            body,
        }
    }

    /// Which request this was to the mock, from 1.
    pub fn number(&self) -> usize {
        self.number
    }

    /// Which attempt of its call this was, from 1 (2 for the first retry).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The whole URL, as sent.
    pub fn url(&self) -> String {
        self.uri.to_string()
    }

    /// The path, percent-encoded as sent, without the query.
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The query as sent (encoded), if any.
    pub fn raw_query(&self) -> Option<&str> {
        self.uri.query()
    }

    /// The query pairs, decoded, in the order sent.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of query key `key`, decoded.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The headers as sent.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name` (any case) as text; `None` when
    /// absent or not UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name)
            .next()
            .and_then(|v| std::str::from_utf8(v).ok())
    }

    pub(crate) fn header_values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a [u8]> {
        let name = http::HeaderName::from_bytes(name.as_bytes()).ok();
        name.into_iter()
            .flat_map(|name| self.headers.get_all(name).iter().map(|v| v.as_bytes()))
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 as U+FFFD).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body read as JSON.
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The decoded query for messages: values of credential-looking keys masked.
    fn shown_query(&self) -> Vec<(&str, &str)> {
        self.query
            .iter()
            .map(|(k, v)| (k.as_str(), masked(k, v)))
            .collect()
    }

    /// Method, path, query, attempt: one line, no credential (the value of
    /// a credential-looking query key is `***`).
    pub(crate) fn summary(&self) -> String {
        let query = self.uri.query().map(|query| {
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if crate::redact::looks_secret(&percent_decode(key)) => {
                        format!("{key}=***")
                    }
                    _ => pair.to_owned(),
                })
                .collect();
            format!("?{}", pairs.join("&"))
        });
        format!(
            "#{} {} {}{} (attempt {})",
            self.number,
            self.method,
            self.uri.path(),
            query.unwrap_or_default(),
            self.attempt
        )
    }

    #[track_caller]
    fn fail(&self, what: fmt::Arguments<'_>) -> ! {
        panic!("{what}\nthe request sent:\n{self}")
    }

    /// Asserts the method (`"GET"` or a [`Method`]).
    #[track_caller]
    pub fn assert_method(&self, method: impl AsRef<str>) -> &Self {
        if self.method.as_str() != method.as_ref() {
            self.fail(format_args!(
                "expected method {}, sent {}",
                method.as_ref(),
                self.method
            ));
        }
        self
    }

    /// Asserts the path, percent-encoded as sent (`/v1/a%20b`), without the query.
    #[track_caller]
    pub fn assert_path(&self, path: &str) -> &Self {
        if self.path() != path {
            self.fail(format_args!(
                "expected path `{path}`, sent `{}`",
                self.path()
            ));
        }
        self
    }

    /// Asserts that the query holds this pair (decoded text), among others.
    #[track_caller]
    pub fn assert_query(&self, key: &str, value: &str) -> &Self {
        if !self.query.iter().any(|(k, v)| k == key && v == value) {
            let value = masked(key, value);
            self.fail(format_args!(
                "expected query pair `{key}` = `{value}`, sent {:?}",
                self.shown_query()
            ));
        }
        self
    }

    /// Asserts the whole query: exactly these pairs (decoded), in this order.
    #[track_caller]
    pub fn assert_query_pairs(&self, pairs: &[(&str, &str)]) -> &Self {
        let same = self.query.len() == pairs.len()
            && self
                .query
                .iter()
                .zip(pairs)
                .all(|((k, v), (ek, ev))| k == ek && v == ev);
        if !same {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, masked(k, v))).collect();
            self.fail(format_args!(
                "expected query {pairs:?}, sent {:?}",
                self.shown_query()
            ));
        }
        self
    }

    /// Asserts that query key `key` was not sent.
    #[track_caller]
    pub fn assert_no_query(&self, key: &str) -> &Self {
        if self.query.iter().any(|(k, _)| k == key) {
            self.fail(format_args!("expected no query key `{key}`"));
        }
        self
    }

    /// Asserts a header's value (name in any case; one of its values, when
    /// it repeats). The values of credential headers are not shown on failure.
    #[track_caller]
    pub fn assert_header(&self, name: &str, value: &str) -> &Self {
        if !self.header_values(name).any(|v| v == value.as_bytes()) {
            let shown = if crate::redact::is_secret_header(name) {
                "***"
            } else {
                value
            };
            self.fail(format_args!("expected header `{name}: {shown}`"));
        }
        self
    }

    /// Asserts that a header was sent, whatever its value.
    #[track_caller]
    pub fn assert_header_present(&self, name: &str) -> &Self {
        if self.header_values(name).next().is_none() {
            self.fail(format_args!("expected a header `{name}`"));
        }
        self
    }

    /// Asserts that a header was not sent.
    #[track_caller]
    pub fn assert_no_header(&self, name: &str) -> &Self {
        if self.header_values(name).next().is_some() {
            self.fail(format_args!("expected no header `{name}`"));
        }
        self
    }

    /// Asserts the body as JSON: equal to `expected` as JSON values (member
    /// order and spacing do not matter).
    #[track_caller]
    pub fn assert_json(&self, expected: impl serde::Serialize) -> &Self {
        let expected = match serde_json::to_value(&expected) {
            Ok(value) => value,
            Err(e) => panic!("the expected JSON did not serialize: {e}"),
        };
        match self.json() {
            Ok(sent) if sent == expected => {}
            Ok(_) => self.fail(format_args!(
                "expected the JSON body {}",
                crate::redact::json_secrets(&expected.to_string())
            )),
            Err(e) => self.fail(format_args!(
                "expected the JSON body {}, but the body is not JSON ({e})",
                crate::redact::json_secrets(&expected.to_string())
            )),
        }
        self
    }

    /// Asserts the body bytes.
    #[track_caller]
    pub fn assert_body(&self, expected: impl AsRef<[u8]>) -> &Self {
        let expected = expected.as_ref();
        if self.body.as_ref() != expected {
            self.fail(format_args!(
                "expected the body {:?}",
                crate::redact::json_secrets(&String::from_utf8_lossy(expected))
            ));
        }
        self
    }

    /// Asserts that no body was sent.
    #[track_caller]
    pub fn assert_no_body(&self) -> &Self {
        if !self.body.is_empty() {
            self.fail(format_args!("expected no body"));
        }
        self
    }

    /// Asserts which attempt of its call this request was (1: the first).
    #[track_caller]
    pub fn assert_attempt(&self, attempt: u32) -> &Self {
        if self.attempt != attempt {
            self.fail(format_args!(
                "expected attempt {attempt}, this was attempt {}",
                self.attempt
            ));
        }
        self
    }
}

/// A query value for messages: `***` when its key looks like a credential's.
fn masked<'a>(key: &str, value: &'a str) -> &'a str {
    if crate::redact::looks_secret(key) {
        "***"
    } else {
        value
    }
}

/// A header value for messages: the signature of `Authorization` and the
/// values of credential headers masked.
fn shown_header(name: &str, value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    if name.eq_ignore_ascii_case("authorization") {
        // `SDK-HMAC-SHA256 Access=AK, SignedHeaders=..., Signature=<hex>`:
        // everything but the signature helps; a bearer token is all secret.
        return match text.find("Signature=") {
            Some(at) => format!("{}***", &text[..at + "Signature=".len()]),
            None => match text.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} ***"),
                None => "***".to_owned(),
            },
        };
    }
    if crate::redact::is_secret_header(name) {
        return "***".to_owned();
    }
    text.into_owned()
}

impl fmt::Display for RecordedRequest {
    /// The request as sent, one header a line, credentials masked, the body
    /// cut at 2 KiB with credential-looking JSON members masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  {}", self.summary())?;
        for (name, value) in &self.headers {
            writeln!(
                f,
                "  {}: {}",
                name,
                shown_header(name.as_str(), value.as_bytes())
            )?;
        }
        if self.body.is_empty() {
            write!(f, "  (no body)")
        } else {
            let cut = self.body.len().min(SHOWN_BODY);
            let text = String::from_utf8_lossy(&self.body[..cut]);
            write!(f, "  body: {}", crate::redact::json_secrets(&text))?;
            if cut < self.body.len() {
                write!(f, " ... ({} bytes)", self.body.len())?;
            }
            Ok(())
        }
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), shown_header(n.as_str(), v.as_bytes())))
            .collect();
        f.debug_struct("RecordedRequest")
            .field("number", &self.number)
            .field("attempt", &self.attempt)
            .field("method", &self.method)
            .field("request", &self.summary())
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Decodes `a=1&b=x%20y` into pairs (`%XX` decoded; `+` is kept, since
/// cloudwire writes a space as `%20`).
fn decode_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_decoded_in_order() {
        assert_eq!(
            decode_query("b=x%20y&a=1&a=&c&d=%E2%82%AC%2"),
            [
                ("b".into(), "x y".into()),
                ("a".into(), "1".into()),
                ("a".into(), String::new()),
                ("c".into(), String::new()),
                ("d".into(), "€%2".into()),
            ]
        );
    }

    #[test]
    fn the_summary_masks_credential_query_values() {
        let request = RecordedRequest::new(
            3,
            2,
            Method::GET,
            "https://h/v1/x?limit=5&access_token=abc&X-Auth-Token=def&marker=m"
                .parse()
                .unwrap(),
            HeaderMap::new(),
            Bytes::new(),
        );
        assert_eq!(
            request.summary(),
            "#3 GET /v1/x?limit=5&access_token=***&X-Auth-Token=***&marker=m (attempt 2)"
        );
        // The decoded query keeps the values, for assertions.
        assert_eq!(request.query_value("access_token"), Some("abc"));
        // A failed assertion shows neither the sent nor the expected secret.
        let shown = std::panic::catch_unwind(|| {
            request.assert_query("access_token", "xyz");
        })
        .unwrap_err();
        let shown = shown.downcast_ref::<String>().unwrap();
        assert!(
            shown.starts_with("expected query pair `access_token` = `***`, sent [(\"limit\", \"5\"), (\"access_token\", \"***\"), (\"X-Auth-Token\", \"***\"), (\"marker\", \"m\")]"),
            "{shown}"
        );
        for secret in ["abc", "def", "xyz"] {
            assert!(!shown.contains(secret), "{shown}");
            assert!(!format!("{request:?}").contains(secret));
        }
    }

    #[test]
    fn credentials_are_masked() {
        assert_eq!(
            shown_header(
                "Authorization",
                b"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc123"
            ),
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=***"
        );
        assert_eq!(
            shown_header("authorization", b"Bearer eyJ.x.y"),
            "Bearer ***"
        );
        assert_eq!(shown_header("X-Auth-Token", b"MIIE-secret"), "***");
        assert_eq!(shown_header("x-security-token", b"gQpj-secret"), "***");
        assert_eq!(shown_header("x-domain-id", b"d78"), "d78");
    }
}
