//! Code generation, one file per macro.

pub mod api_response;
pub mod endpoint;
pub mod model;
pub mod service_error;

use crate::code::{code, terminated};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;

/// The default path of the runtime crate.
pub fn default_crate() -> syn::Path {
    syn::parse_quote!(::cloudwire)
}

/// `"::cloudwire::__private::serde"` as a string, for `#[serde(crate = ...)]`.
pub fn serde_crate_string(krate: &syn::Path) -> String {
    let mut path = code!("#krate::__private::serde", krate).to_string();
    path.retain(|c| c != ' ');
    path
}

/// The item an attribute macro is on, parsed; if it does not parse, the item
/// as it was followed by the error (for a function, impl block, trait, ...:
/// where the attribute goes, `goes_on`, and what it is on), so that the
/// user's code stays and the one error shows.
pub fn parse_item(item: TokenStream, goes_on: &str) -> Result<syn::DeriveInput, TokenStream> {
    syn::parse2(item.clone()).map_err(|err| {
        // A struct, enum or union that did not parse keeps syn's message.
        let err = match item_kind(&item) {
            Some((span, kind)) => syn::Error::new(span, format!("{goes_on}, not on {kind}")),
            None => err,
        };
        let err = err.to_compile_error();
        code!("#item #err", item, err)
    })
}

/// What an item other than a struct, enum or union is, by its keyword.
fn item_kind(item: &TokenStream) -> Option<(Span, &'static str)> {
    let mut found = None;
    for tt in item.clone() {
        let TokenTree::Ident(ident) = tt else {
            continue;
        };
        let kind = match ident.to_string().as_str() {
            // `const fn`, `extern "C" fn`: a function all the same.
            "fn" => return Some((ident.span(), "a function")),
            "impl" => "an impl block",
            "trait" => "a trait",
            "mod" => "a module",
            "type" => "a type alias",
            "const" => "a constant",
            "static" => "a static",
            "use" => "a `use` declaration",
            _ => continue,
        };
        found = found.or(Some((ident.span(), kind)));
    }
    found
}

/// Wraps generated items so their helper names stay private.
pub fn dummy_const(items: TokenStream) -> TokenStream {
    code!(
        "
            #[doc(hidden)]
            #[allow(non_upper_case_globals, unused_attributes, unused_qualifications, clippy::all)]
            const _: () = {
                #items
            };
        ",
        items
    )
}

/// `impl #krate::__private::#name for` the annotated type (with its
/// generics and `where_clause`): one of the runtime's marker traits.
pub fn marker_impl(
    krate: &syn::Path,
    name: &str,
    input: &syn::DeriveInput,
    where_clause: &TokenStream,
) -> TokenStream {
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let ident = &input.ident;
    let name = proc_macro2::Ident::new(name, Span::call_site());
    code!(
        "
            #[automatically_derived]
            impl #impl_generics #krate::__private::#name for #ident #ty_generics #where_clause {}
        ",
        impl_generics,
        krate,
        name,
        ident,
        ty_generics,
        where_clause
    )
}

/// `tokens` with every span set to `span`: generated code that rustc type-checks
/// against a user's type, so that its error points at that type, not the attribute.
pub fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    let mut out = TokenStream::new();
    respan_into(&mut out, tokens.into_iter(), span);
    out
}

fn respan_into(out: &mut TokenStream, tokens: proc_macro2::token_stream::IntoIter, span: Span) {
    for mut tt in tokens {
        if let TokenTree::Group(g) = &tt {
            let mut group = proc_macro2::Group::new(g.delimiter(), respan(g.stream(), span));
            group.set_span(span);
            tt = TokenTree::Group(group);
        } else {
            tt.set_span(span);
        }
        out.extend(std::iter::once(tt));
    }
}

/// `tokens` spread over `ty`: the first on the type's first token, the rest on
/// its last, so that rustc, which spans an expression from its first token to
/// its last, underlines the whole type (`Vec<String>`, not `Vec`).
pub fn respan_to_type(tokens: TokenStream, ty: &syn::Type) -> TokenStream {
    let mut first = None;
    let mut last = None;
    for tt in ty.to_token_stream() {
        let span = tt.span();
        first.get_or_insert(span);
        last = Some(span);
    }
    let (Some(first), Some(last)) = (first, last) else {
        return tokens;
    };
    let mut tokens = tokens.into_iter();
    let Some(head) = tokens.next() else {
        return TokenStream::new();
    };
    let mut out = respan(TokenStream::from(head), first);
    respan_into(&mut out, tokens, last);
    out
}

/// The struct's where clause plus `bounds`.
pub fn extend_where(
    where_clause: Option<&syn::WhereClause>,
    bounds: &[TokenStream],
) -> TokenStream {
    let mut existing = TokenStream::new();
    if let Some(w) = where_clause {
        if bounds.is_empty() {
            return w.to_token_stream();
        }
        for predicate in &w.predicates {
            predicate.to_tokens(&mut existing);
            existing.extend(code!(","));
        }
    } else if bounds.is_empty() {
        return TokenStream::new();
    }
    let bounds = terminated(bounds, ',');
    code!("where #existing #bounds", existing, bounds)
}
