//! Debug output that never shows credentials.

use http::HeaderMap;
use std::fmt;

/// Header names whose values are secrets.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "x-auth-token",
    "x-subject-token",
    "x-security-token",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Whether the value of header `name` (any case) must never be shown.
pub(crate) fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// Debug-formats a header map with secret values replaced by `***`.
pub(crate) struct Headers<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_secret_header(name.as_str()) {
                map.entry(&name.as_str(), &"***");
            } else {
                map.entry(&name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
            }
        }
        map.finish()
    }
}

/// Whether a JSON member name names a secret (`secret_access_key`, `security_token`,
/// `password`, `signature`, ...).
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "secret",
        "token",
        "password",
        "passwd",
        "signature",
        "private_key",
        "privatekey",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// Replaces the string values of secret-looking members in JSON text (complete
/// or cut short) with `***`, so a body excerpt never carries a credential.
pub(crate) fn json_secrets(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        // A string: find its end.
        let key_start = i + 1;
        let key_end = string_end(bytes, key_start);
        let Some(key_end) = key_end else { break };
        let mut j = key_end + 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b':' && is_secret_key(&text[key_start..key_end]) {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'"' {
                let value_start = j + 1;
                let value_end = string_end(bytes, value_start).unwrap_or(bytes.len());
                out.push_str(&text[copied..value_start]);
                out.push_str("***");
                copied = value_end;
                i = value_end + 1;
                continue;
            }
        }
        i = key_end + 1;
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
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
}
