//! Decoding success bodies, one function per kind of body.

pub(crate) use super::details::from_json;
use super::error::DecodeError;
use super::response::RawResponse;

/// A JSON body.
pub fn json<T: serde::de::DeserializeOwned>(response: &RawResponse) -> Result<T, DecodeError> {
    Ok(from_json(response.body())?)
}

/// A JSON body, or `None` when the response has none (a 204 beside a 200).
pub fn optional_json<T: serde::de::DeserializeOwned>(response: &RawResponse) -> Result<Option<T>, DecodeError> {
    if response.body().is_empty() {
        return Ok(None);
    }
    json(response).map(Some)
}

/// A text body; invalid UTF-8 is an error, not replaced.
pub fn text(response: &RawResponse) -> Result<String, DecodeError> {
    Ok(String::from_utf8(response.body().to_vec())?)
}

/// Any body, as bytes.
pub fn bytes(response: &RawResponse) -> Result<bytes::Bytes, DecodeError> {
    Ok(response.body().clone())
}

/// No body: whatever came is ignored, as the spec documents none.
pub fn empty(_: &RawResponse) -> Result<(), DecodeError> {
    Ok(())
}
