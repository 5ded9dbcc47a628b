//! `application/x-www-form-urlencoded` bodies, written as the official Python
//! SDK sends them (through `urlencode(..., doseq=True)` with `quote_plus`):
//! members in declaration order, `None` left out, a list as the key repeated,
//! `true`/`false` in lower case, a space as `+`, every byte but
//! `A-Z a-z 0-9 _ . - ~` percent-encoded.

use crate::members::{self, Sink};
use crate::param::{self, ValueError};
use serde::ser::Serialize;

/// Serializes a struct or map as a form body.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, ValueError> {
    let mut out = String::new();
    members::write(value, &mut Form(&mut out))?;
    Ok(out)
}

fn encode_plus(out: &mut String, text: &str) {
    for &b in text.as_bytes() {
        if b == b' ' {
            out.push('+');
        } else if crate::percent::is_unreserved(b) {
            out.push(char::from(b));
        } else {
            crate::percent::encode(out, &[b]);
        }
    }
}

fn pair<T: Serialize + ?Sized>(out: &mut String, key: &str, value: &T) -> Result<(), ValueError> {
    let values = param::from_serialize(value)
        .map_err(|e| ValueError(format!("form member `{key}`: {e}")))?;
    for text in values.iter() {
        if !out.is_empty() {
            out.push('&');
        }
        encode_plus(out, key);
        out.push('=');
        encode_plus(out, text);
    }
    Ok(())
}

/// The members of a form, written into its text.
struct Form<'a>(&'a mut String);

impl Sink for Form<'_> {
    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), ValueError> {
        pair(self.0, key, value)
    }

    fn not_a_body() -> ValueError {
        ValueError(
            "a form body is a struct or a map of names to values; wrap the value in a struct"
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected texts are what `urllib.parse.urlencode(..., doseq=True)` writes.
    #[test]
    fn matches_urlencode() {
        #[derive(serde::Serialize)]
        struct Form {
            grant_type: &'static str,
            scope: Vec<&'static str>,
            enabled: bool,
            missing: Option<u8>,
            note: &'static str,
        }
        let form = Form {
            grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
            scope: vec!["openid", "profile"],
            enabled: true,
            missing: None,
            note: "a b+c/é~",
        };
        assert_eq!(
            to_string(&form).unwrap(),
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&scope=openid&scope=profile&enabled=true&note=a+b%2Bc%2F%C3%A9~"
        );
        assert!(to_string(&3).is_err());
        let map: std::collections::BTreeMap<&str, &str> = [("k y", "v")].into();
        assert_eq!(to_string(&map).unwrap(), "k+y=v");
    }
}
