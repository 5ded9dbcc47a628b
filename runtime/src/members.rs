//! The top level of a form or multipart body: a struct or a map (`None` and
//! `()` as no members), whose members a [`Sink`] writes one by one. Anything
//! else has no members and is refused.

use crate::param::{self, ValueError};
use serde::ser::{self, Impossible, Serialize};

/// Writes one member of a body.
pub(crate) trait Sink {
    /// Writes `value` under `key`.
    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), ValueError>;

    /// The error for a value that is not a struct or a map.
    fn not_a_body() -> ValueError;
}

/// Writes the members of `value` into `sink`.
pub(crate) fn write<T: Serialize + ?Sized, S: Sink>(
    value: &T,
    sink: &mut S,
) -> Result<(), ValueError> {
    value.serialize(Top(sink))
}

struct Top<'a, S>(&'a mut S);

/// The members of a struct or map, in order.
struct Members<'a, S> {
    sink: &'a mut S,
    key: Option<String>,
}

/// Serializer methods that all fail with `$err` (the shapes a body or a value
/// of some kind does not have).
macro_rules! refuse {
    ($err:expr; $($name:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ret, ValueError> { Err($err) })*
    };
}
pub(crate) use refuse;

impl<'a, S: Sink> ser::Serializer for Top<'a, S> {
    type Ok = ();
    type Error = ValueError;
    type SerializeSeq = Impossible<(), ValueError>;
    type SerializeTuple = Impossible<(), ValueError>;
    type SerializeTupleStruct = Impossible<(), ValueError>;
    type SerializeTupleVariant = Impossible<(), ValueError>;
    type SerializeMap = Members<'a, S>;
    type SerializeStruct = Members<'a, S>;
    type SerializeStructVariant = Impossible<(), ValueError>;

    refuse! { S::not_a_body();
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
        Err(S::not_a_body())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Members<'a, S>, ValueError> {
        Ok(Members {
            sink: self.0,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members<'a, S>, ValueError> {
        Ok(Members {
            sink: self.0,
            key: None,
        })
    }
}

impl<S: Sink> ser::SerializeStruct for Members<'_, S> {
    type Ok = ();
    type Error = ValueError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        self.sink.member(key, value)
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

impl<S: Sink> ser::SerializeMap for Members<'_, S> {
    type Ok = ();
    type Error = ValueError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ValueError> {
        let key = param::from_serialize(key)?
            .joined()
            .ok_or_else(|| ValueError("a member's name is empty".into()))?;
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        let key = self.key.take().unwrap_or_default();
        self.sink.member(&key, value)
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}
