//! The host-name facts every layer checks the same way: host labels (RFC 1123), IPv4
//! addresses, and RFC 3986 percent-encoding. The rules engine's `isValidHostLabel` and
//! `uriEncode`, the runtime's `@hostLabel` and endpoint-URL checks and SigV4's canonical forms
//! all call these, so one concept has one validator.

/// standard-library.rst, isValidHostLabel: RFC 1123 labels (1–63 letters, digits and hyphens,
/// starting with a letter or digit), dot-separated when `allow_subdomains`.
pub fn is_valid_host_label(label: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        !label.is_empty() && label.split('.').all(|l| is_valid_host_label(l, false))
    } else {
        (1..=63).contains(&label.len())
            && label.starts_with(|c: char| c.is_ascii_alphanumeric())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }
}

/// Whether `host` is a dotted-quad IPv4 address (`10.0.0.1`; no leading `+`, at most three
/// digits per part, each at most 255).
pub fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        let digits_only =
            !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit());
        if !digits_only || part.parse::<u16>().map_or(true, |n| n > 255) {
            return false;
        }
    }
    parts == 4
}

/// Appends `byte` to `out`, percent-encoded with upper-case hex unless it is unreserved
/// (`A-Z a-z 0-9 - . _ ~`).
pub fn encode_byte(byte: u8, out: &mut String) {
    if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
        out.push(byte as char);
    } else {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        out.push('%');
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
}

/// standard-library.rst, uriEncode: `input` with every byte but the unreserved ones
/// percent-encoded (RFC 3986, upper-case hex).
pub fn uri_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        encode_byte(byte, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("a_b", false));
    }

    #[test]
    fn ipv4_addresses() {
        for yes in ["10.0.0.1", "255.255.255.255", "0.0.0.0"] {
            assert!(is_ipv4(yes), "{yes}");
        }
        for no in [
            "256.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "a.b.c.d",
            "1..2.3",
            "+1.2.3.4",
            "0001.2.3.4",
            "",
        ] {
            assert!(!is_ipv4(no), "{no}");
        }
    }

    #[test]
    fn uri_encoding_keeps_only_unreserved() {
        assert_eq!(uri_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(uri_encode("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(uri_encode("é"), "%C3%A9");
    }
}
