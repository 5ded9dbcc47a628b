//! Retries: which failures are tried again, how long to wait, and when to stop.
//!
//! The rules, by default:
//!
//! - a connection that could not be made (nothing of the request was sent) is
//!   tried again for every method;
//! - `429`, `500`, `502`, `503`, `504`, a throttling error code (such as the
//!   API gateway's `APIGW.0308`, whatever the status), a reset connection and
//!   an attempt that timed out are tried again only when the request is
//!   idempotent: `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, or an endpoint that
//!   declares itself safe to retry (`#[endpoint(POST, ..., idempotent)]`);
//! - a `Retry-After` (seconds or an HTTP date) is waited out instead of the
//!   backoff, up to [`RetryPolicy::max_retry_after`]; a server asking for more,
//!   or for more than the call's total timeout leaves, gets its error back at
//!   once, with the hint readable from [`Error::retry_after`];
//! - every attempt is built, authenticated and signed afresh.

use crate::error::Error;
use crate::response::RawResponse;
use http::{Method, StatusCode};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How long to wait between attempts. The jittered strategies follow the
/// official SDK's (`huaweicloudsdkcore.retry`), with a configurable base and cap.
///
/// ```
/// use std::time::Duration;
/// use cloudwire::retry::Backoff;
///
/// let backoff = Backoff::exponential(Duration::from_millis(100), Duration::from_secs(5));
/// assert_eq!(backoff.delay(1), Duration::from_millis(100));
/// assert_eq!(backoff.delay(3), Duration::from_millis(400));
/// assert_eq!(backoff.delay(20), Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backoff {
    /// No wait.
    None,
    /// A fixed wait.
    Fixed(Duration),
    /// `base * 2^(n-1)` before the n-th retry, capped.
    Exponential {
        /// The first wait.
        base: Duration,
        /// The longest wait.
        max: Duration,
    },
    /// Half the exponential wait, plus a random part of the other half.
    EqualJitter {
        /// The first (full) wait.
        base: Duration,
        /// The longest wait.
        max: Duration,
    },
    /// A random wait between zero and the exponential one.
    RandomJitter {
        /// The first (full) wait.
        base: Duration,
        /// The longest wait.
        max: Duration,
    },
    /// A random wait between `base` and three times the previous wait, capped.
    DecorrelatedJitter {
        /// The shortest wait.
        base: Duration,
        /// The longest wait.
        max: Duration,
    },
}

impl Backoff {
    /// Exponential without jitter.
    pub const fn exponential(base: Duration, max: Duration) -> Self {
        Backoff::Exponential { base, max }
    }

    /// Exponential with equal jitter (the default, from 100 ms up to 20 s).
    pub const fn equal_jitter(base: Duration, max: Duration) -> Self {
        Backoff::EqualJitter { base, max }
    }

    /// Exponential with random (full) jitter.
    pub const fn random_jitter(base: Duration, max: Duration) -> Self {
        Backoff::RandomJitter { base, max }
    }

    /// Decorrelated jitter.
    pub const fn decorrelated_jitter(base: Duration, max: Duration) -> Self {
        Backoff::DecorrelatedJitter { base, max }
    }

    /// The wait before retry number `retry` (1 for the first retry), for
    /// strategies without a memory of the previous wait.
    pub fn delay(&self, retry: u32) -> Duration {
        self.next(retry, Duration::ZERO)
    }

    /// The wait before retry number `retry`, given the previous wait.
    pub(crate) fn next(&self, retry: u32, previous: Duration) -> Duration {
        let exp = |base: Duration, max: Duration| {
            let factor = 1u32
                .checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX);
            base.saturating_mul(factor).min(max)
        };
        match *self {
            Backoff::None => Duration::ZERO,
            Backoff::Fixed(d) => d,
            Backoff::Exponential { base, max } => exp(base, max),
            Backoff::EqualJitter { base, max } => {
                let half = exp(base, max) / 2;
                half + random_between(Duration::ZERO, half)
            }
            Backoff::RandomJitter { base, max } => random_between(Duration::ZERO, exp(base, max)),
            Backoff::DecorrelatedJitter { base, max } => {
                let upper = previous.max(base).saturating_mul(3).min(max);
                random_between(base.min(max), upper)
            }
        }
    }
}

/// A random duration in `[low, high]`.
fn random_between(low: Duration, high: Duration) -> Duration {
    if high <= low {
        return low;
    }
    let span = (high - low).as_nanos().min(u128::from(u64::MAX)) as u64;
    low + Duration::from_nanos(random_u64() % span.saturating_add(1))
}

/// 64 random bits from the standard library's randomly seeded hasher (a new
/// key each call) over the clock: no RNG dependency; jitter and multipart
/// boundaries need spread, not cryptography.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    hasher.finish()
}

/// What the user's condition says about an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Try again (still bounded by attempts, total timeout and `Retry-After`).
    Retry,
    /// Do not try again.
    Stop,
    /// Let the default rules decide.
    Default,
}

/// One attempt's outcome, as a retry condition sees it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// A response arrived (any status that is not a success).
    Response(&'a RawResponse),
    /// No complete response: a transport failure or a timeout.
    Error(&'a Error),
}

/// What a retry condition is given: the attempt, the request and its outcome.
#[derive(Debug)]
pub struct Attempt<'a> {
    /// Which attempt this was (1 for the first).
    pub number: u32,
    /// The request's method.
    pub method: &'a Method,
    /// Whether the request may be sent twice (its method, or its endpoint's declaration).
    pub idempotent: bool,
    /// What happened.
    pub outcome: Outcome<'a>,
}

type Condition = Arc<dyn Fn(&Attempt<'_>) -> RetryDecision + Send + Sync>;

/// When and how a client tries a call again. Set it on the client
/// ([`ClientBuilder::retry`](crate::ClientBuilder::retry)), declare attempts
/// on an endpoint (`#[endpoint(..., max_attempts = 5)]`) or override it for
/// one call ([`Call::retry`](crate::Call::retry)).
///
/// ```
/// use std::time::Duration;
/// use cloudwire::retry::{Backoff, RetryDecision, RetryPolicy, Outcome};
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_backoff(Backoff::decorrelated_jitter(Duration::from_millis(50), Duration::from_secs(2)))
///     .with_throttling_code("IAM.0100")
///     // Also retry a 409 that says the resource is busy.
///     .with_condition(|attempt| match attempt.outcome {
///         Outcome::Response(r) if r.status().as_u16() == 409 => RetryDecision::Retry,
///         _ => RetryDecision::Default,
///     });
/// assert_eq!(policy.max_attempts(), 5);
/// assert!(RetryPolicy::none().max_attempts() == 1);
/// ```
#[derive(Clone)]
pub struct RetryPolicy {
    max_attempts: u32,
    backoff: Backoff,
    max_retry_after: Duration,
    throttling_codes: Arc<Vec<String>>,
    condition: Option<Condition>,
}

/// The API gateway's throttling codes, counted as throttling whatever the status.
pub const DEFAULT_THROTTLING_CODES: &[&str] = &["APIGW.0308"];

impl Default for RetryPolicy {
    /// 3 attempts, equal-jitter exponential backoff from 100 ms up to 20 s,
    /// `Retry-After` honoured up to 20 s, `APIGW.0308` counted as throttling.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            backoff: Backoff::equal_jitter(Duration::from_millis(100), Duration::from_secs(20)),
            max_retry_after: Duration::from_secs(20),
            throttling_codes: Arc::new(
                DEFAULT_THROTTLING_CODES
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect(),
            ),
            condition: None,
        }
    }
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("backoff", &self.backoff)
            .field("max_retry_after", &self.max_retry_after)
            .field("throttling_codes", &self.throttling_codes)
            .field("condition", &self.condition.as_ref().map(|_| "..."))
            .finish()
    }
}

impl RetryPolicy {
    /// One attempt, never retried.
    pub fn none() -> Self {
        RetryPolicy::default().with_max_attempts(1)
    }

    /// The most attempts, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait between attempts.
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// The longest `Retry-After` waited out; a longer one returns the error at once.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Counts a service error code as throttling (retried like a 429).
    pub fn with_throttling_code(mut self, code: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.throttling_codes).push(code.into());
        self
    }

    /// Replaces the set of throttling codes.
    pub fn with_throttling_codes<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.throttling_codes = Arc::new(codes.into_iter().map(Into::into).collect());
        self
    }

    /// A condition that extends ([`RetryDecision::Default`] defers to the
    /// rules) or replaces the default rules, asked after every failed attempt.
    pub fn with_condition(
        mut self,
        condition: impl Fn(&Attempt<'_>) -> RetryDecision + Send + Sync + 'static,
    ) -> Self {
        self.condition = Some(Arc::new(condition));
        self
    }

    /// The most attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff.
    pub fn backoff(&self) -> Backoff {
        self.backoff
    }

    /// The longest `Retry-After` waited out.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Whether `code` counts as throttling.
    pub fn is_throttling_code(&self, code: &str) -> bool {
        self.throttling_codes.iter().any(|c| c == code)
    }

    /// Whether an attempt should be tried again, by the condition and the rules.
    /// `code` reads the error body's code: only called when the answer depends
    /// on it (an idempotent attempt whose status alone is not retried, with
    /// throttling codes to match).
    pub(crate) fn should_retry<'a>(
        &self,
        attempt: &Attempt<'_>,
        code: impl FnOnce() -> Option<&'a str>,
    ) -> bool {
        if let Some(condition) = &self.condition {
            match condition(attempt) {
                RetryDecision::Retry => return true,
                RetryDecision::Stop => return false,
                RetryDecision::Default => {}
            }
        }
        match attempt.outcome {
            Outcome::Response(response) => {
                attempt.idempotent
                    && (is_retryable_status(response.status())
                        || (!self.throttling_codes.is_empty()
                            && code().is_some_and(|c| self.is_throttling_code(c))))
            }
            Outcome::Error(error) => {
                if error.is_connect() {
                    // Nothing of the request was sent: safe for any method.
                    return true;
                }
                attempt.idempotent && error.is_transient_transport()
            }
        }
    }
}

/// `429`, `500`, `502`, `503` and `504`.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Whether a method may be sent twice: `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`.
pub fn is_idempotent_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// A `Retry-After` header: seconds, or an HTTP date (its distance from now).
pub(crate) fn parse_retry_after(headers: &http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = crate::auth::time::parse_http_date(text)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoffs_stay_in_their_bounds() {
        let (base, max) = (Duration::from_millis(100), Duration::from_secs(2));
        for retry in 1..40 {
            let exp = Backoff::exponential(base, max).delay(retry);
            assert!(exp <= max);
            let equal = Backoff::equal_jitter(base, max).delay(retry);
            assert!(equal >= exp / 2 && equal <= exp, "{equal:?} {exp:?}");
            assert!(Backoff::random_jitter(base, max).delay(retry) <= exp);
            let d = Backoff::decorrelated_jitter(base, max).next(retry, Duration::from_millis(500));
            assert!(d >= base && d <= Duration::from_millis(1500), "{d:?}");
        }
        assert_eq!(
            Backoff::exponential(base, max).delay(2),
            Duration::from_millis(200)
        );
        assert_eq!(Backoff::None.delay(3), Duration::ZERO);
        assert_eq!(Backoff::Fixed(base).delay(9), base);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut headers = http::HeaderMap::new();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        headers.insert("retry-after", "7".parse().unwrap());
        assert_eq!(
            parse_retry_after(&headers, now),
            Some(Duration::from_secs(7))
        );
        // 2023-11-14T22:13:20Z is 1_700_000_000; ten seconds later:
        headers.insert(
            "retry-after",
            "Tue, 14 Nov 2023 22:13:30 GMT".parse().unwrap(),
        );
        assert_eq!(
            parse_retry_after(&headers, now),
            Some(Duration::from_secs(10))
        );
        headers.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(parse_retry_after(&headers, now), None);
    }

    #[test]
    fn idempotent_methods() {
        for m in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            assert!(is_idempotent_method(&m));
        }
        assert!(!is_idempotent_method(&Method::POST) && !is_idempotent_method(&Method::PATCH));
    }
}
