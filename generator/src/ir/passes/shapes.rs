//! What makes the types valid Rust of a finite size: aliases that would
//! expand forever, recursive and large members boxed, and how each union
//! member is written as text.

use super::graph::{strongly_connected, type_graph, type_index};
use crate::ir::{Type, TypeDef, TypeKind};
use std::collections::BTreeMap;

/// Sets how each union member is written as text, where it can be.
pub(super) fn mark_text_forms(types: &mut [TypeDef]) {
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

/// A type alias that refers to itself, even through an array or a map
/// (`Tree = array of Tree`), would expand forever: it becomes a newtype
/// struct. Aliases that only name each other in a ring describe no value at
/// all, and are a problem.
pub(super) fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<(String, String)> {
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
pub(super) fn box_recursive_types(types: &mut [TypeDef]) {
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
pub(super) fn box_large_variants(types: &mut [TypeDef]) {
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
