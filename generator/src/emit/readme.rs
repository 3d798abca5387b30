//! The generated crate's README: the template, with an example per
//! operation. The examples are compiled as doctests of the crate.

use super::templates;
use super::Options;
use crate::ir::{Api, BodyKind, ErrorStatus, Operation, SuccessBody, Type, TypeDef, TypeKind};
use std::fmt::Write;

pub fn readme(api: &Api, options: &Options) -> String {
    let crate_ident = options.crate_name.replace('-', "_");
    let operations: Vec<String> = api.operations.iter().map(|op| operation_section(api, op, &crate_ident)).collect();
    templates::README
        .replace("{{crate_name}}", &options.crate_name)
        .replace("{{crate_ident}}", &crate_ident)
        .replace("{{title}}", &api.title)
        .replace("{{api_version}}", &api.version)
        .replace("{{description}}\n\n", &paragraph(api.description.as_deref()))
        .replace("{{features}}", &features_section(api, options))
        .replace("{{example_base_url}}", &example_base_url(api))
        .replace("{{error_example}}", &error_example(api, &crate_ident))
        .replace("{{pagination_example}}", &pagination_example(api, &crate_ident))
        .replace("{{operations}}", operations.join("\n").trim_end())
}

/// The spec's description as a paragraph, or nothing.
fn paragraph(text: Option<&str>) -> String {
    match text.map(str::trim) {
        Some(text) if !text.is_empty() => format!("{text}\n\n"),
        _ => String::new(),
    }
}

/// How to build only some tags' operations, when the crate has a feature
/// per tag.
fn features_section(api: &Api, options: &Options) -> String {
    let Some(first) = api.features.first() else { return String::new() };
    let mut section = format!(
        "\nEach tag's operations, and the types only they use, are behind a Cargo \
         feature; all are on by default. To compile only what a program calls, \
         turn the defaults off and name the tags:\n\n```toml\n{} = {{ git = \"<this repository>\", \
         default-features = false, features = [\"{}\"] }}\n```\n\n| Feature | Tag | Operations |\n| --- | --- | --- |\n",
        options.crate_name, first.name,
    );
    for feature in &api.features {
        let _ = writeln!(section, "| `{}` | {} | {} |", feature.name, feature.tag.replace('|', "\\|"), feature.operations);
    }
    section
}

fn example_base_url(api: &Api) -> String {
    let Some(server) = &api.server else { return "https://api.example.com".to_owned() };
    server
        .variables
        .iter()
        .fold(server.url.clone(), |url, (name, default)| url.replace(&format!("{{{name}}}"), default))
}

/// The call expression for `operation` with example arguments, and the
/// lines that prepare them.
fn call(api: &Api, operation: &Operation, crate_ident: &str) -> (String, String) {
    let mut setup = String::new();
    let mut args = Vec::new();
    for param in operation.params.iter().filter(|p| p.required) {
        args.push(example_value(&param.ty, &param.wire_name, crate_ident));
    }
    if let Some(body) = operation.body.as_ref().filter(|b| b.required) {
        let _ = writeln!(setup, "let {} = {};", body.name, body_example(api, &body.kind, crate_ident));
        args.push(body.name.clone());
    }
    (setup, format!("client.{}({})", operation.method_name, args.join(", ")))
}

fn operation_section(api: &Api, operation: &Operation, crate_ident: &str) -> String {
    let (setup, call) = call(api, operation, crate_ident);
    let summary = operation.summary.as_deref().unwrap_or(&operation.operation_id).trim();
    let mut section = format!(
        "### {summary}\n\n`{} {}` — [`Client::{}`]\n\n```rust,no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n",
        operation.http_method.as_str(),
        operation.path,
        operation.method_name,
    );
    section.push_str(&setup);
    let header = operation.success.headers.first();
    match header {
        Some(header) => {
            // Every optional parameter, so that flags which turn headers on
            // (SailPoint's `count` for `X-Total-Count`) are set too.
            let setters: String = operation
                .params
                .iter()
                .filter(|p| !p.required && !p.object)
                .map(|p| format!("\n    .{}({})", p.name, example_value(&p.ty, &p.wire_name, crate_ident)))
                .collect();
            let _ = writeln!(
                section,
                "let response = {call}{setters}\n    .send_with_response()\n    .await?;\nlet {} = response.header::<{}>(\"{}\");\nprintln!(\"{{:?}} {{:?}}\", response.body(), {});",
                header.name,
                header_type_name(&header.ty),
                header.wire_name,
                header.name,
            );
        }
        _ if operation.success.body != SuccessBody::Empty => {
            let _ = writeln!(section, "let result = {call}.await?;\nprintln!(\"{{result:?}}\");");
        }
        _ => {
            let _ = writeln!(section, "{call}.await?;");
        }
    }
    section.push_str("# Ok(())\n# }\n```\n");
    section
}

fn error_example(api: &Api, crate_ident: &str) -> String {
    let Some((operation, case)) = api
        .operations
        .iter()
        .flat_map(|op| op.errors.iter().filter(|case| case.headers.is_empty()).map(move |case| (op, case)))
        .min_by_key(|(_, case)| (case.status != ErrorStatus::Code(404), case.status))
    else {
        return String::new();
    };
    let (setup, call) = call(api, operation, crate_ident);
    let body = if case.ty.is_some() { "response.content()" } else { "response.text()" };
    format!(
        "```rust,no_run\nuse {crate_ident}::errors::{error};\nuse {crate_ident}::Error;\n\n# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n{setup}match {call}.await {{\n    Ok(result) => println!(\"{{result:?}}\"),\n    Err(Error::Api({error}::{variant}(response))) => {{\n        println!(\"{status}: {{:?}}\", {body});\n    }}\n    Err(Error::Api(other)) => println!(\"the server said no: {{other}}\"),\n    Err(other) => return Err(other.into()),\n}}\n# Ok(())\n# }}\n```",
        error = operation.error_name,
        variant = case.variant,
        status = case.status,
    )
}

/// A `stream()` example for the first paginated operation, if any.
fn pagination_example(api: &Api, crate_ident: &str) -> String {
    let Some((operation, pagination)) = api.operations.iter().find_map(|op| op.pagination.as_ref().map(|p| (op, p))) else {
        return String::new();
    };
    let (setup, call) = call(api, operation, crate_ident);
    let limit = &operation.params[pagination.limit].name;
    format!(
        "## Pagination\n\nList operations paged with `limit` and `offset` have `stream()`: a `Stream` of\nitems that fetches one page at a time, as it is read, and stops after a short\npage. `{limit}` sets the page size. An error is the stream's last item.\n\n```rust,no_run\nuse {crate_ident}::TryStreamExt;\n\n# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n{setup}let mut items = std::pin::pin!({call}.{limit}(100).stream());\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}\n# Ok(())\n# }}\n```"
    )
}

/// The type a header example parses its value as.
fn header_type_name(ty: &Type) -> &'static str {
    match ty {
        Type::I32 => "i32",
        Type::I64 => "i64",
        Type::F32 => "f32",
        Type::F64 => "f64",
        Type::Bool => "bool",
        _ => "String",
    }
}

fn example_value(ty: &Type, wire_name: &str, crate_ident: &str) -> String {
    match ty {
        Type::String => format!("\"{}\"", wire_name.replace('"', "")),
        Type::Secret => format!("{crate_ident}::Secret::new(\"{}\")", wire_name.replace('"', "")),
        Type::I32 | Type::I64 => "50".to_owned(),
        Type::F32 | Type::F64 => "1.0".to_owned(),
        Type::Bool => "true".to_owned(),
        _ => "Default::default()".to_owned(),
    }
}

fn body_example(api: &Api, kind: &BodyKind, crate_ident: &str) -> String {
    let def: Option<&TypeDef> = match kind {
        BodyKind::Json(Type::Named(name)) | BodyKind::Form(Type::Named(name)) => api.types.iter().find(|t| t.name == *name),
        BodyKind::Multipart => return "reqwest::multipart::Form::new()".to_owned(),
        BodyKind::Text => return "\"text\"".to_owned(),
        BodyKind::Binary => return "bytes::Bytes::from_static(b\"bytes\")".to_owned(),
        _ => None,
    };
    match def.and_then(|def| def.examples.first().map(|example| (def, example))) {
        Some((def, example)) => format!(
            "serde_json::from_str::<{crate_ident}::models::{}>(r#\"{}\"#)?",
            def.name,
            serde_json::to_string(example).unwrap_or_default(),
        ),
        None => match def.map(|d| &d.kind) {
            Some(TypeKind::Struct(object)) if object.fields.iter().all(|f| !f.in_constructor()) => "Default::default()".to_owned(),
            _ => "serde_json::from_str(\"{}\")?".to_owned(),
        },
    }
}
