//! Code generation, one file per macro.

pub mod api_response;
pub mod endpoint;

use proc_macro2::TokenStream;
use quote::quote;

/// The default path of the runtime crate.
pub fn default_crate() -> syn::Path {
    syn::parse_quote!(::cloudwire)
}

/// `"::cloudwire::__private::serde"` as a string, for `#[serde(crate = ...)]`.
pub fn serde_crate_string(krate: &syn::Path) -> String {
    quote!(#krate::__private::serde).to_string().replace(' ', "")
}

/// Wraps generated items so their helper names stay private.
pub fn dummy_const(items: TokenStream) -> TokenStream {
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_attributes, unused_qualifications, clippy::all)]
        const _: () = {
            #items
        };
    }
}
