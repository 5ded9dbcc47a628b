//! Examples for [cloudwire]: a local [simulator] of three Huawei
//! Cloud services and their typed [services] definitions, which the programs
//! in `examples/` and the end-to-end tests use.

pub mod alloc;
pub mod services;
#[cfg(test)]
mod simulator_tests;

/// The local simulator, [`cloudwire::testing::simulator`] (cloudwire's
/// `simulator` feature), re-exported for the examples.
pub use cloudwire::testing::simulator;
