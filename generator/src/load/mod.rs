//! Stage 1: read the spec's root file, follow every relative-file `$ref`,
//! and bundle the result into one OpenAPI document.
//!
//! Referenced schemas, responses, parameters, request bodies, headers and
//! examples become entries of `#/components/...` (named after their file, or
//! after the last segment of their fragment) so that a file referenced from
//! many places is one component, and a schema that refers to itself stays a
//! recursive type. Path items referenced from `paths` are inlined, as
//! OpenAPI 3.0 has no component for them. OpenAPI 3.1 and 3.2 documents
//! are read in their own grammar, their JSON Schema spellings read as the
//! 3.0 shapes of the same meaning (`dialect`).

mod bundle;
mod depth;
mod dialect;
mod error;
mod grammar;
mod keywords;
mod lenient;
mod never;
mod pointer;
mod source;
mod swagger;

pub use dialect::{EXAMPLES, TUPLE};
pub use error::LoadError;
pub use grammar::Dialect;
pub use keywords::UNCHECKED;
pub use pointer::{escape_pointer_segment, Finding};

use std::path::{Path, PathBuf};

/// A spec, bundled into one document and parsed.
#[derive(Debug)]
pub struct Spec {
    /// The parsed document.
    pub document: openapiv3::OpenAPI,
    /// An OpenAPI 3.1 or 3.2 document's webhooks (requests the service
    /// sends), by name; `openapiv3` reads 3.0, which has none.
    pub webhooks: indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>,
    /// The OpenAPI version the document is read as.
    pub dialect: Dialect,
    /// The same document as JSON, every external `$ref` made local.
    pub bundled: serde_json::Value,
    /// The root file the spec was read from.
    pub root: PathBuf,
    /// Every file read, in the order first read.
    pub files: Vec<PathBuf>,
    /// Keys and keywords of the document that its OpenAPI version does not
    /// have, and what of it is read differently, by pointer into `bundled`.
    pub findings: Vec<Finding>,
    /// Query lists a Swagger 2.0 document joins by a delimiter OpenAPI 3
    /// has no style for (`collectionFormat: tsv`), by the pointer of the
    /// parameter in `bundled`.
    pub delimiters: std::collections::BTreeMap<String, char>,
    /// Where bundled parts came from: bundled pointer, file, pointer in it.
    origins: Vec<bundle::Origin>,
}

impl Spec {
    /// The source place of a pointer into the bundled document, as
    /// `file#/pointer`, so messages name the file a person edits.
    pub fn origin(&self, pointer: &str) -> String {
        let found = self
            .origins
            .iter()
            .filter(|origin| {
                pointer.strip_prefix(origin.bundled.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|origin| origin.bundled.len());
        match found {
            Some(origin) => {
                format!("{}#{}{}", origin.file.display(), origin.fragment, &pointer[origin.bundled.len()..])
            }
            None => format!("{}#{pointer}", self.root.display()),
        }
    }
}

/// Reads and bundles the spec whose root file is `root`; refs may name files
/// under its directory and under each of `allowed`.
pub fn load(root: &Path, allowed: &[PathBuf]) -> Result<Spec, LoadError> {
    let bundle::Bundle { document: mut bundled, files, mut origins, findings: mut read_as_meant } = bundle::bundle(root, allowed)?;
    let mut delimiters = std::collections::BTreeMap::new();
    if swagger::is_swagger(&bundled) {
        swagger::read(&mut bundled, root, &mut origins, &mut read_as_meant, &mut delimiters);
    }
    let Some(dialect) = bundled.get("openapi").and_then(Dialect::of) else {
        let found = match bundled.get("openapi") {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => bundled.get("swagger").map_or_else(|| "no `openapi` key".to_owned(), |version| format!("swagger: {version}")),
        };
        return Err(LoadError::Version { file: root.to_path_buf(), found });
    };
    let file_stem = root.file_stem().map_or_else(|| "api".to_owned(), |stem| stem.to_string_lossy().into_owned());
    let mut findings = read_as_meant;
    findings.extend(keywords::check(&mut bundled, dialect, &file_stem));
    let mut spec = Spec {
        document: openapiv3::OpenAPI::default(),
        webhooks: indexmap::IndexMap::new(),
        dialect,
        bundled,
        root: root.to_path_buf(),
        files,
        findings,
        delimiters,
        origins,
    };
    let parsed = parse(&spec.bundled, "").and_then(|document| {
        // A 3.0 document's `webhooks` is an unknown key, ignored as warned.
        let webhooks = match spec.bundled.get("webhooks").filter(|_| dialect >= Dialect::V3_1) {
            Some(webhooks) => parse(webhooks, "/webhooks")?,
            None => indexmap::IndexMap::new(),
        };
        Ok((document, webhooks))
    });
    (spec.document, spec.webhooks) = match parsed {
        Ok(parsed) => parsed,
        // What the check found wrong is the likelier cause, says more and
        // names each place.
        Err((pointer, message)) => {
            let fatal: Vec<(String, String)> = spec.findings.iter().filter(|finding| finding.fatal).map(|finding| (spec.origin(&finding.pointer), finding.message.clone())).collect();
            if fatal.is_empty() {
                return Err(LoadError::Schema { place: spec.origin(&pointer), message });
            }
            return Err(LoadError::Structure(fatal));
        }
    };
    Ok(spec)
}

/// The part of the document at `at` (a JSON pointer) parsed, or where in
/// the document and why not.
fn parse<T: serde::de::DeserializeOwned>(value: &serde_json::Value, at: &str) -> Result<T, (String, String)> {
    if let Ok(parsed) = T::deserialize(value) {
        return Ok(parsed);
    }
    // Only a document that does not parse pays for tracking the path.
    serde_path_to_error::deserialize(value).map_err(|err| (format!("{at}{}", json_pointer_of(err.path())), short_quotes(&err.inner().to_string())))
}

/// `message` with every quoted value in it cut to an excerpt, so a value
/// read from a file (a whole file read as one string) is never shown whole.
fn short_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(512));
    for (index, part) in message.split('"').enumerate() {
        if index > 0 {
            out.push('"');
        }
        out.push_str(&if index % 2 == 1 { source::excerpt(part) } else { part.to_owned() });
    }
    out
}

/// Turns serde_path_to_error's path (`paths./x.get.responses`) into a JSON
/// pointer (`/paths/~1x/get/responses`).
fn json_pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .map(|segment| format!("/{}", escape_pointer_segment(&segment)))
        .collect()
}
