//! The type graph the other passes walk: which types a type holds, and
//! the strongly connected sets of types that hold one another.

use crate::ir::{Access, Type, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Each type's position in `types`, by name.
pub(super) fn type_index(types: &[TypeDef]) -> BTreeMap<&str, usize> {
    types.iter().enumerate().map(|(at, ty)| (ty.name.as_str(), at)).collect()
}

/// Which fields of a struct count when following the types it holds.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Direction {
    /// Only what a request carries: read-only fields are left out.
    Sent,
    Both,
}

/// Calls `visit` with each type a value of this kind holds, and whether
/// it holds it in a collection (a struct's other properties are a map):
/// the one walk of a type's parts the passes share.
pub(super) fn held_types<'t>(kind: &'t TypeKind, direction: Direction, mut visit: impl FnMut(&'t Type, bool)) {
    match kind {
        TypeKind::Struct(object) => {
            let carried = |field: &&crate::ir::Field| direction == Direction::Both || field.access != Access::ReadOnly;
            object.fields.iter().filter(carried).for_each(|field| visit(&field.ty, false));
            object.extra.iter().for_each(|extra| visit(&extra.ty, true));
        }
        TypeKind::Union(union) => union.variants.iter().for_each(|variant| visit(&variant.ty, false)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => visit(ty, false),
        TypeKind::Enum(_) => {}
    }
}

/// The named types `ty` holds: inline, or also inside arrays and maps.
pub(super) fn named_in(ty: &Type, through_collections: bool, out: &mut Vec<String>) {
    match ty {
        Type::Named(name) => out.push(name.clone()),
        _ => ty.held().into_iter().filter(|(_, inline)| *inline || through_collections).for_each(|(inner, _)| named_in(inner, through_collections, out)),
    }
}

/// The named types in `ty`, however deep in arrays, maps and tuples.
pub(super) fn push_named<'t>(ty: &'t Type, out: &mut Vec<&'t str>) {
    match ty {
        Type::Named(name) => out.push(name),
        _ => ty.held().into_iter().for_each(|(inner, _)| push_named(inner, out)),
    }
}

/// The names of the named types in `types`.
pub(super) fn names_in<'t>(types: impl IntoIterator<Item = &'t Type>) -> Vec<&'t str> {
    let mut names = Vec::new();
    types.into_iter().for_each(|ty| push_named(ty, &mut names));
    names
}

/// The positions of the types named `roots` and of every type they hold,
/// however deep.
pub(super) fn reachable<'t>(types: &'t [TypeDef], index: &BTreeMap<&str, usize>, roots: Vec<&'t str>, direction: Direction) -> BTreeSet<usize> {
    let mut pending = roots;
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        let Some(&at) = index.get(name) else { continue };
        if seen.insert(at) {
            held_types(&types[at].kind, direction, |ty, _| push_named(ty, &mut pending));
        }
    }
    seen
}

/// The edges of the type graph: for each type, the types it holds, only
/// inline (what makes a type infinitely large) or also through arrays and
/// maps (what makes a type alias expand forever).
pub(super) fn type_graph(types: &[TypeDef], through_collections: bool) -> Vec<Vec<usize>> {
    let index = type_index(types);
    types
        .iter()
        .map(|ty| {
            let mut names = Vec::new();
            held_types(&ty.kind, Direction::Both, |held, in_collection| {
                if through_collections || !in_collection {
                    named_in(held, through_collections, &mut names);
                }
            });
            names.iter().filter_map(|name| index.get(name.as_str()).copied()).collect()
        })
        .collect()
}

/// The strongly connected component of each node (Tarjan's algorithm,
/// without recursion, so a chain of any length costs no stack), and
/// whether each component is a cycle (more than one node, or a self-loop).
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> (Vec<usize>, Vec<bool>) {
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
