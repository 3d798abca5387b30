//! Passes over the lowered IR.

use super::names::{self, Scope};
use super::{ErrorEnum, Operation, Type, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Boxes each struct field whose type contains the struct again without an
/// indirection (a `Vec` or map already is one), so recursive types have a
/// finite size.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> =
        types.iter().map(|ty| (ty.name.clone(), direct_names(&ty.kind))).collect();
    for ty in types.iter_mut() {
        let TypeKind::Struct(object) = &mut ty.kind else { continue };
        for field in &mut object.fields {
            if let Type::Named(target) = &field.ty {
                field.boxed = reaches(&edges, target, &ty.name);
            }
        }
    }
}

/// Types a value of this kind holds inline (not behind a `Vec` or map).
fn direct_names(kind: &TypeKind) -> BTreeSet<String> {
    let named = |ty: &Type| match ty {
        Type::Named(name) => Some(name.clone()),
        _ => None,
    };
    match kind {
        TypeKind::Struct(object) => object.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => BTreeSet::new(),
    }
}

fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current.clone()) {
            stack.extend(edges.get(&current).into_iter().flatten().cloned());
        }
    }
    false
}

/// Operations whose error responses are the same share one error enum;
/// each keeps its own name as an alias. This cuts the generated code (and
/// its compile time) for large specs, where most operations answer errors
/// alike.
pub fn share_error_enums(operations: &mut [Operation]) -> Vec<ErrorEnum> {
    let mut groups: Vec<(Vec<super::ErrorCase>, Vec<usize>)> = Vec::new();
    for (index, operation) in operations.iter().enumerate() {
        match groups.iter_mut().find(|(cases, _)| *cases == operation.errors) {
            Some((_, members)) => members.push(index),
            None => groups.push((operation.errors.clone(), vec![index])),
        }
    }
    let mut scope = Scope::new();
    let mut enums = Vec::with_capacity(groups.len());
    for (cases, members) in groups {
        let name = match members.as_slice() {
            [only] => operations[*only].error_name.clone(),
            _ => scope.claim(names::shared_error_name(&cases.iter().map(|case| case.status).collect::<Vec<_>>())),
        };
        for &member in &members {
            operations[member].error_enum = name.clone();
        }
        let operations = members.iter().map(|&member| operations[member].method_name.clone()).collect();
        enums.push(ErrorEnum { name, cases, operations });
    }
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    enums
}
