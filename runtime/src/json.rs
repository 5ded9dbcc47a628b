//! JSON request bodies, written byte for byte as the official Python SDK writes
//! them (`json.dumps` with its defaults), so that a body cloudwire sends, and
//! signs, is the body the SDK would send for the same value.
//!
//! That means `", "` between items, `": "` after keys, every character outside
//! printable ASCII escaped as `\uXXXX` (UTF-16, lower-case hex), and floats in
//! Python's shortest form (`1e+16`, `1e-07`, `100.0`).

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};
use std::io::{self, Write};

/// Serializes `value` as the Python SDK would.
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    value.serialize(&mut serializer)?;
    Ok(out)
}

struct PythonFormatter;

/// The length of the run of printable ASCII (`' '..='~'`) `bytes` starts
/// with: eight bytes at a time, then one at a time.
fn printable_ascii_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut done = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // A byte below 0x20 (its high bit set by `x - 0x20` with no borrow
        // from a lower byte, unless a lower byte is below 0x20 too) or above
        // 0x7E (high bit set in `x`, or in `x + 1`, carrying only from a byte
        // that is 0xFF): each test is exact for the word as a whole.
        let below = x.wrapping_sub(0x20 * ONES) & !x & HIGH;
        let above = (x | x.wrapping_add(ONES)) & HIGH;
        if below | above != 0 {
            break;
        }
        done += 8;
    }
    done + bytes[done..]
        .iter()
        .position(|b| !(b' '..=b'~').contains(b))
        .unwrap_or(bytes.len() - done)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn write_u16_escape<W: ?Sized + Write>(writer: &mut W, unit: u16) -> io::Result<()> {
    let bytes = [
        b'\\',
        b'u',
        HEX[usize::from(unit >> 12)],
        HEX[usize::from((unit >> 8) & 0xF)],
        HEX[usize::from((unit >> 4) & 0xF)],
        HEX[usize::from(unit & 0xF)],
    ];
    writer.write_all(&bytes)
}

/// `", "` before every item but the first, as `json.dumps` writes it.
fn separator<W: ?Sized + Write>(writer: &mut W, first: bool) -> io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        // Printable ASCII up to the first other byte is written as it is
        // (the usual case: all of it), without decoding characters.
        let first = printable_ascii_prefix(bytes);
        if first == bytes.len() {
            return writer.write_all(bytes);
        }
        // `first` is a character boundary: every byte before it is ASCII.
        let mut start = 0;
        for (i, c) in fragment[first..].char_indices() {
            let i = first + i;
            if (' '..='~').contains(&c) {
                continue;
            }
            writer.write_all(&bytes[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write_u16_escape(writer, *unit)?;
            }
            start = i + c.len_utf8();
        }
        writer.write_all(&bytes[start..])
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        let text: &[u8] = match escape {
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"/",
            CharEscape::Backspace => b"\\b",
            CharEscape::FormFeed => b"\\f",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::AsciiControl(byte) => return write_u16_escape(writer, u16::from(byte)),
        };
        writer.write_all(text)
    }

    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(python_float(value).as_bytes())
    }

    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        // Python has only doubles; an f32 is widened through its shortest text.
        let widened: f64 = value.to_string().parse().unwrap_or(f64::from(value));
        writer.write_all(python_float(widened).as_bytes())
    }
}

/// `repr(float)` of Python: shortest round-trip digits, fixed notation for
/// decimal exponents from -4 to 15, scientific (`1e+16`, `1.5e-07`) otherwise.
pub(crate) fn python_float(value: f64) -> String {
    if !value.is_finite() {
        // serde_json writes non-finite numbers as null; keep that.
        return "null".to_owned();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0.0");
    }
    let sci = format!("{:e}", value.abs()); // e.g. "1.2345e2", "1e16", "5e-7"
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1; // digits before the decimal point
        let text = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_owned()
        } else {
            format!("{first}.{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exponent.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dumps(value: &serde_json::Value) -> String {
        String::from_utf8(to_vec(value).unwrap()).unwrap()
    }

    /// The word-at-a-time scan finds what a byte-at-a-time one finds: every
    /// byte value at every position of texts of 0 to 24 bytes of printable
    /// ASCII (the lowest, a letter, the highest).
    #[test]
    fn printable_prefix_matches_a_byte_scan() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|b| !(b' '..=b'~').contains(b))
                .unwrap_or(bytes.len())
        };
        for len in 0..=24 {
            for filler in [b' ', b'a', b'~'] {
                let mut bytes = vec![filler; len];
                assert_eq!(printable_ascii_prefix(&bytes), len);
                for at in 0..len {
                    for value in 0..=255u8 {
                        bytes[at] = value;
                        assert_eq!(printable_ascii_prefix(&bytes), naive(&bytes), "{bytes:?}");
                    }
                    bytes[at] = filler;
                }
            }
        }
    }

    // Expected texts are Python 3.11's `json.dumps` of the same values.
    #[test]
    fn matches_python_json_dumps() {
        #[derive(serde::Serialize)]
        struct User {
            name: &'static str,
            enabled: bool,
            tags: Vec<&'static str>,
            n: Option<u8>,
            e: serde_json::Map<String, serde_json::Value>,
            l: Vec<u8>,
        }
        #[derive(serde::Serialize)]
        struct Body {
            user: User,
        }
        let body = Body {
            user: User {
                name: "alice",
                enabled: true,
                tags: vec!["a", "b"],
                n: None,
                e: serde_json::Map::new(),
                l: vec![],
            },
        };
        assert_eq!(
            String::from_utf8(to_vec(&body).unwrap()).unwrap(),
            r#"{"user": {"name": "alice", "enabled": true, "tags": ["a", "b"], "n": null, "e": {}, "l": []}}"#
        );
        assert_eq!(
            dumps(&json!({"s": "café \u{4e2d} \u{1F600} \"q\" \\ \n\t\u{1}\u{7f}/"})),
            r#"{"s": "caf\u00e9 \u4e2d \ud83d\ude00 \"q\" \\ \n\t\u0001\u007f/"}"#
        );
        assert_eq!(
            dumps(&json!([
                1, -2, 3.5, 1e16, 1e-7, 0.1, 100.0, 1e15, 0.0001, 0.00001, -2.5e-10, 123456.789,
                0.0
            ])),
            "[1, -2, 3.5, 1e+16, 1e-07, 0.1, 100.0, 1000000000000000.0, 0.0001, 1e-05, -2.5e-10, 123456.789, 0.0]"
        );
    }
}
