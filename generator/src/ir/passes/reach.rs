//! What reaches what: the types a request carries (they get setters), and
//! the Cargo feature of each tag and the features that gate each type.

use super::graph::{names_in, reachable, type_index, Direction};
use crate::ir::names::{self, Scope};
use crate::ir::{Api, Feature, Operation, Type, TypeDef, Webhook};
use std::collections::{BTreeMap, BTreeSet};

/// Marks the types a request can carry: those a request body or a parameter
/// names, and every type they hold, except through read-only fields.
pub(super) fn mark_sent_types(types: &mut [TypeDef], operations: &[Operation]) {
    let roots = operations.iter().flat_map(|operation| {
        let body = operation.body.as_ref().and_then(|body| body.kind.schema_type());
        operation.params.iter().map(|param| &param.ty).chain(body)
    });
    let sent = reachable(types, &type_index(types), names_in(roots), Direction::Sent);
    for at in sent {
        types[at].sent = true;
    }
}

/// Puts each tag's operations behind a Cargo feature of their own, so a
/// crate for a large spec can be built with only the parts a program uses.
/// A type is gated by the features of every operation that reaches it;
/// what an untagged operation reaches, or nothing does, is always compiled.
pub(super) fn assign_tag_features(api: &mut Api, scope: &mut Scope) {
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
