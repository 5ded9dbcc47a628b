//! Generated values: request IDs, keys, tokens and timestamps.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijection on `u64` that scatters its input.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A random-looking, never-repeating source of numbers for one simulator.
///
/// Not for cryptography: it only has to look like the real services' values
/// and never hand out the same request ID twice.
pub(crate) struct Ids {
    seed: [u64; 2],
    request: AtomicU64,
    stream: AtomicU64,
}

impl Ids {
    /// Seeded from the process's hash keys and the clock, so two simulators differ.
    pub(crate) fn new() -> Self {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let a = hasher.finish();
        Ids {
            seed: [mix(a), mix(a ^ GOLDEN)],
            request: AtomicU64::new(0),
            stream: AtomicU64::new(0),
        }
    }

    /// 32 lower-case hex digits, unique per call: the low half is a bijection of a counter.
    pub(crate) fn request_id(&self) -> String {
        let n = self.request.fetch_add(1, Ordering::Relaxed);
        format!(
            "{:016x}{:016x}",
            mix(self.seed[0] ^ n.rotate_left(32)),
            mix(self.seed[1].wrapping_add(n))
        )
    }

    /// The next number of the stream used for keys, tokens and user IDs.
    pub(crate) fn next_u64(&self) -> u64 {
        let n = self.stream.fetch_add(1, Ordering::Relaxed);
        mix(self.seed[0].wrapping_add(n.wrapping_mul(GOLDEN)) ^ self.seed[1])
    }

    /// `len` characters drawn from `alphabet`.
    pub(crate) fn string(&self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| {
                let i = self.next_u64() % alphabet.len() as u64;
                char::from(alphabet[i as usize])
            })
            .collect()
    }

    /// `len` random bytes.
    pub(crate) fn bytes(&self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

/// Upper-case letters and digits (access key IDs).
pub(crate) const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Letters of both cases and digits (secret access keys).
pub(crate) const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Lower-case hex digits (IDs).
pub(crate) const HEX: &[u8] = b"0123456789abcdef";

/// A 64-bit FNV-1a hash, for values derived deterministically from names.
pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// Standard base64 with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A UTC time, for the forms the services write times in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Utc(jiff::civil::DateTime);

impl Utc {
    pub(crate) fn from_system_time(t: SystemTime) -> Utc {
        let t = jiff::Timestamp::try_from(t).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        Utc(jiff::tz::Offset::UTC.to_datetime(t))
    }

    /// `2024-05-21T09:03:41.000000`: IAM's form, seconds precision, no zone.
    pub(crate) fn iam(&self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%S.000000").to_string()
    }

    /// `2022-09-07T03:27:51.158Z`: RFC 3339 in UTC with milliseconds, STS's form.
    pub(crate) fn rfc3339_millis(&self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%S.%3fZ").to_string()
    }

    /// `2017-12-07T06:02:46.185000Z`: with microseconds, the metadata service's form.
    pub(crate) fn rfc3339_micros(&self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::time::Duration;

    #[test]
    fn request_ids_are_32_hex_and_unique() {
        let ids = Ids::new();
        let all: HashSet<String> = (0..10_000).map(|_| ids.request_id()).collect();
        assert_eq!(all.len(), 10_000);
        for id in all.iter().take(100) {
            assert_eq!(id.len(), 32);
            assert!(id.bytes().all(|b| HEX.contains(&b)), "{id}");
        }
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn timestamps() {
        let t = UNIX_EPOCH + Duration::from_millis(1_662_521_271_158);
        let utc = Utc::from_system_time(t);
        assert_eq!(utc.rfc3339_millis(), "2022-09-07T03:27:51.158Z");
        assert_eq!(utc.iam(), "2022-09-07T03:27:51.000000");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(
            Utc::from_system_time(leap).iam(),
            "2000-02-29T00:00:00.000000"
        );
        assert_eq!(
            Utc::from_system_time(UNIX_EPOCH).rfc3339_millis(),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(utc.rfc3339_micros(), "2022-09-07T03:27:51.158000Z");
    }
}
