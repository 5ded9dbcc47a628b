//! `#[endpoint(METHOD, "/path/{param}", response = Type)]`.

use crate::ast::{self, Container, Field};
use crate::attr::{self, Attr, FieldOption, Mark};
use crate::code::{code, code_spanned, concat};
use crate::ctxt::Ctxt;
use crate::expand::{
    default_crate, dummy_const, extend_where, marker_impl, respan_to_type, serde_crate_string,
};
use crate::fallback;
use crate::template::{self, Piece, Template};
use proc_macro2::{Span, TokenStream};
use quote::format_ident;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitStr, Token, Type};

const VALID: &[&str] = &[
    "path",
    "query",
    "header = \"...\"",
    "body",
    "skip",
    "cname",
    "marker",
    "limit",
    "per_page",
    "offset",
    "page",
];
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const USAGE: &str = "#[endpoint(GET, \"/v1/instances\", response = ListInstancesResponse)]";

struct Args {
    method: Option<Ident>,
    path: Option<(LitStr, Template)>,
    response: Attr<Type>,
    /// `response` was given but not as a type (already reported).
    response_malformed: bool,
    /// `error = Type`: the `#[derive(ServiceError)]` enum a call's error carries.
    error: Attr<Type>,
    krate: Attr<syn::Path>,
    content_type: Attr<LitStr>,
    idempotent: Attr<()>,
    max_attempts: Attr<u32>,
    paginated: Attr<()>,
}

pub fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut input =
        match crate::expand::parse_item(item, "`#[endpoint]` goes on a struct with named fields") {
            Ok(input) => input,
            Err(tokens) => return tokens,
        };
    let cx = Ctxt::new();
    let args_span = Span::call_site();
    let mut args_out = Args {
        method: None,
        path: None,
        response: Attr::none("response"),
        response_malformed: false,
        error: Attr::none("error"),
        krate: Attr::none("crate"),
        content_type: Attr::none("content_type"),
        idempotent: Attr::none("idempotent"),
        max_attempts: Attr::none("max_attempts"),
        paginated: Attr::none("paginated"),
    };
    let args_empty = args.is_empty();
    if let Err(e) = attr::parse_tokens(args, &mut |input| parse_args(&cx, input, &mut args_out)) {
        cx.syn_error(e);
    }
    let container_options = attr::parse_container_options(&cx, &input.attrs, false);
    if let Some((span, path)) = container_options.krate.get_with_span() {
        args_out.krate.set(&cx, span, path);
    }
    if args_empty {
        cx.error_at(
            args_span,
            format!("`#[endpoint]` needs a method, a path and a response type; write `{USAGE}`"),
        );
    }

    let krate = args_out.krate.get().unwrap_or_else(default_crate);
    let content_type = args_out.content_type.get();
    let retry = RetryOptions {
        idempotent: args_out.idempotent.get().is_some(),
        max_attempts: args_out.max_attempts.get(),
    };
    let paginated = args_out.paginated.get_with_span().map(|(span, ())| span);
    let response = args_out.response.get();
    let error = args_out.error.get();
    if response.is_none()
        && !args_out.response_malformed
        && !args_empty
        && args_out.method.is_some()
        && args_out.path.is_some()
    {
        cx.error_at(
            args_span,
            format!("missing `response = Type`: name the `#[api_response]` struct this call returns, e.g. `{USAGE}`"),
        );
    }

    let plan = Container::from_ast(&cx, &input, "`#[endpoint]`", VALID).map(|container| {
        let roles = roles(
            &cx,
            &container,
            args_out.method.as_ref(),
            args_out.path.as_ref(),
            content_type.as_ref(),
        );
        let inputs = paging_inputs(&cx, &container, &roles);
        let mut fields: Vec<(Ident, Role)> = Vec::with_capacity(roles.len());
        for (field, role) in container.fields.iter().zip(roles) {
            fields.push((field.ident.clone(), role));
        }
        let generated = match (&args_out.method, &args_out.path, &response) {
            (Some(method), Some((lit_path, template)), Some(response)) if !cx.has_errors() => {
                let mut tokens = generate(
                    &container,
                    &fields,
                    method,
                    (lit_path, template),
                    response,
                    error.as_ref(),
                    content_type.as_ref(),
                    &retry,
                    &krate,
                );
                tokens.extend(generate_paging(
                    &container, &inputs, paginated, response, &krate,
                ));
                Some(tokens)
            }
            _ => None,
        };
        (fields, generated)
    });

    // Whether the user declared paging, for the stubs that follow an error.
    let paged = paginated.is_some() || input_has_marks(&input);
    let own_serde = attr::derives_serde(&input.attrs);
    if let Some((fields, _)) = &plan {
        check_serde(&cx, &input, fields);
    }
    let result = cx.check();
    if let (Ok(()), Some((fields, _))) = (&result, &plan)
        && has_members(fields)
    {
        add_body_serialize(&mut input, fields, &krate);
    }
    // `#[serde]` stays for the `Serialize` derive, ours or the user's; after an
    // error there is no derive of ours to read it.
    let strip_serde = result.is_err() && !own_serde;
    attr::strip_helpers(&mut input.attrs, strip_serde);
    if let syn::Data::Struct(data) = &mut input.data {
        for field in data.fields.iter_mut() {
            attr::strip_helpers(&mut field.attrs, strip_serde);
        }
    }
    match (result, plan) {
        (Ok(()), Some((_, Some(tokens)))) => code!("#input #tokens", input, tokens),
        (Err(err), _) => {
            let err = err.to_compile_error();
            let fallback = dummy_const(fallback::endpoint(
                &input,
                &krate,
                response.as_ref(),
                error.as_ref(),
                paged,
            ));
            code!("#input #err #fallback", input, err, fallback)
        }
        (Ok(()), _) => {
            let fallback = dummy_const(fallback::endpoint(
                &input,
                &krate,
                response.as_ref(),
                error.as_ref(),
                paged,
            ));
            code!("#input #fallback", input, fallback)
        }
    }
}

fn parse_args(cx: &Ctxt, input: ParseStream<'_>, out: &mut Args) -> syn::Result<()> {
    if input.is_empty() {
        return Ok(());
    }
    // 1. The method, a bare word.
    let first_span = input.span();
    if input.peek(LitStr) && input.fork().parse::<LitStr>()?.value().starts_with('/') {
        // The path came first: the method is missing or written after it.
        let lit: LitStr = input.parse()?;
        let path = lit.value();
        let after = input.fork();
        let method_after =
            after.parse::<Token![,]>().is_ok() && after.peek(Ident) && !after.peek2(Token![=]);
        if method_after {
            input.parse::<Token![,]>()?;
            let method: Ident = input.parse()?;
            cx.error_spanned_by(
                &method,
                format!("the method comes before the path: write `{method}, \"{path}\"`"),
            );
        } else {
            cx.error_spanned_by(
                &lit,
                format!(
                    "missing method: write it before the path, e.g. `GET, \"{path}\"` (one of {})",
                    attr::quote_list(METHODS)
                ),
            );
        }
        parse_path(cx, lit, out);
        if input.is_empty() {
            return Ok(());
        }
        input.parse::<Token![,]>()?;
        return parse_named(cx, input, out);
    } else if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        let upper = lit.value().to_ascii_uppercase();
        let suggestion = if METHODS.contains(&upper.as_str()) {
            upper
        } else {
            "GET".to_owned()
        };
        cx.error_spanned_by(
            &lit,
            format!("write the method as a bare word: `{suggestion}`"),
        );
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
            cx.error_spanned_by(
                &ident,
                format!(
                    "write the method in capitals: `{}`",
                    text.to_ascii_uppercase()
                ),
            );
        } else {
            cx.error_spanned_by(
                &ident,
                format!(
                    "unknown method `{text}`; expected one of: {}",
                    attr::quote_list(METHODS)
                ),
            );
        }
    }
    const MISSING_PATH: &str = "missing path: write it after the method, as a string";
    if input.is_empty() {
        return Err(syn::Error::new(
            first_span,
            format!("{MISSING_PATH}: `{USAGE}`"),
        ));
    }
    input.parse::<Token![,]>()?;
    // 2. The path template, a string.
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        parse_path(cx, lit, out);
    } else if input.peek(Ident) && input.peek2(Token![=]) {
        // An option where the path should be: report the path, then read the options.
        cx.error_at(input.span(), format!("{MISSING_PATH}: `{USAGE}`"));
        return parse_named(cx, input, out);
    } else {
        let tokens = attr::take_value(input)?;
        cx.error_spanned_by(
            &tokens,
            format!("the path comes second, as a string: `{USAGE}`"),
        );
    }
    if input.is_empty() {
        return Ok(());
    }
    input.parse::<Token![,]>()?;
    parse_named(cx, input, out)
}

fn parse_path(cx: &Ctxt, lit: LitStr, out: &mut Args) {
    match template::parse(&lit.value()) {
        Ok(template) => out.path = Some((lit, template)),
        Err(message) => cx.error_spanned_by(&lit, message),
    }
}

/// 3. Named options: `response = Type`, `crate = "..."`.
fn parse_named(cx: &Ctxt, input: ParseStream<'_>, out: &mut Args) -> syn::Result<()> {
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
                cx.error_spanned_by(
                    &lit,
                    format!(
                        "write the type without quotes: `response = {}`",
                        lit.value()
                    ),
                );
                out.response_malformed = true;
                return Ok(());
            }
            let ty: Type = input.parse()?;
            out.response.set(cx, name.span(), ty);
            Ok(())
        }
        "error" => {
            const EXAMPLE: &str = "error = StsError";
            const WHAT: &str = "an enum with `#[derive(cloudwire::ServiceError)]`";
            if !input.peek(Token![=]) {
                return Err(syn::Error::new(
                    name.span(),
                    format!("`error` needs a type; write `{EXAMPLE}` ({WHAT})"),
                ));
            }
            input.parse::<Token![=]>()?;
            if input.peek(LitStr) {
                let lit: LitStr = input.parse()?;
                cx.error_spanned_by(
                    &lit,
                    format!("write the type without quotes: `error = {}`", lit.value()),
                );
                return Ok(());
            }
            let fork = input.fork();
            if fork.parse::<Type>().is_ok() && (fork.is_empty() || fork.peek(Token![,])) {
                let ty: Type = input.parse()?;
                out.error.set(cx, name.span(), ty);
                return Ok(());
            }
            let value = attr::take_value(input)?;
            if value.is_empty() {
                return Err(syn::Error::new(
                    name.span(),
                    format!("`error` needs a type; write `{EXAMPLE}` ({WHAT})"),
                ));
            }
            cx.error_spanned_by(
                &value,
                format!("`error` takes a type, {WHAT}; write `{EXAMPLE}`"),
            );
            Ok(())
        }
        "crate" => {
            if let Some(path) = attr::parse_crate_path(cx, name, input)? {
                out.krate.set(cx, name.span(), path);
            }
            Ok(())
        }
        "paginated" => {
            if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                let value = attr::take_value(input)?;
                return Err(syn::Error::new_spanned(
                    value,
                    "`paginated` takes no value; write `paginated` for a list paged by the links its pages give",
                ));
            }
            out.paginated.set(cx, name.span(), ());
            Ok(())
        }
        "idempotent" => {
            if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                let value = attr::take_value(input)?;
                return Err(syn::Error::new_spanned(
                    value,
                    "`idempotent` takes no value; write `idempotent` to declare that the call may be sent more than once",
                ));
            }
            out.idempotent.set(cx, name.span(), ());
            Ok(())
        }
        "max_attempts" => {
            const EXAMPLE: &str = "max_attempts = 5";
            if !input.peek(Token![=]) {
                return Err(syn::Error::new(
                    name.span(),
                    format!("`max_attempts` needs a value; write `{EXAMPLE}`"),
                ));
            }
            input.parse::<Token![=]>()?;
            if input.peek(syn::LitInt) {
                let lit: syn::LitInt = input.parse()?;
                match lit.base10_parse::<u32>() {
                    Ok(n) if n >= 1 => out.max_attempts.set(cx, name.span(), n),
                    _ => cx.error_spanned_by(
                        &lit,
                        format!("`max_attempts` is a whole number of at least 1 (1: never retried), e.g. `{EXAMPLE}`"),
                    ),
                }
            } else {
                let value = attr::take_value(input)?;
                cx.error_spanned_by(
                    &value,
                    format!("`max_attempts` takes a number; write `{EXAMPLE}`"),
                );
            }
            Ok(())
        }
        "content_type" => {
            let lit = attr::parse_string_value(
                name,
                input,
                "content_type = \"application/json;charset=UTF-8\"",
            )?;
            let value = lit.value();
            if !is_visible_ascii(&value) {
                cx.error_spanned_by(
                    &lit,
                    "a content type is visible ASCII text, e.g. `content_type = \"application/json;charset=UTF-8\"`",
                );
            } else {
                out.content_type.set(cx, name.span(), lit);
            }
            Ok(())
        }
        other => {
            let suggestion = match other {
                "method" => " (the method is the first word, e.g. `GET`)",
                "path" | "url" => " (the path is the second item, a string)",
                "status" => {
                    " (success statuses belong on the response: `#[api_response(status = 201)]`)"
                }
                "content" | "contenttype" | "content_types" | "mime" | "media_type" => {
                    " (did you mean `content_type = \"...\"`?)"
                }
                "retry" | "retries" | "attempts" | "max_retries" => {
                    " (did you mean `max_attempts = N`?)"
                }
                "retry_safe" | "safe_to_retry" | "idempotency" => " (did you mean `idempotent`?)",
                "errors" | "error_type" | "service_error" | "err" => {
                    " (did you mean `error = MyServiceError`?)"
                }
                "timeout" => {
                    " (timeouts are set on the client or per call: `client.call(request).timeout(...)`)"
                }
                _ => "",
            };
            if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                attr::take_value(input)?;
            }
            Err(syn::Error::new(
                name.span(),
                format!(
                    "unknown option `{other}`; expected `response = Type`, `error = Type`, `content_type = \"...\"`, `idempotent`, `max_attempts = N`, `paginated` or `crate = \"...\"`{suggestion}"
                ),
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
    /// Before the endpoint's host (the SDK's `cname`).
    Cname,
    Skip,
    Leftover,
    /// A field whose options did not parse (already reported).
    Invalid,
}

/// Whether the struct's own members are the body (its fields not sent
/// Text of visible ASCII characters and spaces, not empty (a content type).
fn is_visible_ascii(value: &str) -> bool {
    for b in value.bytes() {
        if !(b == b' ' || b.is_ascii_graphic()) {
            return false;
        }
    }
    !value.is_empty()
}

/// The `CredentialId` variant of a placeholder the client fills from its
/// credentials when no field does: `{project_id}`, `{domain_id}`.
fn credential_id(name: &str) -> Option<&'static str> {
    match name {
        "project_id" => Some("Project"),
        "domain_id" => Some("Domain"),
        _ => None,
    }
}

/// The first of `fields` that fills the placeholder `name`.
fn path_field<'f, 'a, 'r>(
    fields: &'f [Field<'a>],
    roles: impl IntoIterator<Item = &'r Role>,
    name: &str,
) -> Option<&'f Field<'a>> {
    for (field, role) in fields.iter().zip(roles) {
        if matches!(role, Role::Path(n) if n == name) {
            return Some(field);
        }
    }
    None
}

/// elsewhere).
fn has_members(fields: &[(Ident, Role)]) -> bool {
    for (_, role) in fields {
        if matches!(role, Role::Leftover) {
            return true;
        }
    }
    false
}

fn roles(
    cx: &Ctxt,
    container: &Container<'_>,
    method: Option<&Ident>,
    path: Option<&(LitStr, Template)>,
    content_type: Option<&LitStr>,
) -> Vec<Role> {
    let mut roles = Vec::new();
    let mut whole_body: Option<Span> = None;
    let mut cname: Option<String> = None;
    let mut headers: Vec<String> = Vec::new();
    for field in &container.fields {
        if field.malformed {
            // Its error is reported; a field with no place would only add follow-on errors.
            roles.push(Role::Invalid);
            continue;
        }
        let mut role = Role::Leftover;
        for (i, (span, option)) in field.options.iter().enumerate() {
            if i > 0 {
                cx.error_at(
                    *span,
                    format!(
                        "field `{}` is already marked `{}`; a field goes to one place, so remove `{}`",
                        field.ident,
                        field.options[0].1.name(),
                        option.name()
                    ),
                );
                continue;
            }
            role = match option {
                FieldOption::Path(name) => {
                    Role::Path(name_or_field(cx, name.as_ref(), field, "path"))
                }
                FieldOption::Query(name) => {
                    Role::Query(name_or_field(cx, name.as_ref(), field, "query"))
                }
                FieldOption::Header(name) => {
                    let value = name.value();
                    if !attr::is_header_name(&value) {
                        cx.error_spanned_by(
                            name,
                            format!("`{value}` is not a valid header name; use letters, digits and `-`, e.g. \"X-Project-Id\""),
                        );
                    } else if attr::contains_ignore_case(&headers, &value) {
                        cx.error_spanned_by(
                            name,
                            format!("header `{value}` is already sent by another field; send it from one field"),
                        );
                    }
                    headers.push(value);
                    Role::Header(name.clone())
                }
                FieldOption::Body => {
                    if whole_body.is_some() {
                        cx.error_at(
                            *span,
                            "only one field can be `#[cloudwire(body)]`, the whole body; to send several fields as one JSON object, remove `body` from all of them",
                        );
                    }
                    whole_body = Some(*span);
                    Role::Body
                }
                FieldOption::Skip => Role::Skip,
                FieldOption::Cname => {
                    if let Some(first) = cname {
                        cx.error_at(
                            *span,
                            format!("only one field can be `#[cloudwire(cname)]` (the name before the endpoint's host), and `{first}` already is; remove `cname` from one of them"),
                        );
                    }
                    cname = Some(field.ident.to_string());
                    Role::Cname
                }
                // Split out by `Container::from_ast`.
                FieldOption::Mark(_) => Role::Leftover,
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
        if let (Role::Leftover, Some((span, mark))) = (&role, field.marks.first())
            && mark.is_request()
        {
            cx.error_at(
                *span,
                format!(
                    "`{0}` is a query parameter: write `#[cloudwire(query, {0})]` (or `query = \"name\", {0}`)",
                    mark.name()
                ),
            );
            // Reported: the body rules say nothing more about it.
            role = Role::Invalid;
        }
        if let Role::Path(_) = role
            && ast::option_inner(field.ty).is_some()
        {
            cx.error_spanned_by(
                field.ty,
                "a path parameter is always sent: `Option` is not allowed here; make the field required or mark it `#[cloudwire(query)]`",
            );
        }
        roles.push(role);
    }

    // Placeholders and path fields must match one to one.
    for (i, (field, role)) in container.fields.iter().zip(&roles).enumerate() {
        let Role::Path(name) = role else { continue };
        if let Some(first) = path_field(&container.fields[..i], &roles, name) {
            cx.error_at(
                ast::field_span(field),
                format!(
                    "the placeholder `{{{name}}}` is already filled by field `{}`; mark this field `query`, `header = \"...\"` or `skip`, or fill another placeholder with `path = \"name\"`",
                    first.ident
                ),
            );
        }
    }
    if let Some((lit, template)) = path {
        for param in template.params() {
            let filled = path_field(&container.fields, &roles, param).is_some();
            let mut malformed = false;
            let mut unmarked = None;
            for (field, role) in container.fields.iter().zip(roles.iter_mut()) {
                if field.ident == param {
                    malformed |= field.malformed;
                    if unmarked.is_none() && matches!(role, Role::Leftover) {
                        unmarked = Some((field, role));
                    }
                }
            }
            if filled || malformed {
                continue;
            }
            // A field of that name that goes elsewhere: never filled from the
            // credentials instead of it.
            let named = container.fields.iter().find(|field| field.ident == param);
            match unmarked {
                None if credential_id(param).is_some() => match named {
                    // Filled from the client's credentials, as the SDK fills them.
                    None => {}
                    Some(field) => cx.error_at(
                        field.ident.span(),
                        format!(
                            "field `{param}` is not marked `path`, so the path's `{{{param}}}` would be the \
                             credentials' {param} while this field goes elsewhere: mark it \
                             `#[cloudwire(path)]`, or rename it (`{param}` with no field is filled from the credentials)"
                        ),
                    ),
                },
                Some((field, role)) => {
                    cx.error_at(
                        field.ident.span(),
                        format!("field `{param}` fills the placeholder `{{{param}}}`: mark it `#[cloudwire(path)]`"),
                    );
                    // Reported: the body rules below say nothing more about it.
                    *role = Role::Invalid;
                }
                None => cx.error_spanned_by(
                    lit,
                    format!("path placeholder `{{{param}}}` has no field; add a field `{param}` marked `#[cloudwire(path)]`"),
                ),
            }
        }
        for (field, role) in container.fields.iter().zip(&roles) {
            if let Role::Path(name) = role
                && !template.has_param(name)
            {
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

    // Body rules.
    if let Some(lit) = content_type {
        let declared = lit.value();
        let mut members = false;
        for (field, role) in container.fields.iter().zip(&roles) {
            members |= matches!(role, Role::Leftover) && !field.malformed;
        }
        if members && writes_no_body_from_fields(&declared) {
            cx.error_spanned_by(
                lit,
                format!(
                    "cloudwire writes JSON, form (`application/x-www-form-urlencoded`) and `multipart/form-data` bodies from fields, not `{declared}`; give the body as text or bytes in one field, `#[cloudwire(body)] body: String` (or `Vec<u8>`)"
                ),
            );
        }
    }
    let bodiless = method
        .map(ToString::to_string)
        .filter(|m| m == "GET" || m == "HEAD");
    for (field, role) in container.fields.iter().zip(&roles) {
        match role {
            Role::Leftover if whole_body.is_some() => cx.error_at(
                field.ident.span(),
                format!(
                    "field `{}` has no place: another field is the whole body (`#[cloudwire(body)]`); mark it `path`, `query`, `header = \"...\"` or `skip`",
                    field.ident
                ),
            ),
            // A GET may carry a body where its API says so (the SDK sends
            // one for such operations), given whole in a `body` field; a
            // field left unmarked on a GET is far more often a query
            // parameter marked nowhere.
            Role::Leftover if bodiless.as_deref() == Some("GET") => cx.error_at(
                ast::field_span(field),
                format!(
                    "GET requests have no body, but field `{}` would be sent in the JSON body; mark it `#[cloudwire(query)]`, `#[cloudwire(path)]`, `#[cloudwire(header = \"...\")]` or `#[cloudwire(skip)]` (for an operation whose API reference gives a GET a body, put the body's members in one `#[cloudwire(body)]` field)",
                    field.ident
                ),
            ),
            Role::Leftover | Role::Body if bodiless.as_deref() == Some("HEAD") => {
                let what = if matches!(role, Role::Body) { "is marked `body`" } else { "would be sent in the JSON body" };
                cx.error_at(
                    ast::field_span(field),
                    format!(
                        "HEAD requests have no body, but field `{}` {what}; mark it `#[cloudwire(query)]`, `#[cloudwire(path)]`, `#[cloudwire(header = \"...\")]` or `#[cloudwire(skip)]`",
                        field.ident
                    ),
                )
            }
            _ => {}
        }
    }
    roles
}

/// `#[serde]` shapes the JSON body that `#[endpoint]` derives `Serialize` for:
/// it has no place on a field sent elsewhere, and a `Serialize` derive of the
/// user's own would conflict with ours.
fn check_serde(cx: &Ctxt, input: &DeriveInput, fields: &[(Ident, Role)]) {
    let has_body = has_members(fields);
    if let Some(path) = attr::derived(&input.attrs, "Serialize") {
        if has_body {
            cx.error_spanned_by(
                &path,
                "`#[endpoint]` derives `Serialize` for the fields sent in the JSON body; remove `Serialize` from this `#[derive]`",
            );
        }
        return;
    }
    if attr::derives_serde(&input.attrs) {
        return;
    }
    if !has_body {
        for a in attr::serde_attrs(&input.attrs) {
            cx.error_spanned_by(a, "`#[serde]` on the struct shapes the JSON body, but no field is sent in it; remove it");
        }
    }
    let syn::Data::Struct(data) = &input.data else {
        return;
    };
    for (field, (ident, role)) in data.fields.iter().zip(fields) {
        let (what, instead) = match role {
            Role::Leftover | Role::Invalid => continue,
            Role::Path(_) => (
                "path",
                "to fill a placeholder of another name, write `#[cloudwire(path = \"name\")]`",
            ),
            Role::Query(_) => (
                "query",
                "to rename the parameter, write `#[cloudwire(query = \"name\")]`",
            ),
            Role::Header(_) => ("header = \"...\"", "remove it"),
            Role::Body => ("body", "put serde attributes on the body's type instead"),
            Role::Skip => ("skip", "remove it"),
            Role::Cname => ("cname", "remove it"),
        };
        for a in attr::serde_attrs(&field.attrs) {
            cx.error_spanned_by(
                a,
                format!("`#[serde]` has no effect on field `{ident}`: it is marked `{what}`, not sent in the JSON body; {instead}"),
            );
        }
    }
}

fn name_or_field(cx: &Ctxt, name: Option<&LitStr>, field: &Field<'_>, what: &str) -> String {
    match name {
        None => field.ident.to_string().trim_start_matches("r#").to_owned(),
        Some(lit) => {
            let value = lit.value();
            if value.is_empty() {
                cx.error_spanned_by(
                    lit,
                    format!("the {what} name is empty; write `{what} = \"name\"` or just `{what}`"),
                );
                // Go on with the field's own name, so the template checks add nothing.
                return field.ident.to_string().trim_start_matches("r#").to_owned();
            }
            value
        }
    }
}

/// `idempotent` and `max_attempts = N`.
struct RetryOptions {
    idempotent: bool,
    max_attempts: Option<u32>,
}

/// Whether cloudwire writes no body of this declared type from fields (XML,
/// BSON, a stream): such a body is one text or bytes field. Checked here so
/// that the mistake is a compile error; the runtime's `BodyEncoding` picks the
/// writer for every other type, from the request's content type.
fn writes_no_body_from_fields(content_type: &str) -> bool {
    let lower = content_type.to_ascii_lowercase();
    let media = lower.split(';').next().unwrap_or_default().trim();
    matches!(
        media,
        "application/xml" | "application/bson" | "application/octet-stream"
    )
}

#[allow(clippy::too_many_arguments)]
fn generate(
    container: &Container<'_>,
    fields: &[(Ident, Role)],
    method: &Ident,
    (path, template): (&LitStr, &Template),
    response: &Type,
    error: Option<&Type>,
    content_type: Option<&LitStr>,
    retry: &RetryOptions,
    krate: &syn::Path,
) -> TokenStream {
    let input = container.input;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();

    let where_clause = extend_where(
        where_clause,
        &inferred_bounds(container, fields, response, krate),
    );

    // `(&&&Value(x)).__cloudwire_value()`: serde if the type is `Serialize`,
    // else `Display`; spread over the value's type, so that a type that is
    // neither is reported there.
    let value = |expr: TokenStream, ty: &Type| -> TokenStream {
        respan_to_type(
            code!(
                "(&&&#krate::__private::Value(#expr)).__cloudwire_value()",
                krate,
                expr
            ),
            ty,
        )
    };
    let helper = |func: &str, name: &str, value: TokenStream, ty: &Type| -> TokenStream {
        let func = format_ident!("{func}");
        let func = respan_to_type(code!("#krate::__private::#func", krate, func), ty);
        let span = ty.span();
        code_spanned!(span => "#func(&mut __request, #name, #value)?;", func, name, value)
    };

    // A value given to `func` once: skipped when an `Option` is `None`.
    let one_value = |func: &str, name: &str, member: &Ident, ty: &Type| -> TokenStream {
        match ast::option_inner(ty) {
            Some(inner) => {
                let call = helper(func, name, value(code!("__value"), inner), inner);
                code!(
                    "if let ::core::option::Option::Some(__value) = &self.#member { #call }",
                    member,
                    call
                )
            }
            None => helper(func, name, value(code!("&self.#member", member), ty), ty),
        }
    };

    let mut steps = Vec::new();
    if retry.idempotent {
        steps.push(code!("__request.set_idempotent(true);"));
    }
    if let Some(n) = retry.max_attempts {
        steps.push(code!("__request.set_max_attempts(#n);", n));
    }
    if let Some(content_type) = content_type {
        // Lower-cased, as the official SDK sends (and signs) a declared type.
        let content_type = content_type.value().to_ascii_lowercase();
        steps.push(code!(
            "#krate::__private::content_type(&mut __request, #content_type);",
            krate,
            content_type
        ));
    }
    for piece in &template.pieces {
        steps.push(match piece {
            Piece::Literal(text) => code!(
                "#krate::__private::path_literal(&mut __request, #text);",
                krate,
                text
            ),
            Piece::Param(name) => {
                // Checked before generation: every placeholder has a field,
                // but `{project_id}` / `{domain_id}`, which the credentials fill.
                let roles = fields.iter().map(|(_, role)| role);
                let Some(field) = path_field(&container.fields, roles, name) else {
                    if let Some(id) = credential_id(name) {
                        let id = Ident::new(id, Span::call_site());
                        steps.push(code!(
                            "__request.push_path_credential_id(#krate::CredentialId::#id);",
                            krate,
                            id
                        ));
                    }
                    continue;
                };
                let member = field.ident;
                helper(
                    "path_param",
                    name,
                    value(code!("&self.#member", member), field.ty),
                    field.ty,
                )
            }
        });
    }
    // The runtime writes a body as the request's content type says (the
    // SDK's rule).
    let body_func = code!("#krate::__private::members_body", krate);
    let mut body = None;
    for (field, (_, role)) in container.fields.iter().zip(fields) {
        let ty = field.ty;
        let member = field.ident;
        match role {
            Role::Query(name) => {
                // `Option` and `Vec` are unwrapped here, so that their items
                // may be `Display` types as well as `Serialize` ones.
                let step = match ast::option_inner(ty) {
                    Some(inner) => match ast::vec_inner(inner) {
                        Some(item) => {
                            let call = helper("query", name, value(code!("__item"), item), item);
                            code!(
                                "if let ::core::option::Option::Some(__items) = &self.#member { for __item in __items { #call } }",
                                member,
                                call
                            )
                        }
                        None => {
                            let call = helper("query", name, value(code!("__value"), inner), inner);
                            code!(
                                "if let ::core::option::Option::Some(__value) = &self.#member { #call }",
                                member,
                                call
                            )
                        }
                    },
                    None => match ast::vec_inner(ty) {
                        Some(item) => {
                            let call = helper("query", name, value(code!("__item"), item), item);
                            code!("for __item in &self.#member { #call }", member, call)
                        }
                        None => {
                            helper("query", name, value(code!("&self.#member", member), ty), ty)
                        }
                    },
                };
                steps.push(step);
            }
            // The SDK sends the operation's content type, never a
            // `Content-Type` header parameter's value (its generated code
            // sets the parameter, then overwrites it with the operation's):
            // such a field mirrors the API reference and is not sent.
            Role::Header(name) if name.value().eq_ignore_ascii_case("content-type") => {
                steps.push(code!("let _ = &self.#member;", member));
            }
            Role::Header(name) => {
                steps.push(one_value("header_param", &name.value(), member, ty));
            }
            Role::Cname => {
                let name = member.to_string();
                steps.push(one_value(
                    "cname",
                    name.trim_start_matches("r#"),
                    member,
                    ty,
                ));
            }
            Role::Body => {
                // Text and bytes as they are; anything else through serde.
                let call = respan_to_type(
                    code!(
                        "(&&#krate::__private::BodyValue(&self.#member)).__cloudwire_body(&mut __request)",
                        krate,
                        member
                    ),
                    ty,
                );
                body = Some(code!("#call?;", call));
            }
            Role::Path(_) | Role::Skip | Role::Leftover | Role::Invalid => {}
        }
    }
    if has_members(fields) {
        body = Some(code!("#body_func(&mut __request, self)?;", body_func));
    }
    // No body members: the runtime still writes what the content type needs
    // (a multipart body's closing boundary); GET and HEAD carry no body.
    if body.is_none() && method != "GET" && method != "HEAD" {
        body = Some(code!(
            "#krate::__private::no_members(&mut __request)?;",
            krate
        ));
    }
    // A HEAD response has no body: its type must not read one. Checked where
    // the type is concrete; a generic one is left to its own bounds.
    let params = ast::type_param_names(&input.generics);
    let head_check = if method == "HEAD" && !ast::mentions_type_param(response, &params) {
        let check = respan_to_type(
            code!(
                "#krate::__private::assert_bodyless::<#response>()",
                krate,
                response
            ),
            response,
        );
        code!(
            "
                    #[allow(dead_code)]
                    fn __cloudwire_head_response_has_no_body() { #check; }
                ",
            check
        )
    } else {
        TokenStream::new()
    };
    let method_ident = format_ident!("{}", method.to_string(), span = method.span());
    let error_type = error_type(error, krate);
    let steps = concat(&steps);
    let items = code!(
        "
            #head_check

            #[automatically_derived]
            impl #impl_generics #krate::__private::Endpoint for #ident #ty_generics #where_clause {
                type Response = #response;
                type Error = #error_type;

                fn to_request(&self) -> ::core::result::Result<#krate::Request, #krate::Error> {
                    #[allow(unused_imports)]
                    use #krate::__private::{
                        RawBody as _, SerializeBody as _, ViaDisplay as _, ViaNothing as _, ViaSerialize as _,
                    };
                    let mut __request = #krate::__private::request(#krate::http::Method::#method_ident, #path);
                    #steps
                    #body
                    ::core::result::Result::Ok(__request)
                }
            }
        ",
        head_check,
        impl_generics,
        krate,
        ident,
        ty_generics,
        where_clause,
        response,
        error_type,
        method_ident,
        path,
        steps,
        body
    );
    dummy_const(items)
}

/// What the generated code needs of the struct's type parameters, the way
/// serde's derive infers bounds: `Display` for path, query and header values,
/// `Serialize` for the body, `ApiResponse` for a generic response type.
fn inferred_bounds(
    container: &Container<'_>,
    fields: &[(Ident, Role)],
    response: &Type,
    krate: &syn::Path,
) -> Vec<TokenStream> {
    let params = ast::type_param_names(&container.input.generics);
    if params.is_empty() {
        return Vec::new();
    }
    let serialize = code!("#krate::__private::serde::Serialize", krate);
    let mut bounds = Vec::new();
    for (field, (_, role)) in container.fields.iter().zip(fields) {
        let ty = field.ty;
        let (bounded, bound) = match role {
            // A generic value is written through serde: `Serialize` is what
            // the bound can name (a `Secret`, an enum by its serde name).
            Role::Path(_) => (ty, &serialize),
            Role::Query(_) => {
                let ty = ast::option_inner(ty).unwrap_or(ty);
                (ast::vec_inner(ty).unwrap_or(ty), &serialize)
            }
            Role::Header(_) | Role::Cname => (ast::option_inner(ty).unwrap_or(ty), &serialize),
            Role::Body => (ty, &serialize),
            // Bounded below, as a whole.
            Role::Leftover | Role::Skip | Role::Invalid => continue,
        };
        if ast::mentions_type_param(bounded, &params) {
            bounds.push(code!("#bounded: #bound", bounded, bound));
        }
    }
    if has_members(fields) {
        // The struct is the body: whatever serde's derive required of the type
        // parameters (`T` for a `Vec<T>` field, nothing for a skipped one).
        let ident = &container.input.ident;
        let (_, ty_generics, _) = container.input.generics.split_for_impl();
        bounds.push(code!(
            "#ident #ty_generics: #serialize",
            ident,
            ty_generics,
            serialize
        ));
    }
    if ast::mentions_type_param(response, &params) {
        bounds.push(code!(
            "#response: #krate::__private::ApiResponse",
            response,
            krate
        ));
    }
    bounds
}

/// Derives `Serialize` on the struct for its body fields: every field with a
/// place elsewhere (path, query, header, skip) is skipped.
fn add_body_serialize(input: &mut DeriveInput, fields: &[(Ident, Role)], krate: &syn::Path) {
    let serde_crate = serde_crate_string(krate);
    // First, so that the user's `#[serde(...)]` on the struct come after the
    // derive that introduces them.
    input.attrs.insert(
        0,
        syn::parse_quote!(#[derive(#krate::__private::serde::Serialize)]),
    );
    input
        .attrs
        .insert(1, syn::parse_quote!(#[serde(crate = #serde_crate)]));
    if let syn::Data::Struct(data) = &mut input.data {
        for (field, (_, role)) in data.fields.iter_mut().zip(fields) {
            if !matches!(role, Role::Leftover) {
                field.attrs.push(syn::parse_quote!(#[serde(skip)]));
            } else if ast::option_inner(&field.ty).is_some() && !attr::has_serde_skip(&field.attrs)
            {
                // `None` is left out, as the official SDK leaves it out.
                field.attrs.push(syn::parse_quote!(
                    #[serde(skip_serializing_if = "::core::option::Option::is_none")]
                ));
            }
        }
    }
}

/// The endpoint's `type Error`: `Error`, or `TypedError<S>` for `error = S`,
/// spread over `S` so that a type that is no `ServiceError` is reported there.
pub fn error_type(error: Option<&Type>, krate: &syn::Path) -> TokenStream {
    match error {
        Some(ty) => respan_to_type(code!("#krate::__private::TypedError<#ty>", krate, ty), ty),
        None => code!("#krate::Error", krate),
    }
}

/// The paging inputs of an endpoint: query names, each with the span of its mark.
#[derive(Default)]
struct PagingInputs {
    /// `marker`, `offset` or `page`: how the next page is asked for.
    position: Option<(Mark, String, Span)>,
    /// `limit` or `per_page`.
    size: Option<(String, Span)>,
}

fn paging_inputs(cx: &Ctxt, container: &Container<'_>, roles: &[Role]) -> PagingInputs {
    let mut out = PagingInputs::default();
    for (field, role) in container.fields.iter().zip(roles) {
        for (n, (span, mark)) in field.marks.iter().enumerate() {
            let span = *span;
            if n > 0 {
                cx.error_at(
                    span,
                    format!(
                        "field `{}` is already the `{}` input; a field is one paging input, so remove `{}`",
                        field.ident,
                        field.marks[0].1.name(),
                        mark.name()
                    ),
                );
                continue;
            }
            if !mark.is_request() {
                cx.error_at(
                    span,
                    format!(
                        "`{}` is for response fields (`#[api_response]`); a request field takes one of: {}",
                        mark.name(),
                        attr::quote_list(VALID)
                    ),
                );
                continue;
            }
            let name = match role {
                Role::Query(name) => name.clone(),
                // Its error is reported.
                Role::Invalid => continue,
                _ => {
                    cx.error_at(
                        span,
                        format!(
                            "`{0}` is a query parameter: write `#[cloudwire(query, {0})]` (or `query = \"name\", {0}`)",
                            mark.name()
                        ),
                    );
                    continue;
                }
            };
            if ast::vec_inner(ast::option_inner(field.ty).unwrap_or(field.ty)).is_some() {
                cx.error_spanned_by(
                    field.ty,
                    format!("`{}` is one value: make the field an `Option<String>` or `Option<u32>`, not a list", mark.name()),
                );
                continue;
            }
            match mark {
                Mark::Limit | Mark::PerPage => match &out.size {
                    Some((first, _)) => cx.error_at(
                        span,
                        format!("the page size is already the query parameter `{first}`; remove `{}` from this field", mark.name()),
                    ),
                    None => out.size = Some((name, span)),
                },
                _ => match &out.position {
                    Some((first, query, _)) => cx.error_at(
                        span,
                        format!(
                            "the endpoint already pages by `{}` (the query parameter `{query}`); a list pages one way, so remove `{}` from this field",
                            first.name(),
                            mark.name()
                        ),
                    ),
                    None => out.position = Some((*mark, name, span)),
                },
            }
        }
    }
    out
}

/// `Paginated` (and `PageSize`) for an endpoint with paging inputs or the
/// option `paginated`.
fn generate_paging(
    container: &Container<'_>,
    inputs: &PagingInputs,
    paginated: Option<Span>,
    response: &Type,
    krate: &syn::Path,
) -> TokenStream {
    if inputs.position.is_none() && inputs.size.is_none() && paginated.is_none() {
        return TokenStream::new();
    }
    let input = container.input;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let params = ast::type_param_names(&input.generics);
    let generic_response = ast::mentions_type_param(response, &params);
    let bounds = if generic_response {
        vec![code!(
            "#response: #krate::__private::PageResponse",
            response,
            krate
        )]
    } else {
        Vec::new()
    };
    let where_clause = extend_where(where_clause, &bounds);
    let mut paging = code!("#krate::__private::Paging::new()", krate);
    if let Some((mark, name, _)) = &inputs.position {
        let with = match mark {
            Mark::Marker => code!("with_marker"),
            Mark::Offset => code!("with_offset"),
            _ => code!("with_page"),
        };
        paging = code!("#paging.#with(#name)", paging, with, name);
    }
    if let Some((name, _)) = &inputs.size {
        paging = code!("#paging.with_size(#name)", paging, name);
    }
    let has_marker = matches!(&inputs.position, Some((Mark::Marker, _, _)));
    // A page that gives a marker with nowhere to send it would end the list
    // after one page: refused at compile time where the response is concrete
    // (spanned on it, so that a response that is no page at all is reported
    // once, by the `Page` type above).
    let marker_unused = if !has_marker && !generic_response {
        let message = format!(
            "the response of `{ident}` gives a next marker, but `{ident}` has no marker input: mark its marker field `#[cloudwire(query, marker)]`"
        );
        // Through the impl's own `Page`, whose bound is checked (and
        // reported) once, there.
        let span = response.span();
        code_spanned!(
            span => "
                const _: () = ::core::assert!(
                    !<#ident as #krate::__private::Paginated>::__PAGE_GIVES_MARKER,
                    #message
                );
            ",
            ident,
            krate,
            message
        )
    } else {
        TokenStream::new()
    };
    let page_size = if inputs.size.is_some() {
        marker_impl(krate, "PageSize", input, &where_clause)
    } else {
        TokenStream::new()
    };
    // Checked where the response is concrete, on the token that asks for
    // it: a response that gives the next marker, on `marker`.
    let checks = if !generic_response {
        let mut marker = TokenStream::new();
        if let Some((Mark::Marker, _, span)) = &inputs.position {
            let span = *span;
            let func = code_spanned!(span => "#krate::__private::assert_next_marker", krate);
            marker = code_spanned!(span => "#func::<#response>();", func, response);
        }
        code!(
            "
                #[allow(dead_code)]
                fn __cloudwire_paging_checks() {
                    #marker
                }
            ",
            marker
        )
    } else {
        TokenStream::new()
    };
    let items = code!(
        "
            #checks
            #marker_unused

            #[automatically_derived]
            impl #impl_generics #krate::__private::Paginated for #ident #ty_generics #where_clause {
                // The user's tokens: a response that is not a page is reported there.
                type Page = #response;
                const PAGING: #krate::__private::Paging = #paging;
            }
            #page_size
        ",
        checks,
        marker_unused,
        impl_generics,
        krate,
        ident,
        ty_generics,
        where_clause,
        response,
        paging,
        page_size
    );
    dummy_const(items)
}

/// Whether a field of the struct has a paging mark (read from the attributes
/// as written, parsed or not).
fn input_has_marks(input: &DeriveInput) -> bool {
    let syn::Data::Struct(data) = &input.data else {
        return false;
    };
    for field in &data.fields {
        for attr in &field.attrs {
            if !attr.path().is_ident(attr::HELPER) {
                continue;
            }
            let syn::Meta::List(list) = &attr.meta else {
                continue;
            };
            // An option that is one word, between commas.
            let mut option: Vec<proc_macro2::TokenTree> = Vec::new();
            for tt in list.tokens.clone() {
                if matches!(&tt, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',') {
                    if is_request_mark(&option) {
                        return true;
                    }
                    option.clear();
                } else {
                    option.push(tt);
                }
            }
            if is_request_mark(&option) {
                return true;
            }
        }
    }
    false
}

/// Whether an option, as written, is one word that is a request's paging mark.
fn is_request_mark(option: &[proc_macro2::TokenTree]) -> bool {
    matches!(option, [proc_macro2::TokenTree::Ident(i)]
        if Mark::from_name(&i.to_string()).is_some_and(Mark::is_request))
}
