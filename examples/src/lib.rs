//! Examples for [cloudwire]: a local [simulator] of three Huawei
//! Cloud services and their typed [services] definitions, which the programs
//! in `examples/` and the end-to-end tests use.

pub mod alloc;
pub mod services;
pub mod simulator;
