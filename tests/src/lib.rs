//! Test support for cloudwire's end-to-end tests: a scripted raw HTTP server on
//! 127.0.0.1 that answers every request with bytes the test chose, so that
//! malformed, truncated, huge or dropped responses can be exercised over a real
//! socket.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;

/// Makes a whole HTTP response from a raw request, for [`Script::Reply`].
pub type Reply = Arc<dyn Fn(&[u8]) -> Vec<u8> + Send + Sync>;

/// What the server does with each request.
#[derive(Clone)]
pub enum Script {
    /// Writes these bytes (a whole HTTP response) and closes the connection.
    Bytes(Arc<Vec<u8>>),
    /// Writes the head, then `body_len` bytes of `fill`, in chunks, then closes.
    Stream {
        /// Status line and headers, ending with the blank line.
        head: Arc<Vec<u8>>,
        /// How many body bytes to write.
        body_len: usize,
        /// The byte to repeat.
        fill: u8,
    },
    /// Writes these bytes, then waits this long before closing.
    Stall(Arc<Vec<u8>>, Duration),
    /// Answers the n-th request (counting from 0) with the n-th response, and
    /// the last one to every request after those.
    Sequence(Arc<Vec<Vec<u8>>>),
    /// Writes each part in turn, flushed, with `pause` between parts, then
    /// closes: a response that trickles in, or stops short of its length.
    Chunks {
        /// The pieces of the response (head included), in order.
        parts: Arc<Vec<Vec<u8>>>,
        /// How long to wait after each part but the last.
        pause: Duration,
    },
    /// Answers with the bytes this function makes from the raw request (head
    /// and body), then closes: a server that echoes what it received.
    Reply(Reply),
    /// Runs the n-th script (counting from 0) for the n-th request, and the
    /// last one for every request after those.
    Each(Arc<Vec<Script>>),
    /// Reads the request, then closes the connection without a word.
    Close,
    /// Reads the request, then resets the connection (TCP RST).
    Reset,
}

/// A scripted server. Dropping it stops accepting connections.
pub struct RawServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts a server that runs `script` for every request.
    pub async fn start(script: Script) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let hits = Arc::new(AtomicUsize::new(0));
        let (req, h) = (Arc::clone(&requests), Arc::clone(&hits));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (script, req, h) = (script.clone(), Arc::clone(&req), Arc::clone(&h));
                tokio::spawn(async move {
                    let _ = serve(stream, script, req, h).await;
                });
            }
        });
        RawServer {
            addr,
            requests,
            hits,
            task,
        }
    }

    /// Answers every request with `status`, the given headers and `body`
    /// (`Content-Length` and `Connection: close` added).
    pub async fn respond(
        status: u16,
        headers: &[(&str, &str)],
        body: impl AsRef<[u8]>,
    ) -> RawServer {
        RawServer::start(Script::Bytes(Arc::new(response(
            status,
            headers,
            body.as_ref(),
        ))))
        .await
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on (`127.0.0.1:PORT`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The raw requests received so far (head and body).
    pub async fn requests(&self) -> Vec<Vec<u8>> {
        self.requests.lock().await.clone()
    }

    /// How many requests were received.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A complete HTTP/1.1 response.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = head(status, headers, Some(body.len()));
    out.extend_from_slice(body);
    out
}

/// A response head; with `content_length`, a `Content-Length` header is added.
pub fn head(status: u16, headers: &[(&str, &str)], content_length: Option<usize>) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status)).into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    if let Some(len) = content_length {
        out.extend_from_slice(format!("Content-Length: {len}\r\n").as_bytes());
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn serve(
    mut stream: TcpStream,
    script: Script,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    hits: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    let request = read_request(&mut stream).await?;
    requests.lock().await.push(request.clone());
    let n = hits.fetch_add(1, Ordering::SeqCst);
    let script = match script {
        Script::Each(scripts) => {
            let index = n.min(scripts.len().saturating_sub(1));
            match scripts.get(index) {
                Some(script) => script.clone(),
                None => return Ok(()),
            }
        }
        other => other,
    };
    match script {
        Script::Each(_) | Script::Close => return Ok(()),
        Script::Reset => {
            // A zero linger makes the close a reset, at once (it is a non-zero
            // linger that would block the thread on drop).
            #[allow(deprecated)]
            stream.set_linger(Some(Duration::ZERO))?;
            return Ok(());
        }
        Script::Sequence(responses) => {
            let index = n.min(responses.len().saturating_sub(1));
            if let Some(bytes) = responses.get(index) {
                stream.write_all(bytes).await?;
            }
        }
        Script::Bytes(bytes) => stream.write_all(&bytes).await?,
        Script::Stream {
            head,
            body_len,
            fill,
        } => {
            stream.write_all(&head).await?;
            let chunk = vec![fill; 64 * 1024];
            let mut left = body_len;
            while left > 0 {
                let n = left.min(chunk.len());
                if stream.write_all(&chunk[..n]).await.is_err() {
                    // The client stopped reading: that is what a body limit does.
                    return Ok(());
                }
                left -= n;
            }
        }
        Script::Chunks { parts, pause } => {
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    tokio::time::sleep(pause).await;
                }
                stream.write_all(part).await?;
                stream.flush().await?;
            }
        }
        Script::Reply(reply) => stream.write_all(&reply(&request)).await?,
        Script::Stall(bytes, wait) => {
            stream.write_all(&bytes).await?;
            stream.flush().await?;
            tokio::time::sleep(wait).await;
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(buf);
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok(buf);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
