//! Percent-encoding with the one rule the official SDKs use everywhere (path
//! segments, query keys and values, canonical requests): only
//! `A-Z a-z 0-9 - _ . ~` stay as they are, every other byte becomes `%XY` with
//! upper-case hex, a space included (`%20`, never `+`).

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Whether a byte is left as it is: `A-Z a-z 0-9 - _ . ~`.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// The length of `bytes` once percent-encoded.
pub(crate) fn encoded_len(bytes: &[u8]) -> usize {
    bytes.len() + 2 * bytes.iter().filter(|&&b| !is_unreserved(b)).count()
}

/// Appends `bytes` to `out`, percent-encoded.
pub(crate) fn encode(out: &mut String, bytes: &[u8]) {
    // Runs of unreserved bytes are copied as they are, a run at a time.
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest
            .iter()
            .position(|&b| !is_unreserved(b))
            .unwrap_or(rest.len());
        // Unreserved bytes are ASCII: the conversion cannot fail.
        if let Ok(text) = std::str::from_utf8(&rest[..run]) {
            out.push_str(text);
        }
        let Some((&b, tail)) = rest[run..].split_first() else {
            break;
        };
        let escape = [
            b'%',
            HEX_UPPER[usize::from(b >> 4)],
            HEX_UPPER[usize::from(b & 15)],
        ];
        if let Ok(text) = std::str::from_utf8(&escape) {
            out.push_str(text);
        }
        rest = tail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_unreserved_bytes() {
        let mut out = String::new();
        encode(&mut out, "aZ9-_.~ /?%+é".as_bytes());
        assert_eq!(out, "aZ9-_.~%20%2F%3F%25%2B%C3%A9");
        assert_eq!(encoded_len("aZ9-_.~ /?%+é".as_bytes()), out.len());
    }
}
