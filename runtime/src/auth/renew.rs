//! Temporary credentials kept for every request and renewed before they expire:
//! what the STS and the instance metadata providers share.

use crate::auth::Credentials;
use crate::error::Error;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use tokio::sync::Mutex;

/// One set of credentials, shared by concurrent requests; within `margin` of
/// its expiry, the first request to notice renews it while the others wait for
/// that one renewal (no thundering herd).
pub(crate) struct Renewing {
    margin: Duration,
    /// Whether credentials without an expiry time are kept (else fetched
    /// again for every request).
    keep_without_expiry: bool,
    /// Given to every set fetched.
    project_id: Option<String>,
    domain_id: Option<String>,
    cached: Mutex<Option<Credentials>>,
    renewals: AtomicU64,
}

impl Renewing {
    pub(crate) fn new(margin: Duration, keep_without_expiry: bool) -> Self {
        Renewing {
            margin,
            keep_without_expiry,
            project_id: None,
            domain_id: None,
            cached: Mutex::new(None),
            renewals: AtomicU64::new(0),
        }
    }

    pub(crate) fn margin(&self) -> Duration {
        self.margin
    }

    pub(crate) fn set_margin(&mut self, margin: Duration) {
        self.margin = margin;
    }

    pub(crate) fn set_project_id(&mut self, project_id: String) {
        self.project_id = Some(project_id);
    }

    pub(crate) fn set_domain_id(&mut self, domain_id: String) {
        self.domain_id = Some(domain_id);
    }

    /// How many times credentials were fetched.
    pub(crate) fn renewals(&self) -> u64 {
        self.renewals.load(Ordering::Relaxed)
    }

    fn fresh(&self, creds: &Credentials) -> bool {
        match creds.expires_at() {
            None => self.keep_without_expiry,
            Some(at) => at
                .checked_sub(self.margin)
                .is_some_and(|renew_at| SystemTime::now() < renew_at),
        }
    }

    /// The kept credentials while they are fresh; else new ones from `fetch`,
    /// given the project and domain IDs, kept and returned.
    pub(crate) async fn get<F: Future<Output = Result<Credentials, Error>>>(
        &self,
        fetch: impl FnOnce() -> F,
    ) -> Result<Credentials, Error> {
        // One lock: a renewal happens with it held, so callers that arrive
        // meanwhile wait for it and then use its result.
        let mut cached = self.cached.lock().await;
        if let Some(creds) = cached.as_ref().filter(|c| self.fresh(c)) {
            return Ok(creds.clone());
        }
        self.renewals.fetch_add(1, Ordering::Relaxed);
        let mut creds = fetch().await?;
        if let Some(p) = &self.project_id {
            creds = creds.with_project_id(p.as_str());
        }
        if let Some(d) = &self.domain_id {
            creds = creds.with_domain_id(d.as_str());
        }
        *cached = Some(creds.clone());
        Ok(creds)
    }
}
