//! `multipart/form-data` bodies, written as the official Python SDK sends them
//! (`Client._parse_form_data_body` through `requests_toolbelt`'s
//! `MultipartEncoder`):
//!
//! - the members of a struct or map in order, `None` left out, then the files
//!   ([`FormFile`] members) in their order: the SDK writes every text member
//!   before the first file;
//! - a text part is `Content-Disposition: form-data; name="..."`; a file part
//!   adds `; filename="..."` and, when the file has one, `Content-Type`;
//!   `"`, CR and LF in a name or file name are written `%22`, `%0D`, `%0A`;
//! - values as Python's `str` writes them (`true`/`false` in lower case, floats
//!   in Python's form), text as UTF-8, file contents as they are;
//! - every part opens with `--boundary` and CRLF, ends with CRLF, and the body
//!   ends with `--boundary--` and CRLF; the content type names the boundary:
//!   `multipart/form-data; boundary=...`.
//!
//! Lists, maps and nested structs have no form in such a body (the SDK would
//! send Python's `repr` of them) and are refused with an error that names the
//! member.

use crate::members::{self, Sink, refuse};
use crate::param::{self, ValueError};
use bytes::Bytes;
use serde::ser::{self, Impossible, Serialize, Serializer};
use std::cell::RefCell;
use std::fmt;
use std::path::Path;

/// The name a [`FormFile`] serializes under while a multipart body is written.
const FILE_MARKER: &str = "$cloudwire::multipart::FormFile";

thread_local! {
    /// The files of the multipart body being written on this thread (`None`
    /// when none is): a [`FormFile`] hands itself over here and serializes as
    /// its index, so that any other serializer (JSON, a form) refuses it.
    static FILES: RefCell<Option<Vec<FormFile>>> = const { RefCell::new(None) };
}

#[cfg(feature = "testing")]
thread_local! {
    /// The boundary `testing::fix_multipart_boundary` set on this thread.
    static FIXED_BOUNDARY: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets (or clears) this thread's fixed boundary; returns the one before.
#[cfg(feature = "testing")]
pub(crate) fn set_fixed_boundary(boundary: Option<String>) -> Option<String> {
    FIXED_BOUNDARY.with(|fixed| std::mem::replace(&mut *fixed.borrow_mut(), boundary))
}

/// A file in a `multipart/form-data` body: the file name and, optionally, the
/// content type its part declares, and its contents. The SDK's `FormFile`.
///
/// A `FormFile` member of an endpoint whose content type is
/// `multipart/form-data`, or of the model that is its `#[cloudwire(body)]`,
/// is sent as a file part, after the text members (as the SDK sends it).
/// Anywhere else (a JSON body, a form, a query value) it is refused with an
/// error: it has no other form. It is never read from a response.
///
/// ```
/// use cloudwire::FormFile;
///
/// let chart = FormFile::new("nginx-1.2.0.tgz", b"...".to_vec()).content_type("application/gzip");
/// assert_eq!(chart.filename(), "nginx-1.2.0.tgz");
/// assert_eq!(chart.media_type(), Some("application/gzip"));
/// assert_eq!(chart.data().len(), 3);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FormFile {
    filename: String,
    content_type: Option<String>,
    data: Bytes,
}

impl FormFile {
    /// A file named `filename` (the name its part declares, not a path) with
    /// these contents and no content type (the SDK's default: the part has no
    /// `Content-Type` line).
    pub fn new(filename: impl Into<String>, data: impl Into<Bytes>) -> Self {
        FormFile {
            filename: filename.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Reads the file at `path`; its part is named by the last component of
    /// the path, as the SDK names a file it opens.
    ///
    /// ```no_run
    /// let chart = cloudwire::FormFile::open("charts/nginx-1.2.0.tgz")?.content_type("application/gzip");
    /// assert_eq!(chart.filename(), "nginx-1.2.0.tgz");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let data = std::fs::read(path)?;
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(FormFile::new(filename, data))
    }

    /// The content type the file's part declares. One with control
    /// characters (a line break would end the part's headers) is refused when
    /// the body is written.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name its part declares.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The content type its part declares, if any.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The contents.
    pub fn data(&self) -> &Bytes {
        &self.data
    }
}

impl fmt::Debug for FormFile {
    // The contents may be large and binary: their length only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FormFile")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

impl Serialize for FormFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = FILES.with(|files| {
            files.borrow_mut().as_mut().map(|files| {
                files.push(self.clone());
                files.len() - 1
            })
        });
        match index {
            Some(index) => serializer.serialize_newtype_struct(FILE_MARKER, &index),
            None => Err(ser::Error::custom(
                "a FormFile is sent only in a `multipart/form-data` body: declare `content_type = \"multipart/form-data\"` on the endpoint",
            )),
        }
    }
}

/// A `FormFile` is sent, never read: deserializing one is an error. It exists
/// so that a request model with a file (`#[cloudwire::model]`, which derives
/// both directions) compiles, as the SDK's request models hold a `FormFile`.
impl<'de> serde::Deserialize<'de> for FormFile {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "a FormFile is sent in a multipart/form-data request, never read from a response",
        ))
    }
}

/// Takes the files of one body while it is written; restores the state on drop
/// (also when serialization panics).
struct Collecting(Option<Vec<FormFile>>);

impl Collecting {
    fn start() -> Collecting {
        Collecting(FILES.with(|files| files.borrow_mut().replace(Vec::new())))
    }

    fn finish(mut self) -> Vec<FormFile> {
        let previous = self.0.take();
        FILES
            .with(|files| std::mem::replace(&mut *files.borrow_mut(), previous))
            .unwrap_or_default()
    }
}

impl Drop for Collecting {
    fn drop(&mut self) {
        let previous = self.0.take();
        FILES.with(|files| *files.borrow_mut() = previous);
    }
}

/// One member, as serialized.
enum Part {
    Text(String, String),
    File(String, usize),
}

/// A body written with `boundary`: the bytes and the content type.
pub(crate) fn to_bytes<T: Serialize + ?Sized>(
    value: &T,
    boundary: &str,
) -> Result<Vec<u8>, ValueError> {
    let (parts, files) = parts(value)?;
    Ok(write(&parts, &files, boundary))
}

/// A body with a boundary found in none of its parts: the bytes and the boundary.
pub(crate) fn to_bytes_random<T: Serialize + ?Sized>(
    value: &T,
) -> Result<(Vec<u8>, String), ValueError> {
    let (parts, files) = parts(value)?;
    Ok(with_random_boundary(&parts, &files))
}

/// The body of these parts with a boundary found in none of them (apart
/// from [`to_bytes_random`], which is compiled for each body type).
fn with_random_boundary(parts: &[Part], files: &[FormFile]) -> (Vec<u8>, String) {
    #[cfg(feature = "testing")]
    if let Some(boundary) = FIXED_BOUNDARY.with(|fixed| fixed.borrow().clone()) {
        return (write(parts, files, &boundary), boundary);
    }
    let mut boundary = random_boundary();
    // 128 random bits: a collision is all but impossible, and checked anyway.
    while parts.iter().any(|part| match part {
        Part::Text(name, text) => {
            contains(name.as_bytes(), &boundary) || contains(text.as_bytes(), &boundary)
        }
        Part::File(name, i) => {
            contains(name.as_bytes(), &boundary)
                || contains(files[*i].filename.as_bytes(), &boundary)
                || contains(&files[*i].data, &boundary)
        }
    }) {
        boundary = random_boundary();
    }
    (write(parts, files, &boundary), boundary)
}

fn contains(haystack: &[u8], boundary: &str) -> bool {
    haystack
        .windows(boundary.len())
        .any(|w| w == boundary.as_bytes())
}

/// 32 lowercase hex digits, as the SDK's (`uuid4().hex`), from the standard
/// library's randomly seeded hasher.
fn random_boundary() -> String {
    format!(
        "{:016x}{:016x}",
        crate::retry::random_u64(),
        crate::retry::random_u64()
    )
}

/// Checks a caller's boundary: 1 to 70 characters that RFC 2046 allows in a
/// boundary and RFC 2045 in a parameter token (letters, digits, `'+_-.`), so
/// that `boundary=...` needs no quotes.
pub(crate) fn check_boundary(boundary: &str) -> Result<(), ValueError> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"'+_-.".contains(&b);
    if boundary.is_empty() || boundary.len() > 70 || !boundary.bytes().all(allowed) {
        return Err(ValueError(format!(
            "`{}` is not a multipart boundary: use 1 to 70 letters, digits or '+_-.",
            boundary.escape_debug()
        )));
    }
    Ok(())
}

fn parts<T: Serialize + ?Sized>(value: &T) -> Result<(Vec<Part>, Vec<FormFile>), ValueError> {
    let collecting = Collecting::start();
    let mut parts = Vec::new();
    members::write(value, &mut parts)?;
    ordered(parts, collecting.finish())
}

/// The parts in the SDK's order, once their files are checked (apart from
/// [`parts`], which is compiled for each body type).
fn ordered(
    mut parts: Vec<Part>,
    files: Vec<FormFile>,
) -> Result<(Vec<Part>, Vec<FormFile>), ValueError> {
    // A content type is a header line of its part: a line break in it would
    // end the part's headers early (the SDK writes it unchecked).
    for file in &files {
        if let Some(content_type) = &file.content_type
            && content_type
                .bytes()
                .any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
        {
            return Err(ValueError(format!(
                "the content type of file `{}` has control characters: {:?}",
                file.filename, content_type
            )));
        }
    }
    // Text members first, then the files, each in order (the SDK's order).
    parts.sort_by_key(|part| matches!(part, Part::File(..)));
    Ok((parts, files))
}

fn write(parts: &[Part], files: &[FormFile], boundary: &str) -> Vec<u8> {
    let size: usize = parts
        .iter()
        .map(|part| match part {
            Part::Text(name, text) => name.len() + text.len() + 96,
            Part::File(name, i) => {
                name.len() + files[*i].data.len() + files[*i].filename.len() + 160
            }
        })
        .sum();
    let mut out = Vec::with_capacity(size + 2 * boundary.len() + 8);
    for part in parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        match part {
            Part::Text(name, text) => {
                escape(&mut out, name);
                out.extend_from_slice(b"\"\r\n\r\n");
                out.extend_from_slice(text.as_bytes());
            }
            Part::File(name, i) => {
                let file = &files[*i];
                escape(&mut out, name);
                out.extend_from_slice(b"\"; filename=\"");
                escape(&mut out, &file.filename);
                out.push(b'"');
                if let Some(content_type) = &file.content_type {
                    out.extend_from_slice(b"\r\nContent-Type: ");
                    out.extend_from_slice(content_type.as_bytes());
                }
                out.extend_from_slice(b"\r\n\r\n");
                out.extend_from_slice(&file.data);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    out
}

/// A name in a `Content-Disposition` parameter: `"`, CR and LF percent-encoded
/// (the WHATWG rule urllib3 follows), the rest as UTF-8.
fn escape(out: &mut Vec<u8>, text: &str) {
    for &b in text.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"%22"),
            b'\r' => out.extend_from_slice(b"%0D"),
            b'\n' => out.extend_from_slice(b"%0A"),
            _ => out.push(b),
        }
    }
}

fn not_a_member(key: &str, what: &str) -> ValueError {
    ValueError(format!(
        "multipart member `{key}` is {what}; a member is text, a number, a bool, a unit enum or a FormFile"
    ))
}

impl Sink for Vec<Part> {
    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), ValueError> {
        match value.serialize(Member(key))? {
            Some(Value::Text(text)) => self.push(Part::Text(key.to_owned(), text)),
            Some(Value::File(index)) => self.push(Part::File(key.to_owned(), index)),
            None => {}
        }
        Ok(())
    }

    fn not_a_body() -> ValueError {
        ValueError(
            "a multipart body is a struct or a map of names to values; wrap the value in a struct"
                .into(),
        )
    }
}

/// What one member is: text, a file (its index), or nothing (`None`).
enum Value {
    Text(String),
    File(usize),
}

macro_rules! integers {
    ($($name:ident($ty:ty),)*) => {
        $(fn $name(self, v: $ty) -> Result<Option<Value>, ValueError> {
            Self::text(v.to_string())
        })*
    };
}

/// One member's value; the key names it in errors.
struct Member<'a>(&'a str);

impl Member<'_> {
    fn text(text: String) -> Result<Option<Value>, ValueError> {
        Ok(Some(Value::Text(text)))
    }
}

impl<'a> Serializer for Member<'a> {
    type Ok = Option<Value>;
    type Error = ValueError;
    type SerializeSeq = Impossible<Option<Value>, ValueError>;
    type SerializeTuple = Impossible<Option<Value>, ValueError>;
    type SerializeTupleStruct = Impossible<Option<Value>, ValueError>;
    type SerializeTupleVariant = Impossible<Option<Value>, ValueError>;
    type SerializeMap = Impossible<Option<Value>, ValueError>;
    type SerializeStruct = Impossible<Option<Value>, ValueError>;
    type SerializeStructVariant = Impossible<Option<Value>, ValueError>;

    fn serialize_bool(self, v: bool) -> Result<Option<Value>, ValueError> {
        // Python's `str(value).lower()` for a bool.
        Self::text(if v { "true" } else { "false" }.to_owned())
    }
    integers! {
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_i128(i128), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_u128(u128),
    }
    fn serialize_f32(self, v: f32) -> Result<Option<Value>, ValueError> {
        // Python has only doubles; an f32 is widened through its shortest text.
        let widened: f64 = v.to_string().parse().unwrap_or(f64::from(v));
        self.serialize_f64(widened)
    }
    fn serialize_f64(self, v: f64) -> Result<Option<Value>, ValueError> {
        Self::text(param::float_text(v)?)
    }
    fn serialize_char(self, v: char) -> Result<Option<Value>, ValueError> {
        Self::text(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<Option<Value>, ValueError> {
        Self::text(v.to_owned())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Option<Value>, ValueError> {
        Err(not_a_member(
            self.0,
            "a byte string (send binary data as a FormFile)",
        ))
    }
    fn serialize_none(self) -> Result<Option<Value>, ValueError> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Option<Value>, ValueError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Option<Value>, ValueError> {
        Ok(None)
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<Option<Value>, ValueError> {
        Err(not_a_member(self.0, &format!("the unit struct `{name}`")))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Option<Value>, ValueError> {
        Self::text(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Option<Value>, ValueError> {
        if name == FILE_MARKER {
            return Ok(Some(Value::File(value.serialize(Index)?)));
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<Option<Value>, ValueError> {
        Err(not_a_member(
            self.0,
            &format!("the enum variant `{name}::{variant}` with data"),
        ))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ValueError> {
        Err(not_a_member(self.0, "a list"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ValueError> {
        Err(not_a_member(self.0, "a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ValueError> {
        Err(not_a_member(self.0, &format!("the tuple struct `{name}`")))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ValueError> {
        Err(not_a_member(
            self.0,
            &format!("the enum variant `{name}::{variant}` with data"),
        ))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ValueError> {
        Err(not_a_member(self.0, "a map"))
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, ValueError> {
        Err(not_a_member(self.0, &format!("the struct `{name}`")))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ValueError> {
        Err(not_a_member(
            self.0,
            &format!("the enum variant `{name}::{variant}` with data"),
        ))
    }
}

/// Reads back the index a [`FormFile`] serialized as.
struct Index;

impl Serializer for Index {
    type Ok = usize;
    type Error = ValueError;
    type SerializeSeq = Impossible<usize, ValueError>;
    type SerializeTuple = Impossible<usize, ValueError>;
    type SerializeTupleStruct = Impossible<usize, ValueError>;
    type SerializeTupleVariant = Impossible<usize, ValueError>;
    type SerializeMap = Impossible<usize, ValueError>;
    type SerializeStruct = Impossible<usize, ValueError>;
    type SerializeStructVariant = Impossible<usize, ValueError>;

    fn serialize_u64(self, v: u64) -> Result<usize, ValueError> {
        usize::try_from(v).map_err(|_| not_a_file())
    }

    refuse! { not_a_file();
        serialize_bool(bool) -> usize;
        serialize_i8(i8) -> usize;
        serialize_i16(i16) -> usize;
        serialize_i32(i32) -> usize;
        serialize_i64(i64) -> usize;
        serialize_u8(u8) -> usize;
        serialize_u16(u16) -> usize;
        serialize_u32(u32) -> usize;
        serialize_f32(f32) -> usize;
        serialize_f64(f64) -> usize;
        serialize_char(char) -> usize;
        serialize_str(&str) -> usize;
        serialize_bytes(&[u8]) -> usize;
        serialize_none() -> usize;
        serialize_unit() -> usize;
        serialize_unit_struct(&'static str) -> usize;
        serialize_unit_variant(&'static str, u32, &'static str) -> usize;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<usize, ValueError> {
        Err(not_a_file())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<usize, ValueError> {
        Err(not_a_file())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<usize, ValueError> {
        Err(not_a_file())
    }
}

fn not_a_file() -> ValueError {
    ValueError(format!(
        "`{FILE_MARKER}` is reserved for cloudwire's FormFile"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Upload {
        content: FormFile,
        parameters: Option<String>,
        replicas: u8,
        dry_run: bool,
    }

    fn upload() -> Upload {
        Upload {
            content: FormFile::new("c.tgz", b"\x1f\x8b".to_vec()).content_type("application/gzip"),
            parameters: None,
            replicas: 2,
            dry_run: false,
        }
    }

    #[test]
    fn text_members_then_files() {
        let body = to_bytes(&upload(), "b").unwrap();
        assert_eq!(
            body,
            b"--b\r\nContent-Disposition: form-data; name=\"replicas\"\r\n\r\n2\r\n\
              --b\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\nfalse\r\n\
              --b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"c.tgz\"\r\nContent-Type: application/gzip\r\n\r\n\x1f\x8b\r\n\
              --b--\r\n"
        );
    }

    #[test]
    fn a_form_file_elsewhere_is_an_error() {
        let json = serde_json::to_string(&upload()).unwrap_err().to_string();
        assert!(json.contains("multipart/form-data"), "{json}");
        // And the state is restored after a body was written.
        to_bytes(&upload(), "b").unwrap();
        assert!(serde_json::to_string(&upload()).is_err());
    }

    #[test]
    fn lists_and_nested_values_are_refused_by_name() {
        #[derive(serde::Serialize)]
        struct Nested {
            tags: Vec<&'static str>,
        }
        let err = to_bytes(&Nested { tags: vec!["a"] }, "b").unwrap_err();
        assert!(err.to_string().contains("`tags` is a list"), "{err}");
        assert!(to_bytes(&3, "b").is_err());
    }

    #[test]
    fn a_content_type_cannot_break_its_part() {
        let mut evil = upload();
        evil.content =
            FormFile::new("c.tgz", b"x".to_vec()).content_type("text/plain\r\nX-Evil: 1");
        let err = to_bytes(&evil, "b").unwrap_err();
        assert!(err.to_string().contains("control characters"), "{err}");
        evil.content =
            FormFile::new("c.tgz", b"x".to_vec()).content_type("text/plain;\tcharset=utf-8");
        assert!(to_bytes(&evil, "b").is_ok());
    }

    #[test]
    fn random_boundaries_are_hex_and_differ() {
        let (body, boundary) = to_bytes_random(&upload()).unwrap();
        assert_eq!(boundary.len(), 32);
        assert!(
            boundary
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
        assert_ne!(boundary, to_bytes_random(&upload()).unwrap().1);
    }

    #[test]
    fn boundaries_are_checked() {
        for good in ["b", "0123456789abcdef0123456789abcdef", "a'+_-.b"] {
            assert!(check_boundary(good).is_ok(), "{good}");
        }
        // Characters a boundary may hold but a parameter token may not (they
        // would need quotes in the content type), and the rest.
        for bad in [
            "",
            "a b",
            "a:b",
            "a=b",
            "a/b",
            "a?b",
            "(a)",
            "a,b",
            "quote\"",
            "new\nline",
            &"x".repeat(71),
        ] {
            assert!(check_boundary(bad).is_err(), "{bad:?}");
        }
    }
}
