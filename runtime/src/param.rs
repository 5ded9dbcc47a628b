//! Request values: how a field's value becomes the text of a path segment, a
//! query value or a header value.
//!
//! A value is written through serde when its type is `Serialize` (so an enum
//! goes by its serde name, a [`Secret`](crate::Secret) by its real value, a
//! `bool` as `true`/`false` in a query and `True`/`False` in a path or header,
//! as the SDK writes them), and with `Display` otherwise. Sequences become
//! several values (repeated query pairs; comma-joined in a path or a header),
//! `None` becomes no value at all. Maps and structs have no text form and are
//! refused with an error that names the parameter.

use serde::ser::{self, Impossible, Serialize};
use std::fmt::{self, Display, Write as _};

/// The text of one request value: none (`None`, an empty sequence), one, or
/// several (a sequence).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values {
    first: Option<String>,
    rest: Vec<String>,
    /// The positions of the values that were `bool`s: the SDK writes them
    /// `true` in a query but `True` (Python's `str`) in a path or header.
    bools: Vec<usize>,
}

impl Values {
    /// One value.
    pub fn one(text: String) -> Values {
        Values {
            first: Some(text),
            rest: Vec::new(),
            bools: Vec::new(),
        }
    }

    fn push(&mut self, text: String, is_bool: bool) {
        if is_bool {
            self.bools
                .push(usize::from(self.first.is_some()) + self.rest.len());
        }
        if self.first.is_none() {
            self.first = Some(text);
        } else {
            self.rest.push(text);
        }
    }

    /// Whether there is no value.
    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// The values, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.first.iter().chain(&self.rest).map(String::as_str)
    }

    /// The values as the SDK writes a path or header value (Python's `str`,
    /// a list joined with `,`): a `bool` is `True` or `False` there. `None`
    /// when there is no value.
    pub fn joined(self) -> Option<String> {
        let python = |i: usize, text: String| {
            if !self.bools.contains(&i) {
                text
            } else if text == "true" {
                "True".to_owned()
            } else {
                "False".to_owned()
            }
        };
        let mut out = python(0, self.first?);
        for (i, value) in self.rest.into_iter().enumerate() {
            out.push(',');
            out.push_str(&python(i + 1, value));
        }
        Some(out)
    }

    /// The values, owned.
    pub fn into_vec(self) -> Vec<String> {
        self.into_texts().collect()
    }

    /// The values, owned, in order, without collecting them.
    pub(crate) fn into_texts(self) -> impl Iterator<Item = String> {
        self.first.into_iter().chain(self.rest)
    }
}

/// Why a value has no text form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub(crate) String);

impl Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

impl ser::Error for ValueError {
    fn custom<T: Display>(msg: T) -> Self {
        ValueError(msg.to_string())
    }
}

/// Writes a `Serialize` value as request text.
pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Values, ValueError> {
    let mut values = Values::default();
    value.serialize(Outer(&mut values))?;
    Ok(values)
}

/// Writes a `Display` value as request text (always one value).
pub fn from_display<T: Display + ?Sized>(value: &T) -> Values {
    let mut text = String::new();
    let _ = write!(text, "{value}");
    Values::one(text)
}

fn unsupported(what: &str) -> ValueError {
    ValueError(format!(
        "{what} has no text form for a path, query or header; use a string, a number, a bool, a unit enum or a list of these"
    ))
}

/// A float as Python's `str()` writes it (the SDK formats numbers with it):
/// shortest round-trip digits, `1.0` for whole numbers, exponent past 1e16.
pub(crate) fn float_text(v: f64) -> Result<String, ValueError> {
    if !v.is_finite() {
        return Err(ValueError(format!(
            "the number {v} has no text form for a request"
        )));
    }
    Ok(crate::json::python_float(v))
}

/// The top level: a scalar, `None`, or a sequence of scalars.
struct Outer<'a>(&'a mut Values);

/// One item: a scalar only.
struct Scalar;

macro_rules! scalar_methods {
    ($ret:ty, $wrap:expr, $wrap_bool:expr) => {
        fn serialize_bool(self, v: bool) -> Result<$ret, ValueError> {
            $wrap_bool(self, (if v { "true" } else { "false" }).to_owned())
        }
        fn serialize_i8(self, v: i8) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_i16(self, v: i16) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_i32(self, v: i32) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_i64(self, v: i64) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_i128(self, v: i128) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_u8(self, v: u8) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_u16(self, v: u16) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_u32(self, v: u32) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_u64(self, v: u64) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_u128(self, v: u128) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_f32(self, v: f32) -> Result<$ret, ValueError> {
            {
                // Python has only doubles; an f32 is widened through its shortest text.
                let widened: f64 = v.to_string().parse().unwrap_or(f64::from(v));
                $wrap(self, float_text(widened)?)
            }
        }
        fn serialize_f64(self, v: f64) -> Result<$ret, ValueError> {
            $wrap(self, float_text(v)?)
        }
        fn serialize_char(self, v: char) -> Result<$ret, ValueError> {
            $wrap(self, v.to_string())
        }
        fn serialize_str(self, v: &str) -> Result<$ret, ValueError> {
            $wrap(self, v.to_owned())
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<$ret, ValueError> {
            Err(unsupported("a byte string"))
        }
        fn serialize_unit(self) -> Result<$ret, ValueError> {
            Err(unsupported("`()`"))
        }
        fn serialize_unit_struct(self, name: &'static str) -> Result<$ret, ValueError> {
            Err(unsupported(&format!("the unit struct `{name}`")))
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<$ret, ValueError> {
            $wrap(self, variant.to_owned())
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            name: &'static str,
            _: u32,
            variant: &'static str,
            _: &T,
        ) -> Result<$ret, ValueError> {
            Err(unsupported(&format!(
                "the enum variant `{name}::{variant}` with data"
            )))
        }
        fn serialize_tuple_struct(
            self,
            name: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, ValueError> {
            Err(unsupported(&format!("the tuple struct `{name}`")))
        }
        fn serialize_tuple_variant(
            self,
            name: &'static str,
            _: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, ValueError> {
            Err(unsupported(&format!(
                "the enum variant `{name}::{variant}` with data"
            )))
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ValueError> {
            Err(unsupported("a map"))
        }
        fn serialize_struct(
            self,
            name: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, ValueError> {
            Err(unsupported(&format!("the struct `{name}`")))
        }
        fn serialize_struct_variant(
            self,
            name: &'static str,
            _: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, ValueError> {
            Err(unsupported(&format!(
                "the enum variant `{name}::{variant}` with data"
            )))
        }
    };
}

impl<'a> ser::Serializer for Outer<'a> {
    type Ok = ();
    type Error = ValueError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Impossible<(), ValueError>;
    type SerializeTupleVariant = Impossible<(), ValueError>;
    type SerializeMap = Impossible<(), ValueError>;
    type SerializeStruct = Impossible<(), ValueError>;
    type SerializeStructVariant = Impossible<(), ValueError>;

    scalar_methods!(
        (),
        |this: Outer<'a>, text: String| {
            this.0.push(text, false);
            Ok(())
        },
        |this: Outer<'a>, text: String| {
            this.0.push(text, true);
            Ok(())
        }
    );

    fn serialize_none(self) -> Result<(), ValueError> {
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
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, ValueError> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, ValueError> {
        Ok(self)
    }
}

impl ser::SerializeSeq for Outer<'_> {
    type Ok = ();
    type Error = ValueError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        if let Some((text, is_bool)) = value.serialize(Scalar)? {
            self.0.push(text, is_bool);
        }
        Ok(())
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Outer<'_> {
    type Ok = ();
    type Error = ValueError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

impl ser::Serializer for Scalar {
    type Ok = Option<(String, bool)>;
    type Error = ValueError;
    type SerializeSeq = Impossible<Option<(String, bool)>, ValueError>;
    type SerializeTuple = Impossible<Option<(String, bool)>, ValueError>;
    type SerializeTupleStruct = Impossible<Option<(String, bool)>, ValueError>;
    type SerializeTupleVariant = Impossible<Option<(String, bool)>, ValueError>;
    type SerializeMap = Impossible<Option<(String, bool)>, ValueError>;
    type SerializeStruct = Impossible<Option<(String, bool)>, ValueError>;
    type SerializeStructVariant = Impossible<Option<(String, bool)>, ValueError>;

    scalar_methods!(
        Option<(String, bool)>,
        |_: Scalar, text: String| Ok(Some((text, false))),
        |_: Scalar, text: String| Ok(Some((text, true)))
    );

    fn serialize_none(self) -> Result<Option<(String, bool)>, ValueError> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<Option<(String, bool)>, ValueError> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Option<(String, bool)>, ValueError> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ValueError> {
        Err(unsupported("a list inside a list"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ValueError> {
        Err(unsupported("a tuple inside a list"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    enum Status {
        InProgress,
        #[serde(rename = "done")]
        Done,
    }

    #[derive(Serialize)]
    struct Id(u32);

    fn texts<T: Serialize + ?Sized>(value: &T) -> Vec<String> {
        from_serialize(value).unwrap().into_vec()
    }

    #[test]
    fn scalars_and_enums() {
        assert_eq!(texts("a b"), ["a b"]);
        assert_eq!(texts(&10u8), ["10"]);
        assert_eq!(texts(&-3i64), ["-3"]);
        assert_eq!(texts(&true), ["true"]);
        assert_eq!(texts(&1.0f64), ["1.0"]);
        assert_eq!(texts(&0.1f32), ["0.1"]);
        assert_eq!(texts(&Status::InProgress), ["IN_PROGRESS"]);
        assert_eq!(texts(&Status::Done), ["done"]);
        assert_eq!(texts(&Id(7)), ["7"]);
        assert_eq!(texts(&crate::Secret::new("s3cr3t")), ["s3cr3t"]);
    }

    #[test]
    fn options_and_sequences() {
        assert!(from_serialize(&None::<u8>).unwrap().is_empty());
        assert_eq!(texts(&Some("x")), ["x"]);
        assert_eq!(texts(&vec![1, 2, 3]), ["1", "2", "3"]);
        assert_eq!(texts(&[Some("a"), None, Some("b")]), ["a", "b"]);
        let joined = from_serialize(&vec![Status::Done, Status::InProgress]).unwrap();
        assert_eq!(joined.joined().as_deref(), Some("done,IN_PROGRESS"));
        // A bool is `true` in a query, `True` in a path or header (Python's str).
        assert_eq!(texts(&vec![true, false]), ["true", "false"]);
        let bools = from_serialize(&("a", true, false)).unwrap();
        assert_eq!(bools.joined().as_deref(), Some("a,True,False"));
        assert_eq!(
            from_serialize(&true).unwrap().joined().as_deref(),
            Some("True")
        );
    }

    #[test]
    fn refuses_what_has_no_text_form() {
        let map: std::collections::BTreeMap<&str, u8> = [("a", 1)].into();
        let err = from_serialize(&map).unwrap_err();
        assert!(
            err.to_string().starts_with("a map has no text form"),
            "{err}"
        );
        assert!(from_serialize(&vec![vec![1]]).is_err());
        assert!(from_serialize(&f64::NAN).is_err());
    }

    #[test]
    fn display_values() {
        assert_eq!(
            from_display(&std::net::Ipv4Addr::LOCALHOST).into_vec(),
            ["127.0.0.1"]
        );
    }
}
