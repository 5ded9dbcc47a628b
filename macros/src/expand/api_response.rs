//! `#[api_response]` and `#[derive(ApiResponse)]`.

use crate::ast::{self, Container, Field};
use crate::attr::{self, ContainerOptions, FieldOption, Mark, Next, StatusSpec};
use crate::code::{code, concat, separated, terminated};
use crate::ctxt::Ctxt;
use crate::expand::{
    default_crate, dummy_const, extend_where, marker_impl, respan_to_type, serde_crate_string,
};
use crate::fallback;
use proc_macro2::{Span, TokenStream};
use syn::{DeriveInput, GenericParam};

const VALID: &[&str] = &[
    "request_id",
    "header = \"...\"",
    "status",
    "headers",
    "body",
];

/// The attribute form: options as arguments, the struct re-emitted without our
/// helper attributes, the body decoded through a companion struct.
pub fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut input = match crate::expand::parse_item(
        item,
        "`#[api_response]` goes on a struct with named fields",
    ) {
        Ok(input) => input,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let mut options = ContainerOptions::new();
    let result = attr::parse_option_tokens(
        args,
        &mut |name, input| match name.to_string().as_str() {
            "status" => {
                if let Some(spec) = attr::parse_status(&cx, name, input)? {
                    options.status.set(&cx, name.span(), spec);
                }
                Ok(())
            }
            "crate" => {
                if let Some(path) = attr::parse_crate_path(&cx, name, input)? {
                    options.krate.set(&cx, name.span(), path);
                }
                Ok(())
            }
            _ if attr::parse_paging_option(&cx, name, input, &mut options)? => Ok(()),
            other => {
                attr::take_value(input)?;
                Err(syn::Error::new(
                    name.span(),
                    format!(
                        "unknown option `{other}`; expected `status = 201`, `status = [200, 202]`, `next_marker = \"...\"`, `next_link = \"...\"`, `total = content_range` or `crate = \"...\"`"
                    ),
                ))
            }
        },
    );
    if let Err(e) = result {
        cx.syn_error(e);
    }
    let container_options = attr::parse_container_options(&cx, &input.attrs, true);
    merge(&cx, &mut options, container_options);
    let expanded = expand(cx, &input, options);

    // Re-emit the struct without `#[cloudwire]`, and without `#[serde]` (copied
    // to the companion struct) unless the user's own serde derive reads them.
    let strip_serde = !attr::derives_serde(&input.attrs);
    attr::strip_helpers(&mut input.attrs, strip_serde);
    if let syn::Data::Struct(data) = &mut input.data {
        for field in data.fields.iter_mut() {
            attr::strip_helpers(&mut field.attrs, strip_serde);
        }
    }
    code!("#input #expanded", input, expanded)
}

/// The derive form: options in `#[cloudwire(status = 201)]` on the struct.
pub fn derive(item: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(item) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    let cx = Ctxt::new();
    let options = attr::parse_container_options(&cx, &input.attrs, true);
    expand(cx, &input, options)
}

fn merge(cx: &Ctxt, into: &mut ContainerOptions, from: ContainerOptions) {
    if let Some((span, path)) = from.krate.get_with_span() {
        into.krate.set(cx, span, path);
    }
    if let Some((span, spec)) = from.status.get_with_span() {
        into.status.set(cx, span, spec);
    }
    into.next.extend(from.next);
}

enum Role {
    Body,
    WholeBody,
    RequestId,
    Header(syn::LitStr),
    Status,
    Headers,
}

fn expand(cx: Ctxt, input: &DeriveInput, options: ContainerOptions) -> TokenStream {
    let krate = options.krate.get().unwrap_or_else(default_crate);
    let status = options.status.get();
    let declared = options.next;
    if let [(_, first), rest @ ..] = &declared[..] {
        for (span, _) in rest {
            cx.error_at(
                *span,
                format!(
                    "this page already says where the next one starts with `{}`; keep one of `next_marker`, `next_link` and `total`",
                    first.name()
                ),
            );
        }
    }
    let next = declared.into_iter().next();
    let generated = Container::from_ast(&cx, input, "`#[api_response]`", VALID)
        .and_then(|container| generate(&cx, &container, &krate, status.as_ref(), next.as_ref()));
    match (cx.check(), generated) {
        (Ok(()), Some(tokens)) => tokens,
        (Err(err), _) => {
            let fallback = dummy_const(fallback::api_response(input, &krate));
            let err = err.to_compile_error();
            code!("#err #fallback", err, fallback)
        }
        (Ok(()), None) => dummy_const(fallback::api_response(input, &krate)),
    }
}

fn roles(cx: &Ctxt, container: &Container<'_>) -> Vec<Role> {
    let mut seen_request_id: Option<Span> = None;
    let mut seen_status: Option<Span> = None;
    let mut seen_headers: Option<Span> = None;
    let mut whole_body: Option<Span> = None;
    let mut header_names: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    for field in &container.fields {
        let mut role = Role::Body;
        for (i, (span, option)) in field.options.iter().enumerate() {
            if i > 0 {
                cx.error_at(
                    *span,
                    format!(
                        "field `{}` already has option `{}`; a field holds one thing, so remove `{}`",
                        field.ident,
                        field.options[0].1.name(),
                        option.name()
                    ),
                );
                continue;
            }
            let once = |seen: &mut Option<Span>, what: &str| {
                if seen.is_some() {
                    cx.error_at(
                        *span,
                        format!(
                            "only one field can be `#[cloudwire({what})]`; remove it from this one"
                        ),
                    );
                }
                *seen = Some(*span);
            };
            role = match option {
                FieldOption::RequestId => {
                    once(&mut seen_request_id, "request_id");
                    Role::RequestId
                }
                FieldOption::Status => {
                    once(&mut seen_status, "status");
                    Role::Status
                }
                FieldOption::Headers => {
                    once(&mut seen_headers, "headers");
                    Role::Headers
                }
                FieldOption::Body => {
                    once(&mut whole_body, "body");
                    Role::WholeBody
                }
                FieldOption::Header(name) => {
                    let value = name.value();
                    if !attr::is_header_name(&value) {
                        cx.error_spanned_by(
                            name,
                            format!("`{value}` is not a valid header name; use letters, digits and `-`, e.g. \"X-Subject-Token\""),
                        );
                    } else if attr::contains_ignore_case(&header_names, &value) {
                        cx.error_spanned_by(
                            name,
                            format!("header `{value}` is already read by another field; read it into one field"),
                        );
                    } else if value.eq_ignore_ascii_case("x-request-id") {
                        cx.error_spanned_by(
                            name,
                            "the request ID has its own option: write `#[cloudwire(request_id)]`",
                        );
                    }
                    header_names.push(value);
                    Role::Header(name.clone())
                }
                // Split out by `Container::from_ast`.
                FieldOption::Mark(_) => Role::Body,
                FieldOption::Path(_)
                | FieldOption::Query(_)
                | FieldOption::Skip
                | FieldOption::Cname => {
                    cx.error_at(
                        *span,
                        format!(
                            "`{}` is for request fields of an `#[endpoint]` struct; a response field takes one of: {}",
                            option.name(),
                            attr::quote_list(VALID)
                        ),
                    );
                    Role::Body
                }
            };
        }
        roles.push(role);
    }
    if whole_body.is_some() {
        for (field, role) in container.fields.iter().zip(&roles) {
            if matches!(role, Role::Body) && !field.malformed {
                cx.error_at(
                    field.ident.span(),
                    format!(
                        "field `{}` would be read from the body, but another field takes the whole body (`#[cloudwire(body)]`); mark it `#[cloudwire(request_id)]`, `#[cloudwire(header = \"...\")]`, `#[cloudwire(status)]` or `#[cloudwire(headers)]`, or drop `body`",
                        field.ident
                    ),
                );
            }
        }
    }

    roles
}

/// The fields of a page: its items and a count of the whole list.
struct PageFields {
    items: Option<usize>,
    total: Option<(usize, Span)>,
}

fn page_fields(
    cx: &Ctxt,
    container: &Container<'_>,
    roles: &[Role],
    next: Option<&(Span, Next)>,
) -> PageFields {
    let mut items: Option<usize> = None;
    let mut total: Option<(usize, Span)> = None;
    for (i, (field, role)) in container.fields.iter().zip(roles).enumerate() {
        for (n, (span, mark)) in field.marks.iter().enumerate() {
            let span = *span;
            if n > 0 {
                cx.error_at(
                    span,
                    format!(
                        "field `{}` is already marked `{}`; remove `{}`",
                        field.ident,
                        field.marks[0].1.name(),
                        mark.name()
                    ),
                );
                continue;
            }
            match mark {
                Mark::Items => {
                    if !matches!(role, Role::Body | Role::WholeBody) {
                        cx.error_at(span, "`items` marks the list of a page, read from the body: a body member or `#[cloudwire(body, items)]`");
                    } else if items.is_some() {
                        cx.error_at(span, "only one field can be `#[cloudwire(items)]`; remove it from this one");
                    } else if ast::vec_inner(field.ty).is_none() {
                        cx.error_spanned_by(field.ty, "`items` marks the list of a page: make the field a `Vec<Item>`");
                    } else {
                        items = Some(i);
                    }
                }
                Mark::Total => {
                    if !matches!(role, Role::Body | Role::Header(_)) {
                        cx.error_at(span, "`total` marks the count of the whole list: a body member or a header (`#[cloudwire(header = \"...\", total)]`)");
                    } else if total.is_some() {
                        cx.error_at(span, "only one field can be `#[cloudwire(total)]`; remove it from this one");
                    } else if let Some((_, decl)) = next {
                        cx.error_at(
                            span,
                            format!("this page already says where the next one starts with `{}`; remove `total` or that option", decl.name()),
                        );
                    } else {
                        total = Some((i, span));
                    }
                }
                request => cx.error_at(
                    span,
                    format!(
                        "`{}` is for request fields of an `#[endpoint]` struct, next to `query`; a response names its list `#[cloudwire(items)]` and the next page with `#[api_response(next_marker = \"...\")]`, `next_link = \"...\"` or `total`",
                        request.name()
                    ),
                ),
            }
        }
    }
    // A whole body that is a `Vec` is the page's list by itself.
    // A field marked `items` whose mark was refused is reported already.
    let mut items_marked = false;
    for (i, (field, role)) in container.fields.iter().zip(roles).enumerate() {
        if items.is_none() && matches!(role, Role::WholeBody) && ast::vec_inner(field.ty).is_some()
        {
            items = Some(i);
        }
        for (_, mark) in &field.marks {
            items_marked |= *mark == Mark::Items;
        }
    }
    if items.is_none() && !items_marked {
        let needs = next
            .map(|(span, decl)| (*span, decl.name()))
            .or(total.map(|(_, span)| (span, "total")));
        if let Some((span, what)) = needs {
            cx.error_at(
                span,
                format!("`{what}` says where the next page of a list starts, but no field holds the page's items; mark the list `#[cloudwire(items)]` (a `Vec`)"),
            );
        }
    }
    PageFields { items, total }
}

fn generate(
    cx: &Ctxt,
    container: &Container<'_>,
    krate: &syn::Path,
    status: Option<&StatusSpec>,
    next: Option<&(Span, Next)>,
) -> Option<TokenStream> {
    let input = container.input;
    for param in &input.generics.params {
        if let GenericParam::Lifetime(lt) = param {
            cx.error_spanned_by(
                &lt.lifetime,
                "a response owns its data: lifetime parameters are not supported; use owned types such as `String`",
            );
        }
    }
    let roles = roles(cx, container);
    let page = page_fields(cx, container, &roles, next);
    let ident = &input.ident;
    let type_params = ast::type_param_names(&input.generics);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut bounds: Vec<TokenStream> = Vec::new();
    let de_owned = code!("#krate::__private::serde::de::DeserializeOwned", krate);

    let is_success = match status {
        None => code!("#krate::__private::is_2xx(status)", krate),
        Some(spec) => {
            let mut codes = Vec::with_capacity(spec.codes.len());
            for (code, _) in &spec.codes {
                codes.push(*code);
            }
            let codes = separated(&codes, ',');
            code!(
                "#krate::__private::status_in(status, &[#codes])",
                krate,
                codes
            )
        }
    };

    let mut body_fields: Vec<&Field<'_>> = Vec::new();
    for (field, role) in container.fields.iter().zip(&roles) {
        if matches!(role, Role::Body) {
            body_fields.push(field);
        }
    }

    let mut companion = TokenStream::new();
    let mut prelude = TokenStream::new();
    let mut inits = Vec::new();
    let serde_crate = serde_crate_string(krate);

    if !body_fields.is_empty() {
        let mut fields = TokenStream::new();
        for f in &body_fields {
            let serde_attrs = concat(&attr::serde_attrs(&f.original.attrs));
            let (name, ty) = (f.ident, f.ty);
            fields.extend(code!("#serde_attrs #name: #ty,", serde_attrs, name, ty));
        }
        let marker = if !type_params.is_empty() {
            let type_params = terminated(&type_params, ',');
            code!(
                "#[serde(skip)] __cloudwire_marker: #krate::__private::PhantomData<fn() -> (#type_params)>,",
                krate,
                type_params
            )
        } else {
            TokenStream::new()
        };
        let container_serde = attr::container_serde_attrs(&input.attrs);
        // Messages name the user's struct, not the companion.
        let mut renamed = false;
        for attr in &container_serde {
            for tt in attr.clone() {
                if let proc_macro2::TokenTree::Group(g) = tt {
                    for t in g.stream() {
                        renamed |= matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "rename");
                    }
                }
            }
        }
        let ident_name = ident.to_string();
        let rename = if renamed {
            TokenStream::new()
        } else {
            code!("#[serde(rename = #ident_name)]", ident_name)
        };
        let generics = &input.generics;
        // As visible as the response, since a generic response's impl names it
        // in a bound (a more private type there trips `private_bounds`).
        let vis = &input.vis;
        let container_serde = concat(&container_serde);
        companion = code!(
            "
                #[derive(#krate::__private::serde::Deserialize)]
                #[serde(crate = #serde_crate)]
                #container_serde
                #rename
                #vis struct __CloudwireBody #generics #where_clause {
                    #fields
                    #marker
                }
            ",
            krate,
            serde_crate,
            container_serde,
            rename,
            vis,
            generics,
            where_clause,
            fields,
            marker
        );
        prelude = code!(
            "
                let __body: __CloudwireBody #ty_generics = #krate::__private::decode_members(__response)?;
            ",
            ty_generics,
            krate
        );
        if !type_params.is_empty() {
            // Whatever serde's derive required of the type parameters (`T`
            // for a `Vec<T>` field, nothing for a skipped one), forwarded.
            bounds.push(code!(
                "__CloudwireBody #ty_generics: #de_owned",
                ty_generics,
                de_owned
            ));
        }
    }

    for (field, role) in container.fields.iter().zip(&roles) {
        let name = field.ident;
        let ty = field.ty;
        // The type is not restated: it is inferred from the field, so that a
        // type that does not resolve is reported once, on the field. Every
        // token is on the type, so that a type error (not `FromStr`, not a
        // `RequestIdField`, ...) points there.
        let value = match role {
            Role::Body => code!("__body.#name", name),
            Role::WholeBody => {
                if ast::mentions_type_param(ty, &type_params) {
                    bounds.push(code!("#ty: #de_owned", ty, de_owned));
                    code!("#krate::__private::decode_body(__response)?", krate)
                } else {
                    // Text, bytes, an optional body or JSON, by the field's type.
                    code!(
                        "
                            {
                                #[allow(unused_imports)]
                                use #krate::__private::{BodyJson as _, BodyOptional as _, BodyRaw as _};
                                (&&&#krate::__private::BodyAs::<#ty>::new()).__cloudwire_decode(__response)?
                            }
                        ",
                        krate,
                        ty
                    )
                }
            }
            Role::RequestId => code!(
                "#krate::__private::RequestIdField::from_response(__response)",
                krate
            ),
            Role::Status => code!(
                "#krate::__private::StatusField::from_response(__response)",
                krate
            ),
            Role::Headers => code!(
                "#krate::__private::HeadersField::from_response(__response)",
                krate
            ),
            Role::Header(header) => {
                let (func, inner) = match ast::option_inner(ty) {
                    Some(inner) => (code!("header_opt"), inner),
                    None => (code!("header"), ty),
                };
                if ast::mentions_type_param(inner, &type_params) {
                    bounds.push(code!(
                        "
                            #inner: ::core::str::FromStr,
                            <#inner as ::core::str::FromStr>::Err: ::core::fmt::Display
                        ",
                        inner
                    ));
                }
                code!(
                    "#krate::__private::#func(__response, #header)?",
                    krate,
                    func,
                    header
                )
            }
        };
        let value = respan_to_type(value, ty);
        inits.push(code!("#name: #value", name, value));
    }

    let where_clause = extend_where(where_clause, &bounds);
    let body_unused = if body_fields.is_empty() {
        code!("let _ = __response;")
    } else {
        TokenStream::new()
    };
    // A response that reads no body can answer a HEAD request.
    let mut reads_body = !body_fields.is_empty();
    for role in &roles {
        reads_body |= matches!(role, Role::WholeBody);
    }
    let bodyless = if !reads_body {
        marker_impl(krate, "Bodyless", input, &where_clause)
    } else {
        TokenStream::new()
    };
    let page_impl = page.items.map(|index| {
        let field = &container.fields[index];
        let member = field.ident;
        let item = ast::vec_inner(field.ty);
        let position = match (next.map(|(_, d)| d), page.total) {
            (Some(Next::Marker(path)), _) => {
                let segments = &path.segments;
                let segments = separated(segments, ',');
                code!(
                    "#krate::__private::next_marker(__response, &[#segments])",
                    krate,
                    segments
                )
            }
            (Some(Next::Link(path)), _) => {
                let segments = &path.segments;
                let segments = separated(segments, ',');
                code!(
                    "#krate::__private::next_link(__response, &[#segments])",
                    krate,
                    segments
                )
            }
            (Some(Next::ContentRange), _) => {
                code!("#krate::__private::content_range_total(__response)", krate)
            }
            (None, Some((total, _))) => {
                let total_field = &container.fields[total];
                let name = total_field.ident;
                let call = respan_to_type(
                    code!("#krate::__private::total_field(&self.#name)", krate, name),
                    total_field.ty,
                );
                code!("{ let _ = __response; ::core::result::Result::Ok(#call) }", call)
            }
            (None, None) => code!(
                "
                    {
                        let _ = __response;
                        ::core::result::Result::Ok(#krate::__private::NextPosition::Unknown)
                    }
                ",
                krate
            ),
        };
        let mut gives_marker = TokenStream::new();
        let mut next_marker = TokenStream::new();
        if let Some((_, Next::Marker(_))) = next {
            gives_marker = code!("const GIVES_MARKER: bool = true;");
            next_marker = marker_impl(krate, "NextMarker", input, &where_clause);
        }
        code!(
            "
                #[automatically_derived]
                impl #impl_generics #krate::__private::PageResponse for #ident #ty_generics #where_clause {
                    type Item = #item;
                    #gives_marker

                    fn items(&self) -> &[Self::Item] {
                        &self.#member
                    }

                    fn into_items(self) -> ::std::vec::Vec<Self::Item> {
                        self.#member
                    }

                    fn next_position(
                        &self,
                        __response: &#krate::RawResponse,
                    ) -> ::core::result::Result<#krate::__private::NextPosition, #krate::Error> {
                        #position
                    }
                }
                #next_marker
            ",
            impl_generics,
            krate,
            ident,
            ty_generics,
            where_clause,
            item,
            gives_marker,
            member,
            position,
            next_marker
        )
    });
    let inits = terminated(&inits, ',');
    let items = code!(
        "
            #companion
            #bodyless
            #page_impl

            #[automatically_derived]
            impl #impl_generics #krate::__private::ApiResponse for #ident #ty_generics #where_clause {
                #[inline]
                fn is_success(status: #krate::http::StatusCode) -> bool {
                    #is_success
                }

                fn decode(__response: &#krate::RawResponse) -> ::core::result::Result<Self, #krate::Error> {
                    #body_unused
                    #prelude
                    ::core::result::Result::Ok(Self {
                        #inits
                    })
                }
            }
        ",
        companion,
        bodyless,
        page_impl,
        impl_generics,
        krate,
        ident,
        ty_generics,
        where_clause,
        is_success,
        body_unused,
        prelude,
        inits
    );
    Some(dummy_const(items))
}
