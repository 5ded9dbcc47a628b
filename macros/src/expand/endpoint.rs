//! `#[endpoint(METHOD, "/path/{param}", response = Type)]`.

use crate::ast::{self, Container, Field};
use crate::attr::{self, Attr, FieldOption};
use crate::ctxt::Ctxt;
use crate::expand::{default_crate, dummy_const, serde_crate_string};
use crate::fallback;
use crate::template::{self, Piece, Template};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitStr, Token, Type};

const VALID: &[&str] = &["path", "query", "header = \"...\"", "body", "skip"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const USAGE: &str = "#[endpoint(GET, \"/v1/instances\", response = ListInstancesResponse)]";

struct Args {
    method: Option<Ident>,
    path: Option<(LitStr, Template)>,
    response: Attr<Type>,
    krate: Attr<syn::Path>,
}

pub fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut input: DeriveInput = match syn::parse2(item.clone()) {
        Ok(input) => input,
        Err(err) => {
            let err = err.to_compile_error();
            return quote!(#item #err);
        }
    };
    let cx = Ctxt::new();
    let args_span = Span::call_site();
    let mut args_out = Args {
        method: None,
        path: None,
        response: Attr::none("response"),
        krate: Attr::none("crate"),
    };
    let args_empty = args.is_empty();
    if let Err(e) = (|input: ParseStream<'_>| parse_args(&cx, input, &mut args_out)).parse2(args) {
        cx.syn_error(e);
    }
    let container_options = attr::parse_container_options(&cx, &input.attrs, false);
    if let Some((span, path)) = container_options.krate.get_with_span() {
        args_out.krate.set(&cx, span, path);
    }
    if args_empty {
        cx.error_at(args_span, format!("`#[endpoint]` needs a method, a path and a response type; write `{USAGE}`"));
    }

    let krate = args_out.krate.get().unwrap_or_else(default_crate);
    let response = args_out.response.get();
    if response.is_none() && !args_empty && args_out.method.is_some() && args_out.path.is_some() {
        cx.error_at(
            args_span,
            format!("missing `response = Type`: name the `#[api_response]` struct this call returns, e.g. `{USAGE}`"),
        );
    }

    let plan = Container::from_ast(&cx, &input, "`#[endpoint]`", VALID).map(|container| {
        let roles = roles(&cx, &container, args_out.method.as_ref(), args_out.path.as_ref());
        let fields: Vec<(Ident, Role)> = container.fields.iter().map(|f| f.ident.clone()).zip(roles).collect();
        let generated = match (&args_out.method, &args_out.path, &response) {
            (Some(method), Some((_, template)), Some(response)) => {
                Some(generate(&container, &fields, method, template, response, &krate))
            }
            _ => None,
        };
        (fields, generated)
    });

    let result = cx.check();
    let body_derive = match (&result, &plan) {
        (Ok(()), Some((fields, _))) if fields.iter().any(|(_, r)| matches!(r, Role::Leftover)) => {
            Some(add_body_serialize(&mut input, fields, &krate))
        }
        _ => None,
    };
    let _ = body_derive;
    attr::strip_helpers(&mut input.attrs, false);
    if let syn::Data::Struct(data) = &mut input.data {
        for field in data.fields.iter_mut() {
            attr::strip_helpers(&mut field.attrs, false);
        }
    }
    match (result, plan) {
        (Ok(()), Some((_, Some(tokens)))) => quote!(#input #tokens),
        (Err(err), _) => {
            let err = err.to_compile_error();
            let fallback = dummy_const(fallback::endpoint(&input, &krate, response.as_ref()));
            quote!(#input #err #fallback)
        }
        (Ok(()), _) => {
            let fallback = dummy_const(fallback::endpoint(&input, &krate, response.as_ref()));
            quote!(#input #fallback)
        }
    }
}

fn parse_args(cx: &Ctxt, input: ParseStream<'_>, out: &mut Args) -> syn::Result<()> {
    if input.is_empty() {
        return Ok(());
    }
    // 1. The method, a bare word.
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        let upper = lit.value().to_ascii_uppercase();
        let suggestion = if METHODS.contains(&upper.as_str()) { upper } else { "GET".to_owned() };
        cx.error_spanned_by(&lit, format!("write the method as a bare word: `{suggestion}`"));
    } else if input.peek(Ident) && input.peek2(Token![=]) {
        let ident: Ident = input.fork().parse()?;
        return Err(syn::Error::new(
            ident.span(),
            format!("the method comes first, then the path: `{USAGE}`"),
        ));
    } else {
        let ident: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        let text = ident.to_string();
        if METHODS.contains(&text.as_str()) {
            out.method = Some(ident);
        } else if METHODS.contains(&text.to_ascii_uppercase().as_str()) {
            cx.error_spanned_by(&ident, format!("write the method in capitals: `{}`", text.to_ascii_uppercase()));
        } else {
            cx.error_spanned_by(
                &ident,
                format!("unknown method `{text}`; expected one of: {}", attr::quote_list(METHODS)),
            );
        }
    }
    if input.is_empty() {
        return Err(input.error(format!("the path comes after the method, as a string: `{USAGE}`")));
    }
    input.parse::<Token![,]>()?;
    // 2. The path template, a string.
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        match template::parse(&lit.value()) {
            Ok(template) => out.path = Some((lit, template)),
            Err(message) => cx.error_spanned_by(&lit, message),
        }
    } else {
        let tokens = attr::take_value(input)?;
        cx.error_spanned_by(
            tokens,
            format!("the path comes second, as a string: `{USAGE}`"),
        );
    }
    if input.is_empty() {
        return Ok(());
    }
    input.parse::<Token![,]>()?;
    // 3. Named options.
    attr::parse_options(input, |name, input| match name.to_string().as_str() {
        "response" => {
            if !input.peek(Token![=]) {
                return Err(syn::Error::new(
                    name.span(),
                    "`response` needs a type; write `response = MyResponse`",
                ));
            }
            input.parse::<Token![=]>()?;
            if input.peek(LitStr) {
                let lit: LitStr = input.parse()?;
                cx.error_spanned_by(&lit, format!("write the type without quotes: `response = {}`", lit.value()));
                return Ok(());
            }
            let ty: Type = input.parse()?;
            out.response.set(cx, name.span(), ty);
            Ok(())
        }
        "crate" => {
            if let Some(path) = attr::parse_crate_path(cx, input)? {
                out.krate.set(cx, name.span(), path);
            }
            Ok(())
        }
        other => {
            let suggestion = match other {
                "method" => " (the method is the first word, e.g. `GET`)",
                "path" | "url" => " (the path is the second item, a string)",
                "status" => " (success statuses belong on the response: `#[api_response(status = 201)]`)",
                _ => "",
            };
            if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                attr::take_value(input)?;
            }
            Err(syn::Error::new(
                name.span(),
                format!("unknown option `{other}`; expected `response = Type` or `crate = \"...\"`{suggestion}"),
            ))
        }
    })
}

#[derive(Clone)]
enum Role {
    Path(String),
    Query(String),
    Header(LitStr),
    Body,
    Skip,
    Leftover,
}

fn roles(
    cx: &Ctxt,
    container: &Container<'_>,
    method: Option<&Ident>,
    path: Option<&(LitStr, Template)>,
) -> Vec<Role> {
    let mut roles = Vec::new();
    let mut whole_body: Option<Span> = None;
    let mut headers: Vec<String> = Vec::new();
    for field in &container.fields {
        let mut role = Role::Leftover;
        for (i, (span, option)) in field.options.iter().enumerate() {
            if i > 0 {
                cx.error_at(
                    *span,
                    format!(
                        "field `{}` is already marked `{}`; a field goes to one place",
                        field.ident,
                        field.options[0].1.name()
                    ),
                );
                continue;
            }
            role = match option {
                FieldOption::Path(name) => Role::Path(name_or_field(cx, name.as_ref(), field, "path")),
                FieldOption::Query(name) => Role::Query(name_or_field(cx, name.as_ref(), field, "query")),
                FieldOption::Header(name) => {
                    let value = name.value();
                    if !attr::is_header_name(&value) {
                        cx.error_spanned_by(
                            name,
                            format!("`{value}` is not a valid header name; use letters, digits and `-`, e.g. \"X-Project-Id\""),
                        );
                    } else if headers.iter().any(|h| h.eq_ignore_ascii_case(&value)) {
                        cx.error_spanned_by(name, format!("header `{value}` is already sent by another field"));
                    }
                    headers.push(value);
                    Role::Header(name.clone())
                }
                FieldOption::Body => {
                    if whole_body.is_some() {
                        cx.error_at(*span, "only one field can be `#[cloudwire(body)]`; it is the whole body");
                    }
                    whole_body = Some(*span);
                    Role::Body
                }
                FieldOption::Skip => Role::Skip,
                FieldOption::RequestId | FieldOption::Status | FieldOption::Headers => {
                    cx.error_at(
                        *span,
                        format!(
                            "`{}` is for response fields (`#[api_response]`); a request field takes one of: {}",
                            option.name(),
                            attr::quote_list(VALID)
                        ),
                    );
                    Role::Skip
                }
            };
        }
        if let Role::Path(_) = role {
            if ast::option_inner(field.ty).is_some() {
                cx.error_spanned_by(
                    field.ty,
                    "a path parameter is always sent: `Option` is not allowed here; make the field required or mark it `#[cloudwire(query)]`",
                );
            }
        }
        roles.push(role);
    }

    // Placeholders and path fields must match one to one.
    if let Some((lit, template)) = path {
        for param in template.params() {
            let filled = roles.iter().any(|r| matches!(r, Role::Path(n) if n == param));
            if filled {
                continue;
            }
            let unmarked = container
                .fields
                .iter()
                .zip(&roles)
                .find(|(f, r)| f.ident == param && matches!(r, Role::Leftover));
            match unmarked {
                Some((field, _)) => cx.error_at(
                    field.ident.span(),
                    format!("field `{param}` fills the placeholder `{{{param}}}`: mark it `#[cloudwire(path)]`"),
                ),
                None => cx.error_spanned_by(
                    lit,
                    format!("path placeholder `{{{param}}}` has no field; add a field `{param}` marked `#[cloudwire(path)]`"),
                ),
            }
        }
        for (field, role) in container.fields.iter().zip(&roles) {
            if let Role::Path(name) = role {
                if !template.params().any(|p| p == name) {
                    cx.error_at(
                        ast::field_span(field),
                        format!(
                            "field `{}` is marked `path` but the path has no `{{{name}}}`; add `{{{name}}}` to \"{}\" or mark the field `query`",
                            field.ident,
                            lit.value()
                        ),
                    );
                }
            }
        }
    }

    // Body rules.
    let bodiless = method.filter(|m| *m == "GET" || *m == "HEAD");
    for (field, role) in container.fields.iter().zip(&roles) {
        match role {
            Role::Leftover if whole_body.is_some() => cx.error_at(
                field.ident.span(),
                format!(
                    "field `{}` has no place: another field is the whole body (`#[cloudwire(body)]`); mark it `path`, `query`, `header = \"...\"` or `skip`",
                    field.ident
                ),
            ),
            Role::Leftover | Role::Body if bodiless.is_some() => {
                let method = bodiless.map(ToString::to_string).unwrap_or_default();
                let what = if matches!(role, Role::Body) { "is marked `body`" } else { "would be sent in the JSON body" };
                cx.error_at(
                    ast::field_span(field),
                    format!(
                        "{method} requests have no body, but field `{}` {what}; mark it `#[cloudwire(query)]`, `#[cloudwire(path)]`, `#[cloudwire(header = \"...\")]` or `#[cloudwire(skip)]`",
                        field.ident
                    ),
                )
            }
            _ => {}
        }
    }
    roles
}

fn name_or_field(cx: &Ctxt, name: Option<&LitStr>, field: &Field<'_>, what: &str) -> String {
    match name {
        None => field.ident.to_string().trim_start_matches("r#").to_owned(),
        Some(lit) => {
            let value = lit.value();
            if value.is_empty() {
                cx.error_spanned_by(lit, format!("the {what} name is empty; write `{what} = \"name\"` or just `{what}`"));
            }
            value
        }
    }
}

fn generate(
    container: &Container<'_>,
    fields: &[(Ident, Role)],
    method: &Ident,
    template: &Template,
    response: &Type,
    krate: &syn::Path,
) -> TokenStream {
    let input = container.input;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let by_name = |name: &str| -> Option<&Field<'_>> {
        container
            .fields
            .iter()
            .zip(fields)
            .find(|(_, (_, r))| matches!(r, Role::Path(n) if n == name))
            .map(|(f, _)| f)
    };

    let mut steps = Vec::new();
    for piece in &template.pieces {
        steps.push(match piece {
            Piece::Literal(text) => quote!(#krate::__private::path_literal(&mut __request, #text);),
            Piece::Param(name) => {
                let field = by_name(name).expect("checked: every placeholder has a field");
                let member = field.ident;
                let span = field.ty.span();
                quote_spanned!(span=> #krate::__private::path_param(&mut __request, #name, &self.#member)?;)
            }
        });
    }
    let mut body = None;
    for (field, (_, role)) in container.fields.iter().zip(fields) {
        let member = field.ident;
        let ty = field.ty;
        let span = ty.span();
        match role {
            Role::Query(name) => {
                let step = match ast::option_inner(ty) {
                    Some(inner) if ast::vec_inner(inner).is_some() => {
                        quote_spanned!(span=> #krate::__private::query_opt_each(&mut __request, #name, &self.#member);)
                    }
                    Some(_) => quote_spanned!(span=> #krate::__private::query_opt(&mut __request, #name, &self.#member);),
                    None if ast::vec_inner(ty).is_some() => {
                        quote_spanned!(span=> #krate::__private::query_each(&mut __request, #name, &self.#member);)
                    }
                    None => quote_spanned!(span=> #krate::__private::query(&mut __request, #name, &self.#member);),
                };
                steps.push(step);
            }
            Role::Header(name) => {
                let step = match ast::option_inner(ty) {
                    Some(_) => quote_spanned!(span=> #krate::__private::header_param_opt(&mut __request, #name, &self.#member)?;),
                    None => quote_spanned!(span=> #krate::__private::header_param(&mut __request, #name, &self.#member)?;),
                };
                steps.push(step);
            }
            Role::Body => {
                body = Some(quote_spanned!(span=> #krate::__private::json_body(&mut __request, &self.#member)?;));
            }
            Role::Path(_) | Role::Skip | Role::Leftover => {}
        }
    }
    if fields.iter().any(|(_, r)| matches!(r, Role::Leftover)) {
        body = Some(quote!(#krate::__private::json_body(&mut __request, self)?;));
    }
    let method_ident = format_ident!("{}", method.to_string(), span = method.span());
    let items = quote! {
        #[automatically_derived]
        impl #impl_generics #krate::__private::Endpoint for #ident #ty_generics #where_clause {
            type Response = #response;

            fn to_request(&self) -> ::core::result::Result<#krate::Request, #krate::Error> {
                let mut __request = #krate::__private::request(#krate::http::Method::#method_ident);
                #(#steps)*
                #body
                ::core::result::Result::Ok(__request)
            }
        }
    };
    dummy_const(items)
}

/// Derives `Serialize` on the struct for its body fields: every field with a
/// place elsewhere (path, query, header, skip) is skipped.
fn add_body_serialize(input: &mut DeriveInput, fields: &[(Ident, Role)], krate: &syn::Path) {
    let serde_crate = serde_crate_string(krate);
    input.attrs.push(syn::parse_quote!(#[derive(#krate::__private::serde::Serialize)]));
    input.attrs.push(syn::parse_quote!(#[serde(crate = #serde_crate)]));
    if let syn::Data::Struct(data) = &mut input.data {
        for (field, (_, role)) in data.fields.iter_mut().zip(fields) {
            if !matches!(role, Role::Leftover) {
                field.attrs.push(syn::parse_quote!(#[serde(skip)]));
            }
        }
    }
}
