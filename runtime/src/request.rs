//! Requests: what an endpoint sends, before a client gives it a base URL and credentials.

use crate::error::Error;
use crate::response::ApiResponse;
use crate::service_error::EndpointError;
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use std::borrow::Cow;
use std::fmt;

/// A call to one API operation: how to build its request and what its response is.
///
/// `#[endpoint(...)]` implements this for a request struct; implement it by hand
/// only for an operation the macro cannot describe.
///
/// ```
/// use cloudwire::{Endpoint, Request, http::Method};
///
/// #[cloudwire::api_response]
/// struct Versions { versions: Vec<String> }
///
/// struct ListVersions;
///
/// impl Endpoint for ListVersions {
///     type Response = Versions;
///     type Error = cloudwire::Error; // or `cloudwire::TypedError<MyServiceError>`
///     fn to_request(&self) -> Result<Request, cloudwire::Error> {
///         Ok(Request::new(Method::GET, "/versions"))
///     }
/// }
///
/// let req = ListVersions.to_request().unwrap();
/// assert_eq!(req.path_and_query(), "/versions");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an endpoint",
    label = "put `#[cloudwire::endpoint(METHOD, \"/path\", response = Type)]` on `{Self}`"
)]
pub trait Endpoint {
    /// The typed response.
    type Response: ApiResponse;

    /// The error a call returns: [`Error`], or [`TypedError<S>`](crate::TypedError)
    /// for an endpoint declared with `error = S` (`#[derive(ServiceError)]`
    /// enum `S`), which carries the service's error as `S` too.
    type Error: EndpointError;

    /// Builds the request: method, path, query, headers and body.
    fn to_request(&self) -> Result<Request, Error>;
}

impl<E: Endpoint + ?Sized> Endpoint for &E {
    type Response = E::Response;
    type Error = E::Error;

    fn to_request(&self) -> Result<Request, Error> {
        (**self).to_request()
    }
}

/// A request relative to a service's base URL.
///
/// The path is kept percent-encoded, the query as raw (unencoded) pairs so that a
/// signer can put them in canonical order; both are encoded once, on the way out.
///
/// ```
/// use cloudwire::{Request, http::Method};
///
/// let mut req = Request::new(Method::GET, "/v1/instances");
/// req.push_query("limit", "10");
/// req.push_query("marker", "a b/c");
/// assert_eq!(req.path_and_query(), "/v1/instances?limit=10&marker=a%20b%2Fc");
/// ```
#[derive(Clone)]
pub struct Request {
    method: Method,
    path: String,
    /// Keys are borrowed when they are a template's literals (no copy per call).
    query: Vec<(Cow<'static, str>, String)>,
    headers: HeaderMap,
    body: Bytes,
    template: Option<&'static str>,
    idempotent: Option<bool>,
    max_attempts: Option<u32>,
    /// The [`CredentialId`]s the path holds as placeholders, one bit each.
    credential_ids: u8,
    /// The label put before the endpoint's host (the SDK's `cname`).
    cname: Option<Box<str>>,
}

/// An ID a request's path takes from the client's credentials, as the
/// official SDK fills a path's `{project_id}` (regional services) and
/// `{domain_id}` (global services) when the request does not give one.
///
/// [`Request::push_path_credential_id`] writes the placeholder; the client
/// fills it when it prepares the request, with the ID its
/// [`Authenticate`](crate::auth::Authenticate) gives
/// ([`AkSk`](crate::auth::AkSk): the credentials' ID, discovered from IAM for
/// a client of [`Config`](crate::config::Config)). An endpoint whose path has
/// `{project_id}` or `{domain_id}` and no field of that name is built this way.
///
/// ```
/// use cloudwire::{CredentialId, Request, http::Method};
///
/// let mut request = Request::new(Method::GET, "/v1/");
/// request.push_path_credential_id(CredentialId::Project);
/// request.push_path_literal("/cloudservers");
/// assert_eq!(request.path(), "/v1/{project_id}/cloudservers");
/// assert_eq!(request.credential_ids().collect::<Vec<_>>(), [CredentialId::Project]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialId {
    /// The project ID (`{project_id}`; the `X-Project-Id` of AK/SK signing).
    Project,
    /// The account's domain ID (`{domain_id}`; the `X-Domain-Id` of AK/SK signing).
    Domain,
}

impl CredentialId {
    const ALL: [CredentialId; 2] = [CredentialId::Project, CredentialId::Domain];

    /// The placeholder's name: `project_id` or `domain_id`.
    pub fn name(self) -> &'static str {
        match self {
            CredentialId::Project => "project_id",
            CredentialId::Domain => "domain_id",
        }
    }

    /// The placeholder as the path holds it until it is filled.
    fn placeholder(self) -> &'static str {
        match self {
            CredentialId::Project => "{project_id}",
            CredentialId::Domain => "{domain_id}",
        }
    }

    fn bit(self) -> u8 {
        match self {
            CredentialId::Project => 1,
            CredentialId::Domain => 2,
        }
    }
}

/// Refuses a path parameter's value that is empty or a dot-segment (`.`,
/// `..`): as one segment, each would address another resource.
pub(crate) fn check_path_segment(name: &str, text: &str) -> Result<(), Error> {
    if text.is_empty() {
        return Err(Error::build(
            format!("path parameter `{name}` is empty"),
            None,
        ));
    }
    if text == "." || text == ".." {
        return Err(Error::build(
            format!(
                "path parameter `{name}` is `{text}`, a dot-segment that would address another resource"
            ),
            None,
        ));
    }
    Ok(())
}

impl Request {
    /// A request with a method and an already-encoded path.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            template: None,
            idempotent: None,
            max_attempts: None,
            credential_ids: 0,
            cname: None,
        }
    }

    /// The name put before the endpoint's host, if any: a request with
    /// `store-1` is sent to `https://store-1.kvs.example.com` by a client of
    /// `https://kvs.example.com`, as the official SDK sends an operation's
    /// `cname` parameter (KVS's `store_name`).
    pub fn cname(&self) -> Option<&str> {
        self.cname.as_deref()
    }

    /// Sets the name put before the endpoint's host (see [`cname`](Self::cname)).
    ///
    /// The name is one or more DNS labels: ASCII letters, digits, `-` and `_`,
    /// separated by single dots, neither starting nor ending with one. Anything
    /// else (empty, `/`, `@`, `:`, `%`, a space, non-ASCII text) could send
    /// the request, and its signature, to another host, and is a
    /// [`Build`](Error::Build) error.
    ///
    /// ```
    /// use cloudwire::{Request, http::Method};
    ///
    /// let mut request = Request::new(Method::POST, "/v1/describe-table");
    /// request.set_cname("store-1").unwrap();
    /// assert_eq!(request.cname(), Some("store-1"));
    /// assert!(request.set_cname("evil.com/").is_err());
    /// assert!(request.set_cname("user@evil.com").is_err());
    /// ```
    pub fn set_cname(&mut self, name: &str) -> Result<(), Error> {
        self.set_cname_of("the cname", name)
    }

    /// [`set_cname`](Self::set_cname), its error naming `what` gave the name.
    pub(crate) fn set_cname_of(&mut self, what: &str, name: &str) -> Result<(), Error> {
        if !is_host_labels(name) {
            return Err(Error::build(
                format!(
                    "invalid value `{}` for {what}, the name put before the endpoint's host: write DNS labels of letters, digits, `-` and `_`, separated by single dots",
                    name.escape_debug()
                ),
                None,
            ));
        }
        self.cname = Some(name.into());
        Ok(())
    }

    /// The path template the request was built from (`/v3/users/{user_id}`),
    /// as traces show it; `None` for a request built by hand.
    pub fn template(&self) -> Option<&'static str> {
        self.template
    }

    /// Sets the path template traces show instead of the filled path.
    pub fn set_template(&mut self, template: &'static str) {
        self.template = Some(template);
    }

    /// Whether the request may be sent more than once: declared, or by its
    /// method (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`).
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
            .unwrap_or_else(|| crate::retry::is_idempotent_method(&self.method))
    }

    /// Declares whether the request may be sent more than once (a `POST` the
    /// service deduplicates, say), overriding the method's rule.
    pub fn set_idempotent(&mut self, idempotent: bool) {
        self.idempotent = Some(idempotent);
    }

    /// The most attempts this request declares, if it declares any.
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// Declares the most attempts for this request (its endpoint's own
    /// `max_attempts`), overriding the client's retry policy.
    pub fn set_max_attempts(&mut self, attempts: u32) {
        self.max_attempts = Some(attempts.max(1));
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The percent-encoded path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Appends to the path a literal piece of a template (already valid URL text).
    pub fn push_path_literal(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter, percent-encoded as one segment: every byte but
    /// `A-Z a-z 0-9 - _ . ~` is encoded, `/` included.
    pub fn push_path_segment(&mut self, value: &str) {
        crate::percent::encode(&mut self.path, value.as_bytes());
    }

    /// Appends `{project_id}` or `{domain_id}` to the path, for the client to
    /// fill from its credentials (see [`CredentialId`]). Until then the path
    /// holds the placeholder; a client whose credentials have no such ID
    /// refuses the request with a [`Build`](crate::Error::Build) error that
    /// says how to give one.
    pub fn push_path_credential_id(&mut self, id: CredentialId) {
        self.path.push_str(id.placeholder());
        self.credential_ids |= id.bit();
    }

    /// The IDs the path takes from the client's credentials, in the order of
    /// [`CredentialId`]'s variants.
    pub fn credential_ids(&self) -> impl Iterator<Item = CredentialId> + '_ {
        CredentialId::ALL
            .into_iter()
            .filter(|id| self.credential_ids & id.bit() != 0)
    }

    /// This request with its path's credential placeholders filled: `ids`
    /// are the request's [`credential_ids`](Self::credential_ids) with the
    /// value the client's authentication gave each, written as one segment.
    pub(crate) fn with_credential_ids(
        &self,
        ids: Vec<(CredentialId, Option<String>)>,
    ) -> Result<Request, Error> {
        let mut filled = self.clone();
        for (id, value) in ids {
            let name = id.name();
            let value = value.ok_or_else(|| {
                Error::build(
                    format!(
                        "the path's `{{{name}}}` is filled from the credentials' {what}, and this \
                         client's credentials have none: give them one ({how}), or declare a field \
                         `{name}` marked `#[cloudwire(path)]`",
                        what = match id {
                            CredentialId::Project => "project ID",
                            CredentialId::Domain => "domain ID",
                        },
                        how = match id {
                            CredentialId::Project => "`Credentials::with_project_id`, `HUAWEICLOUD_SDK_PROJECT_ID`, or a client of `Config::regional_client`, which finds it",
                            CredentialId::Domain => "`Credentials::with_domain_id`, `HUAWEICLOUD_SDK_DOMAIN_ID`, or a client of `Config::global_client`, which finds it",
                        },
                    ),
                    None,
                )
            })?;
            check_path_segment(name, &value)?;
            let mut encoded = String::with_capacity(value.len());
            crate::percent::encode(&mut encoded, value.as_bytes());
            filled.path = filled.path.replace(id.placeholder(), &encoded);
        }
        filled.credential_ids = 0;
        Ok(filled)
    }

    /// The raw query pairs, in the order they were added.
    ///
    /// A key is a [`Cow`]: borrowed when it is an endpoint's literal name
    /// (so building a request copies no key), owned when it was given at run
    /// time. It reads as a `&str` (`&*key`, `key.as_ref()`) and compares with
    /// one (`key == "limit"`).
    ///
    /// ```
    /// use cloudwire::{Request, http::Method};
    ///
    /// let mut req = Request::new(Method::GET, "/v1/instances");
    /// req.push_query("limit", "10");
    /// let (key, value) = &req.query()[0];
    /// assert!(key == "limit" && value == "10");
    /// assert_eq!(req.query().iter().map(|(k, _)| &**k).collect::<Vec<_>>(), ["limit"]);
    /// ```
    pub fn query(&self) -> &[(Cow<'static, str>, String)] {
        &self.query
    }

    /// Adds a query pair (raw text; it is encoded on the way out).
    pub fn push_query(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.query.push((Cow::Owned(key.into()), value.into()));
    }

    /// Adds a query pair whose key is a literal: the key is not copied.
    pub(crate) fn push_query_static(&mut self, key: &'static str, value: String) {
        self.query.push((Cow::Borrowed(key), value));
    }

    /// The first value of query parameter `key`.
    pub(crate) fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets query parameter `key` to `value`: the first pair of that name
    /// takes the value (the others are removed), else a pair is added.
    pub(crate) fn set_query(&mut self, key: &str, value: String) {
        let mut value = Some(value);
        self.query.retain_mut(|(k, v)| {
            if k != key {
                return true;
            }
            match value.take() {
                Some(new) => {
                    *v = new;
                    true
                }
                None => false,
            }
        });
        if let Some(value) = value {
            self.query.push((Cow::Owned(key.to_owned()), value));
        }
    }

    /// Replaces the path (already encoded) and the query pairs (raw).
    pub(crate) fn set_path_and_query(&mut self, path: String, query: Vec<(String, String)>) {
        self.path = path;
        self.query = query
            .into_iter()
            .map(|(key, value)| (Cow::Owned(key), value))
            .collect();
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers, to change.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// Adds a header, checking the name and value.
    pub fn push_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
            Error::build(format!("invalid header name `{name}`"), Some(Box::new(e)))
        })?;
        // UTF-8 text goes as its bytes, as the SDK sends it; control
        // characters are refused.
        let value = HeaderValue::from_bytes(value.as_bytes()).map_err(|e| {
            Error::build(
                format!(
                    "invalid value for header `{name}` (control characters or non-visible bytes)"
                ),
                Some(Box::new(e)),
            )
        })?;
        self.headers.append(name, value);
        Ok(())
    }

    /// The body bytes (empty when there is no body).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The content type this request declares, if any. A request without one
    /// is sent with the client's default (see [`ClientBuilder::content_type`](crate::ClientBuilder::content_type)).
    pub fn content_type(&self) -> Option<&HeaderValue> {
        self.headers.get(CONTENT_TYPE)
    }

    /// Declares the content type (`Content-Type`), replacing any earlier one.
    pub fn set_content_type(&mut self, content_type: &str) -> Result<(), Error> {
        let value = HeaderValue::from_str(content_type).map_err(|e| {
            Error::build(
                "invalid content type (control characters or non-visible bytes)",
                Some(Box::new(e)),
            )
        })?;
        self.headers.insert(CONTENT_TYPE, value);
        Ok(())
    }

    pub(crate) fn set_content_type_static(&mut self, content_type: &'static str) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }

    /// Sets the body and its content type.
    pub fn set_body(&mut self, content_type: &'static str, body: impl Into<Bytes>) {
        self.set_content_type_static(content_type);
        self.body = body.into();
    }

    /// Sets the body bytes as they are, leaving the content type as it is.
    pub fn set_bytes(&mut self, body: impl Into<Bytes>) {
        self.body = body.into();
    }

    /// Serializes `value` as the JSON body. The content type is left as it is:
    /// the endpoint's declared one, else the client's default
    /// (`application/json`, as the official SDK sends).
    ///
    /// The text is written as the official Python SDK writes it (`json.dumps`
    /// defaults: `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`), so
    /// the bytes sent and signed are the SDK's for the same value.
    ///
    /// ```
    /// let mut request = cloudwire::Request::new(cloudwire::http::Method::POST, "/v1/x");
    /// request.set_json(&cloudwire::serde_json::json!({"a": [1, 2], "name": "café"})).unwrap();
    /// assert_eq!(request.body().as_ref(), br#"{"a": [1, 2], "name": "caf\u00e9"}"#);
    /// assert!(request.content_type().is_none()); // the client's default applies
    /// ```
    pub fn set_json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.set_json_written(crate::json::to_vec(value))
    }

    // The rest of each `set_*` apart, compiled once rather than for each
    // body type.
    fn set_json_written(&mut self, written: serde_json::Result<Vec<u8>>) -> Result<(), Error> {
        let body = written.map_err(|e| {
            Error::build(
                format!("the body could not be serialized as JSON: {e}"),
                Some(Box::new(e)),
            )
        })?;
        self.body = body.into();
        Ok(())
    }

    /// Serializes a struct or map as a `multipart/form-data` body, as the
    /// official SDK writes one: text members in order (`None` left out, a
    /// `bool` as `true`/`false`), then the [`FormFile`](crate::FormFile)
    /// members as file parts. The boundary is 32 random hex digits (the SDK's
    /// form) found nowhere in the parts, and the content type names it:
    /// `multipart/form-data; boundary=...`, replacing any other.
    ///
    /// ```
    /// #[derive(cloudwire::serde::Serialize)]
    /// #[serde(crate = "cloudwire::serde")]
    /// struct Upload { parameters: &'static str, content: cloudwire::FormFile }
    ///
    /// let mut request = cloudwire::Request::new(cloudwire::http::Method::POST, "/v2/charts");
    /// let content = cloudwire::FormFile::new("chart.tgz", b"...".to_vec());
    /// request.set_multipart(&Upload { parameters: "{}", content }).unwrap();
    /// let content_type = request.content_type().unwrap().to_str().unwrap();
    /// assert!(content_type.starts_with("multipart/form-data; boundary="));
    /// ```
    pub fn set_multipart<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.set_multipart_written(crate::multipart::to_bytes_random(value))
    }

    fn set_multipart_written(
        &mut self,
        written: Result<(Vec<u8>, String), crate::param::ValueError>,
    ) -> Result<(), Error> {
        let (body, boundary) = written.map_err(multipart_error)?;
        self.set_multipart_parts(body, &boundary)
    }

    /// [`Request::set_multipart`] with a boundary of your choosing (1 to 70
    /// letters, digits or `'+_-.`), for a request that must come out the
    /// same every time, such as a snapshot in a test. The boundary must not
    /// occur in any part; that is not checked.
    ///
    /// ```
    /// #[derive(cloudwire::serde::Serialize)]
    /// #[serde(crate = "cloudwire::serde")]
    /// struct Upload { name: &'static str }
    ///
    /// let mut request = cloudwire::Request::new(cloudwire::http::Method::POST, "/v2/charts");
    /// request.set_multipart_with_boundary(&Upload { name: "demo" }, "b0undary").unwrap();
    /// assert_eq!(request.content_type().unwrap(), "multipart/form-data; boundary=b0undary");
    /// assert_eq!(
    ///     request.body().as_ref(),
    ///     b"--b0undary\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ndemo\r\n--b0undary--\r\n"
    /// );
    /// ```
    pub fn set_multipart_with_boundary<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
        boundary: &str,
    ) -> Result<(), Error> {
        crate::multipart::check_boundary(boundary).map_err(multipart_error)?;
        let body = crate::multipart::to_bytes(value, boundary).map_err(multipart_error)?;
        self.set_multipart_parts(body, boundary)
    }

    fn set_multipart_parts(&mut self, body: Vec<u8>, boundary: &str) -> Result<(), Error> {
        self.set_content_type(&format!("multipart/form-data; boundary={boundary}"))?;
        self.body = body.into();
        Ok(())
    }

    /// Serializes a struct or map as an `application/x-www-form-urlencoded`
    /// body, as the official SDK writes one: members in order, `None` left out,
    /// lists as repeated keys, a space as `+`. Sets that content type unless the
    /// request already declares one.
    ///
    /// ```
    /// #[derive(cloudwire::serde::Serialize)]
    /// #[serde(crate = "cloudwire::serde")]
    /// struct Form { grant_type: &'static str, scope: Option<&'static str> }
    ///
    /// let mut request = cloudwire::Request::new(cloudwire::http::Method::POST, "/v3/token");
    /// request.set_form(&Form { grant_type: "id token", scope: None }).unwrap();
    /// assert_eq!(request.body().as_ref(), b"grant_type=id+token");
    /// assert_eq!(request.content_type().unwrap(), "application/x-www-form-urlencoded");
    /// ```
    pub fn set_form<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.set_form_written(crate::form::to_string(value))
    }

    fn set_form_written(
        &mut self,
        written: Result<String, crate::param::ValueError>,
    ) -> Result<(), Error> {
        let body = written.map_err(|e| {
            Error::build(
                format!("the body could not be written as a form: {e}"),
                Some(Box::new(e)),
            )
        })?;
        if self.content_type().is_none() {
            self.set_content_type_static("application/x-www-form-urlencoded");
        }
        self.body = body.into();
        Ok(())
    }

    /// Path and encoded query, as sent: the query's pairs sorted by key, then
    /// value (by their bytes), as the official SDK sends every request's
    /// query, signed or not (its signer's canonical query is also its URL's).
    pub fn path_and_query(&self) -> String {
        let mut out = String::with_capacity(self.path_and_query_len());
        self.write_path_and_query(&mut out);
        out
    }

    /// The length of [`path_and_query`](Self::path_and_query), counted
    /// without writing it.
    pub(crate) fn path_and_query_len(&self) -> usize {
        let query: usize = self
            .query
            .iter()
            .map(|(k, v)| {
                crate::percent::encoded_len(k.as_bytes())
                    + 1
                    + crate::percent::encoded_len(v.as_bytes())
            })
            .sum();
        // `?` before the pairs and `&` between them: one separator a pair.
        self.path.len() + query + self.query.len()
    }

    /// Appends the path and the encoded query, its pairs sorted, to `out`.
    pub(crate) fn write_path_and_query(&self, out: &mut String) {
        out.push_str(&self.path);
        let pairs = &self.query;
        let key = |i: usize| (pairs[i].0.as_bytes(), pairs[i].1.as_bytes());
        let write = |out: &mut String, n: usize, i: usize| {
            out.push(if n == 0 { '?' } else { '&' });
            crate::percent::encode(out, pairs[i].0.as_bytes());
            out.push('=');
            crate::percent::encode(out, pairs[i].1.as_bytes());
        };
        if (1..pairs.len()).all(|i| key(i - 1) <= key(i)) {
            // Already in order (one pair, or fields declared in order): no sort.
            for i in 0..pairs.len() {
                write(out, i, i);
            }
        } else {
            let mut order: Vec<usize> = (0..pairs.len()).collect();
            order.sort_by(|&a, &b| key(a).cmp(&key(b)));
            for (n, &i) in order.iter().enumerate() {
                write(out, n, i);
            }
        }
    }
}

/// One or more DNS labels (`A-Z a-z 0-9 - _`) separated by single dots.
fn is_host_labels(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

impl fmt::Debug for Request {
    /// Prints method, path, query, headers (values shown only for known-safe
    /// headers, `***` for the others) and the body length, never the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("cname", &self.cname)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &crate::redact::Headers(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

fn multipart_error(e: crate::param::ValueError) -> Error {
    Error::build(
        format!("the body could not be written as multipart/form-data: {e}"),
        Some(Box::new(e)),
    )
}
