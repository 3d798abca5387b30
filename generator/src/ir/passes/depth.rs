//! How deep rustc goes into the types, and the recursion limit the crate
//! needs for it.

use super::graph::{held_types, named_in, strongly_connected, type_index, Direction};
use crate::ir::{Type, TypeDef, TypeKind};

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

/// The `recursion_limit` the crate of `types` needs, if more than the
/// default (twice the depth, for headroom), and the problem (pointer,
/// message) where the types nest deeper than [`MAX_TYPE_DEPTH`].
pub(super) fn recursion_limit(types: &[TypeDef]) -> (Option<usize>, Option<(String, String)>) {
    let (depth, deepest) = type_depth(types);
    let too_deep = (depth > MAX_TYPE_DEPTH).then(|| {
        let from = deepest.map(|at| &types[at]);
        (
            from.map_or_else(|| "/components/schemas".to_owned(), |ty| ty.pointer.clone()),
            format!(
                "types nest {depth} levels deep from `{}`; sdkgen generates crates up to {MAX_TYPE_DEPTH} levels (2,500 structs each \
                 holding the next); deeper, rustc may overflow its stack, and its memory grows with the depth (a chain of 30,000 \
                 structs does not compile on a machine of 24 GB)",
                from.map_or("", |ty| ty.name.as_str())
            ),
        )
    });
    let needed = 2 * depth;
    ((needed > DEFAULT_RECURSION_LIMIT).then(|| needed.next_multiple_of(64)), too_deep)
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
            held_types(&ty.kind, Direction::Both, |held, _| {
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
