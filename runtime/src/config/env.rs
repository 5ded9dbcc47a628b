//! Where configuration is read from: environment variables and the home
//! directory, injectable so that tests never depend on the real ones.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The environment cloudwire reads its configuration from, as the official
/// SDKs read theirs: variables (`HUAWEICLOUD_SDK_*`) and the user's home
/// directory (`HOME`, or `USERPROFILE` on Windows), under which the default
/// `.huaweicloud/credentials` and `.huaweicloud/regions.yaml` live.
///
/// [`Env::system`] reads the process environment; [`Env::from_vars`] and
/// [`Env::from_lookup`] give a fixed or computed one (tests, or a program
/// that takes its settings from elsewhere).
///
/// ```
/// use cloudwire::config::Env;
///
/// let env = Env::from_vars([("HUAWEICLOUD_SDK_AK", "AK"), ("HOME", "/home/alice")]);
/// assert_eq!(env.var("HUAWEICLOUD_SDK_AK").as_deref(), Some("AK"));
/// assert_eq!(env.var("HUAWEICLOUD_SDK_SK"), None);
/// assert_eq!(env.home(), Some("/home/alice".into()));
/// ```
#[derive(Clone)]
pub struct Env {
    lookup: Lookup,
}

impl Env {
    /// The process environment.
    pub fn system() -> Env {
        Env::from_lookup(|name| std::env::var(name).ok())
    }

    /// Variables read through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Env {
        Env {
            lookup: Arc::new(lookup),
        }
    }

    /// Exactly these variables, and no others.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Env {
        let map: HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Env::from_lookup(move |name| map.get(name).cloned())
    }

    /// These variables over this environment: a name in `vars` wins.
    ///
    /// ```
    /// use cloudwire::config::Env;
    ///
    /// let env = Env::from_vars([("A", "1"), ("B", "2")]).with_vars([("B", "3")]);
    /// assert_eq!((env.var("A").as_deref(), env.var("B").as_deref()), (Some("1"), Some("3")));
    /// ```
    pub fn with_vars<K: Into<String>, V: Into<String>>(
        self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Env {
        let map: HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let below = self.lookup;
        Env::from_lookup(move |name| map.get(name).cloned().or_else(|| below(name)))
    }

    /// A variable's value; `None` when it is not set or empty (the SDKs treat
    /// an empty variable as unset).
    pub fn var(&self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|v| !v.is_empty())
    }

    /// The user's home directory: `USERPROFILE` on Windows, `HOME` elsewhere,
    /// as the official Python SDK looks it up.
    pub fn home(&self) -> Option<PathBuf> {
        let name = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        self.var(name).map(PathBuf::from)
    }
}

impl Default for Env {
    fn default() -> Self {
        Env::system()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets: never shown.
        f.write_str("Env { .. }")
    }
}
