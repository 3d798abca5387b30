//! The generated crate's README: the template, filled in one pass with
//! prose and with examples made from the public API decided on the IR's
//! items (connecting, building a body, paging, handling errors, and one
//! per operation; their values are `values`'). Examples are built as tokens and printed with
//! `prettyplease`, so text from the spec enters them only as escaped
//! literals; they are compiled as doctests of the crate.

mod values;

use super::types::ident;
use super::{docs, Output};
use crate::ir::public::{Input, Take};
use crate::ir::rust::{Module, RustType};
use crate::ir::surface::{output_type, payload_type};
use crate::ir::{Api, BodyKind, ErrorStatus, Operation, Param, SuccessBody, TypeDef, TypeKind};
use crate::format::{self, FormatError};
use crate::{templates, Options};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How deep an example value may nest models.
const EXAMPLE_DEPTH: usize = 3;

/// What example code is made from.
struct Examples<'a> {
    api: &'a Api,
    krate: Ident,
    types: BTreeMap<&'a str, &'a TypeDef>,
    options: &'a Options,
}

/// The README, or where printing an example failed (a bug in this
/// emitter, never hidden as an empty example).
pub fn readme(api: &Api, options: &Options) -> Result<String, FormatError> {
    let crate_ident = options.crate_name.replace('-', "_");
    let examples = Examples {
        api,
        krate: Ident::new(&crate_ident, Span::call_site()),
        types: api.types.iter().map(|ty| (ty.name.as_str(), ty)).collect(),
        options,
    };
    let operations = api.operations.iter().map(|operation| examples.operation_section(operation)).collect::<Result<Vec<String>, _>>()?;
    Ok(templates::fill(
        templates::README,
        &[
            ("crate_name", &options.crate_name),
            ("crate_version", &options.crate_version),
            ("crate_ident", &crate_ident),
            ("title", &inline_text(&api.title)),
            ("api_version", &inline_text(&api.version)),
            ("description", &paragraph(api.description.as_deref())),
            ("features", &features_section(api, options)),
            ("recursion_limit", &recursion_limit_section(api)),
            ("auth_section", &examples.auth_section()?),
            ("builder", &examples.builder_text()?),
            ("rate_limit_sentence", &rate_limit_sentence(api)),
            ("reqwest_version", &templates::reqwest_version()),
            ("concurrency_example", &examples.concurrency_example()?),
            ("body_example", &examples.body_example()?),
            ("pagination_example", &examples.pagination_example()?),
            ("error_example", &examples.error_example()?),
            ("mock_example", &examples.mock_example()?),
            ("webhooks", &examples.webhooks_section()?),
            ("operations", operations.join("\n").trim_end()),
        ],
    ))
}

/// Spec text for one line of Markdown: no line breaks, no HTML.
fn inline_text(text: &str) -> String {
    docs::clean(&text.replace(['\r', '\n'], " ")).join(" ")
}

/// The spec's description as a paragraph, cleaned like any doc text (code
/// fences shown as text, never run as doctests), or nothing.
fn paragraph(text: Option<&str>) -> String {
    match text.map(str::trim) {
        Some(text) if !text.is_empty() => format!("{}\n\n", docs::clean(text).join("\n")),
        _ => String::new(),
    }
}

fn rate_limit_sentence(api: &Api) -> String {
    match api.settings.rate_limit {
        Some((requests, window)) => format!("Requests are paced below the API's quota ({requests} per {window} seconds unless set), so a busy caller waits instead of collecting 429s."),
        None => "Requests are not paced unless a `rate_limit` is set.".to_owned(),
    }
}

/// How to build only some tags' operations, when the crate has a feature
/// per tag.
fn features_section(api: &Api, options: &Options) -> String {
    let Some(first) = api.features.first() else { return String::new() };
    let mut section = format!(
        "\nEach tag's operations, and the types only they use, are behind a Cargo \
         feature; all are on by default. To compile only what a program calls, \
         turn the defaults off and name the tags (and a TLS choice):\n\n```toml\n{} = {{ version = \"{}\", \
         default-features = false, features = [\"rustls-native-roots\", \"{}\"] }}\n```\n\n| Feature | Tag | Operations |\n| --- | --- | --- |\n",
        options.crate_name, options.crate_version, first.name,
    );
    for feature in &api.features {
        let _ = writeln!(section, "| `{}` | {} | {} |", feature.name, inline_text(&feature.tag).replace('|', "\\|"), feature.operations);
    }
    section
}

/// What a program needs when the API's types nest deeper than rustc's
/// default recursion limit allows for: the crate sets the limit for itself
/// and its doctests, and a program proves the same types `Send`.
fn recursion_limit_section(api: &Api) -> String {
    let Some(limit) = api.recursion_limit else { return String::new() };
    format!(
        "\nThis API's types nest deeply. A program that holds them in an `async fn`, or \
         sends them between threads, may need rustc's recursion limit raised in its crate \
         root, as this crate raises its own:\n\n```rust\n#![recursion_limit = \"{limit}\"]\n```\n"
    )
}

/// A compiled example: `uses` at the top, then `body` inside a hidden
/// `async fn` that has a `client`. With `answers` (the mock's expectations
/// that answer every call `body` makes), a hidden `main` runs it against
/// the mock when the crate's `mock` feature is on, and fails if a call
/// fails or an expectation is unmet; without, it is only compiled.
fn example(uses: TokenStream, body: TokenStream, krate: &Ident, answers: Option<TokenStream>) -> Result<String, FormatError> {
    let mut text = String::from(if answers.is_some() { "```rust\n" } else { "```rust,no_run\n" });
    if !uses.is_empty() {
        text.push_str(&print(quote!(#uses))?);
        text.push('\n');
    }
    let _ = writeln!(text, "# async fn example(client: {krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{");
    let wrapped = print(quote!(fn body() { #body }))?;
    for line in wrapped.lines().skip(1).take_while(|line| *line != "}") {
        let _ = writeln!(text, "{}", line.strip_prefix("    ").unwrap_or(line));
    }
    text.push_str("# Ok(())\n# }\n");
    if let Some(answers) = answers {
        let harness = print(quote! {
            #[cfg(feature = "mock")]
            fn main() -> Result<(), Box<dyn std::error::Error>> {
                #krate::mock::run_example(example, |mock| {
                    #answers
                    Ok(())
                })
            }
            #[cfg(not(feature = "mock"))]
            fn main() {}
        })?;
        for line in harness.lines() {
            let _ = writeln!(text, "{}", format!("# {line}").trim_end());
        }
    }
    text.push_str("```\n");
    Ok(text)
}

/// The page size the pagination example asks for: 100 where the limit
/// parameter's bounds allow it, else the nearest size they allow.
fn example_page_size(limit: &Param) -> i64 {
    let (low, high) = (limit.bounds.minimum.unwrap_or(1), limit.bounds.maximum.unwrap_or(i64::MAX));
    if low <= high {
        100.clamp(low, high)
    } else {
        100
    }
}

/// Items printed by `prettyplease`.
fn print(items: TokenStream) -> Result<String, FormatError> {
    format::parse(Output::Readme.path(), items).map(format::unparse_spaced)
}

impl Examples<'_> {
    /// `Client::builder().base_url(..)` with the credentials the API takes.
    fn builder(&self) -> TokenStream {
        let krate = &self.krate;
        let security = &self.api.security;
        let url = values::example_base_url(self.api);
        let credentials = if security.token_url.is_some() {
            quote!(.client_credentials("my-client-id", "my-client-secret"))
        } else if security.api_key.is_some() {
            quote!(.api_key("my-api-key"))
        } else if security.bearer {
            quote!(.bearer_token("my-access-token"))
        } else if security.anonymous {
            TokenStream::new()
        } else {
            quote!(.no_authentication())
        };
        quote!(#krate::Client::builder().base_url(#url) #credentials)
    }

    /// The builder as text, for the template's retry example.
    fn builder_text(&self) -> Result<String, FormatError> {
        let krate = &self.krate;
        let builder = self.builder();
        let printed = print(quote!(fn f() { let _ = #builder; }))?;
        let expression = printed.lines().skip(1).take_while(|line| *line != "}").map(|line| line.strip_prefix("    ").unwrap_or(line)).collect::<Vec<_>>().join("\n");
        let expression = expression.trim_start_matches("let _ = ").trim_end_matches(';').to_owned();
        Ok(expression.replace(&format!("{krate}::Client"), "Client"))
    }

    /// What the mock answers a successful call of `operation` with: a
    /// value of its output type, where one can be made.
    fn answer(&self, operation: &Operation) -> Option<TokenStream> {
        self.value(&output_type(&operation.success.body), "name", true, 0)
    }

    /// The mock's expectations that answer each of `operations` with
    /// success, or `None` where an answer cannot be made.
    fn answers(&self, operations: &[&Operation]) -> Option<TokenStream> {
        operations
            .iter()
            .map(|operation| {
                let answer = self.answer(operation)?;
                let expect = Ident::new(&operation.api.mock_method, Span::call_site());
                Some(quote!(mock.#expect().respond(#answer);))
            })
            .collect()
    }

    fn auth_section(&self) -> Result<String, FormatError> {
        let krate = &self.krate;
        let env = &self.api.security;
        let mut vars = Vec::new();
        if env.token_url.is_some() {
            vars.extend(["`environment::CLIENT_ID` and `environment::CLIENT_SECRET`"]);
        }
        if env.api_key.is_some() {
            vars.push("`environment::API_KEY`");
        }
        if env.bearer {
            vars.push("`environment::TOKEN`");
        }
        let builder = self.builder();
        let code = example(
            quote!(use #krate::{Client, ClientBuilder}; use std::time::Duration;),
            quote! {
                let client = Client::from_env()?;
                let tuned = ClientBuilder::from_env().timeout(Duration::from_secs(30)).build()?;
                let by_hand = #builder.build()?;
                let _ = (client, tuned, by_hand);
            },
            krate,
            None,
        )?
        .replace(&format!("{krate}::Client::builder()"), "Client::builder()");
        Ok(format!(
            "[`Client::from_env`] reads the variables in [`environment`]: the base URL \
             (`environment::BASE_URL`), credentials ({}) and the attempts and timeout \
             (`environment::MAX_ATTEMPTS`, `environment::TIMEOUT`); [`ClientBuilder::from_env`] reads the same \
             and lets code set any setting over them. A base URL without a path gets the \
             API's own (`{}`), whether it comes from the environment or the builder. A client without \
             credentials is refused unless you call `no_authentication()`.\n\n{}",
            if vars.is_empty() { "none: the API takes none".to_owned() } else { vars.join(", or ") },
            self.api.server.as_ref().map_or(String::new(), crate::ir::Server::base_path).replace('`', ""),
            code.trim_end(),
        ))
    }

    fn operation_section(&self, operation: &Operation) -> Result<String, FormatError> {
        let summary = inline_text(operation.summary.as_deref().unwrap_or(&operation.operation_id));
        let mut section = format!(
            "### {}\n\n`{} {}` — [`Client::{}`], returns [`requests::{}`]\n\n",
            summary.trim(),
            operation.http_method.as_str(),
            operation.path.replace('`', ""),
            operation.method_name,
            operation.request_name,
        );
        let Some((setup, call)) = self.call(operation) else { return Ok(section) };
        let body = match operation.success.headers.first() {
            Some(header) => {
                let setters = operation.api.setters.iter().filter_map(|setter| {
                    let arg = setter.arg.as_ref()?;
                    let Input::Param(at) = setter.slot else { return None };
                    let param = &operation.params[at];
                    let value = self.value(&arg.ty, &param.wire_name, arg.take == Take::Exact, 0)?;
                    let method = Ident::new(&setter.method, Span::call_site());
                    Some(quote!(.#method(#value)))
                });
                let wire = &header.wire_name;
                let name = Ident::new(&header.name, Span::call_site());
                let parsed = values::header_type(&header.ty);
                quote! {
                    #setup
                    let response = #call #(#setters)* .send_with_response().await?;
                    let #name = response.header::<#parsed>(#wire);
                    println!("{:?} {:?}", response.body(), #name);
                }
            }
            None if output_type(&operation.success.body) != RustType::Unit => quote! {
                #setup
                let result = #call.await?;
                println!("{result:?}");
            },
            None => quote! {
                #setup
                #call.await?;
            },
        };
        section.push_str(&example(TokenStream::new(), body, &self.krate, self.answers(&[operation]))?);
        Ok(section)
    }

    /// Building a request body with its struct's constructor and setters.
    fn body_example(&self) -> Result<String, FormatError> {
        let found = self.api.operations.iter().find(|operation| {
            let Some(arg) = operation.api.args.iter().find(|arg| arg.slot == Input::Body) else { return false };
            let RustType::Local(Module::Models, name) = &arg.ty else { return false };
            let Some(TypeKind::Struct(object)) = self.types.get(name.as_str()).map(|ty| &ty.kind) else { return false };
            !object.api.setters.is_empty()
        });
        let Some(operation) = found else { return Ok(String::new()) };
        let Some((setup, call)) = self.call(operation) else { return Ok(String::new()) };
        let code = example(
            TokenStream::new(),
            quote! {
                #setup
                let created = #call.await?;
                println!("{created:?}");
            },
            &self.krate,
            self.answers(&[operation]),
        )?;
        Ok(format!(
            "\n## Request bodies\n\nModels are `#[non_exhaustive]`: build one with `Default` (or `new`, taking the \
             fields a request must set, where a model has such fields), then its `with_*` setters, which take anything that converts into the \
             field's type. A nullable field has a `with_*_null` setter to send `null`. Each field has a reader \
             named after it that lends its value (`&T`, or `Option<&T>` where it may be missing or `null`). \
             Fields are public for reading and changing.\n\n{code}"
        ))
    }

    /// A `stream()` example for the first paginated operation, if any.
    fn pagination_example(&self) -> Result<String, FormatError> {
        let Some((operation, pagination)) = self.api.operations.iter().find_map(|operation| Some((operation, operation.pagination.as_ref()?))) else {
            return Ok(String::new());
        };
        let Some((setup, call)) = self.call(operation) else { return Ok(String::new()) };
        let limit = &operation.params[pagination.limit];
        let Some(setter) = operation.api.setters.iter().find(|setter| setter.slot == Input::Param(pagination.limit)) else { return Ok(String::new()) };
        let setter = Ident::new(&setter.method, Span::call_site());
        let size = Literal::i64_unsuffixed(example_page_size(limit));
        let krate = &self.krate;
        let code = example(
            quote!(use #krate::TryStreamExt;),
            quote! {
                #setup
                let mut items = #call.#setter(#size).stream();
                while let Some(item) = items.try_next().await? {
                    println!("{item:?}");
                }
            },
            krate,
            self.answers(&[operation]),
        )?;
        Ok(format!(
            "\n## Pagination\n\nList operations paged by an offset and a page size have `stream()`: a `Stream` of \
             items that fetches one page at a time as it is read. The first page asks for the total where the API \
             can send it, and the stream stops there or after a short page, so it never asks past the end. `{}` sets \
             the page size, from any integer type (a `usize` too; a value the parameter cannot hold is refused \
             when the stream asks for its first page); an error is the stream's last item.\n\n{code}",
            limit.name
        ))
    }

    /// Many requests at once: `.send()` makes a request a `Future` for
    /// `buffer_unordered`. Uses an operation whose call needs no setup.
    fn concurrency_example(&self) -> Result<String, FormatError> {
        let krate = &self.krate;
        let Some((operation, call)) = self.api.operations.iter().find_map(|operation| self.call(operation).filter(|(setup, _)| setup.is_empty()).map(|(_, call)| (operation, call))) else {
            return Ok(String::new());
        };
        let code = example(
            quote!(use #krate::StreamExt;),
            quote! {
                let calls = futures_util::stream::iter(0..100).map(|_| #call.send());
                let results: Vec<_> = calls.buffer_unordered(16).collect().await;
                let failed = results.iter().filter(|result| result.is_err()).count();
                println!("{failed} of {} calls failed", results.len());
            },
            krate,
            self.answers(&[operation]),
        )?;
        Ok(format!(
            "\nA request is `IntoFuture`: `.await` sends it. Where a `Future` is needed (`buffer_unordered`, \
             `join_all`, `tokio::spawn`), `.send()` gives one:\n\n{code}"
        ))
    }

    /// A test of code that uses the crate, against the mock: a typed
    /// expectation and a fault.
    fn mock_example(&self) -> Result<String, FormatError> {
        // The example retries a 429, which a multipart body, sent once as
        // it is read, never is.
        let retried = |operation: &&Operation| !operation.body.as_ref().is_some_and(|body| matches!(body.kind, BodyKind::Multipart));
        let Some(((setup, call), answer, expect)) = self.api.operations.iter().filter(retried).find_map(|operation| {
            let answer = match operation.success.body {
                SuccessBody::Empty | SuccessBody::Json(_) => self.answer(operation)?,
                _ => return None,
            };
            Some((self.call(operation)?, answer, Ident::new(&operation.api.mock_method, Span::call_site())))
        }) else {
            return Ok(String::new());
        };
        let krate = &self.krate;
        let code = print(quote! {
            async fn my_code_survives_throttling() -> Result<(), Box<dyn std::error::Error>> {
                use #krate::mock::{Fault, MockServer};
                use #krate::RetryPolicy;
                use std::time::Duration;

                let mock = MockServer::start().await;
                mock.#expect().times(1).respond(#answer);
                mock.fault(Fault::TooManyRequests { retry_after: Duration::from_secs(1) });
                let client = mock.client_builder().retry_policy(RetryPolicy::default()).build()?;
                #setup
                #call.await?;
                mock.verify()?;
                Ok(())
            }
        })?;
        let fake = if self.api.resources.is_empty() {
            ""
        } else {
            "\nEach collection the API lists, creates, reads and deletes by id can be held in\n\
             memory and served as the service serves it, page by page."
        };
        Ok(format!(
            "\nWith the `mock` feature (in `[dev-dependencies]`), `mock::MockServer` is a\n\
             local mock of the API: started in one line, it hands out a client pointed at\n\
             it and authenticated against it. Each operation has a typed expectation,\n\
             answered with a typed value or one of the operation's documented errors.\n\
             Faults (429 with `Retry-After`, 5xx, slow answers, dropped connections) test\n\
             what your code does when the client retries or gives up. The mock's\n\
             client makes one attempt per request unless given a retry policy, as\n\
             below. The mock panics when dropped if an expectation was not met or a\n\
             request was unexpected, saying what the requests that did arrive got;\n\
             `verify()` returns the same report. `environment()` gives the variables\n\
             that point `Client::from_env` at the mock, for a program run as a separate\n\
             process.{fake}\n\n\
             ```toml\n[dev-dependencies]\n{} = {{ version = \"{}\", features = [\"mock\"] }}\n```\n\n\
             ```rust\n# #[cfg(feature = \"mock\")]\n{code}\
             # #[cfg(feature = \"mock\")]\n\
             # fn main() -> Result<(), Box<dyn std::error::Error>> {{\n\
             #     tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(my_code_survives_throttling())\n\
             # }}\n\
             # #[cfg(not(feature = \"mock\"))]\n\
             # fn main() {{}}\n```\n",
            self.options.crate_name, self.options.crate_version
        ))
    }

    /// The webhooks, each with what its `from_body` gives, and an example
    /// that reads the first one's delivery.
    fn webhooks_section(&self) -> Result<String, FormatError> {
        if self.api.webhooks.is_empty() {
            return Ok(String::new());
        }
        let mut text = "\n## Webhooks\n\nRequests the service sends to your servers. Each has a type in `webhooks` with its \
                        `NAME` and `METHOD`; `from_body` reads a delivery's body as the client reads a response:\n\n"
            .to_owned();
        for webhook in &self.api.webhooks {
            let payload = webhook.body.as_ref().map(|body| format!(", a body of `{}`", payload_type(body))).unwrap_or_default();
            let _ = writeln!(text, "- [`webhooks::{}`]: the {} webhook, `{}`{payload}", webhook.type_name, docs::code(&inline_text(&webhook.name)), webhook.method.as_str());
        }
        let Some(first) = self.api.webhooks.iter().find(|webhook| webhook.body.is_some()) else { return Ok(text) };
        let krate = &self.krate;
        let name = ident(&first.type_name);
        let handler = print(quote! {
            /// What your server does with a delivery's body.
            fn on_delivery(body: &[u8]) -> Result<(), #krate::DecodeError> {
                let payload = #krate::webhooks::#name::from_body(body)?;
                println!("{payload:?}");
                Ok(())
            }
        })?;
        let _ = write!(text, "\n```rust\n{handler}# fn main() {{}}\n```\n");
        Ok(text)
    }

    /// Matching an operation's error, reading a 400's messages, and the
    /// `From`-into-my-error pattern.
    fn error_example(&self) -> Result<String, FormatError> {
        let krate = &self.krate;
        let with_status = |code: u16| {
            self.api.operations.iter().find_map(|operation| {
                let case = operation.errors.iter().find(|case| case.status == ErrorStatus::Code(code))?;
                self.call(operation).is_some().then_some((operation, case))
            })
        };
        let with_case = with_status(404).or_else(|| with_status(400));
        let mut text = String::new();
        if let Some((operation, case)) = with_case {
            if let Some((setup, call)) = self.call(operation) {
                let error = Ident::new(&operation.error_name, Span::call_site());
                let variant = Ident::new(&case.variant, Span::call_site());
                let said = Literal::string(&format!("{}: {{messages:?}} (tracking id {{id:?}})", case.variant));
                text.push_str(&example(
                    quote!(use #krate::errors::#error; use #krate::{Error, StatusCode};),
                    quote! {
                        #setup
                        match #call.await {
                            Ok(result) => println!("{result:?}"),
                            Err(Error::Api(#error::#variant(response))) => {
                                let (messages, id) = (response.messages(), response.tracking_id());
                                println!(#said);
                            }
                            Err(error) if error.status() == Some(StatusCode::BAD_REQUEST) => {
                                for message in error.messages() {
                                    println!("rejected: {message}");
                                }
                            }
                            Err(error) if error.is_retryable() => println!("worth trying again later: {error}"),
                            Err(error) => return Err(error.into()),
                        }
                    },
                    krate,
                    self.answers(&[operation]),
                )?);
            }
        }
        // `both` returns the program's own error, which a value parsed with
        // `?` (a date) would need a `From` for: calls without one.
        let infallible = |(setup, call): &(TokenStream, TokenStream)| !uses_question_mark(setup) && !uses_question_mark(call);
        let pair = self.api.operations.iter().filter_map(|operation| self.call(operation).map(|call| (operation, call))).filter(|(_, call)| infallible(call)).take(2).collect::<Vec<_>>();
        if let [(first, (first_setup, first_call)), (second, (second_setup, second_call))] = pair.as_slice() {
            let (first_error, second_error) = (Ident::new(&first.error_name, Span::call_site()), Ident::new(&second.error_name, Span::call_site()));
            let code = example(
                quote! {
                    use #krate::errors::{#first_error, #second_error};
                    use #krate::{Client, Error};

                    /// One error type for a program that calls two operations.
                    #[derive(Debug)]
                    enum AppError {
                        First(Error<#first_error>),
                        Second(Error<#second_error>),
                    }

                    impl From<Error<#first_error>> for AppError {
                        fn from(error: Error<#first_error>) -> Self {
                            AppError::First(error)
                        }
                    }

                    impl From<Error<#second_error>> for AppError {
                        fn from(error: Error<#second_error>) -> Self {
                            AppError::Second(error)
                        }
                    }

                    async fn both(client: &Client) -> Result<(), AppError> {
                        #first_setup
                        #first_call.await?;
                        #second_setup
                        #second_call.await?;
                        Ok(())
                    }
                },
                quote! {
                    if let Err(error) = both(&client).await {
                        println!("{error:?}");
                    }
                },
                krate,
                self.answers(&[first, second]),
            )?;
            let _ = write!(
                text,
                "\nEach operation has its own error type, so a program's error enum can take each \
                 with a `From` impl, and `?` does the rest; `Error` also converts into \
                 `Box<dyn std::error::Error>` and `anyhow::Error`.\n\n{code}"
            );
        }
        if text.is_empty() {
            return Ok(text);
        }
        Ok(format!("\n{text}"))
    }
}

/// Whether `tokens` use `?`, at any depth.
fn uses_question_mark(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Punct(punct) => punct.as_char() == '?',
        proc_macro2::TokenTree::Group(group) => uses_question_mark(&group.stream()),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_that_does_not_parse_is_an_error_naming_the_readme_never_an_empty_example() {
        let krate = Ident::new("k", Span::call_site());
        let error = example(TokenStream::new(), quote!(let = 1;), &krate, None).expect_err("not Rust");
        assert_eq!(error.file, "README.md");
        assert!(error.saved.exists(), "the tokens are kept for a bug report");
        let printed = example(TokenStream::new(), quote!(let one = 1;), &krate, None).expect("Rust");
        assert!(printed.contains("let one = 1;"), "{printed}");
    }
}
