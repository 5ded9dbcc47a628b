//! Percent-encoding with the one rule the official SDKs use everywhere (path
//! segments, query keys and values, canonical requests): only
//! `A-Z a-z 0-9 - _ . ~` stay as they are, every other byte becomes `%XY` with
//! upper-case hex, a space included (`%20`, never `+`).

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Whether a byte is left as it is: `A-Z a-z 0-9 - _ . ~`.
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Appends `bytes` to `out`, percent-encoded.
pub(crate) fn encode(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
            out.push(char::from(HEX_UPPER[usize::from(b & 15)]));
        }
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
    }
}
