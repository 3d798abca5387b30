[package]
name = "generated"
version = "0.0.0"
description = ""
edition = "2021"
rust-version = "1.88"
license = "MIT OR Apache-2.0"
readme = "README.md"
# The list of files sdkgen wrote, of use only where it regenerates.
exclude = [".sdkgen-manifest"]

[features]
default = ["rustls-native-roots"]
# TLS by rustls, verifying certificates as the platform does (its root
# certificates, and so a company's own, such as a TLS-inspecting proxy's).
rustls-native-roots = ["reqwest/rustls"]
# TLS by rustls, trusting Mozilla's root certificates compiled in (with
# `rustls-native-roots` too, the platform's as well).
rustls-webpki-roots = ["reqwest/rustls", "dep:webpki-root-certs"]
# TLS by the platform's library (OpenSSL on Linux, which must be installed).
native-tls = ["reqwest/native-tls"]
# `mock`: a local mock of the API for testing code that uses this crate.
mock = ["dep:http-body-util", "dep:hyper", "dep:hyper-util", "tokio/net", "tokio/rt"]

[dependencies]
backon = { version = "1", default-features = false, features = ["std"] }
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures-util = { version = "0.3", default-features = false, features = ["std"] }
http-body-util = { version = "0.1", optional = true }
hyper = { version = "1", default-features = false, features = ["http1", "server"], optional = true }
hyper-util = { version = "0.1", default-features = false, features = ["tokio"], optional = true }
percent-encoding = "2"
reqwest = { version = "0.13", default-features = false, features = ["form"] }
secrecy = "0.10"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
tokio = { version = "1", default-features = false, features = ["sync", "time"] }
tracing = { version = "0.1", default-features = false, features = ["std"] }
webpki-root-certs = { version = "1", optional = true }

[package.metadata.docs.rs]
all-features = true
