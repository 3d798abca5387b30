//! Places in a document: JSON pointer segments, and what was found at one.

/// One thing found: where (a JSON pointer into the bundled document), what,
/// and whether it stops generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub pointer: String,
    pub message: String,
    pub fatal: bool,
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
