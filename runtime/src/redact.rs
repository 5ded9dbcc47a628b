//! Debug output that never shows credentials.
//!
//! Two rules, both by name, any case, `-` and `_` alike:
//!
//! - a header or JSON member whose name looks like a credential
//!   ([`looks_secret`]: `authorization`, `signature`, `token`, `secret`,
//!   `password`, `credential`, `session`, `cookie`, `api-key`, `private-key`, ...)
//!   has its value masked wherever cloudwire shows it;
//! - `Debug` of a header map goes further and shows only the values of headers
//!   known to be harmless ([`SHOWN_HEADERS`]): a server may echo a credential
//!   under any name, and a name cloudwire does not know is masked.

use http::HeaderMap;
use std::borrow::Cow;
use std::fmt;

/// Words that make a name a credential's, searched in the name lower-cased
/// with `-`, `_`, `.` and spaces removed (`X-Auth-Token`, `secret_access_key`,
/// `accessKeySecret`, `Proxy-Authorization`, `Set-Cookie`, `SessionId`, ...).
const SECRET_WORDS: &[&str] = &[
    "authorization",
    "signature",
    "token",
    "secret",
    "password",
    "passwd",
    "passphrase",
    "credential",
    "session",
    "cookie",
    "apikey",
    "privatekey",
];

/// Whole names (normalized as for [`SECRET_WORDS`]) that are credentials too short
/// to search for inside other names.
const SECRET_NAMES: &[&str] = &["sk", "pwd", "pass", "auth"];

/// Names that contain a secret word but hold no credential: IAM's encoded
/// explanation of a denied authorization, kept by [`crate::ApiError`].
const NOT_SECRET: &[&str] = &["encodedauthorizationmessage"];

/// Headers whose values `Debug` of a header map shows; every other value is
/// masked. None of them carries a credential.
const SHOWN_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "accept-ranges",
    "age",
    "cache-control",
    "connection",
    "content-encoding",
    "content-language",
    "content-length",
    "content-type",
    "date",
    "etag",
    "expires",
    "host",
    "keep-alive",
    "last-modified",
    "pragma",
    "retry-after",
    "server",
    "strict-transport-security",
    "transfer-encoding",
    "user-agent",
    "vary",
    "x-content-type-options",
    "x-domain-id",
    "x-frame-options",
    "x-language",
    "x-openstack-request-id",
    "x-project-id",
    "x-request-id",
    "x-sdk-content-sha256",
    "x-sdk-content-sm3",
    "x-sdk-date",
    "x-xss-protection",
];

/// Whether a header or member name (any case, `-`/`_` variants) names a credential.
pub(crate) fn looks_secret(name: &str) -> bool {
    // Names are short: normalize on the stack (no allocation per JSON member).
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let mut len = 0;
    for b in name
        .bytes()
        .filter(|b| !matches!(b, b'-' | b'_' | b'.' | b' '))
    {
        let b = b.to_ascii_lowercase();
        if len < stack.len() {
            stack[len] = b;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack);
            }
            heap.push(b);
        }
        len += 1;
    }
    let bytes = if heap.is_empty() {
        &stack[..len]
    } else {
        &heap[..]
    };
    // Only ASCII bytes were changed, so the bytes are still UTF-8.
    let Ok(normalized) = std::str::from_utf8(bytes) else {
        return false;
    };
    if NOT_SECRET.contains(&normalized) {
        return false;
    }
    SECRET_NAMES.contains(&normalized) || SECRET_WORDS.iter().any(|w| normalized.contains(w))
}

/// Whether the value of header `name` (any case) must never be shown.
pub(crate) fn is_secret_header(name: &str) -> bool {
    looks_secret(name)
}

/// Whether `Debug` may show the value of header `name` (a lower-case name, as
/// `http::HeaderName` keeps it).
fn is_shown_header(name: &str) -> bool {
    SHOWN_HEADERS.contains(&name) && !looks_secret(name)
}

/// Debug-formats a header map showing only the values of known-safe headers;
/// every other value is `***`.
pub(crate) struct Headers<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_shown_header(name.as_str()) && !value.is_sensitive() {
                map.entry(&name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
            } else {
                map.entry(&name.as_str(), &"***");
            }
        }
        map.finish()
    }
}

/// Whether scalars in the current container are masked whatever their names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// An object: each member is judged by its name.
    Object,
    /// An array; `true` when it is the value of a secret-looking member (or
    /// inside one through arrays only), so its strings and numbers are masked.
    Array(bool),
}

/// The open containers, innermost last: the first few on the stack, deeper
/// ones on the heap.
struct Frames {
    inline: [Frame; 16],
    len: usize,
    deeper: Vec<Frame>,
}

impl Frames {
    fn new() -> Self {
        Frames {
            inline: [Frame::Object; 16],
            len: 0,
            deeper: Vec::new(),
        }
    }

    fn push(&mut self, frame: Frame) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = frame,
            None => self.deeper.push(frame),
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        if self.len > self.inline.len() {
            self.deeper.pop();
        }
        self.len = self.len.saturating_sub(1);
    }

    fn last(&self) -> Option<Frame> {
        match self.len {
            0 => None,
            n if n <= self.inline.len() => Some(self.inline[n - 1]),
            _ => self.deeper.last().copied(),
        }
    }
}

/// Replaces the string and number values of secret-looking members in JSON text
/// (complete or cut short, valid or not) with `***`, so a body excerpt never
/// carries a credential. Elements of an array that is such a member's value are
/// masked too; an object's members are judged by their own names. Member names
/// are read with their escapes decoded.
pub(crate) fn json_secrets(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut stack = Frames::new();
    // The next value belongs to a secret-looking member.
    let mut secret_member = false;
    let mut i = 0;
    while i < bytes.len() {
        let in_secret_array = stack.last() == Some(Frame::Array(true));
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let Some(end) = string_end(bytes, start) else {
                    // Cut short inside a string: mask the rest if it is a secret.
                    if secret_member || in_secret_array {
                        out.push_str(&text[copied..start]);
                        out.push_str("***");
                        copied = bytes.len();
                    }
                    break;
                };
                let mut j = end + 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b':' {
                    secret_member = looks_secret(&member_name(&text[i..=end]));
                    i = j + 1;
                    continue;
                }
                if secret_member || in_secret_array {
                    out.push_str(&text[copied..start]);
                    out.push_str("***");
                    copied = end;
                }
                secret_member = false;
                i = end + 1;
            }
            b'-' | b'0'..=b'9' => {
                let mut end = i + 1;
                while end < bytes.len()
                    && matches!(bytes[end], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    end += 1;
                }
                if secret_member || in_secret_array {
                    out.push_str(&text[copied..i]);
                    out.push_str("***");
                    copied = end;
                }
                secret_member = false;
                i = end;
            }
            b'[' => {
                stack.push(Frame::Array(secret_member || in_secret_array));
                secret_member = false;
                i += 1;
            }
            b'{' => {
                stack.push(Frame::Object);
                secret_member = false;
                i += 1;
            }
            b']' | b'}' => {
                stack.pop();
                secret_member = false;
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                // `,`, literals and anything that is not JSON.
                secret_member = false;
                i += 1;
            }
        }
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
}

/// The name a JSON string (quotes included) spells, escapes decoded when it has any.
fn member_name(quoted: &str) -> Cow<'_, str> {
    let raw = &quoted[1..quoted.len() - 1];
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    serde_json::from_str::<String>(quoted).map_or(Cow::Borrowed(raw), Cow::Owned)
}

/// The index of the closing quote of a JSON string whose content starts at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut k = start;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 2,
            b'"' => return Some(k),
            _ => k += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_members_are_masked() {
        let body = r#"{"credentials":{"access_key_id":"HSTA1","secret_access_key":"S3cr\"et","security_token":"tok"},"n":"x"}"#;
        assert_eq!(
            json_secrets(body),
            r#"{"credentials":{"access_key_id":"HSTA1","secret_access_key":"***","security_token":"***"},"n":"x"}"#
        );
        assert_eq!(json_secrets(r#"{"password": "abc"#), r#"{"password": "***"#);
        assert_eq!(json_secrets("<html>token</html>"), "<html>token</html>");
        assert_eq!(
            json_secrets(r#"{"a":"é","Token" :  "x"}"#),
            r#"{"a":"é","Token" :  "***"}"#
        );
    }

    #[test]
    fn names_of_every_spelling_are_secret() {
        for name in [
            "authorization",
            "Authorization",
            "Proxy-Authorization",
            "x-auth-token",
            "X_Auth_Token",
            "X-Security-Token",
            "x-subject-token",
            "securityToken",
            "session_token",
            "SessionId",
            "signature",
            "X-Sdk-Signature",
            "secret_access_key",
            "SecretAccessKey",
            "secret-key",
            "accessKeySecret",
            "client_secret",
            "password",
            "PASSWD",
            "passphrase",
            "credential",
            "Credentials",
            "cookie",
            "Set-Cookie",
            "x-api-key",
            "apiKey",
            "private_key",
            "sk",
            "SK",
            "pwd",
            "auth",
        ] {
            assert!(looks_secret(name), "{name}");
            assert!(is_secret_header(name), "{name}");
        }
        for name in [
            "access_key_id",
            "accessKeyId",
            "ak",
            "error_code",
            "error_msg",
            "message",
            "request_id",
            "encoded_authorization_message",
            "name",
            "domain",
            "x-request-id",
            "content-type",
            "author",
            "task",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
        let long = format!("{}_Token", "x-".repeat(60));
        assert!(looks_secret(&long));
        assert!(!looks_secret(&"é-".repeat(60)));
    }

    #[test]
    fn numbers_arrays_escaped_names_and_cut_text() {
        assert_eq!(
            json_secrets(r#"{"pin":1,"password":123456,"passwd":-1.5e3,"n":7}"#),
            r#"{"pin":1,"password":***,"passwd":***,"n":7}"#
        );
        assert_eq!(
            json_secrets(
                r#"{"tokens":["a",["b",2]],"ids":["c"],"cookie":[{"name":"n","value":"v"}]}"#
            ),
            r#"{"tokens":["***",["***",***]],"ids":["c"],"cookie":[{"name":"n","value":"v"}]}"#
        );
        assert_eq!(
            json_secrets(r#"{"pass\u0077ord": "abc", "a\"b": "c"}"#),
            r#"{"pass\u0077ord": "***", "a\"b": "c"}"#
        );
        assert_eq!(
            json_secrets(r#"{"encoded_authorization_message":"kept","authorization":"x"}"#),
            r#"{"encoded_authorization_message":"kept","authorization":"***"}"#
        );
        assert_eq!(json_secrets(r#"{"token": 12"#), r#"{"token": ***"#);
        assert_eq!(json_secrets(r#"{"tokens": ["ab"#), r#"{"tokens": ["***"#);
        assert_eq!(
            json_secrets(r#"{"token": true, "x": "y"}"#),
            r#"{"token": true, "x": "y"}"#
        );
        assert_eq!(
            json_secrets("]]}}{\"token\":\"a\""),
            "]]}}{\"token\":\"***\""
        );
    }

    #[test]
    fn deep_nesting_keeps_the_frames_apart() {
        // Past the frames kept on the stack, and back.
        let open = r#"{"tokens":["#.repeat(5) + &r#"{"a":["#.repeat(20);
        let close = "]}".repeat(20) + &"]}".repeat(5);
        let text = format!(r#"{open}"x"{close}, "n": "v", "password": "p"}}"#);
        let masked = json_secrets(&text);
        assert!(masked.contains(r#"["x"]"#), "{masked}");
        assert!(
            masked.ends_with(r#""n": "v", "password": "***"}"#),
            "{masked}"
        );
        let text = format!(
            r#"{}"y"{}"#,
            r#"{"k":["#.repeat(20),
            r#"], "token": ["z"]}"#.repeat(20)
        );
        let masked = json_secrets(&text);
        assert!(
            masked.contains(r#""y""#) && !masked.contains(r#""z""#),
            "{masked}"
        );
    }

    #[test]
    fn header_debug_shows_only_known_safe_values() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        headers.insert("x-request-id", "r-1".parse().unwrap());
        headers.insert("retry-after", "3".parse().unwrap());
        headers.insert("authorization", "SDK-HMAC-SHA256 sig".parse().unwrap());
        headers.insert("x-debug", "echoed-secret".parse().unwrap());
        headers.insert("x-rate-remaining", "41".parse().unwrap());
        let shown = format!("{:?}", Headers(&headers));
        assert_eq!(
            shown,
            r#"{"content-type": "application/json", "x-request-id": "r-1", "retry-after": "3", "authorization": "***", "x-debug": "***", "x-rate-remaining": "***"}"#
        );
    }
}
