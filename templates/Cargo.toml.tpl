[package]
name = "{{crate_name}}"
version = "{{crate_version}}"
description = "{{description}}"
edition = "2021"
rust-version = "1.81"
license = "MIT OR Apache-2.0"
readme = "README.md"

[dependencies]
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
percent-encoding = "2"
reqwest = { version = "0.12", default-features = false, features = ["json", "rustls-tls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", default-features = false, features = ["sync"] }
