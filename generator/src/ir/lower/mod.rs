//! Lowering: `openapiv3` document → IR. Names are claimed here, through
//! [`names`](super::names), so that component schemas keep their own names
//! and inline schemas are named after where they sit.

mod operation;
mod schema;
mod settings;
mod status;

use super::names::{self, Registry};
use super::{Api, Bounds, Server, Type, TypeDef};
use crate::load::{escape_pointer_segment, Spec};
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::{BTreeMap, HashMap};

/// One thing wrong with the spec, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where in the bundled document, as a JSON pointer.
    pub pointer: String,
    /// The source file and pointer inside it, where known.
    pub origin: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// The lowered spec, and what was wrong with it but could be worked around.
#[derive(Debug)]
pub struct Lowered {
    pub api: Api,
    /// Places where the spec is wrong or unsupported and the generator
    /// chose a lenient type; `--strict` makes them errors.
    pub warnings: Vec<Problem>,
}

/// Every problem found while lowering, all reported together.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in the spec:\n{}", problems.len(), problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
pub struct LowerError {
    pub problems: Vec<Problem>,
}

/// Lowers a loaded spec into the IR, then runs the passes over it (with a
/// Cargo feature per tag when `tag_features` is set).
pub fn lower(spec: &Spec, tag_features: bool) -> Result<Lowered, LowerError> {
    let mut lowerer = Lowerer::new(spec);
    for finding in &spec.findings {
        if finding.fatal {
            lowerer.problem(&finding.pointer, finding.message.clone());
        } else {
            lowerer.warn(&finding.pointer, finding.message.clone());
        }
    }
    lowerer.claim_component_names();
    lowerer.lower_component_schemas();
    let operations = lowerer.lower_operations();
    let webhooks = lowerer.lower_webhooks();
    let security = lowerer.security();
    let settings = lowerer.settings();
    let mut types: Vec<TypeDef> = std::mem::take(&mut lowerer.types).into_values().collect();
    lowerer.attach_examples(&mut types);
    if !lowerer.problems.is_empty() {
        let mut problems = lowerer.problems;
        problems.sort();
        problems.dedup();
        return Err(LowerError { problems });
    }
    let doc = &spec.document;
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        server: doc.servers.first().map(|server| Server {
            url: server.url.clone(),
            description: server.description.clone(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| (name.clone(), variable.default.clone()))
                .collect(),
        }),
        security,
        settings,
        types,
        operations,
        features: Vec::new(),
        recursion_limit: None,
        resources: Vec::new(),
        webhooks,
    };
    let findings = super::passes::run(&mut api, tag_features, &mut lowerer.names);
    for (pointer, message) in findings.warnings {
        lowerer.warn(&pointer, message);
    }
    for (pointer, message) in findings.problems {
        lowerer.problem(&pointer, message);
    }
    if !lowerer.problems.is_empty() {
        let mut problems = lowerer.problems;
        problems.sort();
        problems.dedup();
        return Err(LowerError { problems });
    }
    let mut warnings = lowerer.warnings;
    warnings.sort();
    warnings.dedup();
    Ok(Lowered { api, warnings })
}

pub(super) struct Lowerer<'a> {
    spec: &'a Spec,
    doc: &'a OpenAPI,
    /// Rust types by name; a `BTreeMap` so output order never depends on
    /// the order types were found in.
    types: BTreeMap<String, TypeDef>,
    /// Every name claimed so far, and the scopes to claim more in.
    names: Registry,
    /// Rust name of each component schema.
    component_types: HashMap<String, String>,
    /// Named types made for inline schemas, by the schema's address in the
    /// document, so an inline schema reached from many places (operations
    /// sharing parameters, an allOf that takes in an object holding the
    /// very schema) is one type, and lowering it never loops.
    inline_types: HashMap<*const openapiv3::Schema, Type>,
    /// Examples found for named types, by type name.
    examples: BTreeMap<String, Vec<serde_json::Value>>,
    /// Where each schema ref followed so far leads.
    followed: HashMap<String, Option<(&'a openapiv3::Schema, String)>>,
    /// The fields of every struct made so far, against [`MAX_FIELDS`].
    fields: usize,
    over_field_budget: bool,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// The most fields the structs of one crate may hold in all.
const MAX_FIELDS: usize = 250_000;

impl<'a> Lowerer<'a> {
    fn new(spec: &'a Spec) -> Self {
        Lowerer {
            spec,
            doc: &spec.document,
            types: BTreeMap::new(),
            names: Registry::default(),
            component_types: HashMap::new(),
            inline_types: HashMap::new(),
            examples: BTreeMap::new(),
            followed: HashMap::new(),
            fields: 0,
            over_field_budget: false,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        let problem = self.place(pointer, message);
        self.problems.push(problem);
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let warning = self.place(pointer, message);
        self.warnings.push(warning);
    }

    fn place(&self, pointer: &str, message: impl Into<String>) -> Problem {
        Problem { pointer: pointer.to_owned(), origin: self.spec.origin(pointer), message: message.into() }
    }

    /// Component schemas claim their names before any inline schema does.
    fn claim_component_names(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for name in components.schemas.keys() {
            let rust = self.names.types.claim(names::type_name(name));
            self.component_types.insert(name.clone(), rust);
        }
    }

    fn lower_component_schemas(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (name, schema) in &components.schemas {
            let pointer = format!("/components/schemas/{}", escape_pointer_segment(name));
            let rust = self.component_types[name].clone();
            self.define_component(&rust, schema, &pointer);
        }
    }

    fn attach_examples(&mut self, types: &mut [TypeDef]) {
        for ty in types {
            if let Some(examples) = self.examples.remove(&ty.name) {
                for example in examples {
                    if !ty.examples.contains(&example) {
                        ty.examples.push(example);
                    }
                }
            }
        }
    }

    /// Follows a local `$ref` of `section` to its target, through refs of
    /// refs; reports a dangling ref or a cycle.
    fn resolve<'r, T>(
        &mut self,
        item: &'r ReferenceOr<T>,
        section: &str,
        get: impl Fn(&'r openapiv3::Components) -> &'r indexmap::IndexMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Option<(&'r T, Option<String>)>
    where
        'a: 'r,
    {
        let mut current = item;
        let mut seen: Vec<&str> = Vec::new();
        let mut component = None;
        loop {
            match current {
                ReferenceOr::Item(value) => return Some((value, component)),
                ReferenceOr::Reference { reference } => {
                    let prefix = format!("#/components/{section}/");
                    let Some(name) = reference.strip_prefix(&prefix) else {
                        self.problem(pointer, format!("$ref `{reference}`: expected a ref to `{prefix}...`"));
                        return None;
                    };
                    if seen.contains(&name) {
                        self.problem(pointer, format!("$ref cycle: {} -> {name}", seen.join(" -> ")));
                        return None;
                    }
                    seen.push(name);
                    let name = unescape(name);
                    let components: Option<&'r openapiv3::Components> = self.doc.components.as_ref();
                    match components.and_then(|c| get(c).get(&name)) {
                        Some(next) => {
                            component = Some(name);
                            current = next;
                        }
                        None => {
                            self.problem(pointer, format!("$ref `{reference}`: no such component"));
                            return None;
                        }
                    }
                }
            }
        }
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

impl Lowerer<'_> {
    /// The limits a schema puts on a number or a string's length; an
    /// exclusive limit no integer can meet (`exclusiveMinimum` at the
    /// largest one) is a problem, not a wrapped-around number.
    pub(super) fn bounds(&mut self, schema: &openapiv3::Schema, pointer: &str) -> Bounds {
        let unchecked = schema.schema_data.extensions.get(crate::load::UNCHECKED).and_then(serde_json::Value::as_array);
        let unchecked = unchecked.into_iter().flatten().filter_map(serde_json::Value::as_str).map(str::to_owned).collect();
        Bounds { unchecked, ..self.checked_bounds(schema, pointer) }
    }

    fn checked_bounds(&mut self, schema: &openapiv3::Schema, pointer: &str) -> Bounds {
        match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) => {
                let minimum = match integer.minimum {
                    Some(m) if integer.exclusive_minimum => m.checked_add(1).or_else(|| {
                        self.problem(pointer, format!("no integer is greater than the exclusive minimum {m}"));
                        None
                    }),
                    other => other,
                };
                let maximum = match integer.maximum {
                    Some(m) if integer.exclusive_maximum => m.checked_sub(1).or_else(|| {
                        self.problem(pointer, format!("no integer is less than the exclusive maximum {m}"));
                        None
                    }),
                    other => other,
                };
                if let (Some(low), Some(high)) = (minimum, maximum) {
                    if low > high {
                        self.problem(pointer, format!("no integer is between the minimum {low} and the maximum {high}"));
                    }
                }
                Bounds { minimum, maximum, ..Bounds::default() }
            }
            openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => {
                Bounds { min_length: string.min_length, max_length: string.max_length, ..Bounds::default() }
            }
            _ => Bounds::default(),
        }
    }
}
