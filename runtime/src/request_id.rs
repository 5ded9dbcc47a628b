//! The request ID that the service assigns to every call.

use std::fmt;
use std::str::FromStr;

/// The ID the service gave a request, from the `X-Request-Id` response header
/// (or, when the header is absent, a `request_id` field in the body).
///
/// Support asks for this value: every [`Error`](crate::Error) that got as far
/// as a response carries it, and a response struct can capture it with
/// `#[cloudwire(request_id)]`.
///
/// ```
/// use cloudwire::RequestId;
///
/// let id: RequestId = "e311530c2d4f51311".parse().unwrap();
/// assert_eq!(id.as_str(), "e311530c2d4f51311");
/// assert_eq!(id.to_string(), "e311530c2d4f51311");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct RequestId(String);

impl RequestId {
    /// Wraps an ID.
    pub fn new(id: impl Into<String>) -> Self {
        RequestId(id.into())
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the ID is empty (a `RequestId` field of a response that carried none).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ID as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RequestId {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(RequestId(s.to_owned()))
    }
}

impl From<String> for RequestId {
    fn from(value: String) -> Self {
        RequestId(value)
    }
}

impl From<&str> for RequestId {
    fn from(value: &str) -> Self {
        RequestId(value.to_owned())
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for RequestId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RequestId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl serde::Serialize for RequestId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for RequestId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(RequestId)
    }
}
