//! Transport settings of the HTTP client cloudwire builds: proxy, extra CA
//! certificates, a client certificate, and the switch that skips certificate
//! verification. Applied to `reqwest` in [`ClientBuilder::build`](crate::ClientBuilder::build).

use crate::error::Error;
use crate::secret::Secret;
use std::fmt;

/// The settings, as the builder collects them.
#[derive(Clone, Default)]
pub(crate) struct Network {
    proxy: Option<String>,
    proxy_credentials: Option<(String, Secret)>,
    no_proxy: bool,
    root_certificates: Vec<Vec<u8>>,
    identity: Option<Secret>,
    accept_invalid_certs: bool,
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("proxy", &self.proxy.as_deref().map(redact_userinfo))
            .field(
                "proxy_user",
                &self.proxy_credentials.as_ref().map(|(u, _)| u),
            )
            .field("no_proxy", &self.no_proxy)
            .field("root_certificates", &self.root_certificates.len())
            .field("identity", &self.identity.is_some())
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .finish()
    }
}

/// `scheme://***@host...` when the URL holds a user part (it may hold a password).
fn redact_userinfo(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    }
}

impl Network {
    pub(crate) fn set_proxy(&mut self, url: String) {
        self.proxy = Some(url);
    }

    pub(crate) fn set_proxy_credentials(&mut self, user: String, password: Secret) {
        self.proxy_credentials = Some((user, password));
    }

    pub(crate) fn set_no_proxy(&mut self) {
        self.no_proxy = true;
    }

    pub(crate) fn add_root_certificates(&mut self, pem: Vec<u8>) {
        self.root_certificates.push(pem);
    }

    pub(crate) fn set_identity(&mut self, pem: Vec<u8>) {
        // PEM text holding a private key: kept as a secret.
        self.identity = Some(Secret::new(String::from_utf8_lossy(&pem).into_owned()));
    }

    pub(crate) fn set_accept_invalid_certs(&mut self, accept: bool) {
        self.accept_invalid_certs = accept;
    }

    /// Whether anything was set (a supplied `reqwest::Client` cannot take them).
    pub(crate) fn is_set(&self) -> bool {
        self.proxy.is_some()
            || self.proxy_credentials.is_some()
            || self.no_proxy
            || !self.root_certificates.is_empty()
            || self.identity.is_some()
            || self.accept_invalid_certs
    }

    /// Applies the settings to a reqwest builder.
    pub(crate) fn apply(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, Error> {
        if self.no_proxy {
            builder = builder.no_proxy();
        }
        match (&self.proxy, &self.proxy_credentials) {
            (Some(url), credentials) => {
                let shown = redact_userinfo(url);
                let mut proxy = reqwest::Proxy::all(url.as_str()).map_err(|e| {
                    Error::build(
                        format!("invalid proxy URL `{shown}`: write `http://host:port`"),
                        Some(Box::new(e)),
                    )
                })?;
                if let Some((user, password)) = credentials {
                    proxy = proxy.basic_auth(user, password.expose());
                }
                builder = builder.proxy(proxy);
            }
            (None, Some(_)) => {
                return Err(Error::build(
                    "proxy credentials without a proxy: call `.proxy(\"http://host:port\")` too",
                    None,
                ));
            }
            (None, None) => {}
        }
        self.apply_tls(builder)
    }

    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    fn apply_tls(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, Error> {
        #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
        {
            // reqwest without a built-in provider: ring, installed once per
            // process unless the program installed one of its own.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let mut roots = Vec::new();
        for pem in &self.root_certificates {
            let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                Error::build(
                    "the CA bundle is not PEM certificates (`-----BEGIN CERTIFICATE-----`)",
                    Some(Box::new(e)),
                )
            })?;
            if certs.is_empty() {
                return Err(Error::build(
                    "the CA bundle holds no certificate (`-----BEGIN CERTIFICATE-----`)",
                    None,
                ));
            }
            roots.extend(certs);
        }
        if !roots.is_empty() {
            builder = builder.tls_certs_merge(roots);
        }
        if let Some(pem) = &self.identity {
            let identity = client_identity(pem.expose().as_bytes())?;
            builder = builder.identity(identity);
        }
        // With `native-tls` and a rustls feature both on, native-tls is the
        // backend (as reqwest's default is), named here so that the identity
        // built above is always the backend's own kind.
        #[cfg(feature = "native-tls")]
        {
            builder = builder.tls_backend_native();
        }
        if self.accept_invalid_certs {
            tracing::warn!(
                "cloudwire: TLS certificate verification is OFF for this client (danger_accept_invalid_certs): \
                 any server can impersonate the service and read the credentials it is sent"
            );
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        Ok(builder)
    }

    #[cfg(not(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls")))]
    fn apply_tls(&self, builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
        if !self.root_certificates.is_empty()
            || self.identity.is_some()
            || self.accept_invalid_certs
        {
            return Err(Error::build(
                "TLS settings need a TLS backend: enable cloudwire's `rustls`, `rustls-ring` or `native-tls` feature",
                None,
            ));
        }
        Ok(builder)
    }
}

/// A client certificate and its key, from PEM.
#[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
fn client_identity(pem: &[u8]) -> Result<reqwest::Identity, Error> {
    let invalid = |e: reqwest::Error| {
        Error::build(
            "the client certificate is not PEM holding a certificate and its private key",
            Some(Box::new(e)),
        )
    };
    #[cfg(not(feature = "native-tls"))]
    {
        reqwest::Identity::from_pem(pem).map_err(invalid)
    }
    #[cfg(feature = "native-tls")]
    {
        // native-tls takes the certificate chain and a PKCS #8 key apart.
        let text = String::from_utf8_lossy(pem);
        let key_start = text.find("-----BEGIN PRIVATE KEY-----").ok_or_else(|| {
            Error::build(
                "native-tls needs the client key as PKCS #8 (`-----BEGIN PRIVATE KEY-----`)",
                None,
            )
        })?;
        let key_end = text[key_start..]
            .find("-----END PRIVATE KEY-----")
            .map_or(text.len(), |i| {
                key_start + i + "-----END PRIVATE KEY-----".len()
            });
        let key = &text[key_start..key_end];
        let certs: String = text.replacen(key, "", 1);
        reqwest::Identity::from_pkcs8_pem(certs.as_bytes(), key.as_bytes()).map_err(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_errors_hide_proxy_passwords() {
        let mut network = Network::default();
        network.set_proxy("http://alice:pa55word@proxy.test:3128".into());
        network.set_proxy_credentials("bob".into(), Secret::new("hunter2"));
        let shown = format!("{network:?}");
        assert!(
            !shown.contains("pa55word") && !shown.contains("hunter2"),
            "{shown}"
        );
        let mut bad = Network::default();
        bad.set_proxy("http://alice:pa55word@[::1".into());
        let err = bad.apply(reqwest::Client::builder()).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("pa55word"), "{text}");
    }

    /// The test CA of tests/data/tls.
    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    const CA: &str = "-----BEGIN CERTIFICATE-----\nMIIBnzCCAUWgAwIBAgIUL6IAGL+E29zlQcediM/rL1hQmJEwCgYIKoZIzj0EAwIw\nHDEaMBgGA1UEAwwRY2xvdWR3aXJlIHRlc3QgQ0EwIBcNMjYxMjAyMjMxNDA1WhgP\nMjEyNjExMDgyMzE0MDVaMBwxGjAYBgNVBAMMEWNsb3Vkd2lyZSB0ZXN0IENBMFkw\nEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2hFXR8Qwg73A6/JWs/MAdXhxx5AhfvtW\nNmO/U9APodVzMN84YYYpwqHPkTvxUC9sSL3l8fNPFQtzPWwEA2BC3KNjMGEwHQYD\nVR0OBBYEFOi3sEZVGNlahfB6IvF8tJ8tJpMYMB8GA1UdIwQYMBaAFOi3sEZVGNla\nhfB6IvF8tJ8tJpMYMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoG\nCCqGSM49BAMCA0gAMEUCIQDfGbkzvzaZZtyfHWauep7aO5SrYQbNKFvMMBiXDpeE\nOQIgFocYg6VRms+YyvFwS4rCNx5ruv5CA9DHhcEDccDLwo0=\n-----END CERTIFICATE-----\n";

    /// The test client certificate and key of tests/data/tls (test-only, public).
    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    const CLIENT: &str = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVigAwIBAgIUb2kcgZ+j9abrqAr97e0hnAmihaQwCgYIKoZIzj0EAwIw\nHDEaMBgGA1UEAwwRY2xvdWR3aXJlIHRlc3QgQ0EwIBcNMjYxMjAyMjMxNDA1WhgP\nMjEyNjExMDgyMzE0MDVaMCAxHjAcBgNVBAMMFWNsb3Vkd2lyZSB0ZXN0IGNsaWVu\ndDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOu4Uaq0Ml4WE/Ok9HkmSKBfhe5v\nU3ivSV81h9uCCSo3ZYE9WhXy8s3U16P3ZRjTNSmofVHT2VrqwOSB8VZbWrqjcjBw\nMAkGA1UdEwQCMAAwDgYDVR0PAQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMC\nMB0GA1UdDgQWBBTQ0p5ss5wMhXVCI5UyZpSHZTapmzAfBgNVHSMEGDAWgBTot7BG\nVRjZWoXweiLxfLSfLSaTGDAKBggqhkjOPQQDAgNJADBGAiEAgvSEn9kCMSQjBlRv\na7BKD+wXxIvy1H5tjiYKEqdm2hMCIQDDLpsO6ZnLR9Ea2Ix8IDfCUMKsdaNjZ26r\nT4aTZTsqsw==\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg40iwyfnwLkl6qrEx\nmshSB57EhftVgc6ervsIj+D0P1ehRANCAATruFGqtDJeFhPzpPR5JkigX4Xub1N4\nr0lfNYfbggkqN2WBPVoV8vLN1Nej92UY0zUpqH1R09la6sDkgfFWW1q6\n-----END PRIVATE KEY-----\n";

    /// Each TLS backend takes the settings and builds (for `rustls-ring`,
    /// after installing its crypto provider), and so do several backend
    /// features at once (native-tls is then the backend).
    #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
    #[test]
    fn tls_settings_build_with_the_backend() {
        let mut network = Network::default();
        network.add_root_certificates(CA.as_bytes().to_vec());
        network.set_identity(CLIENT.as_bytes().to_vec());
        network.set_accept_invalid_certs(true);
        let builder = network.apply(reqwest::Client::builder()).unwrap();
        builder.build().unwrap();
    }

    #[cfg(not(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls")))]
    #[test]
    fn tls_settings_without_a_backend_say_which_feature() {
        let mut network = Network::default();
        network.set_accept_invalid_certs(true);
        let err = network.apply(reqwest::Client::builder()).unwrap_err();
        assert!(
            err.to_string().contains("enable cloudwire's `rustls`"),
            "{err}"
        );
    }
}
