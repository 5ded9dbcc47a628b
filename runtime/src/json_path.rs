//! The path to the member where a JSON body stopped decoding, found from the
//! decoder's error position by a scan of the bytes.
//!
//! A path-tracking deserializer wrapped around serde_json would compile every
//! response type's decoder a second time in the user's crate (for the wrapper's
//! type): about as much code again as the decoders themselves. The position of
//! serde_json's error says where decoding stopped; this scan, compiled once,
//! says which member that is. Paths are written as a path-tracking
//! deserializer writes them: `instances[0].name`, `user`, and `.` for the body
//! itself. The scan sees JSON, not the type being decoded, so it differs in
//! one place: inside an enum written as an object (`{"variant": ...}`), an
//! error in the variant's key reads `member.?` where the type-aware path reads
//! `member`.

/// The byte offset of serde_json's error position (`line` from 1, `column`
/// in bytes from the start of the line) in `body`; the end for a position
/// past it.
pub(crate) fn offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    if line > 1 {
        let mut newlines = 0;
        for (at, &b) in body.iter().enumerate() {
            if b == b'\n' {
                newlines += 1;
                if newlines == line - 1 {
                    start = at + 1;
                    break;
                }
            }
        }
        if newlines < line - 1 {
            return body.len();
        }
    }
    start.saturating_add(column).min(body.len())
}

/// What kind of error stopped the decoder, as serde_json classifies it: where
/// it stops says different things for each.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Stop {
    /// A value of the wrong type or content: the decoder stops just after it
    /// (after the `}` of an object missing a member), or at the start of an
    /// object or array that should not be one.
    Data,
    /// Bytes that are not JSON: the decoder stops just after the first
    /// offending byte.
    Syntax,
    /// The body ends too soon: the decoder stops at its end.
    Eof,
}

/// Where the scan is inside an object or an array.
enum Frame {
    Object { key: Option<String>, state: State },
    Array { index: usize, state: State },
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// Before a key (objects) or an element (arrays).
    Before,
    /// After a key, before its `:`.
    AfterKey,
    /// After a key's `:`, or inside an element: a value is being read.
    InValue,
    /// After a value, before `,` or the closing bracket.
    AfterValue,
}

/// The path of what the decoder was reading when it stopped at byte `at` of
/// `body`, written as a path-tracking deserializer writes it: the member or
/// element being read, the object or array itself when the error lies
/// between its members, and `?` in an object whose next key was being read.
/// Never fails: a body that is not JSON gives the path of what was read of it.
pub(crate) fn path_at(body: &[u8], at: usize, stop: Stop) -> String {
    let at = match stop {
        // Stop before the offending byte.
        Stop::Syntax => at.min(body.len()).saturating_sub(1),
        Stop::Data | Stop::Eof => at.min(body.len()),
    };
    let data = stop == Stop::Data;
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < at {
        let b = body[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'{' | b'[' => {
                set_state(&mut stack, State::InValue);
                stack.push(if b == b'{' {
                    Frame::Object {
                        key: None,
                        state: State::Before,
                    }
                } else {
                    Frame::Array {
                        index: 0,
                        state: State::Before,
                    }
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
                if i == at && data {
                    // The container that ends here is the value at fault (an
                    // object missing a member).
                    return render(&stack, body, at);
                }
                set_state(&mut stack, State::AfterValue);
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object { state, .. }) => *state = State::Before,
                    Some(Frame::Array { index, state }) => {
                        *index += 1;
                        *state = State::Before;
                    }
                    None => {}
                }
                i += 1;
            }
            b':' => {
                set_state(&mut stack, State::InValue);
                i += 1;
            }
            b'"' => {
                let (end, closed) = string_end(body, i);
                if let Some(Frame::Object {
                    key,
                    state: state @ State::Before,
                }) = stack.last_mut()
                {
                    // A key: known once it is whole.
                    let text = key_text(&body[i..end]);
                    if !closed || end > at || text.is_none() {
                        return render(&stack, body, at);
                    }
                    *key = text;
                    *state = State::AfterKey;
                    i = end;
                    continue;
                }
                set_state(&mut stack, State::InValue);
                if end > at || (end == at && (data || !closed)) {
                    return render(&stack, body, at);
                }
                set_state(&mut stack, State::AfterValue);
                i = end;
            }
            _ => {
                // A number, `true`, `false`, `null`, or bytes that are no JSON.
                let (len, whole) = scalar(&body[i..]);
                let end = i + len;
                set_state(&mut stack, State::InValue);
                if end > at || (end == at && (data || !whole)) {
                    return render(&stack, body, at);
                }
                set_state(&mut stack, State::AfterValue);
                i = end;
            }
        }
    }
    render(&stack, body, at)
}

/// Sets the state of the innermost container.
fn set_state(stack: &mut [Frame], to: State) {
    if let Some(Frame::Object { state, .. } | Frame::Array { state, .. }) = stack.last_mut() {
        *state = to;
    }
}

/// The length of the scalar at the start of `rest` as the decoder reads it,
/// and whether it is whole: a literal (`true`, `false`, `null`) or a number as
/// far as the JSON grammar takes it (what follows is the container's error,
/// not the value's); else the bytes up to the next delimiter, not whole.
fn scalar(rest: &[u8]) -> (usize, bool) {
    for literal in [&b"true"[..], b"false", b"null"] {
        if rest.starts_with(literal) {
            return (literal.len(), true);
        }
    }
    if let Some(len) = number_len(rest) {
        return (len, true);
    }
    let len = rest
        .iter()
        .position(|&c| {
            matches!(
                c,
                b',' | b'}' | b']' | b':' | b'"' | b' ' | b'\t' | b'\n' | b'\r'
            )
        })
        .unwrap_or(rest.len())
        .max(1);
    (len, false)
}

/// The length of the JSON number at the start of `rest`, if one is there
/// whole: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, the longest match.
fn number_len(rest: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        rest[from.min(rest.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = usize::from(rest.first() == Some(&b'-'));
    match rest.get(i) {
        // A leading zero followed by a digit is refused inside the number.
        Some(b'0') if rest.get(i + 1).is_some_and(u8::is_ascii_digit) => return None,
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += digits(i),
        _ => return None,
    }
    if rest.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if matches!(rest.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(rest.get(i + 1), Some(b'+' | b'-')));
        let n = digits(i + 1 + sign);
        if n == 0 {
            return None;
        }
        i += 1 + sign + n;
    }
    Some(i)
}

/// The offset past the string that starts at `start` (its closing quote
/// included) and whether it is closed; the end of the body for one left open.
fn string_end(body: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return (i + 1, true),
            _ => i += 1,
        }
    }
    (body.len(), false)
}

/// A key as the decoder reads it, escapes resolved; `None` when they cannot
/// be (the decoder fails inside the key).
fn key_text(quoted: &[u8]) -> Option<String> {
    if quoted.contains(&b'\\') {
        return serde_json::from_slice::<String>(quoted).ok();
    }
    let inner = quoted
        .strip_prefix(b"\"")
        .and_then(|q| q.strip_suffix(b"\""))
        .unwrap_or(quoted);
    Some(String::from_utf8_lossy(inner).into_owned())
}

/// The path of the stack, written as `a.b[0].c` (`.` when empty): each
/// container's member or element being read; `?` for an object's next key; an
/// array before an element counts the element when one starts at `at`.
fn render(stack: &[Frame], body: &[u8], at: usize) -> String {
    let mut out = String::new();
    let dot = |out: &mut String| {
        if !out.is_empty() {
            out.push('.');
        }
    };
    for frame in stack {
        match frame {
            Frame::Object {
                key,
                state: State::InValue,
            } => {
                dot(&mut out);
                out.push_str(key.as_deref().unwrap_or("?"));
            }
            Frame::Object {
                state: State::Before | State::AfterValue,
                ..
            } => {
                dot(&mut out);
                out.push('?');
                break;
            }
            Frame::Array {
                index,
                state: State::InValue,
            } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Frame::Array {
                index,
                state: State::Before,
            } => {
                let next = body
                    .get(at..)
                    .unwrap_or_default()
                    .iter()
                    .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
                if next.is_some_and(|&b| b != b']') {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
                break;
            }
            _ => break,
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}
