[package]
name = "{{crate_name}}"
version = "{{crate_version}}"
description = "{{description}}"
edition = "2021"
rust-version = "1.85"
license = "MIT OR Apache-2.0"
readme = "README.md"

[dependencies]
backon = { version = "1", default-features = false, features = ["std"] }
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures-util = { version = "0.3", default-features = false, features = ["std"] }
percent-encoding = "2"
reqwest = { version = "0.12", default-features = false, features = ["json", "multipart", "rustls-tls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", default-features = false, features = ["sync", "time"] }
tracing = { version = "0.1", default-features = false, features = ["std"] }
{{features}}