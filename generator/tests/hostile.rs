//! Specs that try the generator: it reads only what the spec owns (regular
//! files of bounded size under its directory), says what it will not read
//! instead of dropping it, and stays linear and on its stack whatever the
//! shape of the refs.

#[path = "support/chain.rs"]
mod chain;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `sdkgen` with `args`, failing the test if it takes longer than a
/// minute (a blocked read, a loop); its exit code and stderr.
fn sdkgen(args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sdkgen runs");
    let started = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("sdkgen {args:?} did not finish in a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("exits");
    (output.status.code().expect("exited"), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// `sdkgen api` on `spec` with extra `args`.
fn api(spec: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["api", spec.to_str().unwrap()];
    all.extend(args);
    sdkgen(&all)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A spec whose one operation answers with `schema`, and `components`.
fn spec_with(schema: Value, components: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": schema}}
        }}}}},
        "components": components
    })
}

fn write_spec(dir: &Path, spec: &Value) -> PathBuf {
    let path = dir.join("openapi.json");
    write(&path, &spec.to_string());
    path
}

#[test]
fn refs_stay_under_the_spec_repository_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "SECRET-LINE-THAT-MUST-NOT-BE-SHOWN";
    write(&dir.path().join("outside.yaml"), &format!("type: string\ndescription: {secret}\n"));
    let spec_dir = dir.path().join("spec");
    std::fs::create_dir_all(spec_dir.join(".git")).unwrap();
    for (reference, label) in [("../outside.yaml", "outside.yaml"), ("/etc/passwd", "/etc/passwd")] {
        let spec = write_spec(&spec_dir, &spec_with(json!({"$ref": reference}), json!({})));
        let (code, stderr) = api(&spec, &[]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(label) && stderr.contains("outside") && stderr.contains("the spec's repository"), "{stderr}");
        assert!(!stderr.contains(secret) && !stderr.contains("root:"), "the error shows what it read: {stderr}");
    }
    // A symlink inside the directory that leads out of it is outside too.
    std::os::unix::fs::symlink(dir.path().join("outside.yaml"), spec_dir.join("link.yaml")).unwrap();
    let spec = write_spec(&spec_dir, &spec_with(json!({"$ref": "link.yaml"}), json!({})));
    let (code, stderr) = api(&spec, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("the spec's repository"), "{stderr}");

    let (code, stderr) = api(&spec, &["--allow-refs-under", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
}

/// SailPoint's per-API layout (`idn/apis/<api>/openapi.yaml`, sharing
/// `idn/shared/` through `../../shared/` refs), as a fixture of our own: it
/// generates with no flag, and a ref past its repository is still refused.
#[test]
fn a_vendor_layout_of_shared_refs_reads_as_published() {
    let dir = tempfile::tempdir().unwrap();
    let repository = dir.path().join("api-specs");
    std::fs::create_dir_all(repository.join(".git")).unwrap();
    write(&dir.path().join("secret.yaml"), "type: string\n");
    let shared = repository.join("idn/shared");
    write(&shared.join("parameters/limit.yaml"), "name: limit\nin: query\nschema: {type: integer, format: int32, minimum: 0, maximum: 250}\n");
    write(&shared.join("schemas/errorresponsedto.yaml"), "type: object\nproperties:\n  detailCode: {type: string}\n");
    write(&shared.join("responses/400.yaml"), "description: Client Error.\ncontent:\n  application/json:\n    schema: {$ref: '../schemas/errorresponsedto.yaml'}\n");
    let api_dir = repository.join("idn/apis/things");
    write(&api_dir.join("schemas/thing.yaml"), "type: object\nproperties:\n  id: {type: string}\n");
    let spec = |schema: &str| {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "Things", "version": "v1"},
            "paths": {"/things/v1": {"get": {
                "operationId": "listThingsV1",
                "parameters": [{"$ref": "../../shared/parameters/limit.yaml"}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": schema}}}}},
                    "400": {"$ref": "../../shared/responses/400.yaml"}
                }
            }}}
        })
    };
    let root = write_spec(&api_dir, &spec("schemas/thing.yaml"));
    let out = dir.path().join("out");
    let (code, stderr) = sdkgen(&["generate", "--spec", root.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "things"]);
    assert_eq!(code, 0, "{stderr}");
    let requests = std::fs::read_to_string(out.join("src/requests.rs")).unwrap();
    assert!(requests.contains("pub fn limit"), "the shared parameter is read");
    let past = write_spec(&api_dir, &spec("../../../../secret.yaml"));
    let (code, stderr) = api(&past, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("secret.yaml") && stderr.contains("api-specs"), "{stderr}");
}

#[test]
fn only_regular_files_of_bounded_size_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    let big = dir.path().join("big.yaml");
    std::fs::File::create(&big).unwrap().set_len(65 << 20).unwrap();
    let cases = [("pipe.yaml", "not a regular file"), ("/dev/zero", "not a regular file"), ("big.yaml", "larger than the 67108864 bytes")];
    for (reference, expected) in cases {
        let spec = write_spec(dir.path(), &spec_with(json!({"$ref": reference}), json!({})));
        let (code, stderr) = api(&spec, &["--allow-refs-under", "/dev"]);
        assert_eq!(code, 2, "{reference}: {stderr}");
        assert!(stderr.contains(expected), "{reference}: {stderr}");
    }
}

#[test]
fn errors_quote_an_excerpt_never_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("start {} end-of-the-file", "x".repeat(100_000));
    write(&dir.path().join("long.yaml"), &format!("\"{long}\""));
    let spec = write_spec(dir.path(), &spec_with(json!({"$ref": "long.yaml"}), json!({})));
    let (code, stderr) = api(&spec, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.len() < 2_000 && !stderr.contains("end-of-the-file"), "{} bytes:\n{}", stderr.len(), &stderr[..stderr.len().min(500)]);
}

#[test]
fn a_key_given_twice_is_refused_in_json_and_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let json_spec = dir.path().join("twice.json");
    write(&json_spec, r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {}, "/a": {}}}"#);
    let yaml_spec = dir.path().join("twice.yaml");
    write(&yaml_spec, "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {}\n  /b: {}\n  /a: {}\n");
    for spec in [json_spec, yaml_spec] {
        let (code, stderr) = api(&spec, &[]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("the key `/a` is given twice") && stderr.contains(spec.file_name().unwrap().to_str().unwrap()), "{stderr}");
    }
}

#[test]
fn misspelled_values_and_impossible_keys_are_errors_that_name_what_was_meant() {
    let dir = tempfile::tempdir().unwrap();
    let ok = json!({"description": "ok"});
    let spec = json!({
        "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {"post": {"responses": {"2OO": ok}}},
            "b": {"get": {"responses": {"200": ok}}},
            "/c/{id}": {"get": {"parameters": [{"name": "X Trace", "in": "header", "schema": {"type": "string"}}], "responses": {"200": ok}}}
        },
        "components": {"schemas": {"S": {"type": "strnig"}}}
    });
    let (code, stderr) = api(&write_spec(dir.path(), &spec), &[]);
    assert_eq!(code, 2, "{stderr}");
    for expected in [
        "#/paths/~1a/post/responses/2OO: `2OO` is not a status code",
        "#/paths/b: the path `b` does not start with `/`",
        "`X Trace` is not a header name",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{stderr}");
    }
}

/// A vendor's typos must not leave a user editing files they do not own: a
/// key that differs from a known one only in case is read as meant, any
/// other unknown key is ignored; each with a warning naming the place and
/// what was meant, and `--strict` refuses them all.
#[test]
fn near_miss_keys_are_read_as_meant_or_ignored_with_a_warning_and_strict_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    let spec = json!({
        "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"GET": {
            "operationId": "getA",
            "paramters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}}}
        }}},
        "components": {"schemas": {"S": {"type": "object", "properties": {"id": {"type": "string", "readonly": true}}}}}
    });
    let spec = write_spec(dir.path(), &spec);
    let out = dir.path().join("out");
    let generate = |strict: bool| {
        let mut args = vec!["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "t"];
        if strict {
            args.push("--strict");
        }
        sdkgen(&args)
    };
    let (code, stderr) = generate(false);
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "#/paths/~1a/GET: `GET` is not a key of a path item; taken as `get`, which it differs from only in case",
        "#/paths/~1a/get/paramters: `paramters` is not a key of an operation and is ignored; did you mean `parameters`?",
        "#/components/schemas/S/properties/id/readonly: `readonly` is not a key of a schema; taken as `readOnly`",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{stderr}");
    }
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(models.contains("Read-only: set by the server"), "`readonly` is read as `readOnly`:\n{models}");
    let requests = std::fs::read_to_string(out.join("src/requests.rs")).unwrap();
    assert!(requests.contains("pub fn get_a("), "`GET` is read as `get`");
    let (code, stderr) = generate(true);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--strict makes them errors"), "{stderr}");
}

#[test]
fn unknown_keys_and_swagger_habits_are_warnings_and_strict_makes_them_errors() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_with(
        json!({"$ref": "#/components/schemas/S"}),
        json!({"schemas": {"S": {"type": "object", "colour": "red", "properties": {"name": {"type": "string", "required": true}}}}}),
    );
    let spec = write_spec(dir.path(), &spec);
    let (code, stderr) = api(&spec, &[]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("out");
    let (code, stderr) = sdkgen(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "t"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("`colour` is not a key of a schema and is ignored"), "{stderr}");
    assert!(stderr.contains("`required: true` on a property is Swagger 2's way; taken as the property being required"), "{stderr}");
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(models.contains("pub name: ::std::string::String,"), "the property is not required:\n{models}");
    let (code, _) = sdkgen(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "t", "--strict"]);
    assert_eq!(code, 2);
}

#[test]
fn long_ref_chains_generate_and_only_real_cycles_are_cycles() {
    let dir = tempfile::tempdir().unwrap();
    // 8,000 component schemas, each an alias of the next.
    let mut schemas = serde_json::Map::new();
    for index in 0..8_000 {
        schemas.insert(format!("S{index}"), json!({"$ref": format!("#/components/schemas/S{}", index + 1)}));
    }
    schemas.insert("S8000".to_owned(), json!({"type": "string"}));
    let spec = write_spec(dir.path(), &spec_with(json!({"$ref": "#/components/schemas/S0"}), json!({"schemas": schemas})));
    let (code, stderr) = api(&spec, &[]);
    assert_eq!(code, 0, "{stderr}");

    // 500 files, each a path item that is a ref to the next.
    let chain = dir.path().join("chain");
    for index in 0..500 {
        write(&chain.join(format!("p{index}.yaml")), &format!("$ref: p{}.yaml\n", index + 1));
    }
    write(&chain.join("p500.yaml"), "get:\n  operationId: deep\n  responses: {'204': {description: none}}\n");
    write(&chain.join("openapi.yaml"), "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /deep: {$ref: p0.yaml}\n");
    let (code, stderr) = api(&chain.join("openapi.yaml"), &[]);
    assert_eq!(code, 0, "{stderr}");

    // The same chain closed into a ring is a cycle, named as one.
    write(&chain.join("p500.yaml"), "$ref: p0.yaml\n");
    let (code, stderr) = api(&chain.join("openapi.yaml"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("$ref cycle"), "{stderr}");
}

#[test]
fn an_all_of_that_includes_itself_is_a_problem_found_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let this = json!({"$ref": "#/components/schemas/A"});
    let spec = spec_with(this.clone(), json!({"schemas": {"A": {"allOf": [this.clone(), this], "properties": {"x": {"type": "string"}}}}}));
    let (code, stderr) = api(&write_spec(dir.path(), &spec), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("#/components/schemas/A"), "{stderr}");
}

#[test]
fn bounds_that_no_integer_meets_are_problems_not_wrapped_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let spec = json!({
        "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "parameters": [
            {"name": "q", "in": "query", "schema": {"type": "integer", "format": "int64", "minimum": 9223372036854775807_i64, "exclusiveMinimum": true}},
            {"name": "r", "in": "query", "schema": {"type": "integer", "minimum": 5, "maximum": 4}}
        ], "responses": {"204": {"description": "none"}}}}}
    });
    let (code, stderr) = api(&write_spec(dir.path(), &spec), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no integer is greater than the exclusive minimum 9223372036854775807"), "{stderr}");
    assert!(stderr.contains("no integer is between the minimum 5 and the maximum 4"), "{stderr}");
}

#[test]
fn crate_names_and_versions_are_checked_and_a_default_name_is_always_valid() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("123 spec.yaml");
    write(&spec, "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
    let out = dir.path().join("out");
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()];
        args.extend(extra);
        sdkgen(&args)
    };
    for bad in [&["--crate-name", "1st"][..], &["--crate-name", "my crate"], &["--crate-version", "1.0\n[dependencies]"], &["--crate-version", "one"]] {
        let (code, stderr) = generate(bad);
        assert_eq!(code, 2, "{bad:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists(), "{bad:?} wrote output");
    }
    let (code, stderr) = generate(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap().contains("name = \"api-123-spec-client\""));
}

#[test]
fn all_of_chains_that_flatten_past_the_field_budget_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Each schema is the previous one and a field: 2,000 schemas, two
    // million fields once flattened.
    let mut schemas = serde_json::Map::new();
    schemas.insert("S0".to_owned(), json!({"type": "object", "properties": {"p0": {"type": "string"}}}));
    for index in 1..2_000 {
        let previous = json!({"$ref": format!("#/components/schemas/S{}", index - 1)});
        schemas.insert(format!("S{index}"), json!({"allOf": [previous, {"type": "object", "properties": {format!("p{index}"): {"type": "string"}}}]}));
    }
    let spec = write_spec(dir.path(), &spec_with(json!({"$ref": "#/components/schemas/S1999"}), json!({"schemas": schemas})));
    let (code, stderr) = api(&spec, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("the structs would hold more than 250000 fields in all"), "{stderr}");
}

/// The size of crate sdkgen promises to compile: types nesting at most
/// 10,000 levels, 2,501 structs each holding the next (CI compiles that
/// crate); one more struct, and the spec is refused naming where the
/// nesting starts.
#[test]
fn struct_chains_past_the_depth_budget_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let chain = |length: usize| {
        let spec = write_spec(&dir.path().join(length.to_string()), &chain::spec(length));
        api(&spec, &[])
    };
    let (code, stderr) = chain(chain::LONGEST);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = chain(chain::LONGEST + 1);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("#/components/schemas/S0: types nest 10004 levels deep from `S0`; sdkgen generates crates up to 10000 levels"), "{stderr}");
}

/// Nesting past the parsers' 128 levels is refused before the YAML parser
/// (whose time grows with the square of the depth) reads it; the scaling
/// example measures how long refusing takes.
#[test]
fn nesting_past_the_limit_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let deep = 100_000;
    let cases = [
        ("mappings.yaml", format!("openapi: 3.0.3\ninfo: {}1{}\n", "{a: ".repeat(deep), "}".repeat(deep)), "flow collections nest deeper than 128 levels at line 2"),
        ("sequences.yaml", format!("openapi: 3.0.3\ninfo:\n  x-list: {}1{}\n", "[".repeat(deep), "]".repeat(deep)), "flow collections nest deeper than 128 levels at line 3"),
        ("objects.json", format!("{{\"openapi\": \"3.0.3\", \"info\": {}1{}}}", "{\"a\": ".repeat(deep), "}".repeat(deep)), "recursion limit exceeded at line 1"),
    ];
    for (name, text, expected) in cases {
        let spec = dir.path().join(name);
        write(&spec, &text);
        let (code, stderr) = api(&spec, &[]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains(name) && stderr.contains(expected), "{name}: {stderr}");
    }
}

/// Numbers are valid JSON whatever their size: past 64 bits and past `f64`
/// they are read, and a limit past what the Rust type holds is documented
/// as the spec wrote it, never refused.
#[test]
fn numbers_past_64_bits_and_past_f64_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}}}}}},
        "components": {"schemas": {"S": {"type": "object", "properties": {
            "big": {"type": "integer", "maximum": 18446744073709552000, "default": 123456789012345678901},
            "huge": {"type": "number", "minimum": -1e400, "maximum": 1e400}
        }}}}}"##;
    let spec = dir.path().join("numbers.json");
    write(&spec, text);
    let out = dir.path().join("out");
    let (code, stderr) = sdkgen(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "t"]);
    assert_eq!(code, 0, "{stderr}");
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(models.contains("`maximum: 1.8446744073709552e+19` lies past what the type holds"), "{models}");
    assert!(models.contains("The server's default: `1.2345678901234568e+20`"), "{models}");
}

/// Spec text that looks like the templates' placeholders is written as it
/// is wherever it lands (`fixtures/hostile.yaml` holds it in every field
/// that reaches `Cargo.toml` or `README.md`; `tests/compile.rs` builds it).
#[test]
fn placeholder_text_from_the_spec_is_never_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.yaml");
    let out = dir.path().join("out");
    let (code, stderr) = sdkgen(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "hostile"]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let document: toml_edit::DocumentMut = manifest.parse().unwrap_or_else(|err| panic!("the manifest is not TOML: {err}\n{manifest}"));
    let package = &document["package"];
    for (key, expected) in [
        ("description", r#"A client for Hostile "quoted" {{package_metadata}} {{crate_name}} " ]"#),
        ("homepage", "https://example.com/{{crate_name}}/]"),
        ("repository", "https://example.com/{{package_metadata}}"),
        ("documentation", "https://example.com/{{license}}"),
    ] {
        assert_eq!(package[key].as_str(), Some(expected), "{key}:\n{manifest}");
    }
    for (key, expected) in [("keywords", "{{crate_name}}"), ("categories", "{{tag_features}}")] {
        let values: Vec<&str> = package[key].as_array().into_iter().flatten().filter_map(|value| value.as_str()).collect();
        assert_eq!(values, [expected], "{key}:\n{manifest}");
    }
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("Prose a spec author wrote. {{description}} {{operations}} {{crate_name}}"), "{readme}");
    assert!(readme.contains(r#"*Hostile "quoted" {{package_metadata}} {{crate_name}} " \]* API (version 1 {{crate_version}} " \])"#), "{readme}");
}
