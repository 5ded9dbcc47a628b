//! Test utilities for your own endpoint definitions (feature `testing`), and
//! a local simulator of the three reference services (feature `simulator`).
//!
//! ```toml
//! [dev-dependencies]
//! cloudwire = { version = "0.1", features = ["simulator"] }
//! ```

#[cfg(feature = "simulator")]
#[cfg_attr(docsrs, doc(cfg(feature = "simulator")))]
pub mod simulator;
