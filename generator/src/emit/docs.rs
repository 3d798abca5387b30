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

/// `#[doc]` attributes for a public item: the spec's `text`, or `fallback`
/// where the spec says nothing (no text, or only blanks), so every item is
/// documented whatever the spec leaves out; then one paragraph per note.
pub fn item_docs(text: Option<&str>, fallback: &str, notes: &[String]) -> TokenStream {
    let text = text.filter(|text| !text.trim().is_empty()).unwrap_or(fallback);
    let mut docs = doc_attrs(Some(text));
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
    format!("The server's default: {}.", code(&default.to_string()))
}

/// What the schema at `pointer` is, in the API's terms, for a type the
/// spec leaves undescribed: `The body of the API's `429` response.`
pub fn pointer_summary(pointer: &str) -> String {
    let parts: Vec<String> = pointer.trim_start_matches('/').split('/').map(|part| part.replace("~1", "/").replace("~0", "~")).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let request = |method: &str, path: &str| code(&format!("{} {path}", method.to_uppercase()));
    match parts.as_slice() {
        ["components", "schemas", name] => format!("The API's {}.", code(name)),
        ["components", "schemas", name, inner @ ..] => match inner.iter().rposition(|part| *part == "properties") {
            Some(at) if at + 2 == inner.len() => format!("The {} of the API's {}.", code(inner[at + 1]), code(name)),
            Some(at) if at + 1 < inner.len() => format!("Part of the {} of the API's {}.", code(inner[at + 1]), code(name)),
            _ => format!("Part of the API's {}.", code(name)),
        },
        ["components", "responses", name, ..] => format!("The body of the API's {} response.", code(name)),
        ["components", "requestBodies", name, ..] => format!("The body of the API's {} request.", code(name)),
        ["paths", path, method, "requestBody", ..] => format!("The request body of {}.", request(method, path)),
        ["paths", path, method, "responses", status, ..] => format!("The body of the {} answer to {}.", code(status), request(method, path)),
        ["paths", path, method, ..] => format!("A value {} takes or gives.", request(method, path)),
        ["webhooks", name, ..] => format!("Part of what the service sends in its {} webhook.", code(name)),
        _ => "A value the API takes or gives.".to_owned(),
    }
}

/// `text` from the spec as inline code in Markdown: on one line, between
/// enough backticks that none inside it can close the span.
pub fn code(text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
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
    let checked = (!limits.is_empty()).then(|| format!("Allowed: {}.", limits.join("; ")));
    let unchecked = (!bounds.unchecked.is_empty()).then(|| {
        let limits: Vec<String> = bounds.unchecked.iter().map(|limit| code(limit)).collect();
        format!("The spec's {} lies past what the type holds, and limits nothing.", limits.join(", "))
    });
    let notes: Vec<String> = checked.into_iter().chain(unchecked).collect();
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// Joins paragraphs into one doc text, skipping empty ones.
pub fn paragraphs<'t>(parts: impl IntoIterator<Item = Option<&'t str>>) -> Option<String> {
    let joined: Vec<&str> = parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!joined.is_empty()).then(|| joined.join("\n\n"))
}

/// Makes spec Markdown safe for rustdoc: every code fence (``` or ~~~,
/// whatever its language) becomes a `text` block, so nothing from the spec
/// is ever compiled or run as a doctest; indentation that would start a
/// code block is dropped; a line break alone (`\r`) is a line break; a
/// paragraph line right after a list gets a blank line before it (rustdoc
/// would take it as a lazy continuation of the item); brackets that are
/// not links are escaped, and bare URLs become links.
pub fn clean(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    let mut fence: Option<String> = None;
    // The width of the list item being read, if one is: its continuation
    // lines are indented by it, so rustdoc keeps them in the item.
    let mut list_item: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.trim_end().starts_with(open.as_str()) && trimmed.trim_end().chars().all(|c| c == open.as_bytes()[0] as char) {
                lines.push(open.clone());
                fence = None;
            } else {
                lines.push(line.trim_end().to_owned());
            }
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            lines.push(format!("{marker}text"));
            fence = Some(marker);
            list_item = None;
            continue;
        }
        let cleaned = clean_line(trimmed.trim_end());
        if let Some(width) = list_item_width(trimmed) {
            list_item = Some(width);
            lines.push(cleaned);
        } else if trimmed.is_empty() {
            list_item = None;
            lines.push(cleaned);
        } else if let Some(width) = list_item {
            if line.starts_with(char::is_whitespace) {
                lines.push(format!("{}{cleaned}", " ".repeat(width)));
            } else {
                list_item = None;
                lines.push(String::new());
                lines.push(cleaned);
            }
        } else {
            lines.push(cleaned);
        }
    }
    if let Some(open) = fence {
        lines.push(open);
    }
    lines
}

/// The fence a line opens a code block with (three or more backticks or
/// tildes), if it does.
fn fence_marker(line: &str) -> Option<String> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = line.chars().take_while(|c| *c == first).count();
    (length >= 3).then(|| first.to_string().repeat(length))
}

/// The width of the marker a line starts a list item with (`- `, `* `,
/// `+ `, `1. `, `1) `) and the spaces after it (up to four, as CommonMark
/// counts them: the item's text starts there), if it starts one.
fn list_item_width(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    let numbered = digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "));
    let bulleted = digits == 0 && ["- ", "* ", "+ "].iter().any(|marker| line.starts_with(marker));
    if !(numbered || bulleted) {
        return None;
    }
    let spaces = rest[1..].chars().take_while(|c| *c == ' ').count();
    Some(digits + 1 + if spaces > 4 { 1 } else { spaces })
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
    use super::{clean, pointer_summary};

    #[test]
    fn an_undescribed_schema_is_described_by_where_the_api_uses_it() {
        let cases = [
            ("/components/schemas/Note", "The API's `Note`."),
            ("/components/schemas/Note/properties/meta", "The `meta` of the API's `Note`."),
            ("/components/schemas/Thing/properties/history/items", "Part of the `history` of the API's `Thing`."),
            ("/components/schemas/Pet/oneOf/0", "Part of the API's `Pet`."),
            ("/components/responses/429/content/application~1json/schema", "The body of the API's `429` response."),
            ("/paths/~1login/post/requestBody/content/application~1json/schema", "The request body of `POST /login`."),
            ("/paths/~1pets/get/responses/default/content/application~1json/schema", "The body of the `default` answer to `GET /pets`."),
            ("/webhooks/petBorn/post/requestBody/content/application~1json/schema", "Part of what the service sends in its `petBorn` webhook."),
            ("/servers/0", "A value the API takes or gives."),
        ];
        for (pointer, summary) in cases {
            assert_eq!(pointer_summary(pointer), summary, "{pointer}");
        }
    }


    #[test]
    fn markdown_is_made_safe_for_rustdoc() {
        assert_eq!(clean("See [the docs](https://x.y/z) now."), ["See [the docs](https://x.y/z) now."]);
        assert_eq!(clean("Values: [DEFAULT, REQUEST]"), ["Values: \\[DEFAULT, REQUEST\\]"]);
        assert_eq!(clean("Go to https://example.com/a."), ["Go to <https://example.com/a>."]);
        assert_eq!(clean("a <br> b"), ["a &lt;br&gt; b"]);
        assert_eq!(clean("```\nlet x;\n```"), ["```text", "let x;", "```"]);
        assert_eq!(clean("```rust\nfn main() { panic!() }\n```"), ["```text", "fn main() { panic!() }", "```"]);
        assert_eq!(clean("~~~~ rust\nx\n~~~~"), ["~~~~text", "x", "~~~~"]);
        assert_eq!(clean("```\nnever closed"), ["```text", "never closed", "```"]);
        assert_eq!(clean("    indented"), ["indented"]);
        assert_eq!(clean("one\rtwo"), ["one", "two"]);
        // An item's text starts after the marker's spaces, however many.
        assert_eq!(clean("-  first\n  goes on"), ["-  first", "   goes on"]);
        assert_eq!(clean("1.   one\n two"), ["1.   one", "     two"]);
        assert_eq!(clean("Values:\n- a\n- b\nThen text."), ["Values:", "- a", "- b", "", "Then text."]);
        assert_eq!(clean("1. first\n  more of first\nafter"), ["1. first", "   more of first", "", "after"]);
    }

    #[test]
    fn spec_text_in_inline_code_cannot_escape_it() {
        use super::code;
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("two\nlines"), "`two lines`");
    }
}
