//! Procedural macros of [cloudwire](https://docs.rs/cloudwire): `#[api_response]`,
//! `#[derive(ApiResponse)]`, `#[endpoint]`, `#[model]` and `#[derive(ServiceError)]`.
//!
//! Use them through the `cloudwire` crate, which re-exports them and holds the
//! runtime their expansions call; their documentation lives there.

mod ast;
mod attr;
mod code;
mod ctxt;
mod expand;
mod fallback;
mod template;

use proc_macro::TokenStream;

/// Makes a struct a typed API response. See `cloudwire::api_response`.
#[proc_macro_attribute]
pub fn api_response(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::api_response::attribute(args.into(), input.into()).into()
}

/// Makes a struct a typed API response. See `cloudwire::ApiResponse`.
#[proc_macro_derive(ApiResponse, attributes(cloudwire, serde))]
pub fn derive_api_response(input: TokenStream) -> TokenStream {
    expand::api_response::derive(input.into()).into()
}

/// Declares an API operation on a request struct. See `cloudwire::endpoint`.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::endpoint::attribute(args.into(), input.into()).into()
}

/// Makes a type a body model (serde through cloudwire). See `cloudwire::model`.
#[proc_macro_attribute]
pub fn model(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::model::attribute(args.into(), input.into()).into()
}

/// An enum of service error codes. See `cloudwire::ServiceError`.
#[proc_macro_derive(ServiceError, attributes(cloudwire))]
pub fn derive_service_error(input: TokenStream) -> TokenStream {
    expand::service_error::derive(input.into()).into()
}
