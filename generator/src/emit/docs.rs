//! Doc text from the spec, cleaned for rustdoc and turned into `#[doc]`
//! attributes, one a line, so `prettyplease` prints them as `///`.

use crate::ir::Bounds;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, or nothing when there is none.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    clean(text)
        .into_iter()
        .map(|line| {
            let line = if line.is_empty() { line } else { format!(" {line}") };
            quote!(#[doc = #line])
        })
        .collect()
}

/// `#[doc]` attributes for `text`, then one paragraph per note.
pub fn doc_attrs_with_notes(text: Option<&str>, notes: &[String]) -> TokenStream {
    let mut docs = doc_attrs(text);
    for note in notes {
        if !docs.is_empty() {
            docs.extend(quote!(#[doc = ""]));
        }
        let line = format!(" {note}");
        docs.extend(quote!(#[doc = #line]));
    }
    docs
}

/// The note for a value the server assumes when it is left out.
pub fn default_note(default: &serde_json::Value) -> String {
    format!("The server's default: `{default}`.")
}

/// The note for the limits a value must keep to, if it has any.
pub fn bounds_note(bounds: &Bounds) -> Option<String> {
    let range = match (bounds.minimum, bounds.maximum) {
        (Some(min), Some(max)) => Some(format!("{min} to {max}")),
        (Some(min), None) => Some(format!("at least {min}")),
        (None, Some(max)) => Some(format!("at most {max}")),
        (None, None) => None,
    };
    let length = match (bounds.min_length, bounds.max_length) {
        (Some(min), Some(max)) => Some(format!("{min} to {max} characters")),
        (Some(min), None) => Some(format!("at least {min} characters")),
        (None, Some(max)) => Some(format!("at most {max} characters")),
        (None, None) => None,
    };
    let limits: Vec<String> = range.into_iter().chain(length).collect();
    (!limits.is_empty()).then(|| format!("Allowed: {}.", limits.join("; ")))
}

/// Joins paragraphs into one doc text, skipping empty ones.
pub fn paragraphs<'t>(parts: impl IntoIterator<Item = Option<&'t str>>) -> Option<String> {
    let joined: Vec<&str> = parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!joined.is_empty()).then(|| joined.join("\n\n"))
}

/// Makes spec Markdown safe for rustdoc: code fences become `text` blocks
/// (not doctests), indentation that would start a code block is dropped,
/// brackets that are not links are escaped, and bare URLs become links.
pub fn clean(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in text.replace("\r\n", "\n").lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            in_fence = !in_fence;
            lines.push(if in_fence && info.trim().is_empty() { "```text".to_owned() } else { trimmed.trim_end().to_owned() });
        } else if in_fence {
            lines.push(line.trim_end().to_owned());
        } else {
            lines.push(clean_line(trimmed.trim_end()));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' | ']' if !is_link_bracket(&chars, i) => {
                out.push('\\');
                out.push(c);
            }
            '<' if !starts_with(&chars, i + 1, "http") => out.push_str("&lt;"),
            '>' if !closes_autolink(&out) => out.push_str("&gt;"),
            'h' if (starts_with(&chars, i, "https://") || starts_with(&chars, i, "http://"))
                && !matches!(chars.get(i.wrapping_sub(1)), Some('(' | '<')) =>
            {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether the bracket at `i` belongs to a Markdown link `[text](url)`.
fn is_link_bracket(chars: &[char], i: usize) -> bool {
    if chars[i] == '[' {
        let mut depth = 0;
        for (j, &c) in chars.iter().enumerate().skip(i) {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return chars.get(j + 1) == Some(&'(');
                    }
                }
                _ => {}
            }
        }
        false
    } else {
        chars.get(i + 1) == Some(&'(') && chars[..i].contains(&'[')
    }
}

fn starts_with(chars: &[char], at: usize, prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(k, p)| chars.get(at + k) == Some(&p))
}

fn closes_autolink(out: &str) -> bool {
    out.rfind('<').is_some_and(|open| out[open..].starts_with("<http") && !out[open..].contains(' '))
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"' | ')') {
        end += 1;
    }
    while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn markdown_is_made_safe_for_rustdoc() {
        assert_eq!(clean("See [the docs](https://x.y/z) now."), ["See [the docs](https://x.y/z) now."]);
        assert_eq!(clean("Values: [DEFAULT, REQUEST]"), ["Values: \\[DEFAULT, REQUEST\\]"]);
        assert_eq!(clean("Go to https://example.com/a."), ["Go to <https://example.com/a>."]);
        assert_eq!(clean("a <br> b"), ["a &lt;br&gt; b"]);
        assert_eq!(clean("```\nlet x;\n```"), ["```text", "let x;", "```"]);
        assert_eq!(clean("    indented"), ["indented"]);
    }
}
