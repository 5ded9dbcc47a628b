//! What cloudwire tells `tracing`: a span per call and per attempt, an event
//! per retry; never a secret, a body or a signature.

use cloudwire::auth::{AkSk, Credentials};
use cloudwire::retry::{Backoff, RetryPolicy};
use cloudwire::{Client, Secret};
use cloudwire_tests::{RawServer, Script, response};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every span, field and event it is given, as text, and each
/// span's and event's parent (`parent <id> <parent id>`, 0 for none).
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next: Arc<Mutex<u64>>,
    /// The spans entered, innermost last (one thread: a current-thread runtime).
    entered: Arc<Mutex<Vec<u64>>>,
}

impl Recorder {
    /// The parent of a new span or event: the one it names, or the current one.
    fn parent(&self, explicit: Option<&Id>, contextual: bool) -> u64 {
        match explicit {
            Some(id) => id.into_u64(),
            None if contextual => self.entered.lock().unwrap().last().copied().unwrap_or(0),
            None => 0,
        }
    }
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={}", field.name(), value));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}:", span.metadata().name()));
        span.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
        let mut next = self.next.lock().unwrap();
        *next += 1;
        let parent = self.parent(span.parent(), span.is_contextual());
        self.lines
            .lock()
            .unwrap()
            .push(format!("parent {} {parent}", *next));
        Id::from_u64(*next)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut line = Line(format!("record {}:", span.into_u64()));
        values.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let parent = self.parent(event.parent(), event.is_contextual());
        let mut line = Line(format!(
            "event {} parent={parent}:",
            event.metadata().level()
        ));
        event.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
    }
    fn enter(&self, span: &Id) {
        self.entered.lock().unwrap().push(span.into_u64());
    }
    fn exit(&self, span: &Id) {
        let mut entered = self.entered.lock().unwrap();
        if let Some(at) = entered.iter().rposition(|id| *id == span.into_u64()) {
            entered.remove(at);
        }
    }
}

/// The id of each span named `name`, in the order they were made.
fn span_ids(lines: &[String], name: &str) -> Vec<u64> {
    let mut ids = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with(&format!("span {name}:")) {
            let parent_line = &lines[i + 1];
            ids.push(parent_line.split(' ').nth(1).unwrap().parse().unwrap());
        }
    }
    ids
}

/// The parent of span `id` (0 for none).
fn parent_of(lines: &[String], id: u64) -> u64 {
    let prefix = format!("parent {id} ");
    let line = lines.iter().find(|l| l.starts_with(&prefix)).unwrap();
    line[prefix.len()..].parse().unwrap()
}

#[cloudwire::api_response(status = 201)]
struct Created {
    #[cloudwire(request_id)]
    request_id: Option<cloudwire::RequestId>,
}

#[cloudwire::endpoint(PUT, "/v1/users/{user_id}/password", response = Created)]
struct SetPassword {
    #[cloudwire(path)]
    user_id: String,
    #[cloudwire(header = "X-Auth-Token")]
    token: Secret,
    password: Secret,
}

#[test]
fn spans_and_events_say_what_happened_and_nothing_secret() {
    let recorder = Recorder::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    runtime.block_on(async {
        let server =
            RawServer::start(Script::Each(Arc::new(vec![
            Script::Bytes(Arc::new(response(
                503,
                &[("X-Request-Id", "first-attempt-id")],
                br#"{"error_code": "SVC.503", "error_msg": "echo password=hunter2-body-secret"}"#,
            ))),
            Script::Bytes(Arc::new(response(201, &[("X-Request-Id", "second-attempt-id")], b"{}"))),
        ])))
            .await;
        let client = Client::builder()
            .endpoint(server.url())
            .auth(AkSk::new(
                Credentials::new("AKVISIBLE", "sk-very-secret")
                    .with_security_token("sts-token-secret"),
            ))
            .retry(RetryPolicy::default().with_backoff(Backoff::Fixed(Duration::from_millis(5))))
            .build()
            .unwrap();
        let created = client
            .send(SetPassword {
                user_id: "user-4711".into(),
                token: Secret::new("MIIE-auth-token-secret"),
                password: Secret::new("hunter2-body-secret"),
            })
            .await
            .unwrap();
        assert_eq!(created.request_id.unwrap().as_str(), "second-attempt-id");
    });
    let lines = recorder.lines.lock().unwrap().clone();
    let all = lines.join("\n");
    // The call: method and path template, status, request ID, attempts.
    assert!(
        all.contains("span cloudwire.call: method=PUT path=/v1/users/{user_id}/password"),
        "{all}"
    );
    assert!(all.contains("attempts=2"), "{all}");
    assert!(all.contains("request_id=second-attempt-id"), "{all}");
    // Each attempt, with its status, request ID and latency, in the call's span.
    assert_eq!(all.matches("span cloudwire.attempt:").count(), 2, "{all}");
    let call = span_ids(&lines, "cloudwire.call");
    assert_eq!(call.len(), 1, "{all}");
    for attempt in span_ids(&lines, "cloudwire.attempt") {
        assert_eq!(parent_of(&lines, attempt), call[0], "{all}");
    }
    assert!(
        all.contains("status=503") && all.contains("request_id=first-attempt-id"),
        "{all}"
    );
    assert!(
        all.contains("status=201") && all.contains("latency_ms="),
        "{all}"
    );
    // The retry, with its delay.
    assert!(
        lines.iter().any(
            |l| l.starts_with(&format!("event INFO parent={}:", call[0]))
                && l.contains("delay_ms=5")
                && l.contains("reason=HTTP 503")
        ),
        "{all}"
    );
    // Never the filled path, a secret, a body or a signature.
    for secret in [
        "user-4711",
        "sk-very-secret",
        "sts-token-secret",
        "MIIE-auth-token-secret",
        "hunter2-body-secret",
        "Signature",
        "SDK-HMAC",
        "error_msg",
    ] {
        assert!(!all.contains(secret), "{secret} in:\n{all}");
    }
}

/// The mock transport replaces only the network: the spans and events of a
/// call are the same as over HTTP.
#[test]
fn the_mock_transport_is_traced_like_the_network() {
    use cloudwire::testing::{MockTransport, Reply};
    let recorder = Recorder::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let mock = MockTransport::new();
    mock.push(Reply::connect_refused())
        .push(Reply::status(503).request_id("mock-first"))
        .push(Reply::status(201).request_id("mock-third"));
    runtime.block_on(async {
        let client = mock
            .client_builder()
            .retry(RetryPolicy::default().with_backoff(Backoff::Fixed(Duration::from_millis(5))))
            .build()
            .unwrap();
        let created = client
            .send(SetPassword {
                user_id: "user-4711".into(),
                token: Secret::new("MIIE-auth-token-secret"),
                password: Secret::new("hunter2-body-secret"),
            })
            .await
            .unwrap();
        assert_eq!(created.request_id.unwrap().as_str(), "mock-third");
    });
    let lines = recorder.lines.lock().unwrap().clone();
    let all = lines.join("\n");
    assert!(
        all.contains("span cloudwire.call: method=PUT path=/v1/users/{user_id}/password"),
        "{all}"
    );
    assert_eq!(all.matches("span cloudwire.attempt:").count(), 3, "{all}");
    assert!(all.contains("error=connect"), "{all}");
    assert!(
        all.contains("status=503") && all.contains("request_id=mock-first"),
        "{all}"
    );
    assert!(
        all.contains("attempts=3") && all.contains("request_id=mock-third"),
        "{all}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("event INFO parent=") && l.contains("reason=connect")),
        "{all}"
    );
    for secret in ["user-4711", "MIIE-auth-token-secret", "hunter2-body-secret"] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
    mock.assert_requests(3);
}
