//! Places in a document: JSON pointer segments, and what was found at one.

/// One thing found: where (a JSON pointer into the bundled document), what,
/// and whether it stops generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub pointer: String,
    pub message: String,
    pub fatal: bool,
}

/// Rewrites every `$ref` in `value` that `rewrite` gives a new target for.
/// A worklist, so no document overflows the stack.
pub fn rewrite_refs(value: &mut serde_json::Value, rewrite: impl Fn(&str) -> Option<String>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(serde_json::Value::String(reference)) = object.get_mut("$ref") {
                    if let Some(target) = rewrite(reference) {
                        *reference = target;
                    }
                }
                stack.extend(object.values_mut());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
