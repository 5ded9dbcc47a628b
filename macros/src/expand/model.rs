//! `#[model]`: a nested body type, serialized and deserialized through
//! cloudwire's serde, with `None` members left out as the official SDK does.

use crate::ast;
use crate::attr::{self, Attr};
use crate::code::code;
use crate::ctxt::Ctxt;
use crate::expand::{default_crate, serde_crate_string};
use proc_macro2::TokenStream;
use syn::{Attribute, DeriveInput, Fields};

pub fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut input = match crate::expand::parse_item(item, "`#[model]` goes on a struct or an enum")
    {
        Ok(input) => input,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let mut krate = Attr::none("crate");
    let result = attr::parse_option_tokens(
        args,
        &mut |name, input| match name.to_string().as_str() {
            "crate" => {
                if let Some(path) = attr::parse_crate_path(&cx, name, input)? {
                    krate.set(&cx, name.span(), path);
                }
                Ok(())
            }
            other => {
                attr::take_value(input)?;
                Err(syn::Error::new(
                    name.span(),
                    format!(
                        "unknown option `{other}`; `#[model]` takes only `crate = \"...\"` (serde options go in `#[serde(...)]` below it)"
                    ),
                ))
            }
        },
    );
    if let Err(e) = result {
        cx.syn_error(e);
    }
    let krate = krate.get().unwrap_or_else(default_crate);
    check(&cx, &input);
    if let Err(err) = cx.check() {
        // The item stays, so the rest of the crate (and an IDE) still sees it;
        // without our derive, its `#[serde]` attributes would be errors of
        // their own, unless the user derives serde.
        if !attr::derives_serde(&input.attrs) {
            strip_serde(&mut input);
        }
        let err = err.to_compile_error();
        return code!("#input #err", input, err);
    }
    match &mut input.data {
        syn::Data::Struct(data) => skip_none(&mut data.fields),
        syn::Data::Enum(data) => {
            for variant in &mut data.variants {
                skip_none(&mut variant.fields);
            }
        }
        syn::Data::Union(_) => {}
    }
    let serde_crate = serde_crate_string(&krate);
    code!(
        "
            #[derive(#krate::__private::serde::Serialize, #krate::__private::serde::Deserialize)]
            #[serde(crate = #serde_crate)]
            #input
        ",
        krate,
        serde_crate,
        input
    )
}

fn check(cx: &Ctxt, input: &DeriveInput) {
    if let syn::Data::Union(data) = &input.data {
        cx.error_at(
            data.union_token.span,
            "`#[model]` goes on a struct or an enum, not on a union",
        );
    }
    for which in ["Serialize", "Deserialize"] {
        if let Some(path) = attr::derived(&input.attrs, which) {
            cx.error_spanned_by(
                &path,
                format!("`#[model]` derives `Serialize` and `Deserialize` itself; remove `{which}` from this `#[derive]`"),
            );
        }
    }
    for a in attr::serde_attrs(&input.attrs) {
        if serde_crate_option(a) {
            cx.error_spanned_by(
                a,
                "`#[model]` names serde's path itself; remove `crate = ...` from `#[serde]` (to rename cloudwire, write `#[model(crate = \"...\")]`)",
            );
        }
    }
}

fn serde_crate_option(a: &Attribute) -> bool {
    let syn::Meta::List(list) = &a.meta else {
        return false;
    };
    for tt in list.tokens.clone() {
        if matches!(&tt, proc_macro2::TokenTree::Ident(i) if i == "crate") {
            return true;
        }
    }
    false
}

/// `Option` members with no skip rule of their own are left out when `None`.
fn skip_none(fields: &mut Fields) {
    let Fields::Named(named) = fields else {
        return;
    };
    for field in &mut named.named {
        if ast::option_inner(&field.ty).is_some() && !attr::has_serde_skip(&field.attrs) {
            field.attrs.push(syn::parse_quote!(
                #[serde(skip_serializing_if = "::core::option::Option::is_none")]
            ));
        }
    }
}

fn strip_serde(input: &mut DeriveInput) {
    attr::strip_helpers(&mut input.attrs, true);
    match &mut input.data {
        syn::Data::Struct(data) => strip_fields(&mut data.fields),
        syn::Data::Enum(data) => {
            for variant in &mut data.variants {
                attr::strip_helpers(&mut variant.attrs, true);
                strip_fields(&mut variant.fields);
            }
        }
        syn::Data::Union(data) => {
            for field in &mut data.fields.named {
                attr::strip_helpers(&mut field.attrs, true);
            }
        }
    }
}

fn strip_fields(fields: &mut Fields) {
    for field in fields.iter_mut() {
        attr::strip_helpers(&mut field.attrs, true);
    }
}
