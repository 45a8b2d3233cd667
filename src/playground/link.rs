//! The playground's link: `#/playground?s=<scenario>`, where `<scenario>` is the scenario
//! file's JSON, compressed as raw DEFLATE and written in base64url without padding (RFC 4648
//! section 5), so a link holds the whole scenario and needs no server.

use super::deflate;

/// The largest scenario a link may unpack to: a guard against a hostile link.
pub const MAX_SCENARIO_BYTES: usize = 1 << 20;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a link's scenario cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Not base64url text.
    NotBase64,
    /// Not raw DEFLATE data (the reason).
    NotDeflate(&'static str),
    /// Not UTF-8 text.
    NotText,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotBase64 => f.write_str("the link's s= is not base64url text"),
            LinkError::NotDeflate(why) => write!(f, "the link's s= is not raw DEFLATE data: {why}"),
            LinkError::NotText => f.write_str("the link's scenario is not UTF-8 text"),
        }
    }
}

/// The `s=` value of a scenario's JSON.
pub fn encode(json: &str) -> String {
    base64url(&deflate::compress(json.as_bytes()))
}

/// The scenario JSON an `s=` value holds.
pub fn decode(value: &str) -> Result<String, LinkError> {
    let packed = unbase64url(value).ok_or(LinkError::NotBase64)?;
    let json =
        deflate::inflate(&packed, MAX_SCENARIO_BYTES).map_err(|e| LinkError::NotDeflate(e.0))?;
    String::from_utf8(json).map_err(|_| LinkError::NotText)
}

/// The `s` parameter of a query (`s=...&lang=en`), if there is one.
pub fn scenario_param(query: &str) -> Option<&str> {
    param(query, "s")
}

/// The parameter `name` of a query, if it is there and not empty.
pub fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .filter(|value| !value.is_empty())
}

/// The hash route of a scenario: `#/playground?s=...`.
pub fn href(json: &str) -> String {
    format!("#/playground?s={}", encode(json))
}

fn base64url(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            text.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    text
}

/// Base64url text back to bytes; padding (`=`) at the end is tolerated.
fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=').as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let digit = ALPHABET.iter().position(|&a| a == c)? as u32;
            n |= digit << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            bytes.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648_without_padding() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (&[0xfb, 0xff][..], "-_8"),
        ] {
            assert_eq!(base64url(bytes), text);
            assert_eq!(unbase64url(text).as_deref(), Some(bytes));
        }
        assert_eq!(unbase64url("Zm8=").as_deref(), Some(&b"fo"[..]));
        assert_eq!(unbase64url("Z"), None);
        assert_eq!(
            unbase64url("Zm+v"),
            None,
            "standard base64's + is not base64url"
        );
    }

    #[test]
    fn a_scenario_round_trips_through_its_link() {
        let json = include_str!("../../sim/tests/scenarios/producer_keyed.json");
        let value = encode(json);
        assert_eq!(decode(&value).unwrap(), json);
        assert_eq!(scenario_param(&format!("lang=en&s={value}")), Some(&*value));
        assert_eq!(href(json), format!("#/playground?s={value}"));
    }

    #[test]
    fn damaged_links_say_why() {
        assert_eq!(decode("%%%"), Err(LinkError::NotBase64));
        assert!(matches!(decode("AAAA"), Err(LinkError::NotDeflate(_))));
        assert_eq!(scenario_param("s="), None);
        let value = encode("{}");
        assert!(decode(&value[..value.len() - 2]).is_err());
    }
}
