//! Follows relative-file `$ref`s and bundles them into one document.

use super::error::LoadError;
use super::grammar::{self, Child, Dialect, Kind};
use super::pointer::{escape_pointer_segment, Finding};
use super::source;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Component, Path, PathBuf};

/// What a JSON value is, judged from where it sits in OpenAPI's grammar
/// (the one table in [`grammar`](super::grammar)): an object of a kind, a
/// map from names to objects of a kind, a list of them, or data. It
/// decides where a `$ref` found there is bundled to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Object(Kind),
    Named(Kind),
    List(Kind),
    /// Text (a description), which multi-file tooling may keep in another
    /// file by `$ref`.
    Text,
    /// Data (examples, defaults), or a part no ref is followed in.
    Data,
}

impl Place {
    /// The `#/components/<section>` that a `$ref` in this place bundles to,
    /// or `None` where the target is inlined.
    fn section(self) -> Option<&'static str> {
        match self {
            Place::Object(Kind::Schema) => Some("schemas"),
            Place::Object(Kind::Parameter) => Some("parameters"),
            Place::Object(Kind::RequestBody) => Some("requestBodies"),
            Place::Object(Kind::Response) => Some("responses"),
            Place::Object(Kind::Header) => Some("headers"),
            Place::Object(Kind::Example) => Some("examples"),
            _ => None,
        }
    }

    /// The place of the value under `key`. Any version's keys are followed:
    /// the keyword check, not the bundler, says what a version allows.
    fn child(self, key: &str) -> Place {
        match self {
            // Paths and responses are maps whose keys are data.
            Place::Object(Kind::Paths) => Place::Object(Kind::PathItem),
            Place::Object(Kind::Responses) => Place::Object(Kind::Response),
            Place::Object(kind) => match grammar::allowed(Dialect::V3_2, kind).chain(grammar::keys_2_0(kind)).find(|(name, _)| *name == key) {
                Some((_, Child::One(kind))) => Place::Object(*kind),
                Some((_, Child::Map(kind))) => Place::Named(*kind),
                Some((_, Child::List(kind))) => Place::List(*kind),
                Some((_, Child::Text)) => Place::Text,
                Some((_, Child::Opaque | Child::Unsupported(_))) | None => Place::Data,
            },
            Place::Named(kind) => Place::Object(kind),
            Place::List(_) | Place::Text | Place::Data => Place::Data,
        }
    }

    fn element(self) -> Place {
        match self {
            Place::List(kind) => Place::Object(kind),
            _ => Place::Data,
        }
    }
}

/// Where a part of the bundled document came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub bundled: String,
    pub file: PathBuf,
    pub fragment: String,
}

/// The bundled document, the files read and where its parts came from.
pub struct Bundle {
    pub document: Value,
    pub files: Vec<PathBuf>,
    pub origins: Vec<Origin>,
    /// What was read as meant, though the document breaks a rule there.
    pub findings: Vec<Finding>,
}

/// Identifies a referenced value: a file and a JSON pointer inside it.
type Target = (PathBuf, String);

/// A component found but not walked yet: bundling walks them one after
/// another, not nested, so a long chain of files costs no stack.
struct Pending {
    section: &'static str,
    name: String,
    target: Target,
    place: Place,
    content: Value,
}

struct Bundler {
    root: PathBuf,
    /// The directories (resolved) a ref may name files under.
    allowed: Vec<PathBuf>,
    pending: VecDeque<Pending>,
    files: BTreeMap<PathBuf, Value>,
    read_order: Vec<PathBuf>,
    /// Components bundled so far, by section, in the order found.
    sections: BTreeMap<&'static str, Vec<(String, Value)>>,
    /// Names taken in each section, by the root document or by bundling.
    taken: BTreeMap<&'static str, BTreeSet<String>>,
    assigned: HashMap<Target, String>,
    /// Path items being inlined, to report a cycle instead of looping.
    inlining: Vec<Target>,
    origins: Vec<Origin>,
    /// Whether the document is OpenAPI 3.1 or later, whose schemas may be
    /// referred to by `$anchor` and `$id`.
    since_3_1: bool,
    /// The `$anchor`s and `$id`s of each file read.
    names: HashMap<PathBuf, Names>,
    /// Components made of a part of another object (a response's schema,
    /// a property), by section and name: where that part still sits
    /// becomes a ref to the component, so that it is one type.
    hoisted: Vec<(&'static str, String, Target)>,
    findings: Vec<Finding>,
    /// Where the part being walked lands in the bundled document: its
    /// bundled pointer and its pointer in its own file (none for the root,
    /// which is walked in place), so a finding names the bundled place.
    bases: Vec<(String, String)>,
}

/// What JSON Schema 2020-12 lets a ref name a schema by, in one file: each
/// `$anchor` (as `#name`) and each `$id` (its URI as written), with the
/// pointer of the schema that declares it.
#[derive(Debug, Default)]
struct Names {
    anchors: HashMap<String, String>,
    ids: HashMap<String, String>,
}

impl Names {
    /// The names declared in `document`. A worklist, so no file overflows
    /// the stack.
    fn of(document: &Value) -> Names {
        let mut names = Names::default();
        let mut pending = vec![(document, String::new())];
        while let Some((value, pointer)) = pending.pop() {
            match value {
                Value::Object(object) => {
                    for (key, map) in [("$anchor", &mut names.anchors), ("$id", &mut names.ids)] {
                        if let Some(Value::String(name)) = object.get(key) {
                            map.entry(name.clone()).or_insert_with(|| pointer.clone());
                        }
                    }
                    pending.extend(object.iter().map(|(key, child)| (child, format!("{pointer}/{}", escape_pointer_segment(key)))));
                }
                Value::Array(items) => pending.extend(items.iter().enumerate().map(|(index, child)| (child, format!("{pointer}/{index}")))),
                _ => {}
            }
        }
        names
    }
}

/// Bundles the spec rooted at `root`; returns the document and the files
/// read. Refs may name files under the [`confinement`] of the root file's
/// directory, and under each of `allowed`, and nowhere else.
pub fn bundle(root: &Path, allowed: &[PathBuf]) -> Result<Bundle, LoadError> {
    let root = normalize(root);
    let root_dir = root.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let resolved = |dir: &Path| std::fs::canonicalize(dir).map_err(|source| LoadError::Read { file: dir.to_path_buf(), source });
    let home = std::env::var_os("HOME").and_then(|home| std::fs::canonicalize(home).ok());
    let mut allowed_dirs = vec![confinement(&resolved(root_dir)?, home.as_deref())];
    for dir in allowed {
        allowed_dirs.push(resolved(dir)?);
    }
    let mut bundler = Bundler {
        root: root.clone(),
        allowed: allowed_dirs,
        pending: VecDeque::new(),
        files: BTreeMap::new(),
        read_order: Vec::new(),
        sections: BTreeMap::new(),
        taken: BTreeMap::new(),
        assigned: HashMap::new(),
        inlining: Vec::new(),
        origins: Vec::new(),
        since_3_1: false,
        names: HashMap::new(),
        hoisted: Vec::new(),
        findings: Vec::new(),
        bases: Vec::new(),
    };
    // The root is read outside the cache: it is walked in place, and only a
    // ref that names the root file by path (rare) reads it again.
    let mut document = source::read(&root)?;
    bundler.since_3_1 = document.get("openapi").and_then(Dialect::of).is_some_and(|dialect| dialect >= Dialect::V3_1);
    if bundler.since_3_1 {
        bundler.names.insert(root.clone(), Names::of(&document));
    }
    bundler.read_order.push(root.clone());
    bundler.reserve_root_components(&document);
    bundler.walk(&mut document, Place::Object(Kind::Root), &root, &mut String::new())?;
    while let Some(Pending { section, name, target, place, mut content }) = bundler.pending.pop_front() {
        bundler.bases.push((format!("/components/{section}/{}", escape_pointer_segment(&name)), target.1.clone()));
        bundler.walk(&mut content, place, &target.0, &mut target.1.clone())?;
        bundler.bases.pop();
        bundler.origins.push(Origin {
            bundled: format!("/components/{section}/{}", escape_pointer_segment(&name)),
            file: target.0,
            fragment: target.1,
        });
        bundler.sections.entry(section).or_default().push((name, content));
    }
    bundler.attach_components(&mut document);
    bundler.refer_to_hoisted(&mut document);
    Ok(Bundle { document, files: bundler.read_order, origins: bundler.origins, findings: bundler.findings })
}

/// The directory a spec's refs may name files under by default, from the
/// spec's directory (resolved): the repository it is in (the nearest
/// directory above holding `.git`, `.hg` or `.jj`), so that a layout such
/// as SailPoint's (`apis/<api>/openapi.yaml` referring to `../../shared/`)
/// is read as published; outside any repository, the topmost directory
/// above the spec below the home directory, or below the filesystem's root
/// (`/work` for `/work/specs/api/openapi.yaml`). A ref past it (`..` too
/// far, an absolute path, a symlink leading out) is refused.
fn confinement(spec_dir: &Path, home: Option<&Path>) -> PathBuf {
    let repository = spec_dir.ancestors().find(|dir| [".git", ".hg", ".jj"].iter().any(|marker| dir.join(marker).exists()));
    if let Some(repository) = repository {
        return repository.to_path_buf();
    }
    if home == Some(spec_dir) {
        return spec_dir.to_path_buf();
    }
    let boundary = home.filter(|home| spec_dir.starts_with(home)).or_else(|| spec_dir.ancestors().last());
    spec_dir.ancestors().find(|dir| dir.parent() == boundary).unwrap_or(spec_dir).to_path_buf()
}

impl Bundler {
    fn file(&mut self, path: &Path) -> Result<&Value, LoadError> {
        if !self.files.contains_key(path) {
            let resolved = std::fs::canonicalize(path).map_err(|source| LoadError::Read { file: path.to_path_buf(), source })?;
            if !self.allowed.iter().any(|dir| resolved.starts_with(dir)) {
                return Err(LoadError::Outside { file: path.to_path_buf(), dir: self.allowed[0].clone() });
            }
            let value = source::read(path)?;
            if self.since_3_1 {
                self.names.insert(path.to_path_buf(), Names::of(&value));
            }
            if path != self.root {
                self.read_order.push(path.to_path_buf());
            }
            self.files.insert(path.to_path_buf(), value);
        }
        Ok(&self.files[path])
    }

    /// Takes the names of the root's components for them; in a Swagger 2.0
    /// root, those of `definitions`, `parameters` and `responses`, which
    /// become the components of those names.
    fn reserve_root_components(&mut self, document: &Value) {
        let mut places: Vec<(&'static str, &Value, String)> = Vec::new();
        if let Some(components) = document.get("components").and_then(Value::as_object) {
            for section in ["schemas", "parameters", "requestBodies", "responses", "headers", "examples"] {
                if let Some(entries) = components.get(section) {
                    places.push((section, entries, format!("/components/{section}")));
                }
            }
        }
        if document.get("swagger").is_some() {
            for (key, section) in [("definitions", "schemas"), ("parameters", "parameters"), ("responses", "responses")] {
                if let Some(entries) = document.get(key) {
                    places.push((section, entries, format!("/{key}")));
                }
            }
        }
        for (section, entries, at) in places {
            let Some(entries) = entries.as_object() else { continue };
            let taken = self.taken.entry(section).or_default();
            for name in entries.keys() {
                taken.insert(name.clone());
                self.assigned.insert((self.root.clone(), format!("{at}/{}", escape_pointer_segment(name))), name.clone());
            }
        }
    }

    fn walk(&mut self, value: &mut Value, place: Place, file: &Path, pointer: &mut String) -> Result<(), LoadError> {
        if place == Place::Text {
            return self.text(value, file, pointer);
        }
        if place == Place::Data {
            return Ok(());
        }
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let reference = reference.clone();
                    return self.resolve(value, &reference, place, file, pointer);
                }
                for (key, child) in object.iter_mut() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_segment(key));
                    self.walk(child, place.child(key), file, pointer)?;
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{index}"));
                    self.walk(child, place.element(), file, pointer)?;
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Replaces the `$ref` object `value` with a local ref to the bundled
    /// component, or with the inlined target. A ref to a part of an object
    /// (a response's schema, a property, a member of a union: any JSON
    /// pointer) makes that part a component of its own, after following
    /// the refs it is.
    fn resolve(&mut self, value: &mut Value, reference: &str, place: Place, file: &Path, pointer: &str) -> Result<(), LoadError> {
        let ref_error = |reason: String| LoadError::Ref {
            file: file.to_path_buf(),
            pointer: pointer.to_owned(),
            reference: reference.to_owned(),
            reason,
        };
        let named = self.named_target(reference, file).map_err(&ref_error)?;
        let local = file == self.root && named.is_none() && reference.starts_with('#');
        // A media type (3.2's `components.mediaTypes`) has no place in the
        // 3.0 document model: it is inlined where it is used.
        let inlined_here = place == Place::Object(Kind::MediaType);
        if local && !inlined_here && (place.section().is_none() || is_component(&reference[1..])) {
            if place.section().is_some() {
                self.check_kind(&(file.to_path_buf(), reference[1..].to_owned()), place, &ref_error)?;
            }
            return Ok(());
        }
        let mut target = match named {
            Some(target) => target,
            None => self.ref_target(reference, file).map_err(&ref_error)?,
        };
        if place.section().is_some() && is_part(&target.1) {
            target = self.through_refs(target, &ref_error)?;
            self.check_kind(&target, place, &ref_error)?;
        }
        // A component of the root is named by the pointer to it.
        if file == self.root && target.0 == self.root && is_component(&target.1) && !inlined_here {
            value["$ref"] = Value::String(format!("#{}", target.1));
            return Ok(());
        }
        match place.section() {
            Some(section) => {
                let name = self.component(section, &target, place, &ref_error)?;
                // Keywords beside the ref stay, for 3.1 to read.
                value["$ref"] = local_ref(section, &name);
            }
            None => {
                *value = self.inline(&target, place, file, pointer, &ref_error)?;
            }
        }
        Ok(())
    }

    /// Text given as a `$ref` to text in a file (`description: {$ref:
    /// 'description.yml#/introduction'}`) is that text, with a warning:
    /// OpenAPI has no ref there.
    fn text(&mut self, value: &mut Value, file: &Path, pointer: &str) -> Result<(), LoadError> {
        let Some(reference) = pure_ref(value).map(str::to_owned) else { return Ok(()) };
        let ref_error = |reason: String| LoadError::Ref { file: file.to_path_buf(), pointer: pointer.to_owned(), reference: reference.clone(), reason };
        let target = self.ref_target(&reference, file).map_err(&ref_error)?;
        match self.target_value(&target, &ref_error)? {
            Value::String(text) => {
                let message = format!("text given by `$ref` (`{reference}`), which OpenAPI does not allow here; the text it names is read");
                self.findings.push(Finding { pointer: self.bundled_pointer(pointer), message, fatal: false });
                *value = Value::String(text);
                Ok(())
            }
            _ => Err(ref_error("the ref stands where text belongs, and names no text".to_owned())),
        }
    }

    /// The bundled pointer of `pointer`, a place in the part being walked.
    fn bundled_pointer(&self, pointer: &str) -> String {
        match self.bases.last() {
            Some((bundled, own)) => format!("{bundled}{}", pointer.strip_prefix(own.as_str()).unwrap_or(pointer)),
            None => pointer.to_owned(),
        }
    }

    /// The part `target` names, or, where it is nothing but a ref, what
    /// that ref names, until a component or a part that is more than a ref.
    fn through_refs(&mut self, mut target: Target, ref_error: &dyn Fn(String) -> LoadError) -> Result<Target, LoadError> {
        let mut seen = std::collections::HashSet::from([target.clone()]);
        while is_part(&target.1) {
            let document = self.file(&target.0).map_err(|err| ref_error(err.to_string()))?;
            let Some(next) = document.pointer(&target.1).and_then(pure_ref).map(str::to_owned) else { return Ok(target) };
            let next = match self.named_target(&next, &target.0).map_err(ref_error)? {
                Some(named) => named,
                None => self.ref_target(&next, &target.0).map_err(ref_error)?,
            };
            if !seen.insert(next.clone()) {
                return Err(ref_error(format!("a cycle of refs: `{}#{}` is reached again", next.0.display(), next.1)));
            }
            target = next;
        }
        Ok(target)
    }

    /// Refuses a ref whose target is, by where it sits in an OpenAPI
    /// document, another kind of object than the place of the ref wants (a
    /// response where a schema belongs).
    fn check_kind(&mut self, target: &Target, place: Place, ref_error: &dyn Fn(String) -> LoadError) -> Result<(), LoadError> {
        if target.0 != self.root {
            let document = self.file(&target.0).map_err(|err| ref_error(err.to_string()))?;
            if !["openapi", "swagger", "paths"].iter().any(|key| document.get(key).is_some()) {
                return Ok(());
            }
        }
        let mut found = Place::Object(Kind::Root);
        for segment in target.1.split('/').skip(1) {
            found = match found {
                Place::List(_) => found.element(),
                _ => found.child(&segment.replace("~1", "/").replace("~0", "~")),
            };
        }
        let (Place::Object(kind) | Place::Named(kind) | Place::List(kind)) = found else { return Ok(()) };
        if found == place {
            return Ok(());
        }
        let wanted = match place {
            Place::Object(wanted) => grammar::article(wanted),
            _ => "an object".to_owned(),
        };
        let what = match found {
            Place::Object(_) => grammar::article(kind),
            _ => format!("a collection of {}", grammar::noun(kind)),
        };
        Err(ref_error(format!("`#{}` is {what}, where {wanted} belongs", target.1)))
    }

    /// The file and pointer of the schema `reference`, found in `file`,
    /// names by an `$anchor` (`#name`, `other.yaml#name`) or an `$id` (the
    /// id, then `#` and a pointer or an anchor inside it), in a 3.1
    /// document; `None` for a ref that is neither. An id is looked for in
    /// `file`, then in the root.
    fn named_target(&mut self, reference: &str, file: &Path) -> Result<Option<Target>, String> {
        if !self.since_3_1 {
            return Ok(None);
        }
        let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let is_pointer = fragment.is_empty() || fragment.starts_with('/');
        let declared = (!uri.is_empty())
            .then(|| [file, self.root.as_path()].into_iter().find_map(|place| Some((place.to_path_buf(), self.names.get(place)?.ids.get(uri)?.clone()))))
            .flatten();
        let (target_file, base) = match declared {
            Some(found) => found,
            None if is_pointer => return Ok(None),
            None if uri.is_empty() => (file.to_path_buf(), String::new()),
            None => {
                let (path, _) = self.ref_target(uri, file)?;
                self.file(&path).map_err(|err| err.to_string())?;
                (path, String::new())
            }
        };
        if is_pointer {
            return Ok(Some((target_file, format!("{base}{fragment}"))));
        }
        match self.names.get(&target_file).and_then(|names| names.anchors.get(fragment)) {
            Some(pointer) if pointer.starts_with(&base) => Ok(Some((target_file, pointer.clone()))),
            _ => Err(format!("no schema in `{}` has `$anchor: {fragment}`", target_file.display())),
        }
    }

    /// The file and pointer `reference`, found in `file`, names.
    fn ref_target(&self, reference: &str, file: &Path) -> Result<Target, String> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err("the fragment must be a JSON pointer starting with `/`".to_owned());
        }
        if file_part.contains("://") {
            return Err("only refs to local files are supported, not URLs".to_owned());
        }
        let target_file = if file_part.is_empty() { file.to_path_buf() } else { normalize(&file.parent().unwrap_or(Path::new("")).join(file_part)) };
        Ok((target_file, fragment.to_owned()))
    }

    fn target_value(&mut self, target: &Target, ref_error: &dyn Fn(String) -> LoadError) -> Result<Value, LoadError> {
        let document = self.file(&target.0).map_err(|err| ref_error(err.to_string()))?;
        if target.1.is_empty() {
            return Ok(document.clone());
        }
        document
            .pointer(&target.1)
            .cloned()
            .ok_or_else(|| ref_error(format!("`{}` has nothing at `{}`", target.0.display(), target.1)))
    }

    fn component(&mut self, section: &'static str, target: &Target, place: Place, ref_error: &dyn Fn(String) -> LoadError) -> Result<String, LoadError> {
        if let Some(name) = self.assigned.get(target) {
            return Ok(name.clone());
        }
        let content = self.target_value(target, ref_error)?;
        let wanted = match is_part(&target.1) {
            true => self.part_name(target),
            false => component_name(target),
        };
        let name = self.free_name(section, &wanted);
        self.assigned.insert(target.clone(), name.clone());
        if is_part(&target.1) {
            self.hoisted.push((section, name.clone(), target.clone()));
        }
        self.pending.push_back(Pending { section, name: name.clone(), target: target.clone(), place, content });
        Ok(name)
    }

    fn inline(&mut self, target: &Target, place: Place, file: &Path, pointer: &str, ref_error: &dyn Fn(String) -> LoadError) -> Result<Value, LoadError> {
        if let Some(start) = self.inlining.iter().position(|seen| seen == target) {
            let chain = self.inlining[start..]
                .iter()
                .chain(std::iter::once(target))
                .map(|(path, fragment)| format!("{}#{fragment}", path.display()))
                .collect::<Vec<_>>()
                .join(" -> ");
            return Err(LoadError::Cycle { file: file.to_path_buf(), pointer: pointer.to_owned(), chain });
        }
        // A chain of refs to refs is followed in a loop, not by recursion.
        let mut target = target.clone();
        let mut chain = vec![target.clone()];
        let mut seen = std::collections::HashSet::from([target.clone()]);
        let mut content = self.target_value(&target, ref_error)?;
        while let Some(next) = pure_ref(&content) {
            let next = self.ref_target(next, &target.0).map_err(ref_error)?;
            if !seen.insert(next.clone()) {
                let shown: Vec<String> = chain.iter().chain([&next]).map(|(path, fragment)| format!("{}#{fragment}", path.display())).collect();
                return Err(LoadError::Cycle { file: file.to_path_buf(), pointer: pointer.to_owned(), chain: shown.join(" -> ") });
            }
            content = self.target_value(&next, ref_error)?;
            chain.push(next.clone());
            target = next;
        }
        if file == self.root {
            self.origins.push(Origin { bundled: pointer.to_owned(), file: target.0.clone(), fragment: target.1.clone() });
        }
        self.inlining.extend(chain.iter().cloned());
        self.bases.push((self.bundled_pointer(pointer), target.1.clone()));
        let walked = self.walk(&mut content, place, &target.0, &mut target.1.clone());
        self.bases.pop();
        self.inlining.truncate(self.inlining.len() - chain.len());
        walked?;
        Ok(content)
    }

    /// A name for a component made of a part of an object, from where the
    /// part sits: its owner (a component, or an operation by its
    /// `operationId`, else its method and path) and the way down to it
    /// (`Template` `created_by` `2` for the second `oneOf` member of that
    /// property of `Template`).
    fn part_name(&mut self, (file, fragment): &Target) -> String {
        let segments: Vec<String> = fragment.split('/').skip(1).map(|segment| segment.replace("~1", "/").replace("~0", "~")).collect();
        let document = self.files.get(file);
        let mut words: Vec<String> = Vec::new();
        let mut rest = &segments[..];
        match rest {
            [components, section, name, tail @ ..] if components == "components" => {
                words.push(name.clone());
                if matches!(section.as_str(), "responses" | "requestBodies") {
                    words.push("body".to_owned());
                }
                rest = tail;
            }
            [paths, path, method, tail @ ..] if paths == "paths" => {
                let operation_id = document
                    .and_then(|document| document.get("paths")?.get(path)?.get(method)?.get("operationId")?.as_str())
                    .map(str::to_owned);
                match operation_id {
                    Some(id) => words.push(id),
                    None => words.extend([method.clone(), path.clone()]),
                }
                rest = tail;
            }
            _ => {}
        }
        let mut index = 0;
        while index < rest.len() {
            let segment = rest[index].as_str();
            let next = rest.get(index + 1).map(String::as_str);
            index += 1;
            match (segment, next) {
                ("requestBody", _) => words.push("body".to_owned()),
                ("responses", Some(status)) => {
                    words.push(if status.starts_with('2') { "response".to_owned() } else { format!("{status} body") });
                    index += 1;
                }
                ("content", Some(_)) => index += 1,
                ("schema", _) => {}
                ("properties" | "$defs" | "patternProperties", Some(name)) => {
                    words.push(name.to_owned());
                    index += 1;
                }
                ("parameters", Some(position)) => {
                    let mut at: Vec<&str> = vec![""];
                    at.extend(segments[..segments.len() - rest.len() + index].iter().map(String::as_str));
                    let pointer = at.iter().map(|segment| escape_pointer_segment(segment)).collect::<Vec<_>>().join("/");
                    let name = document.and_then(|document| document.pointer(&format!("{pointer}/{position}/name"))?.as_str()).unwrap_or(position);
                    words.push(name.to_owned());
                    index += 1;
                }
                ("items", _) => words.push("item".to_owned()),
                ("additionalProperties", _) => words.push("value".to_owned()),
                // An `allOf` member's properties are its owner's.
                ("allOf", Some(_)) => index += 1,
                ("oneOf" | "anyOf" | "prefixItems", Some(position)) => {
                    words.push(position.parse::<usize>().map_or_else(|_| position.to_owned(), |position| (position + 1).to_string()));
                    index += 1;
                }
                (other, _) => words.push(other.to_owned()),
            }
        }
        clean_name(&words.join("_"))
    }

    /// Where each hoisted part still sits (in the root, or inside another
    /// component made of the file it came from) becomes a ref to its
    /// component, so that one schema is one type. Deepest first, so a
    /// part inside another part is found before that one is replaced.
    fn refer_to_hoisted(&mut self, document: &mut Value) {
        let mut hoisted = std::mem::take(&mut self.hoisted);
        hoisted.sort_by_key(|(_, _, (_, fragment))| std::cmp::Reverse(fragment.split('/').count()));
        // Every part of the bundled document copied from elsewhere.
        let owners: Vec<(String, Target)> = self.origins.iter().map(|origin| (origin.bundled.clone(), (origin.file.clone(), origin.fragment.clone()))).collect();
        for (section, name, (file, fragment)) in hoisted {
            let reference = local_ref(section, &name);
            let mut places: Vec<String> = owners
                .iter()
                .filter(|(_, (owner_file, owner))| *owner_file == file && fragment.starts_with(&format!("{owner}/")))
                .map(|(bundled, (_, owner))| format!("{bundled}{}", &fragment[owner.len()..]))
                .collect();
            if file == self.root {
                places.push(fragment.clone());
            }
            for place in places {
                if let Some(value) = document.pointer_mut(&place) {
                    if pure_ref(value).is_none() {
                        *value = serde_json::json!({ "$ref": reference.clone() });
                    }
                }
            }
        }
    }

    fn free_name(&mut self, section: &'static str, wanted: &str) -> String {
        let taken = self.taken.entry(section).or_default();
        let mut name = wanted.to_owned();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        name
    }

    fn attach_components(&mut self, document: &mut Value) {
        if self.sections.is_empty() {
            return;
        }
        let Value::Object(root) = document else { return };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(components) = components else { return };
        for (section, entries) in std::mem::take(&mut self.sections) {
            let Value::Object(map) = components.entry(section).or_insert_with(|| Value::Object(Map::new())) else {
                continue;
            };
            map.extend(entries);
        }
    }
}

/// The `$ref` of an object that is nothing but a ref.
fn pure_ref(value: &Value) -> Option<&str> {
    let object = value.as_object()?;
    if object.len() == 1 { object.get("$ref")?.as_str() } else { None }
}

/// Whether `pointer` is a component (`/components/schemas/Pet`), or a
/// schema under a component schema's `$defs`, which becomes one.
fn is_component(pointer: &str) -> bool {
    let segments: Vec<&str> = pointer.split('/').collect();
    matches!(segments[..], ["", "components", _, _] | ["", "components", "schemas", _, "$defs", _])
}

/// Whether `pointer` names a part of an object (a property, a response's
/// schema, `#/definitions/Pet` of a document) rather than a component, a
/// whole file or a file's top-level entry.
fn is_part(pointer: &str) -> bool {
    pointer.split('/').count() > 2 && !is_component(pointer)
}

/// The ref to a component, as the value of a `$ref`.
fn local_ref(section: &str, name: &str) -> Value {
    Value::String(format!("#/components/{section}/{}", escape_pointer_segment(name)))
}

/// A component's name: the last segment of the fragment, or the file's stem.
fn component_name((file, fragment): &Target) -> String {
    let raw = match fragment.rsplit('/').next() {
        Some(last) if !last.is_empty() => last.replace("~1", "/").replace("~0", "~"),
        _ => file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    clean_name(&raw)
}

/// `raw` as a component's name: letters, digits, `.`, `-` and `_`, the
/// rest `_`; `Unnamed` where nothing else is left.
fn clean_name(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    if cleaned.trim_matches('_').is_empty() { "Unnamed".to_owned() } else { cleaned }
}

/// Removes `.` and `..` components without touching the file system, so a
/// file reached by two relative paths is one file.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{bundle, confinement};
    use serde_json::json;
    use std::path::Path;

    /// Every place the grammar says holds an object of a kind has its refs
    /// followed, wherever it sits (an encoding's header, a 3.1 `$defs`, a
    /// webhook's parameter); data (an example's value, an extension) is
    /// copied as written.
    #[test]
    fn refs_are_followed_wherever_the_grammar_puts_an_object() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir(temp.path().join(".git")).unwrap();
        let shared = json!({
            "Id": {"type": "string"},
            "Trace": {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
            "Rate": {"description": "The rate.", "schema": {"type": "integer"}}
        });
        std::fs::write(temp.path().join("shared.json"), shared.to_string()).unwrap();
        let id = json!({"$ref": "shared.json#/Id"});
        let root = json!({
            "openapi": "3.1.0",
            "info": {"title": "Places", "version": "1"},
            "paths": {"/up": {"post": {
                "parameters": [{"$ref": "shared.json#/Trace"}],
                "requestBody": {"content": {"multipart/form-data": {
                    "schema": {"type": "object", "properties": {"file": {"type": "string"}}},
                    "encoding": {"file": {"headers": {"X-Rate": {"$ref": "shared.json#/Rate"}}}}
                }}},
                "responses": {"200": {"description": "Done.", "content": {"application/json": {
                    "schema": {"$defs": {"inner": id.clone()}, "prefixItems": [id.clone()], "type": "array"},
                    "examples": {"one": {"value": {"$ref": "shared.json#/Id"}}}
                }}}},
                "x-note": {"$ref": "shared.json#/Id"}
            }}},
            "webhooks": {"ping": {"post": {"parameters": [{"$ref": "shared.json#/Trace"}], "responses": {"200": {"description": "Seen."}}}}}
        });
        let path = temp.path().join("openapi.json");
        std::fs::write(&path, root.to_string()).unwrap();
        let document = bundle(&path, &[]).unwrap().document;
        let operation = &document["paths"]["/up"]["post"];
        assert_eq!(operation["parameters"][0], json!({"$ref": "#/components/parameters/Trace"}));
        let media = &operation["requestBody"]["content"]["multipart/form-data"];
        assert_eq!(media["encoding"]["file"]["headers"]["X-Rate"], json!({"$ref": "#/components/headers/Rate"}));
        let answer = &operation["responses"]["200"]["content"]["application/json"];
        assert_eq!(answer["schema"]["$defs"]["inner"], json!({"$ref": "#/components/schemas/Id"}));
        assert_eq!(answer["schema"]["prefixItems"][0], json!({"$ref": "#/components/schemas/Id"}));
        assert_eq!(document["webhooks"]["ping"]["post"]["parameters"][0], json!({"$ref": "#/components/parameters/Trace"}));
        assert_eq!(document["components"]["schemas"]["Id"], json!({"type": "string"}));
        assert_eq!(answer["examples"]["one"]["value"], json!({"$ref": "shared.json#/Id"}), "an example's value is data");
        assert_eq!(operation["x-note"], json!({"$ref": "shared.json#/Id"}), "an extension is data");
    }

    #[test]
    fn refs_are_confined_to_the_repository_or_the_topmost_directory() {
        let temp = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(temp.path()).unwrap();
        let repository = base.join("repository");
        let api = repository.join("idn/apis/password-sync-groups");
        std::fs::create_dir_all(&api).unwrap();
        std::fs::create_dir_all(repository.join(".git")).unwrap();
        assert_eq!(confinement(&api, None), repository);

        let home = base.join("home");
        let downloads = home.join("Downloads/specs/idn/apis/x");
        std::fs::create_dir_all(&downloads).unwrap();
        assert_eq!(confinement(&downloads, Some(&home)), home.join("Downloads"));
        assert_eq!(confinement(&home, Some(&home)), home, "a spec in the home directory gets no more than it");
        let top = base.ancestors().find(|dir| dir.parent() == Some(Path::new("/"))).unwrap();
        assert_eq!(confinement(&downloads, None), top);
        assert_eq!(confinement(Path::new("/"), None), Path::new("/"));
    }
}
