//! Transport settings over loopback: an HTTP proxy that checks
//! `Proxy-Authorization` and forwards to the simulator, and a TLS server
//! (tokio-rustls, certificates in tests/data/tls) for the CA bundle, client
//! certificates and the switch that skips verification.

use cloudwire::auth::{AkSk, Credentials};
use cloudwire::http::Method;
use cloudwire::retry::RetryPolicy;
use cloudwire::{Client, Error, Request};
use cloudwire_examples::simulator::{self, Simulator};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CA: &[u8] = include_bytes!("../data/tls/ca.pem");
const SERVER_CERT: &[u8] = include_bytes!("../data/tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("../data/tls/server.key");
const CLIENT_CERT: &[u8] = include_bytes!("../data/tls/client.pem");
const CLIENT_KEY: &[u8] = include_bytes!("../data/tls/client.key");

/// `alice:pa55word`, base64.
const ALICE: &str = "Basic YWxpY2U6cGE1NXdvcmQ=";

// ---- proxy ------------------------------------------------------------------

/// What the proxy saw: request lines, and `Proxy-Authorization` values.
#[derive(Default)]
struct Seen {
    lines: Vec<String>,
    auth: Vec<Option<String>>,
}

/// A forwarding HTTP proxy on loopback, one request per connection: answers
/// 407 unless `Proxy-Authorization` is `expected`, else sends the request on
/// in origin form (without the proxy's headers) and relays the answer.
async fn start_proxy(expected: &'static str) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let record = Arc::clone(&record);
            tokio::spawn(async move {
                let _ = relay(socket, expected, &record).await;
            });
        }
    });
    (url, seen)
}

async fn relay(socket: TcpStream, expected: &str, seen: &Mutex<Seen>) -> std::io::Result<()> {
    let mut client = BufReader::new(socket);
    let mut request_line = String::new();
    client.read_line(&mut request_line).await?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        client.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        headers.push(line);
    }
    let header = |name: &str| {
        headers.iter().find_map(|h| {
            let (n, v) = h.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    let auth = header("proxy-authorization");
    {
        let mut seen = seen.lock().unwrap();
        seen.lines.push(request_line.trim_end().to_owned());
        seen.auth.push(auth.clone());
    }
    if auth.as_deref() != Some(expected) {
        client
            .get_mut()
            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await?;
        return Ok(());
    }
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    client.read_exact(&mut body).await?;
    // `GET http://host:port/path HTTP/1.1` to `GET /path HTTP/1.1` on host:port.
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let rest = target.strip_prefix("http://").unwrap_or(target);
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut upstream = TcpStream::connect(authority).await?;
    let mut out = format!("{method} {path} HTTP/1.1\r\n");
    for h in &headers {
        let name = h.split(':').next().unwrap_or("").to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "proxy-authorization" | "proxy-connection" | "connection"
        ) {
            out.push_str(h);
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    upstream.write_all(out.as_bytes()).await?;
    upstream.write_all(&body).await?;
    tokio::io::copy(&mut upstream, client.get_mut()).await?;
    client.get_mut().shutdown().await
}

fn signed(builder: cloudwire::ClientBuilder, sim: &Simulator) -> Client {
    builder
        .endpoint(sim.url())
        .auth(AkSk::new(Credentials::new(
            simulator::DEFAULT_ACCESS_KEY,
            simulator::DEFAULT_SECRET_KEY,
        )))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn requests_go_through_the_proxy_with_its_credentials() {
    let sim = Simulator::start().await.unwrap();
    let (proxy, seen) = start_proxy(ALICE).await;
    let client = signed(
        Client::builder()
            .proxy(proxy.as_str())
            .proxy_credentials("alice", "pa55word"),
        &sim,
    );
    // Signed for the service, sent through the proxy, verified by the simulator.
    let raw = client
        .send_request(Request::new(Method::GET, "/v1/instances"))
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(sim.request_count(), 1);
    {
        let seen = seen.lock().unwrap();
        assert_eq!(
            seen.lines,
            [format!("GET {}/v1/instances HTTP/1.1", sim.url())]
        );
        assert_eq!(seen.auth, [Some(ALICE.to_owned())]);
    }
    // The simulator never sees the proxy's credentials.
    let forwarded = sim.last_request().unwrap();
    assert!(forwarded.headers.get("proxy-authorization").is_none());

    // Wrong credentials: the proxy's 407 is the answer, and an error.
    let client = signed(
        Client::builder()
            .proxy(proxy.as_str())
            .proxy_credentials("alice", "wrong"),
        &sim,
    );
    let status = client
        .send_request(Request::new(Method::GET, "/v1/instances"))
        .await
        .map(|raw| raw.status())
        .unwrap();
    assert_eq!(status, 407);
    assert_eq!(sim.request_count(), 1, "nothing reached the service");
    let err = client
        .send(
            cloudwire_examples::services::identity_center::ListInstances {
                limit: None,
                marker: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(407));
    assert!(!format!("{err} {err:?} {client:?}").contains("wrong"));

    // Without the proxy (and ignoring the proxy variables): direct.
    let direct = signed(Client::builder().no_proxy(), &sim);
    direct
        .send_request(Request::new(Method::GET, "/v1/instances"))
        .await
        .unwrap();
    assert_eq!(sim.request_count(), 2);
    assert_eq!(seen.lock().unwrap().lines.len(), 3);
}

#[test]
fn proxy_settings_are_checked_at_build() {
    let err = Client::builder()
        .endpoint("http://127.0.0.1:1")
        .proxy_credentials("alice", "pa55word")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("proxy credentials without a proxy"),
        "{err}"
    );
    let err = Client::builder()
        .endpoint("http://127.0.0.1:1")
        .reqwest_client(reqwest::Client::new())
        .proxy("http://127.0.0.1:2")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("set them on that client"), "{err}");
}

// ---- TLS ------------------------------------------------------------------

fn certs(pem: &[u8]) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A TLS server on loopback answering every request with 200 `{}`; it asks
/// for a client certificate signed by the test CA when `client_auth`.
async fn start_tls(client_auth: bool) -> (String, Arc<AtomicUsize>) {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if client_auth {
        let mut roots = rustls::RootCertStore::empty();
        for cert in certs(CA) {
            roots.add(cert).unwrap();
        }
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let config = builder
        .with_single_cert(
            certs(SERVER_CERT),
            PrivateKeyDer::from_pem_slice(SERVER_KEY).unwrap(),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let served = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&served);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (acceptor, count) = (acceptor.clone(), Arc::clone(&count));
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut tls = BufReader::new(tls);
                loop {
                    let mut line = String::new();
                    match tls.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) if line == "\r\n" => break,
                        Ok(_) => {}
                    }
                }
                count.fetch_add(1, Ordering::Relaxed);
                let _ = tls
                    .get_mut()
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .await;
                let _ = tls.get_mut().shutdown().await;
            });
        }
    });
    (url, served)
}

async fn get(client: &Client) -> Result<u16, Error> {
    client
        .send_request(Request::new(Method::GET, "/v1/ping"))
        .await
        .map(|raw| raw.status().as_u16())
}

fn tls_client(url: &str) -> cloudwire::ClientBuilder {
    Client::builder().endpoint(url).retry(RetryPolicy::none())
}

#[tokio::test]
async fn an_extra_ca_bundle_is_trusted() {
    let (url, served) = start_tls(false).await;
    // The system's roots alone do not know the test CA.
    let err = get(&tls_client(&url).build().unwrap()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    // With the bundle (a PEM file's bytes), the same server is trusted.
    let client = tls_client(&url)
        .add_ca_certificates_pem(CA)
        .build()
        .unwrap();
    assert_eq!(get(&client).await.unwrap(), 200);
    // `localhost` is in the certificate too.
    let port = url.rsplit(':').next().unwrap();
    let by_name = tls_client(&format!("https://localhost:{port}"))
        .add_ca_certificates_pem(CA)
        .build()
        .unwrap();
    assert_eq!(get(&by_name).await.unwrap(), 200);
    assert_eq!(served.load(Ordering::Relaxed), 2);
}

#[tokio::test]
async fn a_client_certificate_is_presented() {
    let (url, served) = start_tls(true).await;
    let without = tls_client(&url)
        .add_ca_certificates_pem(CA)
        .build()
        .unwrap();
    let err = get(&without).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let identity = [CLIENT_CERT, CLIENT_KEY].concat();
    let with = tls_client(&url)
        .add_ca_certificates_pem(CA)
        .client_certificate_pem(&identity)
        .build()
        .unwrap();
    assert_eq!(get(&with).await.unwrap(), 200);
    assert_eq!(served.load(Ordering::Relaxed), 1);
    // The key never shows in Debug.
    let key_line = std::str::from_utf8(CLIENT_KEY)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap();
    assert!(!format!("{with:?}").contains(key_line));
}

#[test]
fn bad_pem_is_an_error_at_build_that_shows_no_key() {
    let err = tls_client("https://127.0.0.1:1")
        .add_ca_certificates_pem(
            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        )
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("the CA bundle is not PEM"),
        "{err}"
    );
    let err = tls_client("https://127.0.0.1:1")
        .add_ca_certificates_pem(b"")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("holds no certificate"), "{err}");
    let key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n";
    let err = tls_client("https://127.0.0.1:1")
        .client_certificate_pem(key)
        .build()
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("the client certificate is not PEM"), "{text}");
    assert!(!text.contains("c2VjcmV0LWtleS1ieXRlcw"), "{text}");
}

/// Collects the messages of `tracing` events.
#[derive(Clone, Default)]
struct Warnings(Arc<Mutex<Vec<String>>>);

impl tracing::Subscriber for Warnings {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Text(String);
        impl tracing::field::Visit for Text {
            fn record_debug(&mut self, _: &tracing::field::Field, v: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{v:?}"));
            }
        }
        let mut text = Text(format!("{} ", event.metadata().level()));
        event.record(&mut text);
        self.0.lock().unwrap().push(text.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn skipping_verification_is_explicit_and_logged() {
    let (url, _) = start_tls(false).await;
    let warnings = Warnings::default();
    let client = tracing::subscriber::with_default(warnings.clone(), || {
        tls_client(&url).danger_accept_invalid_certs(true).build()
    })
    .unwrap();
    assert_eq!(get(&client).await.unwrap(), 200);
    let logged = warnings.0.lock().unwrap().clone();
    assert!(
        logged
            .iter()
            .any(|l| l.starts_with("WARN") && l.contains("TLS certificate verification is OFF")),
        "{logged:?}"
    );
    // `false` is the default and says nothing.
    let quiet = Warnings::default();
    tracing::subscriber::with_default(quiet.clone(), || {
        tls_client(&url).danger_accept_invalid_certs(false).build()
    })
    .unwrap();
    assert!(quiet.0.lock().unwrap().is_empty());
}
