//! The spec's examples that the generated example tests can test.

use crate::ir::{Type, TypeDef, TypeKind};
use std::collections::BTreeMap;

/// Keeps the examples that fit their type and reports the others: real
/// specs carry examples that contradict their own schemas (an `id: null`
/// for a field that may not be null), and the generated example tests must
/// test the models, not the spec's mistakes.
pub(super) fn check_examples(types: &mut [TypeDef]) -> Vec<(String, String)> {
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
