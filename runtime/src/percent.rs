//! RFC 3986 percent-encoding with upper-case hex, keeping only the unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`): what the rules engine's `uriEncode` and SigV4's canonical forms
//! both use.

/// Appends `byte`, encoded unless it is unreserved.
pub(crate) fn encode_byte(byte: u8, out: &mut String) {
    if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
        out.push(byte as char);
    } else {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        out.push('%');
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
}

/// `input` with every byte but the unreserved ones encoded.
pub(crate) fn encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        encode_byte(byte, &mut out);
    }
    out
}
