//! Stub impls emitted next to a compile error, so that code using the type
//! sees one error (the real one) and not a cascade of "trait not implemented".

use crate::code::code;
use proc_macro2::TokenStream;
use syn::DeriveInput;

pub fn api_response(input: &DeriveInput, krate: &syn::Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    code!(
        "
            #[automatically_derived]
            impl #impl_generics #krate::__private::ApiResponse for #ident #ty_generics #where_clause {
                fn is_success(_: #krate::http::StatusCode) -> bool {
                    ::core::unreachable!()
                }
                fn decode(_: &#krate::RawResponse) -> ::core::result::Result<Self, #krate::Error> {
                    ::core::unreachable!()
                }
            }

            // A page too, in case an endpoint pages by it.
            #[automatically_derived]
            impl #impl_generics #krate::__private::PageResponse for #ident #ty_generics #where_clause {
                type Item = ();
                fn items(&self) -> &[()] {
                    ::core::unreachable!()
                }
                fn into_items(self) -> ::std::vec::Vec<()> {
                    ::core::unreachable!()
                }
                fn next_position(
                    &self,
                    _: &#krate::RawResponse,
                ) -> ::core::result::Result<#krate::__private::NextPosition, #krate::Error> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics #krate::__private::NextMarker for #ident #ty_generics #where_clause {}
        ",
        impl_generics,
        krate,
        ident,
        ty_generics,
        where_clause
    )
}

pub fn endpoint(
    input: &DeriveInput,
    krate: &syn::Path,
    response: Option<&syn::Type>,
    error: Option<&syn::Type>,
    paged: bool,
) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let params = crate::ast::type_param_names(&input.generics);
    // A generic response (`Page<T>`) is one only under the bounds its own impl
    // has: require it, as the real impl does, rather than report it.
    let mut bounds = Vec::new();
    if let Some(ty) = response
        && crate::ast::mentions_type_param(ty, &params)
    {
        bounds.push(code!("#ty: #krate::__private::ApiResponse", ty, krate));
    }
    let where_clause = crate::expand::extend_where(where_clause, &bounds);
    let paging = match response {
        Some(ty) if paged => code!(
            "
                #[automatically_derived]
                impl #impl_generics #krate::__private::Paginated for #ident #ty_generics #where_clause {
                    type Page = #ty;
                    const PAGING: #krate::__private::Paging = #krate::__private::Paging::new();
                }
                #[automatically_derived]
                impl #impl_generics #krate::__private::PageSize for #ident #ty_generics #where_clause {}
            ",
            impl_generics,
            krate,
            ident,
            ty_generics,
            where_clause,
            ty
        ),
        _ => TokenStream::new(),
    };
    let response = match response {
        Some(ty) => code!("#ty", ty),
        None => code!("#krate::__private::Unknown", krate),
    };
    let error = crate::expand::endpoint::error_type(error, krate);
    code!(
        "
            #paging
            #[automatically_derived]
            impl #impl_generics #krate::__private::Endpoint for #ident #ty_generics #where_clause {
                type Response = #response;
                type Error = #error;
                fn to_request(&self) -> ::core::result::Result<#krate::Request, #krate::Error> {
                    ::core::unreachable!()
                }
            }
        ",
        paging,
        impl_generics,
        krate,
        ident,
        ty_generics,
        where_clause,
        response,
        error
    )
}
