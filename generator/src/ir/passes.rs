//! Passes over the lowered IR, run in one order by [`run`].

use super::names::{self, Scope};
use super::{Access, Api, Feature, HttpMethod, Operation, PathPart, Resource, SuccessBody, Type, TypeDef, TypeKind, Webhook};
use std::collections::{BTreeMap, BTreeSet};

/// What the passes found wrong (pointer, message): problems stop
/// generation, warnings do not.
#[derive(Debug, Default)]
pub struct Findings {
    pub problems: Vec<(String, String)>,
    pub warnings: Vec<(String, String)>,
}

/// Every pass, in order.
pub fn run(api: &mut Api, tag_features: bool) -> Findings {
    let mut findings = Findings::default();
    findings.problems.extend(break_alias_cycles(&mut api.types));
    box_recursive_types(&mut api.types);
    box_large_variants(&mut api.types);
    mark_text_forms(&mut api.types);
    let (depth, deepest) = type_depth(&api.types);
    if depth > MAX_TYPE_DEPTH {
        let from = deepest.map(|at| &api.types[at]);
        findings.problems.push((
            from.map_or_else(|| "/components/schemas".to_owned(), |ty| ty.pointer.clone()),
            format!(
                "types nest {depth} levels deep from `{}`; sdkgen generates crates up to {MAX_TYPE_DEPTH} levels (2,500 structs each \
                 holding the next); deeper, rustc may overflow its stack, and its memory grows with the depth (a chain of 30,000 \
                 structs does not compile on a machine of 24 GB)",
                from.map_or("", |ty| ty.name.as_str())
            ),
        ));
    }
    api.recursion_limit = recursion_limit(depth);
    api.resources = find_resources(api);
    mark_sent_types(&mut api.types, &api.operations);
    findings.warnings.extend(check_examples(&mut api.types));
    if tag_features {
        assign_tag_features(api);
    }
    super::surface::decide(api);
    findings
}

/// Sets how each union member is written as text, where it can be.
fn mark_text_forms(types: &mut [TypeDef]) {
    let forms: Vec<Vec<Option<crate::ir::TextForm>>> = {
        let index = type_index(types);
        let kind_of = |name: &str| index.get(name).map(|at| &types[*at].kind);
        types
            .iter()
            .map(|def| match &def.kind {
                TypeKind::Union(union) => union.variants.iter().map(|variant| crate::ir::text_form(&variant.ty, kind_of)).collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    for (def, forms) in types.iter_mut().zip(forms) {
        if let TypeKind::Union(union) = &mut def.kind {
            for (variant, form) in union.variants.iter_mut().zip(forms) {
                variant.text = form;
            }
        }
    }
}

/// The named types `ty` holds: inline, or also inside arrays and maps.
fn named_in(ty: &Type, through_collections: bool, out: &mut Vec<String>) {
    match ty {
        Type::Named(name) => out.push(name.clone()),
        _ => ty.held().into_iter().filter(|(_, inline)| *inline || through_collections).for_each(|(inner, _)| named_in(inner, through_collections, out)),
    }
}

/// The edges of the type graph: for each type, the types it holds, only
/// inline (what makes a type infinitely large) or also through arrays and
/// maps (what makes a type alias expand forever).
fn type_graph(types: &[TypeDef], through_collections: bool) -> Vec<Vec<usize>> {
    let index = type_index(types);
    types
        .iter()
        .map(|ty| {
            let mut names = Vec::new();
            match &ty.kind {
                TypeKind::Struct(object) => object.fields.iter().for_each(|f| named_in(&f.ty, through_collections, &mut names)),
                TypeKind::Union(union) => union.variants.iter().for_each(|v| named_in(&v.ty, through_collections, &mut names)),
                TypeKind::Alias(target) | TypeKind::Newtype(target) => named_in(target, through_collections, &mut names),
                TypeKind::Enum(_) => {}
            }
            if let (TypeKind::Struct(object), true) = (&ty.kind, through_collections) {
                object.extra.iter().for_each(|extra| named_in(&extra.ty, true, &mut names));
            }
            names.iter().filter_map(|name| index.get(name.as_str()).copied()).collect()
        })
        .collect()
}

/// The strongly connected component of each node (Tarjan's algorithm,
/// without recursion, so a chain of any length costs no stack), and
/// whether each component is a cycle (more than one node, or a self-loop).
fn strongly_connected(edges: &[Vec<usize>]) -> (Vec<usize>, Vec<bool>) {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; count], vec![0; count], vec![UNSEEN; count]);
    let (mut on_stack, mut stack, mut cyclic) = (vec![false; count], Vec::new(), Vec::new());
    let mut next = 0;
    for start in 0..count {
        if order[start] != UNSEEN {
            continue;
        }
        let mut frames = vec![(start, 0)];
        order[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if order[target] == UNSEEN {
                    order[target] = next;
                    low[target] = next;
                    next += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let id = cyclic.len();
                let mut members = 0;
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = id;
                    members += 1;
                    if member == node {
                        break;
                    }
                }
                cyclic.push(members > 1 || edges[node].contains(&node));
            }
        }
    }
    (component, cyclic)
}

/// A type alias that refers to itself, even through an array or a map
/// (`Tree = array of Tree`), would expand forever: it becomes a newtype
/// struct. Aliases that only name each other in a ring describe no value at
/// all, and are a problem.
fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<(String, String)> {
    let (component, cyclic) = strongly_connected(&type_graph(types, true));
    let mut problems = Vec::new();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (at, ty) in types.iter().enumerate() {
        if cyclic[component[at]] && matches!(ty.kind, TypeKind::Alias(_)) {
            members.entry(component[at]).or_default().push(at);
        }
    }
    for (id, aliases) in members {
        let only_aliases = types.iter().enumerate().filter(|(at, _)| component[*at] == id).all(|(_, ty)| matches!(ty.kind, TypeKind::Alias(Type::Named(_))));
        for at in aliases {
            if only_aliases {
                problems.push((types[at].pointer.clone(), format!("`{}` is an alias in a ring of aliases that name only each other: no value has this type", types[at].name)));
            } else if let TypeKind::Alias(target) = &types[at].kind {
                types[at].kind = TypeKind::Newtype(target.clone());
            }
        }
    }
    problems
}

/// Boxes each struct field and union member that holds a type inline
/// which holds it again (both are in one strongly connected component of
/// the inline-containment graph), so recursive types have a finite size.
/// Linear in the types and fields. (A newtype never needs it: a cycle
/// through one always passes a struct or union too.)
fn box_recursive_types(types: &mut [TypeDef]) {
    let (component, _) = strongly_connected(&type_graph(types, false));
    let boxed: Vec<Vec<bool>> = {
        let index = type_index(types);
        let recursive = |owner: usize, ty: &Type| match ty {
            Type::Named(target) => index.get(target.as_str()).is_some_and(|&at| component[at] == component[owner]),
            _ => false,
        };
        types
            .iter()
            .enumerate()
            .map(|(at, ty)| match &ty.kind {
                TypeKind::Struct(object) => object.fields.iter().map(|field| recursive(at, &field.ty)).collect(),
                TypeKind::Union(union) => union.variants.iter().map(|variant| recursive(at, &variant.ty)).collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    for (ty, boxed) in types.iter_mut().zip(boxed) {
        match &mut ty.kind {
            TypeKind::Struct(object) => object.fields.iter_mut().zip(boxed).for_each(|(field, boxed)| field.boxed = boxed),
            TypeKind::Union(union) => union.variants.iter_mut().zip(boxed).for_each(|(variant, boxed)| variant.boxed = boxed),
            _ => {}
        }
    }
}

/// The size, in bytes, above which a union member is boxed: clippy's
/// `large_enum_variant` fires when the largest member is more than 200
/// bytes larger than the next, so a union whose members are all at most
/// this large never trips it.
const LARGE_VARIANT: usize = 200;

/// Boxes each union member whose type takes more than [`LARGE_VARIANT`]
/// bytes inline, so no union is sized by one large member. Sizes are upper
/// bounds, worked out without recursion: Tarjan numbers a component after
/// every one it holds, and a field inside its own component is boxed
/// already.
fn box_large_variants(types: &mut [TypeDef]) {
    let (component, _) = strongly_connected(&type_graph(types, false));
    let index = type_index(types);
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&at| component[at]);
    let mut sizes = vec![0usize; types.len()];
    for at in order {
        let size = match &types[at].kind {
            TypeKind::Struct(object) => {
                let fields: usize = object.fields.iter().map(|field| field_size(field, &index, &sizes)).sum();
                fields + if object.extra.is_some() { 24 } else { 0 }
            }
            TypeKind::Union(union) => {
                let largest = union.variants.iter().map(|variant| if variant.boxed { 8 } else { inline_size(&variant.ty, &index, &sizes) }).max();
                8 + largest.unwrap_or(0).max(32)
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => inline_size(ty, &index, &sizes),
            TypeKind::Enum(_) => 32,
        };
        sizes[at] = size;
    }
    let large: Vec<Vec<bool>> = types
        .iter()
        .map(|ty| match &ty.kind {
            TypeKind::Union(union) => union.variants.iter().map(|variant| inline_size(&variant.ty, &index, &sizes) > LARGE_VARIANT).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (ty, large) in types.iter_mut().zip(large) {
        if let TypeKind::Union(union) = &mut ty.kind {
            union.variants.iter_mut().zip(large).for_each(|(variant, large)| variant.boxed |= large);
        }
    }
}

/// An upper bound of the bytes a field takes: its type's, a pointer if
/// boxed, and eight for each `Option` around a type with no spare bit
/// pattern for `None` (numbers, dates, models).
fn field_size(field: &crate::ir::Field, index: &BTreeMap<&str, usize>, sizes: &[usize]) -> usize {
    if field.boxed {
        return 8 * (1 + usize::from(field.nullable));
    }
    let options = usize::from(!field.always_present()) + usize::from(field.nullable);
    let niche = matches!(field.ty, Type::String | Type::Secret | Type::Json | Type::Array(_) | Type::Map(_) | Type::Bool);
    inline_size(&field.ty, index, sizes).next_multiple_of(8) + if niche { 0 } else { 8 * options }
}

/// An upper bound of the bytes a value of `ty` takes inline, given the
/// sizes of the named types it may hold (`sizes`, by index).
fn inline_size(ty: &Type, index: &BTreeMap<&str, usize>, sizes: &[usize]) -> usize {
    match ty {
        Type::Named(name) => index.get(name.as_str()).map_or(32, |&at| sizes[at]),
        Type::Bool => 1,
        Type::I32 | Type::F32 | Type::Date => 4,
        Type::I64 | Type::F64 => 8,
        Type::DateTime | Type::Secret => 16,
        Type::String | Type::Array(_) | Type::Map(_) => 24,
        Type::Json => 32,
        Type::Nullable(inner) => 8 + inline_size(inner, index, sizes),
        Type::Tuple(positions) => positions.iter().map(|position| inline_size(position, index, sizes).next_multiple_of(8)).sum(),
    }
}

/// The collections the mock can hold: an item path ending in a parameter
/// (`/groups/{id}`) whose GET answers with a struct that has a property
/// for the id (named like the parameter, or `id`), below a collection
/// path that lists those structs or creates one; with the PUT and DELETE
/// of the item path where they answer the same way.
fn find_resources(api: &Api) -> Vec<Resource> {
    let index = type_index(&api.types);
    let find = |path: &str, method: HttpMethod| api.operations.iter().position(|op| op.path == path && op.http_method == method);
    let mut resources = Vec::new();
    for (read, operation) in api.operations.iter().enumerate() {
        let Some(record) = record_of(&operation.success.body).filter(|_| operation.http_method == HttpMethod::Get) else { continue };
        let Some(PathPart::Param(last)) = operation.path_parts.last() else { continue };
        let id_param = &operation.params[*last].wire_name;
        let Some((collection, _)) = operation.path.rsplit_once('/') else { continue };
        let Some(TypeKind::Struct(object)) = index.get(record).map(|&at| &api.types[at].kind) else { continue };
        let id = object.fields.iter().find(|field| field.wire_name == *id_param).or_else(|| object.fields.iter().find(|field| field.wire_name == "id"));
        let Some(id) = id.filter(|field| matches!(field.ty, Type::String | Type::I32 | Type::I64)) else { continue };
        let list = find(collection, HttpMethod::Get).filter(|&at| {
            let listed = &api.operations[at];
            listed.pagination.as_ref().is_some_and(|page| page.item == Type::Named(record.to_owned()))
        });
        let create = find(collection, HttpMethod::Post).filter(|&at| record_of(&api.operations[at].success.body) == Some(record));
        if list.is_none() && create.is_none() {
            continue;
        }
        let replace = find(&operation.path, HttpMethod::Put).filter(|&at| record_of(&api.operations[at].success.body) == Some(record));
        let delete = find(&operation.path, HttpMethod::Delete);
        resources.push(Resource {
            collection: collection.to_owned(),
            item: operation.path.clone(),
            id_param: id_param.clone(),
            id_field: id.wire_name.clone(),
            integer_ids: id.ty != Type::String,
            record: record.to_owned(),
            list,
            create,
            read,
            replace,
            delete,
            method: String::new(),
        });
    }
    resources
}

/// The named type a JSON success body is, if it is one.
fn record_of(body: &SuccessBody) -> Option<&str> {
    match body {
        SuccessBody::Json(Type::Named(name)) => Some(name.as_str()),
        _ => None,
    }
}

/// rustc's default `recursion_limit`.
const DEFAULT_RECURSION_LIMIT: usize = 128;

/// The deepest nesting [`type_depth`] may find. Measured with `cargo check`
/// of chains of structs each holding the next (four levels a struct):
/// rustc's memory grows linearly with the depth (1.3 GB for 2,500 structs,
/// 3.3 GB for 6,000, 6.4 GB for 10,000; 30,000 ran out of 24 GB), and from
/// about 20,000 levels its 8 MiB stack may overflow, depending on the
/// crate's name (5,001 structs did under one name, not under another).
/// Half that depth: every crate tried at the line compiled.
const MAX_TYPE_DEPTH: usize = 10_000;

/// The `recursion_limit` a crate whose types nest `depth` levels needs, if
/// more than the default: twice the depth, for headroom.
fn recursion_limit(depth: usize) -> Option<usize> {
    let needed = 2 * depth;
    (needed > DEFAULT_RECURSION_LIMIT).then(|| needed.next_multiple_of(64))
}

/// How many levels deep rustc goes into the types, and the type it starts
/// from there (an index into `types`).
/// Proving a type `Send` (or `Sync`, or working out its layout) walks into
/// every type it holds, one level for each struct and each `Option`, `Box`,
/// `Vec` or map around it; a few hundred schemas each holding the next go
/// deeper than rustc allows by default. rustc proves auto traits
/// coinductively, so a cycle ends a walk, but only where it closes: inside
/// a set of types that hold one another the walk can pass every member
/// before it meets one again (300 schemas each holding three others need
/// over 512 levels). So a component's depth is that of a path through all
/// its members, each by its deepest edge inside the component, plus the
/// deepest component it reaches: linear in types and fields.
fn type_depth(types: &[TypeDef]) -> (usize, Option<usize>) {
    /// Levels a field or member adds: its own type's, an `Option` for
    /// optional and one for nullable, a `Box` where boxed. An alias adds
    /// only its target's: it is that type, with nothing around it.
    const WRAPPERS: usize = 3;
    fn levels(ty: &Type) -> usize {
        1 + ty.held().into_iter().map(|(inner, _)| levels(inner)).max().unwrap_or(0)
    }
    let index = type_index(types);
    let held: Vec<Vec<(usize, usize)>> = types
        .iter()
        .map(|ty| {
            let mut edges = Vec::new();
            let wrappers = if matches!(ty.kind, TypeKind::Alias(_)) { 0 } else { WRAPPERS };
            held_types(&ty.kind, Direction::Both, |held| {
                let mut names = Vec::new();
                named_in(held, true, &mut names);
                edges.extend(names.iter().filter_map(|name| index.get(name.as_str())).map(|&at| (at, levels(held) + wrappers)));
            });
            edges
        })
        .collect();
    let targets: Vec<Vec<usize>> = held.iter().map(|edges| edges.iter().map(|(at, _)| *at).collect()).collect();
    let (component, cyclic) = strongly_connected(&targets);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); cyclic.len()];
    for (at, id) in component.iter().enumerate() {
        members[*id].push(at);
    }
    // Tarjan's algorithm numbers a component after every one it reaches.
    let mut depth = vec![0usize; cyclic.len()];
    for id in 0..cyclic.len() {
        let deepest = members[id]
            .iter()
            .flat_map(|&at| &held[at])
            .filter(|(target, _)| component[*target] != id)
            .map(|(target, weight)| weight + depth[component[*target]])
            .max();
        let through: usize = members[id]
            .iter()
            .filter_map(|&at| held[at].iter().filter(|(target, _)| component[*target] == id).map(|(_, weight)| *weight).max())
            .sum();
        depth[id] = through + deepest.unwrap_or(0);
    }
    let deepest = (0..depth.len()).max_by_key(|id| (depth[*id], std::cmp::Reverse(*id)));
    (deepest.map_or(0, |id| depth[id]), deepest.and_then(|id| members[id].iter().min().copied()))
}

/// Marks the types a request can carry: those a request body or a parameter
/// names, and every type they hold, except through read-only fields.
fn mark_sent_types(types: &mut [TypeDef], operations: &[Operation]) {
    let roots = operations.iter().flat_map(|operation| {
        let body = operation.body.as_ref().and_then(|body| body.kind.schema_type());
        operation.params.iter().map(|param| &param.ty).chain(body)
    });
    let sent = reachable(types, &type_index(types), names_in(roots), Direction::Sent);
    for at in sent {
        types[at].sent = true;
    }
}

/// Each type's position in `types`, by name.
fn type_index(types: &[TypeDef]) -> BTreeMap<&str, usize> {
    types.iter().enumerate().map(|(at, ty)| (ty.name.as_str(), at)).collect()
}

/// The positions of the types named `roots` and of every type they hold,
/// however deep.
fn reachable<'t>(types: &'t [TypeDef], index: &BTreeMap<&str, usize>, roots: Vec<&'t str>, direction: Direction) -> BTreeSet<usize> {
    let mut pending = roots;
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        let Some(&at) = index.get(name) else { continue };
        if seen.insert(at) {
            held_types(&types[at].kind, direction, |ty| push_named(ty, &mut pending));
        }
    }
    seen
}

/// The names of the named types in `types`.
fn names_in<'t>(types: impl IntoIterator<Item = &'t Type>) -> Vec<&'t str> {
    let mut names = Vec::new();
    types.into_iter().for_each(|ty| push_named(ty, &mut names));
    names
}

/// The named types in `ty`, however deep in arrays, maps and tuples.
fn push_named<'t>(ty: &'t Type, out: &mut Vec<&'t str>) {
    match ty {
        Type::Named(name) => out.push(name),
        _ => ty.held().into_iter().for_each(|(inner, _)| push_named(inner, out)),
    }
}

/// Puts each tag's operations behind a Cargo feature of their own, so a
/// crate for a large spec can be built with only the parts a program uses.
/// A type is gated by the features of every operation that reaches it;
/// what an untagged operation reaches, or nothing does, is always compiled.
fn assign_tag_features(api: &mut Api) {
    let reserved = crate::templates::manifest_features();
    let mut scope = Scope::with_reserved(&reserved.iter().map(String::as_str).collect::<Vec<_>>());
    let mut by_tag: BTreeMap<String, String> = BTreeMap::new();
    for tag in api.operations.iter().flat_map(|operation| &operation.tags) {
        if !by_tag.contains_key(tag) {
            let name = scope.claim(names::feature_name(tag));
            by_tag.insert(tag.clone(), name);
        }
    }
    for operation in &mut api.operations {
        let mut features: Vec<String> = operation.tags.iter().map(|tag| by_tag[tag].clone()).collect();
        features.sort();
        features.dedup();
        operation.features = features;
    }
    api.features = by_tag
        .iter()
        .map(|(tag, name)| Feature {
            name: name.clone(),
            tag: tag.clone(),
            operations: api.operations.iter().filter(|operation| operation.tags.contains(tag)).count(),
        })
        .collect();
    api.features.sort_by(|a, b| a.name.cmp(&b.name));
    gate_types(&mut api.types, &api.operations, &api.webhooks);
}

/// Gives each type the features of the operations that reach it, or none
/// (always compiled) when an untagged operation, a webhook, no operation,
/// or an always-compiled type reaches it.
fn gate_types(types: &mut [TypeDef], operations: &[Operation], webhooks: &[Webhook]) {
    let index = type_index(types);
    // What reaches a type, gathered from every operation: `None` until an
    // operation does, and empty once an untagged one does.
    let mut gates: Vec<Option<BTreeSet<&String>>> = vec![None; types.len()];
    for operation in operations {
        for at in reachable(types, &index, names_in(operation_types(operation)), Direction::Both) {
            let gate = gates[at].get_or_insert_with(|| operation.features.iter().collect());
            if operation.features.is_empty() || gate.is_empty() {
                gate.clear();
            } else {
                gate.extend(&operation.features);
            }
        }
    }
    let webhook_types = webhooks.iter().filter_map(|webhook| webhook.body.as_ref().and_then(|body| body.kind.schema_type()));
    for at in reachable(types, &index, names_in(webhook_types), Direction::Both) {
        gates[at] = Some(BTreeSet::new());
    }
    let always_roots = types
        .iter()
        .zip(&gates)
        .filter(|(_, gate)| gate.as_ref().is_none_or(BTreeSet::is_empty))
        .map(|(ty, _)| ty.name.as_str())
        .collect();
    let always = reachable(types, &index, always_roots, Direction::Both);
    let features: Vec<Vec<String>> = gates
        .into_iter()
        .enumerate()
        .map(|(at, gate)| match gate {
            Some(gate) if !always.contains(&at) => gate.into_iter().cloned().collect(),
            _ => Vec::new(),
        })
        .collect();
    for (ty, features) in types.iter_mut().zip(features) {
        ty.features = features;
    }
}

/// Every type an operation's parameters, body and responses name.
fn operation_types(operation: &Operation) -> impl Iterator<Item = &Type> {
    let params = operation.params.iter().map(|param| &param.ty);
    let body = operation.body.as_ref().and_then(|body| body.kind.schema_type());
    let success = operation.success.body.schema_type();
    let errors = operation.errors.iter().filter_map(|case| case.ty.as_ref());
    params.chain(body).chain(success).chain(errors)
}

/// Which fields of a struct count when following the types it holds.
#[derive(Clone, Copy, PartialEq)]
enum Direction {
    /// Only what a request carries: read-only fields are left out.
    Sent,
    Both,
}

/// Calls `visit` with each type a value of this kind holds.
fn held_types<'t>(kind: &'t TypeKind, direction: Direction, mut visit: impl FnMut(&'t Type)) {
    match kind {
        TypeKind::Struct(object) => {
            let carried = |field: &&crate::ir::Field| direction == Direction::Both || field.access != Access::ReadOnly;
            object.fields.iter().filter(carried).for_each(|field| visit(&field.ty));
            object.extra.iter().for_each(|extra| visit(&extra.ty));
        }
        TypeKind::Union(union) => union.variants.iter().for_each(|variant| visit(&variant.ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => visit(ty),
        TypeKind::Enum(_) => {}
    }
}

/// Keeps the examples that fit their type and reports the others: real
/// specs carry examples that contradict their own schemas (an `id: null`
/// for a field that may not be null), and the generated example tests must
/// test the models, not the spec's mistakes.
fn check_examples(types: &mut [TypeDef]) -> Vec<(String, String)> {
    let misfits: Vec<Vec<(usize, String)>> = {
        let by_name: BTreeMap<&str, &TypeKind> = types.iter().map(|ty| (ty.name.as_str(), &ty.kind)).collect();
        types
            .iter()
            .map(|ty| {
                let named = Type::Named(ty.name.clone());
                ty.examples
                    .iter()
                    .enumerate()
                    .filter_map(|(index, example)| fits(example, &named, &by_name, 0).err().map(|why| (index, why)))
                    .collect()
            })
            .collect()
    };
    let mut dropped = Vec::new();
    for (ty, misfits) in types.iter_mut().zip(misfits) {
        for (index, why) in misfits.into_iter().rev() {
            ty.examples.remove(index);
            dropped.push((ty.pointer.clone(), format!("an example of `{}` does not fit its schema ({why}); it is not tested", ty.name)));
        }
    }
    dropped
}

/// Whether `value` decodes as `ty`; the error says where it does not.
fn fits(value: &serde_json::Value, ty: &Type, types: &BTreeMap<&str, &TypeKind>, depth: usize) -> Result<(), String> {
    use serde_json::Value;
    if depth > 64 {
        return Ok(());
    }
    let expected = |what: &str| Err(format!("expected {what}, found {value}"));
    match (ty, value) {
        (Type::Json, _) => Ok(()),
        (Type::String | Type::Secret, Value::String(_)) | (Type::Bool, Value::Bool(_)) => Ok(()),
        (Type::DateTime, Value::String(text)) if chrono::DateTime::parse_from_rfc3339(text).is_ok() => Ok(()),
        (Type::Date, Value::String(text)) if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() => Ok(()),
        (Type::I32, Value::Number(n)) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => Ok(()),
        (Type::I64, Value::Number(n)) if n.as_i64().is_some() => Ok(()),
        (Type::F32 | Type::F64, Value::Number(_)) => Ok(()),
        (Type::Nullable(_), Value::Null) => Ok(()),
        (Type::Nullable(inner), _) => fits(value, inner, types, depth + 1),
        (Type::Array(item), Value::Array(items)) => items.iter().try_for_each(|v| fits(v, item, types, depth + 1)),
        (Type::Map(item), Value::Object(entries)) => entries.values().try_for_each(|v| fits(v, item, types, depth + 1)),
        (Type::Tuple(positions), Value::Array(values)) if values.len() == positions.len() => {
            positions.iter().zip(values).try_for_each(|(position, v)| fits(v, position, types, depth + 1))
        }
        (Type::Named(name), _) => match types.get(name.as_str()).copied() {
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => fits(value, inner, types, depth + 1),
            Some(TypeKind::Enum(_)) if value.is_string() => Ok(()),
            Some(TypeKind::Enum(_)) => expected("a string"),
            Some(TypeKind::Union(_)) | None => Ok(()),
            Some(TypeKind::Struct(object)) => {
                let Value::Object(entries) = value else { return expected("an object") };
                for field in &object.fields {
                    match entries.get(&field.wire_name) {
                        None if field.always_present() => {
                            return Err(format!("`{}` is required but missing", field.wire_name));
                        }
                        None => {}
                        Some(Value::Null) if field.nullable => {}
                        Some(Value::Null) if !field.always_present() => {
                            return Err(format!("`{}` is null but not nullable", field.wire_name));
                        }
                        Some(inner) => fits(inner, &field.ty, types, depth + 1).map_err(|why| format!("`{}`: {why}", field.wire_name))?,
                    }
                }
                let known = |key: &String| object.fields.iter().any(|f| f.wire_name == *key);
                match &object.extra {
                    Some(extra) => entries.iter().filter(|(k, _)| !known(k)).try_for_each(|(_, v)| fits(v, &extra.ty, types, depth + 1)),
                    None if entries.keys().all(known) => Ok(()),
                    None => Err("it has properties the schema forbids".to_owned()),
                }
            }
        },
        (Type::String | Type::Secret, _) | (Type::Bool, _) => expected(if *ty == Type::Bool { "a boolean" } else { "a string" }),
        (Type::DateTime, _) => expected("an RFC 3339 date-time"),
        (Type::Date, _) => expected("a date"),
        (Type::I32 | Type::I64, _) => expected("an integer in range"),
        (Type::F32 | Type::F64, _) => expected("a number"),
        (Type::Array(_), _) => expected("an array"),
        (Type::Map(_), _) => expected("an object"),
        (Type::Tuple(positions), _) => expected(&format!("an array of {} values", positions.len())),
    }
}
