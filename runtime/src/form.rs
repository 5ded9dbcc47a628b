//! `application/x-www-form-urlencoded` bodies, written as the official Python
//! SDK sends them (through `urlencode(..., doseq=True)` with `quote_plus`):
//! members in declaration order, `None` left out, a list as the key repeated,
//! `true`/`false` in lower case, a space as `+`, every byte but
//! `A-Z a-z 0-9 _ . - ~` percent-encoded.

use crate::param::{self, ValueError};
use serde::ser::{self, Impossible, Serialize};

/// Serializes a struct or map as a form body.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, ValueError> {
    let mut out = String::new();
    value.serialize(Top(&mut out))?;
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

fn not_a_form() -> ValueError {
    ValueError(
        "a form body is a struct or a map of names to values; wrap the value in a struct".into(),
    )
}

struct Top<'a>(&'a mut String);

struct Members<'a> {
    out: &'a mut String,
    key: Option<String>,
}

macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ret, ValueError> { Err(not_a_form()) })*
    };
}

impl<'a> ser::Serializer for Top<'a> {
    type Ok = ();
    type Error = ValueError;
    type SerializeSeq = Impossible<(), ValueError>;
    type SerializeTuple = Impossible<(), ValueError>;
    type SerializeTupleStruct = Impossible<(), ValueError>;
    type SerializeTupleVariant = Impossible<(), ValueError>;
    type SerializeMap = Members<'a>;
    type SerializeStruct = Members<'a>;
    type SerializeStructVariant = Impossible<(), ValueError>;

    refuse! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_none(self) -> Result<(), ValueError> {
        Ok(())
    }
    fn serialize_unit(self) -> Result<(), ValueError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ValueError> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ValueError> {
        Err(not_a_form())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Members<'a>, ValueError> {
        Ok(Members {
            out: self.0,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members<'a>, ValueError> {
        Ok(Members {
            out: self.0,
            key: None,
        })
    }
}

impl ser::SerializeStruct for Members<'_> {
    type Ok = ();
    type Error = ValueError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        pair(self.out, key, value)
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

impl ser::SerializeMap for Members<'_> {
    type Ok = ();
    type Error = ValueError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ValueError> {
        let key = param::from_serialize(key)?
            .joined()
            .ok_or_else(|| ValueError("a form member's name is empty".into()))?;
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        let key = self.key.take().unwrap_or_default();
        pair(self.out, &key, value)
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
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
