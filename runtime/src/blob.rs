//! [`Blob`]: a Smithy `blob`, bytes that travel as standard base64 in JSON.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Binary data (Smithy `blob`); base64 on the wire.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// Takes the bytes out.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl std::fmt::Debug for Blob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl serde::Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write(&self.0, serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Base64Bytes::deserialize(deserializer).map(|b| Blob(b.0))
    }
}

/// Writes bytes as a base64 string.
pub(crate) fn write<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&STANDARD.encode(bytes))
}

/// Bytes read from a base64 string (for this crate's public `Blob`, whichever type it is).
pub(crate) struct Base64Bytes(pub(crate) Vec<u8>);

impl<'de> serde::Deserialize<'de> for Base64Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        STANDARD
            .decode(text.as_bytes())
            .map(Base64Bytes)
            .map_err(|e| serde::de::Error::custom(format!("blob is not valid base64: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::Blob;

    #[test]
    fn base64_round_trip() {
        let b = Blob::new(b"hi there".to_vec());
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"aGkgdGhlcmU=\"");
        assert_eq!(serde_json::from_str::<Blob>(&json).unwrap(), b);
        assert!(
            serde_json::from_str::<Blob>("\"!!\"")
                .unwrap_err()
                .to_string()
                .contains("base64")
        );
    }
}
