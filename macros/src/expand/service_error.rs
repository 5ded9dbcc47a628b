//! `#[derive(ServiceError)]`: an enum of the service error codes a caller
//! cares about, with a catch-all for the rest.

use crate::attr::{self, Attr};
use crate::code::{code, concat, separated};
use crate::ctxt::Ctxt;
use crate::expand::{default_crate, dummy_const};
use proc_macro2::{Span, TokenStream};
use syn::{DeriveInput, Fields, Ident, LitStr, Token};

const EXAMPLE: &str = "#[cloudwire(code = \"IAM.0011\")]";
const OTHER_EXAMPLE: &str = "#[cloudwire(other)] Other(String)";

/// What a variant stands for.
enum Kind {
    /// One or more codes.
    Codes(Vec<LitStr>),
    /// Every other code (and an error without one).
    Other,
}

struct Variant<'a> {
    ident: &'a Ident,
    fields: &'a Fields,
    kind: Kind,
}

pub fn derive(item: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(item) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    let cx = Ctxt::new();
    let mut krate = Attr::none("crate");
    for a in &input.attrs {
        if !a.path().is_ident(attr::HELPER) {
            continue;
        }
        let result = attr::parse_attr_options(
            a,
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
                            "unknown option `{other}` on the enum; expected `crate = \"...\"` (codes go on the variants: `{EXAMPLE}`)"
                        ),
                    ))
                }
            },
        );
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    let krate = krate.get().unwrap_or_else(default_crate);
    let variants = variants(&cx, &input);
    match (cx.check(), variants) {
        (Ok(()), Some(variants)) => generate(&input, &variants, &krate),
        (Err(err), _) => {
            let err = err.to_compile_error();
            let fallback = fallback(&input, &krate);
            code!("#err #fallback", err, fallback)
        }
        (Ok(()), None) => fallback(&input, &krate),
    }
}

/// The variant that already has `code`.
fn code_of<'s>(seen: &'s [(String, Ident)], code: &str) -> Option<&'s Ident> {
    for (c, variant) in seen {
        if c == code {
            return Some(variant);
        }
    }
    None
}

fn variants<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<Vec<Variant<'a>>> {
    let data = match &input.data {
        syn::Data::Enum(data) => data,
        syn::Data::Struct(s) => {
            cx.error_at(
                s.struct_token.span,
                format!("`ServiceError` goes on an enum of error codes, e.g. `enum IamError {{ {EXAMPLE} InvalidBody, {OTHER_EXAMPLE} }}`"),
            );
            return None;
        }
        syn::Data::Union(u) => {
            cx.error_at(
                u.union_token.span,
                "`ServiceError` goes on an enum of error codes, not on a union",
            );
            return None;
        }
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "a `ServiceError` enum has no generic parameters; remove them",
        );
    }
    let mut out = Vec::new();
    let mut seen: Vec<(String, Ident)> = Vec::new();
    let mut other: Option<&Ident> = None;
    let mut reported = false;
    for variant in &data.variants {
        let kind = variant_kind(cx, variant);
        let Some(kind) = kind else {
            reported = true;
            continue;
        };
        match &kind {
            Kind::Codes(codes) => {
                if !matches!(variant.fields, Fields::Unit) {
                    cx.error_spanned_by(
                        &variant.fields,
                        format!(
                            "a variant for a code holds no data; write `{}` (the error itself stays in the `cloudwire::Error`)",
                            variant.ident
                        ),
                    );
                }
                for code in codes {
                    let text = code.value();
                    if let Some(first) = code_of(&seen, &text) {
                        cx.error_spanned_by(
                            code,
                            format!("code `{text}` is already the code of `{first}`; give each code to one variant"),
                        );
                    } else {
                        seen.push((text, variant.ident.clone()));
                    }
                }
            }
            Kind::Other => {
                if let Some(first) = other {
                    cx.error_spanned_by(
                        &variant.ident,
                        format!("`{first}` is already the catch-all; keep one `#[cloudwire(other)]` variant"),
                    );
                }
                other = Some(&variant.ident);
                match &variant.fields {
                    Fields::Unit => {}
                    Fields::Unnamed(f) if f.unnamed.len() == 1 => {}
                    fields => cx.error_spanned_by(
                        fields,
                        format!(
                            "the catch-all holds nothing or the code: write `{}` or `{}(String)` (an error without a code gives an empty string)",
                            variant.ident, variant.ident
                        ),
                    ),
                }
            }
        }
        out.push(Variant {
            ident: &variant.ident,
            fields: &variant.fields,
            kind,
        });
    }
    // A variant already reported may have been meant as the catch-all.
    if other.is_none() && !reported {
        cx.error_at(
            input.ident.span(),
            format!("`{}` has no catch-all, so a code it does not list would have no variant; add `{OTHER_EXAMPLE}`", input.ident),
        );
    }
    Some(out)
}

fn variant_kind(cx: &Ctxt, variant: &syn::Variant) -> Option<Kind> {
    let mut codes: Vec<LitStr> = Vec::new();
    let mut other: Option<Span> = None;
    let mut malformed = false;
    let mut empty_code = false;
    for a in &variant.attrs {
        if !a.path().is_ident(attr::HELPER) {
            continue;
        }
        let result =
            attr::parse_attr_options(a, &mut |name, input| match name.to_string().as_str() {
                "code" => {
                    let lit = attr::parse_string_value(name, input, "code = \"IAM.0011\"")?;
                    if lit.value().trim().is_empty() {
                        cx.error_spanned_by(
                            &lit,
                            format!(
                                "the code is empty; write the service's code, e.g. `{EXAMPLE}`"
                            ),
                        );
                        empty_code = true;
                    } else {
                        codes.push(lit);
                    }
                    Ok(())
                }
                "other" => {
                    if input.peek(Token![=]) {
                        input.parse::<Token![=]>()?;
                        let value = attr::take_value(input)?;
                        return Err(syn::Error::new_spanned(
                            value,
                            "`other` takes no value; write `#[cloudwire(other)]`",
                        ));
                    }
                    if other.is_some() {
                        cx.error_at(name.span(), "duplicate option `other`; give it once");
                    }
                    other = Some(name.span());
                    Ok(())
                }
                unknown => {
                    attr::take_value(input)?;
                    Err(syn::Error::new(
                        name.span(),
                        format!("unknown option `{unknown}`; expected `code = \"...\"` or `other`"),
                    ))
                }
            });
        if let Err(e) = result {
            cx.syn_error(e);
            malformed = true;
        }
    }
    match (codes.is_empty(), other) {
        (_, _) if malformed || empty_code => None,
        (false, Some(span)) => {
            cx.error_at(
                span,
                "a variant is either for codes or the catch-all; remove `other` or the codes",
            );
            None
        }
        (false, None) => Some(Kind::Codes(codes)),
        (true, Some(_)) => Some(Kind::Other),
        (true, None) => {
            cx.error_spanned_by(
                &variant.ident,
                format!(
                    "variant `{}` has no code; write `{EXAMPLE}` above it, or `#[cloudwire(other)]` for the catch-all",
                    variant.ident
                ),
            );
            None
        }
    }
}

fn generate(input: &DeriveInput, variants: &[Variant<'_>], krate: &syn::Path) -> TokenStream {
    let ident = &input.ident;
    let mut arms = Vec::new();
    let mut all_codes = Vec::new();
    let mut code_arms = Vec::new();
    let mut other = code!("::core::unreachable!()");
    for variant in variants {
        let v = variant.ident;
        match &variant.kind {
            Kind::Codes(codes) => {
                all_codes.extend(codes.iter().cloned());
                let first = &codes[0];
                let codes = separated(codes, '|');
                arms.push(code!(
                    "::core::option::Option::Some(#codes) => #ident::#v,",
                    codes,
                    ident,
                    v
                ));
                code_arms.push(code!(
                    "#ident::#v => ::core::option::Option::Some(#first),",
                    ident,
                    v,
                    first
                ));
            }
            Kind::Other => {
                other = match variant.fields {
                    Fields::Unit => code!("#ident::#v", ident, v),
                    _ => code!(
                        r#"#ident::#v(::core::convert::From::from(code.unwrap_or("")))"#,
                        ident,
                        v
                    ),
                };
                let pattern = match variant.fields {
                    Fields::Unit => code!("#ident::#v", ident, v),
                    _ => code!("#ident::#v(..)", ident, v),
                };
                code_arms.push(code!("#pattern => ::core::option::Option::None,", pattern));
            }
        }
    }
    // A variant's first code is its own; the catch-all has none.
    let (all_codes, arms, first_codes) = (
        separated(&all_codes, ','),
        concat(&arms),
        concat(&code_arms),
    );
    dummy_const(code!(
        "
            #[automatically_derived]
            impl #krate::__private::ServiceError for #ident {
                const CODES: &'static [&'static str] = &[#all_codes];

                fn from_code(code: ::core::option::Option<&str>) -> Self {
                    match code {
                        #arms
                        _ => #other,
                    }
                }

                fn code(&self) -> ::core::option::Option<&'static str> {
                    #[allow(unreachable_patterns)]
                    match self {
                        #first_codes
                    }
                }
            }
        ",
        krate,
        ident,
        all_codes,
        arms,
        other,
        first_codes
    ))
}

/// After an error: an impl that keeps the enum usable, so the one error is
/// the only one.
fn fallback(input: &DeriveInput, krate: &syn::Path) -> TokenStream {
    let ident = &input.ident;
    if !matches!(input.data, syn::Data::Enum(_)) || !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    dummy_const(code!(
        "
            #[automatically_derived]
            impl #krate::__private::ServiceError for #ident {
                const CODES: &'static [&'static str] = &[];
                fn from_code(_: ::core::option::Option<&str>) -> Self {
                    ::core::unreachable!()
                }
                fn code(&self) -> ::core::option::Option<&'static str> {
                    ::core::unreachable!()
                }
            }
        ",
        krate,
        ident
    ))
}
