//! The import graph of the generator (`generator/src`, a module a stage)
//! and of the generated crate's runtime (`templates/runtime`) has no
//! circle: no two modules use each other, directly or through others, so
//! each can be read, changed and tested with only what it uses in mind.
//! A module's edges are the `crate::`, `super::` and child paths in its
//! code (doc comments and their links are not code).

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

/// Every module under `root` (its `lib.rs` or `mod.rs` is `crate`), by
/// path, with its code; `main.rs` is a program of its own.
fn modules(root: &Path) -> BTreeMap<Vec<String>, TokenStream> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("reads the source folder") {
            let path = entry.expect("reads an entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(root).expect("below the root").with_extension("");
            let mut module: Vec<String> = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            if module == ["main"] {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("reads a source file");
            let tokens = TokenStream::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            found.insert(module, tokens);
        }
    }
    found
}

/// The modules the code `tokens` of `module` names: paths from `crate`
/// (after `crate_prefix`, where the tree is one module of a crate),
/// `super` or a child module, in `use` items and in code, inside inline
/// modules (`mod tests { ... }`) as seen from there; not a visibility,
/// nor the code a `quote!` writes or a `macro_rules!` writes where it is
/// called.
fn named(module: &[String], tokens: TokenStream, crate_prefix: &[&str], known: &BTreeSet<Vec<String>>, out: &mut BTreeSet<Vec<String>>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut at = 0;
    while at < tokens.len() {
        match &tokens[at] {
            TokenTree::Ident(word) if word == "mod" => {
                if let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(body))) = (tokens.get(at + 1), tokens.get(at + 2)) {
                    let mut inner = module.to_vec();
                    inner.push(name.to_string());
                    named(&inner, body.stream(), crate_prefix, known, out);
                    at += 3;
                    continue;
                }
            }
            TokenTree::Ident(word) if ["crate", "super", "self"].contains(&word.to_string().as_str()) || (at > 0 && is_use(&tokens[at - 1])) => {
                let (path, end) = path_at(&tokens, at);
                resolve(module, &path, &tokens.get(end), crate_prefix, known, out);
                at = end.max(at + 1);
                continue;
            }
            // A visibility (`pub(super)`, `pub(crate)`) names no module it uses.
            TokenTree::Ident(word) if word == "pub" && matches!(tokens.get(at + 1), Some(TokenTree::Group(scope)) if scope.delimiter() == Delimiter::Parenthesis) => {
                at += 2;
                continue;
            }
            // What `quote!` writes is the generated crate's code, not this one's.
            TokenTree::Ident(word) if word == "quote" && matches!(tokens.get(at + 1), Some(TokenTree::Punct(bang)) if bang.as_char() == '!') => {
                at += 3;
                continue;
            }
            // Nor is what a `macro_rules!` writes: its paths are named where it is called.
            TokenTree::Ident(word) if word == "macro_rules" && matches!(tokens.get(at + 1), Some(TokenTree::Punct(bang)) if bang.as_char() == '!') => {
                at += 4;
                continue;
            }
            TokenTree::Group(group) => named(module, group.stream(), crate_prefix, known, out),
            _ => {}
        }
        at += 1;
    }
}

fn is_use(token: &TokenTree) -> bool {
    matches!(token, TokenTree::Ident(word) if word == "use")
}

/// The path of identifiers joined by `::` from `at`, and where it ends.
fn path_at(tokens: &[TokenTree], mut at: usize) -> (Vec<String>, usize) {
    let mut path = Vec::new();
    while let Some(TokenTree::Ident(word)) = tokens.get(at) {
        path.push(word.to_string());
        match (tokens.get(at + 1), tokens.get(at + 2)) {
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':' => at += 3,
            _ => return (path, at + 1),
        }
    }
    (path, at)
}

/// Adds the module `path` names, seen from `module`, to `out`; a `use`
/// list after it (`super::{a, b}`) names each of its entries.
fn resolve(module: &[String], path: &[String], after: &Option<&TokenTree>, crate_prefix: &[&str], known: &BTreeSet<Vec<String>>, out: &mut BTreeSet<Vec<String>>) {
    let mut base: Vec<String> = module.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            if !rest[1..].iter().map(String::as_str).take(crate_prefix.len()).eq(crate_prefix.iter().copied()) {
                return;
            }
            base.clear();
            rest = &rest[1 + crate_prefix.len()..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().map(String::as_str) == Some("super") {
        base.pop();
        rest = &rest[1..];
    }
    let mut target = base.clone();
    for segment in rest {
        let mut deeper = target.clone();
        deeper.push(segment.clone());
        if !known.contains(&deeper) {
            break;
        }
        target = deeper;
    }
    if let Some(TokenTree::Group(list)) = after.filter(|_| target.len() == base.len() + rest.len()) {
        if list.delimiter() == Delimiter::Brace {
            for entry in split_commas(list.stream()) {
                let (inner, _) = path_at(&entry, 0);
                let mut joined: Vec<String> = ["crate".to_owned()].into_iter().chain(target.iter().cloned()).collect();
                joined.extend(inner);
                resolve(&[], &joined, &None, &[], known, out);
            }
            return;
        }
    }
    out.insert(target);
}

fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut entries = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(comma) if comma.as_char() == ',' => entries.push(Vec::new()),
            _ => entries.last_mut().expect("one entry at least").push(token),
        }
    }
    entries
}

/// The circles of the import graph of the modules under `root`: each a
/// set of modules that use one another.
fn circles(root: &Path, crate_prefix: &[&str]) -> Vec<Vec<String>> {
    let modules = modules(root);
    let known: BTreeSet<Vec<String>> = modules.keys().cloned().collect();
    let names: Vec<&Vec<String>> = modules.keys().collect();
    let edges: Vec<Vec<usize>> = modules
        .iter()
        .map(|(module, tokens)| {
            let mut out = BTreeSet::new();
            named(module, tokens.clone(), crate_prefix, &known, &mut out);
            out.remove(module);
            out.iter().filter_map(|target| names.iter().position(|name| *name == target)).collect()
        })
        .collect();
    // Which modules reach which, by a walk from each: the graphs are small.
    let reach: Vec<BTreeSet<usize>> = (0..names.len())
        .map(|start| {
            let (mut seen, mut pending) = (BTreeSet::new(), edges[start].clone());
            while let Some(next) = pending.pop() {
                if seen.insert(next) {
                    pending.extend(&edges[next]);
                }
            }
            seen
        })
        .collect();
    let mut circles: BTreeSet<Vec<String>> = BTreeSet::new();
    for start in 0..names.len() {
        if reach[start].contains(&start) {
            let members = (0..names.len()).filter(|&other| reach[start].contains(&other) && reach[other].contains(&start));
            circles.insert(members.map(|at| format!("crate::{}", names[at].join("::"))).collect());
        }
    }
    circles.into_iter().collect()
}

#[test]
fn the_generator_s_modules_form_no_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(circles(&root, &[]), Vec::<Vec<String>>::new());
}

#[test]
fn the_runtime_s_modules_form_no_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/runtime");
    assert_eq!(circles(&root, &["runtime"]), Vec::<Vec<String>>::new());
}

/// The check sees a circle where there is one: two modules that use each
/// other, one through `super`, one through a `use` list.
#[test]
fn a_circle_is_seen() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("a")).expect("creates a folder");
    std::fs::write(dir.path().join("lib.rs"), "mod a; mod b; mod c; mod d; use b::Thing;").expect("writes");
    std::fs::write(dir.path().join("a/mod.rs"), "mod inner; pub struct A;").expect("writes");
    std::fs::write(dir.path().join("a/inner.rs"), "use super::super::{b::Thing, c}; pub struct X;").expect("writes");
    std::fs::write(dir.path().join("b.rs"), "pub struct Thing; fn f() { let _ = crate::a::inner::X; let _ = quote!(crate::c::Y); } macro_rules! m { () => { crate::d::Z }; }").expect("writes");
    std::fs::write(dir.path().join("c.rs"), "/// Not [`crate::b`].\npub struct Y;").expect("writes");
    std::fs::write(dir.path().join("d.rs"), "use crate::b::Thing; pub struct Z(Thing);").expect("writes");
    assert_eq!(circles(dir.path(), &[]), [vec!["crate::a::inner".to_owned(), "crate::b".to_owned()]], "a::inner and b use each other");
    std::fs::write(dir.path().join("b.rs"), "pub(crate) struct Thing;").expect("writes");
    assert!(circles(dir.path(), &[]).is_empty(), "one way only is no circle");
}
