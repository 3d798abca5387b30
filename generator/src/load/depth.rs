//! How deep a YAML file's flow collections (`{a: {a: ...`, `[[[...`) nest,
//! found in one linear pass before the parser runs. libyaml's time grows
//! with the square of that depth (100,000 levels took a minute to refuse),
//! and serde_yaml's own limit stops it only after that work. JSON needs no
//! such pass: serde_json stops at its limit as it reads.
//!
//! The scan follows YAML only as far as nesting needs: comments, quoted
//! scalars inside flow collections, block scalars, and the places a flow
//! collection can start (a line's first node, after `- ` or `: `). Where
//! it is unsure it counts less, never more, and leaves the rest to the
//! parser.

/// The depth the parser refuses past (serde_yaml's and serde_json's).
pub const MAX_DEPTH: usize = 128;

/// The 1-based line where `text`'s flow collections first nest deeper than
/// [`MAX_DEPTH`], if they do.
pub fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut lines = text.lines().enumerate().peekable();
    while let Some((number, line)) = lines.next() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = &line[indent..];
        if depth == 0 {
            match block_value(rest) {
                Some(value) => rest = value,
                None => {
                    if ends_with_block_scalar(line) {
                        while lines.next_if(|(_, next)| next.trim().is_empty() || next.len() - next.trim_start_matches(' ').len() > indent).is_some() {}
                    }
                    continue;
                }
            }
        }
        if flow(rest, &mut depth) {
            return Some(number + 1);
        }
    }
    None
}

/// Where a flow collection starts on a line read in block context: at its
/// first node (after `- ` and `? ` markers), or after its key's `: `.
fn block_value(line: &str) -> Option<&str> {
    let mut rest = line;
    while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
        rest = after.trim_start_matches(' ');
    }
    let rest = skip_properties(rest);
    if rest.starts_with(['{', '[']) {
        return Some(rest);
    }
    if rest.starts_with(['"', '\'', '#']) {
        return None;
    }
    let colon = rest.find(": ")?;
    if rest[..colon].contains(" #") {
        return None;
    }
    let value = skip_properties(rest[colon + 2..].trim_start_matches(' '));
    value.starts_with(['{', '[']).then_some(value)
}

/// `text` past any anchors (`&a`) and tags (`!t`) before a node.
fn skip_properties(mut text: &str) -> &str {
    while text.starts_with(['&', '!']) {
        text = text.find(' ').map_or("", |end| text[end..].trim_start_matches(' '));
    }
    text
}

/// Whether a block-context line ends with a block scalar's header (`|`,
/// `>-`, `|2+`...), whose content lines follow, more indented.
fn ends_with_block_scalar(line: &str) -> bool {
    let line = line.split(" #").next().unwrap_or(line).trim_end();
    let header = line.rsplit(' ').next().unwrap_or(line);
    header.starts_with(['|', '>']) && header[1..].chars().all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// Reads `text` in flow context from `depth` (0: the line's flow
/// collection starts at its first character); whether it nested past
/// [`MAX_DEPTH`]. Returns at the end of the line or when the line's
/// collections close.
fn flow(text: &str, depth: &mut usize) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Whether a node may start here: a quote then opens a quoted scalar.
    let mut node_start = true;
    while at < bytes.len() {
        match bytes[at] {
            b'{' | b'[' => {
                *depth += 1;
                if *depth > MAX_DEPTH {
                    return true;
                }
                node_start = true;
            }
            b'}' | b']' => {
                *depth = depth.saturating_sub(1);
                if *depth == 0 {
                    return false;
                }
                node_start = false;
            }
            b',' | b':' | b'?' => node_start = true,
            b'#' if at == 0 || bytes[at - 1] == b' ' || bytes[at - 1] == b'\t' => return false,
            quote @ (b'"' | b'\'') if node_start => {
                // A quoted scalar ends on this line or runs on: the rest of
                // the line is inside it, and the next lines are read anew.
                match closing_quote(&bytes[at + 1..], quote) {
                    Some(end) => at += end + 1,
                    None => return false,
                }
                node_start = false;
            }
            b' ' | b'\t' => {}
            _ => node_start = false,
        }
        at += 1;
    }
    false
}

/// Where the quoted scalar that `quote` opened ends in `rest`, if on this
/// line: `\"` escapes a double quote, `''` a single one.
fn closing_quote(rest: &[u8], quote: u8) -> Option<usize> {
    let mut at = 0;
    while at < rest.len() {
        match rest[at] {
            b'\\' if quote == b'"' => at += 1,
            b'\'' if quote == b'\'' && rest.get(at + 1) == Some(&b'\'') => at += 1,
            byte if byte == quote => return Some(at),
            _ => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{too_deep, MAX_DEPTH};

    fn nested(open: &str, close: &str, depth: usize) -> String {
        format!("openapi: 3.0.3\ninfo: {}1{}\n", open.repeat(depth), close.repeat(depth))
    }

    #[test]
    fn flow_collections_past_the_limit_are_found_on_their_line() {
        assert_eq!(too_deep(&nested("{a: ", "}", MAX_DEPTH)), None);
        assert_eq!(too_deep(&nested("{a: ", "}", MAX_DEPTH + 1)), Some(2));
        assert_eq!(too_deep(&nested("[", "]", 100_000)), Some(2));
        assert_eq!(too_deep(&format!("a:\n  - b: {}\n", "[\n".repeat(200))), Some(MAX_DEPTH + 2));
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let brackets = "{[".repeat(MAX_DEPTH);
        let texts = [
            format!("title: '{brackets}'\n"),
            format!("title: \"{brackets} \\\" {brackets}\"\n"),
            format!("info: {{title: '{brackets}', description: \"{brackets}\"}}\n"),
            format!("description: |\n  {brackets}\n  {brackets}\nnext: 1\n"),
            format!("description: >-\n\n  [\n{}\n", "  [\n".repeat(MAX_DEPTH + 1)),
            format!("a: b # {brackets}\nc: [d] # {brackets}\n"),
            format!("description: use {brackets} freely\n"),
            format!("- {{a: 'it''s {brackets}'}}\n"),
        ];
        for text in texts {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }
}
