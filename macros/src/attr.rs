//! Attribute parsing into typed options, each keeping its span.

use crate::code::{code, separated};
use crate::ctxt::Ctxt;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, LitInt, LitStr, Token};

/// The name of the one helper-attribute namespace on fields and containers.
pub const HELPER: &str = "cloudwire";

/// An option that may be given once; the second occurrence is an error on its own tokens.
pub struct Attr<T> {
    name: &'static str,
    value: Option<(Span, T)>,
}

impl<T> Attr<T> {
    pub fn none(name: &'static str) -> Self {
        Attr { name, value: None }
    }

    pub fn set(&mut self, cx: &Ctxt, span: Span, value: T) {
        if self.value.is_some() {
            duplicate(cx, span, self.name);
        } else {
            self.value = Some((span, value));
        }
    }

    pub fn get(self) -> Option<T> {
        self.value.map(|(_, value)| value)
    }

    pub fn get_with_span(self) -> Option<(Span, T)> {
        self.value
    }
}

/// The error for an option given twice (outside `Attr<T>`: compiled once).
fn duplicate(cx: &Ctxt, span: Span, name: &str) {
    cx.error_at(span, format!("duplicate option `{name}`; give it once"));
}

/// `crate = "path"`: where the runtime is, for users who rename it.
pub fn parse_crate_path(
    cx: &Ctxt,
    name: &Ident,
    input: ParseStream<'_>,
) -> syn::Result<Option<syn::Path>> {
    let lit = parse_string_value(name, input, "crate = \"cloudwire\"")?;
    match lit.parse_with(syn::Path::parse_mod_style) {
        Ok(path) => Ok(Some(path)),
        Err(_) => {
            cx.error_spanned_by(&lit, "`crate` must be a path, e.g. `crate = \"cloudwire\"` or `crate = \"::my_reexport::cloudwire\"`");
            Ok(None)
        }
    }
}

/// Parses `= "text"` after an option name, with an error (on the name when the
/// value is missing) that shows how to write it.
pub fn parse_string_value(
    name: &Ident,
    input: ParseStream<'_>,
    example: &str,
) -> syn::Result<LitStr> {
    if !input.peek(Token![=]) {
        return Err(syn::Error::new(
            name.span(),
            format!("`{name}` needs a value; write `{example}`"),
        ));
    }
    let eq: Token![=] = input.parse()?;
    if input.is_empty() || input.peek(Token![,]) {
        return Err(syn::Error::new(
            eq.span,
            format!("`{name}` needs a value; write `{example}`"),
        ));
    }
    if input.peek(LitStr) {
        return input.parse();
    }
    let tokens = take_value(input)?;
    Err(syn::Error::new_spanned(
        &tokens,
        format!("`{name}` takes a string; write `{example}`"),
    ))
}

/// Consumes the tokens of one option value (up to the next top-level comma).
pub fn take_value(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        let tt: proc_macro2::TokenTree = input.parse()?;
        tokens.extend(std::iter::once(tt));
    }
    Ok(tokens)
}

/// An option name: an identifier or the keyword `crate`.
pub fn parse_option_name(input: ParseStream<'_>) -> syn::Result<Ident> {
    if input.peek(Token![crate]) {
        let kw: Token![crate] = input.parse()?;
        return Ok(Ident::new("crate", kw.span));
    }
    input.call(syn::ext::IdentExt::parse_any)
}

/// Statuses that count as success: `status = 201` or `status = [200, 202]`.
pub struct StatusSpec {
    pub codes: Vec<(u16, Span)>,
}

pub fn parse_status(
    cx: &Ctxt,
    name: &Ident,
    input: ParseStream<'_>,
) -> syn::Result<Option<StatusSpec>> {
    const EXAMPLE: &str = "status = 201` or `status = [200, 202]";
    if !input.peek(Token![=]) {
        return Err(syn::Error::new(
            name.span(),
            format!("`status` needs a value; write `{EXAMPLE}`"),
        ));
    }
    let eq: Token![=] = input.parse()?;
    if input.is_empty() || input.peek(Token![,]) {
        return Err(syn::Error::new(
            eq.span,
            format!("`status` needs a value; write `{EXAMPLE}`"),
        ));
    }
    let mut codes = Vec::new();
    if input.peek(syn::token::Bracket) {
        let content;
        let bracket = syn::bracketed!(content in input);
        let list = content.parse_terminated(parse_status_item, Token![,]);
        match list {
            Ok(list) => {
                if list.is_empty() {
                    cx.error_at(bracket.span.join(), "the status list is empty; list at least one 2xx status, or leave `status` out to accept any 2xx");
                    return Ok(None);
                }
                for item in list {
                    match item {
                        Ok(code) => codes.push(code),
                        Err(e) => cx.syn_error(e),
                    }
                }
            }
            Err(e) => {
                cx.syn_error(e);
                return Ok(None);
            }
        }
    } else {
        match parse_status_item(input)? {
            Ok(code) => codes.push(code),
            Err(e) => {
                cx.syn_error(e);
                return Ok(None);
            }
        }
    }
    let mut seen: Vec<u16> = Vec::new();
    for (code, span) in &codes {
        if seen.contains(code) {
            cx.error_at(
                *span,
                format!("status {code} is listed twice; list it once"),
            );
        }
        seen.push(*code);
    }
    Ok(Some(StatusSpec { codes }))
}

/// One status. The outer `Result` is a parse failure; the inner one a bad value.
fn parse_status_item(input: ParseStream<'_>) -> syn::Result<syn::Result<(u16, Span)>> {
    if input.peek(LitInt) {
        let lit: LitInt = input.parse()?;
        let code = match lit.base10_parse::<u16>() {
            Ok(code) => code,
            Err(_) => {
                return Ok(Err(syn::Error::new(
                    lit.span(),
                    "a status is a number from 200 to 299",
                )));
            }
        };
        if !(200..=299).contains(&code) {
            return Ok(Err(syn::Error::new(
                lit.span(),
                format!(
                    "status {code} is not a success status; list only 2xx statuses here (every other status becomes `cloudwire::Error::Api` by itself)"
                ),
            )));
        }
        return Ok(Ok((code, lit.span())));
    }
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        let v = lit.value();
        return Ok(Err(syn::Error::new(
            lit.span(),
            format!("write the status as a number: `status = {v}`"),
        )));
    }
    let tokens = take_value_in_list(input)?;
    Ok(Err(syn::Error::new_spanned(
        tokens,
        "a status is a number from 200 to 299, e.g. `status = 201`",
    )))
}

fn take_value_in_list(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        let tt: proc_macro2::TokenTree = input.parse()?;
        tokens.extend(std::iter::once(tt));
    }
    if tokens.is_empty() {
        return Err(input.error("expected a status, e.g. `201`"));
    }
    Ok(tokens)
}

/// What a field option says: where a request field goes or what a response field holds.
#[derive(Clone)]
pub enum FieldOption {
    /// `path` or `path = "name"`.
    Path(Option<LitStr>),
    /// `query` or `query = "name"`.
    Query(Option<LitStr>),
    /// `header = "Name"`.
    Header(LitStr),
    /// `body`.
    Body,
    /// `skip`.
    Skip,
    /// `cname`: the value goes before the endpoint's host.
    Cname,
    /// `request_id`.
    RequestId,
    /// `status`.
    Status,
    /// `headers`.
    Headers,
    /// A paging mark: `marker`, `limit`, `per_page`, `offset`, `page`
    /// (request fields, next to `query`) or `items`, `total` (response fields).
    Mark(Mark),
}

/// A paging mark on a field, given next to where the field goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mark {
    Marker,
    Limit,
    PerPage,
    Offset,
    Page,
    Items,
    Total,
}

impl Mark {
    pub fn from_name(name: &str) -> Option<Mark> {
        Some(match name {
            "marker" => Mark::Marker,
            "limit" => Mark::Limit,
            "per_page" => Mark::PerPage,
            "offset" => Mark::Offset,
            "page" => Mark::Page,
            "items" => Mark::Items,
            "total" => Mark::Total,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Mark::Marker => "marker",
            Mark::Limit => "limit",
            Mark::PerPage => "per_page",
            Mark::Offset => "offset",
            Mark::Page => "page",
            Mark::Items => "items",
            Mark::Total => "total",
        }
    }

    /// Whether it marks a request field (an input of the endpoint).
    pub fn is_request(self) -> bool {
        !matches!(self, Mark::Items | Mark::Total)
    }
}

impl FieldOption {
    pub fn name(&self) -> &'static str {
        match self {
            FieldOption::Path(_) => "path",
            FieldOption::Query(_) => "query",
            FieldOption::Header(_) => "header",
            FieldOption::Body => "body",
            FieldOption::Skip => "skip",
            FieldOption::Cname => "cname",
            FieldOption::RequestId => "request_id",
            FieldOption::Status => "status",
            FieldOption::Headers => "headers",
            FieldOption::Mark(mark) => mark.name(),
        }
    }
}

/// Field options with the span of the word that set each.
pub type FieldOptions = Vec<(Span, FieldOption)>;

/// Parses every `#[cloudwire(...)]` on a field. `valid` lists what this macro accepts.
/// The flag is true when one of them was malformed (and already reported), so
/// that later checks leave the field alone instead of adding follow-on errors.
pub fn parse_field_options(cx: &Ctxt, attrs: &[Attribute], valid: &[&str]) -> (FieldOptions, bool) {
    let mut options = Vec::new();
    let mut malformed = false;
    for attr in attrs {
        if !attr.path().is_ident(HELPER) {
            continue;
        }
        let list = match &attr.meta {
            syn::Meta::List(list) => list,
            other => {
                cx.error_spanned_by(
                    other,
                    format!("write options in parentheses: `#[cloudwire({})]`", valid[0]),
                );
                malformed = true;
                continue;
            }
        };
        if list.tokens.is_empty() {
            cx.error_spanned_by(
                list,
                format!(
                    "empty `#[cloudwire()]`; write one of: {}",
                    quote_list(valid)
                ),
            );
            malformed = true;
            continue;
        }
        let result = parse_option_tokens(list.tokens.clone(), &mut |name, input| {
            let span = name.span();
            let option = match name.to_string().as_str() {
                "path" => FieldOption::Path(parse_optional_string(name, input, "path = \"name\"")?),
                "query" => {
                    FieldOption::Query(parse_optional_string(name, input, "query = \"name\"")?)
                }
                "header" => FieldOption::Header(parse_string_value(
                    name,
                    input,
                    "header = \"X-Project-Id\"",
                )?),
                "body" => flag(input, "body")?,
                "skip" => flag(input, "skip")?,
                "cname" => flag(input, "cname")?,
                "request_id" => flag(input, "request_id")?,
                "status" => flag(input, "status")?,
                "headers" => flag(input, "headers")?,
                other if Mark::from_name(other).is_some() => flag(input, other)?,
                other => {
                    take_value_after(input)?;
                    return Err(syn::Error::new(
                        span,
                        format!(
                            "unknown option `{other}`; expected one of: {}",
                            quote_list(valid)
                        ),
                    ));
                }
            };
            options.push((span, option));
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
            malformed = true;
        }
    }
    (options, malformed)
}

fn flag(input: ParseStream<'_>, name: &str) -> syn::Result<FieldOption> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        let value = take_value(input)?;
        return Err(syn::Error::new_spanned(
            value,
            format!("`{name}` takes no value; write `#[cloudwire({name})]`"),
        ));
    }
    if let Some(mark) = Mark::from_name(name) {
        return Ok(FieldOption::Mark(mark));
    }
    Ok(match name {
        "body" => FieldOption::Body,
        "skip" => FieldOption::Skip,
        "cname" => FieldOption::Cname,
        "request_id" => FieldOption::RequestId,
        "status" => FieldOption::Status,
        _ => FieldOption::Headers,
    })
}

fn parse_optional_string(
    name: &Ident,
    input: ParseStream<'_>,
    example: &str,
) -> syn::Result<Option<LitStr>> {
    if input.peek(Token![=]) {
        parse_string_value(name, input, example).map(Some)
    } else {
        Ok(None)
    }
}

fn take_value_after(input: ParseStream<'_>) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        take_value(input)?;
    } else if input.peek(syn::token::Paren) {
        let _group: proc_macro2::Group = input.parse()?;
    }
    Ok(())
}

pub fn quote_list(items: &[&str]) -> String {
    let mut list = String::new();
    for item in items {
        if !list.is_empty() {
            list.push_str(", ");
        }
        list.push('`');
        list.push_str(item);
        list.push('`');
    }
    list
}

/// Container-level `#[cloudwire(...)]` options: only `crate` (and, for the derive
/// form of `ApiResponse`, `status`).
pub struct ContainerOptions {
    pub krate: Attr<syn::Path>,
    pub status: Attr<StatusSpec>,
    /// `next_marker`, `next_link` and `total`, in the order given (one is
    /// allowed; the others are reported).
    pub next: Vec<(Span, Next)>,
}

/// Where a page says the next one starts.
pub enum Next {
    Marker(BodyPath),
    Link(BodyPath),
    ContentRange,
}

impl Next {
    pub fn name(&self) -> &'static str {
        match self {
            Next::Marker(_) => "next_marker",
            Next::Link(_) => "next_link",
            Next::ContentRange => "total",
        }
    }
}

impl ContainerOptions {
    pub fn new() -> Self {
        ContainerOptions {
            krate: Attr::none("crate"),
            status: Attr::none("status"),
            next: Vec::new(),
        }
    }
}

/// A path to a member of a JSON body, `"page_info.next_marker"`.
pub struct BodyPath {
    pub segments: Vec<String>,
}

/// The paging options of a response, `next_marker = "..."`, `next_link =
/// "..."` and `total = content_range`; `Ok(false)` when `name` is none of them.
pub fn parse_paging_option(
    cx: &Ctxt,
    name: &Ident,
    input: ParseStream<'_>,
    out: &mut ContainerOptions,
) -> syn::Result<bool> {
    let text = name.to_string();
    match text.as_str() {
        "next_marker" | "next_link" => {
            let example = if text == "next_marker" {
                "next_marker = \"page_info.next_marker\""
            } else {
                "next_link = \"links.next\""
            };
            let lit = parse_string_value(name, input, example)?;
            let value = lit.value();
            let segments: Vec<String> = value.split('.').map(str::to_owned).collect();
            if segments.contains(&String::new()) {
                cx.error_spanned_by(
                    &lit,
                    format!("`{value}` is not a body path; name the members from the outermost, joined by `.`, e.g. `{example}`"),
                );
                return Ok(true);
            }
            let path = BodyPath { segments };
            let next = if text == "next_marker" {
                Next::Marker(path)
            } else {
                Next::Link(path)
            };
            out.next.push((name.span(), next));
            Ok(true)
        }
        "total" => {
            const EXAMPLE: &str = "total = content_range";
            if !input.peek(Token![=]) {
                return Err(syn::Error::new(
                    name.span(),
                    format!(
                        "`total` needs a value; write `{EXAMPLE}` for the `Content-Range` header, or mark a body field `#[cloudwire(total)]`"
                    ),
                ));
            }
            input.parse::<Token![=]>()?;
            let value = take_value(input)?;
            let is_content_range = matches!(
                &value.clone().into_iter().collect::<Vec<_>>()[..],
                [proc_macro2::TokenTree::Ident(i)] if i == "content_range"
            );
            if is_content_range {
                out.next.push((name.span(), Next::ContentRange));
            } else {
                cx.error_spanned_by(
                    &value,
                    format!("`total` reads the `Content-Range` header: write `{EXAMPLE}`; for a count in the body, mark its field `#[cloudwire(total)]`"),
                );
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

pub fn parse_container_options(
    cx: &Ctxt,
    attrs: &[Attribute],
    allow_status: bool,
) -> ContainerOptions {
    let mut out = ContainerOptions::new();
    let valid: &[&str] = if allow_status {
        &["status", "next_marker", "next_link", "total", "crate"]
    } else {
        &["crate"]
    };
    for attr in attrs {
        if !attr.path().is_ident(HELPER) {
            continue;
        }
        let result = parse_attr_options(attr, &mut |name, input| match name.to_string().as_str() {
            "crate" => {
                if let Some(path) = parse_crate_path(cx, name, input)? {
                    out.krate.set(cx, name.span(), path);
                }
                Ok(())
            }
            "status" if allow_status => {
                if let Some(spec) = parse_status(cx, name, input)? {
                    out.status.set(cx, name.span(), spec);
                }
                Ok(())
            }
            _ if allow_status && parse_paging_option(cx, name, input, &mut out)? => Ok(()),
            other => {
                take_value_after(input)?;
                Err(syn::Error::new(
                    name.span(),
                    format!(
                        "unknown option `{other}` on the struct; expected one of: {}",
                        quote_list(valid)
                    ),
                ))
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

/// Parses `name [= value], ...`, calling `each` for every name.
pub fn parse_options(
    input: ParseStream<'_>,
    mut each: impl FnMut(&Ident, ParseStream<'_>) -> syn::Result<()>,
) -> syn::Result<()> {
    parse_each_option(input, &mut each)
}

/// What is called for each option of a list: its name, and the input just
/// after it.
pub type EachOption<'e> = dyn FnMut(&Ident, ParseStream<'_>) -> syn::Result<()> + 'e;

/// Parses `tokens` (a macro's arguments) as `name [= value], ...`, calling
/// `each` for every name.
pub fn parse_option_tokens(tokens: TokenStream, each: &mut EachOption<'_>) -> syn::Result<()> {
    parse_tokens(tokens, &mut |input| parse_each_option(input, each))
}

/// Parses the options of `#[cloudwire(name [= value], ...)]`, calling `each`
/// for every name.
pub fn parse_attr_options(attr: &Attribute, each: &mut EachOption<'_>) -> syn::Result<()> {
    attr.parse_args_with(|input: ParseStream<'_>| parse_each_option(input, each))
}

/// Parses all of `tokens` with `parse`: syn's parser machinery, compiled once.
pub fn parse_tokens(
    tokens: TokenStream,
    parse: &mut dyn FnMut(ParseStream<'_>) -> syn::Result<()>,
) -> syn::Result<()> {
    (|input: ParseStream<'_>| parse(input)).parse2(tokens)
}

/// [`parse_options`], compiled once for all its callers.
fn parse_each_option(input: ParseStream<'_>, each: &mut EachOption<'_>) -> syn::Result<()> {
    while !input.is_empty() {
        let name = parse_option_name(input)?;
        each(&name, input)?;
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(())
}

/// Whether a string is a valid HTTP header name (an RFC 9110 token).
pub fn is_header_name(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    for b in s.bytes() {
        if !(b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
            return false;
        }
    }
    true
}

/// Whether `names` has `name`, in any case (header names).
pub fn contains_ignore_case(names: &[String], name: &str) -> bool {
    for n in names {
        if n.eq_ignore_ascii_case(name) {
            return true;
        }
    }
    false
}

/// Keeps only the attributes that are not ours (`#[cloudwire]`), and, when
/// `strip_serde`, not `#[serde]` either.
pub fn strip_helpers(attrs: &mut Vec<Attribute>, strip_serde: bool) {
    attrs.retain(|a| !(a.path().is_ident(HELPER) || (strip_serde && a.path().is_ident("serde"))));
}

/// The path naming `which` (`Serialize` or `Deserialize`) in the item's own
/// `#[derive(...)]`, if the user derives it.
pub fn derived(attrs: &[Attribute], which: &str) -> Option<syn::Path> {
    for attr in attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        for path in paths {
            if path.segments.last().is_some_and(|s| s.ident == which) {
                return Some(path);
            }
        }
    }
    None
}

/// Whether the item derives `Serialize` or `Deserialize` itself: its
/// `#[serde(...)]` attributes are then the user's and stay.
pub fn derives_serde(attrs: &[Attribute]) -> bool {
    derived(attrs, "Serialize").is_some() || derived(attrs, "Deserialize").is_some()
}

/// The `#[serde(...)]` attributes of a field or container.
/// The container's `#[serde(...)]` attributes for a generated companion struct:
/// `crate = ...` is left out, since the companion names its own serde path.
pub fn container_serde_attrs(attrs: &[Attribute]) -> Vec<proc_macro2::TokenStream> {
    let mut out = Vec::new();
    for attr in serde_attrs(attrs) {
        let syn::Meta::List(list) = &attr.meta else {
            out.push(attr.to_token_stream());
            continue;
        };
        let mut kept: Vec<proc_macro2::TokenStream> = Vec::new();
        let mut current = proc_macro2::TokenStream::new();
        let mut items = Vec::new();
        for tt in list.tokens.clone() {
            match &tt {
                proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => {
                    items.push(std::mem::take(&mut current));
                }
                _ => current.extend(std::iter::once(tt)),
            }
        }
        items.push(current);
        for item in items {
            let is_crate = matches!(
                item.clone().into_iter().next(),
                Some(proc_macro2::TokenTree::Ident(ref i)) if i == "crate"
            );
            if !item.is_empty() && !is_crate {
                kept.push(item);
            }
        }
        if !kept.is_empty() {
            let kept = separated(&kept, ',');
            out.push(code!("#[serde(#kept)]", kept));
        }
    }
    out
}

/// Whether a field's `#[serde(...)]` already says when to skip it
/// (`skip`, `skip_serializing` or `skip_serializing_if`).
pub fn has_serde_skip(attrs: &[Attribute]) -> bool {
    for attr in serde_attrs(attrs) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        for tt in list.tokens.clone() {
            if matches!(&tt, proc_macro2::TokenTree::Ident(i)
                if i == "skip" || i == "skip_serializing" || i == "skip_serializing_if")
            {
                return true;
            }
        }
    }
    false
}

pub fn serde_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    let mut serde = Vec::new();
    for attr in attrs {
        if attr.path().is_ident("serde") {
            serde.push(attr);
        }
    }
    serde
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn status(tokens: proc_macro2::TokenStream) -> Result<Vec<u16>, String> {
        let cx = Ctxt::new();
        let name = Ident::new("status", Span::call_site());
        let parsed = (|input: ParseStream<'_>| parse_status(&cx, &name, input)).parse2(tokens);
        let spec = match parsed {
            Ok(spec) => spec,
            Err(e) => return Err(e.to_string()),
        };
        cx.check().map_err(|e| e.to_string())?;
        Ok(spec
            .map(|s| s.codes.into_iter().map(|(c, _)| c).collect())
            .unwrap_or_default())
    }

    #[test]
    fn status_values() {
        assert_eq!(status(quote::quote!(= 201)), Ok(vec![201]));
        assert_eq!(status(quote::quote!(= [200, 202,])), Ok(vec![200, 202]));
        let err = status(quote::quote!(= 404)).unwrap_err();
        assert!(
            err.starts_with("status 404 is not a success status"),
            "{err}"
        );
        assert_eq!(
            status(quote::quote!(= "201")).unwrap_err(),
            "write the status as a number: `status = 201`"
        );
        assert!(
            status(quote::quote!(= []))
                .unwrap_err()
                .starts_with("the status list is empty")
        );
        assert_eq!(
            status(quote::quote!(= [200, 200])).unwrap_err(),
            "status 200 is listed twice; list it once"
        );
        assert!(
            status(quote::quote!())
                .unwrap_err()
                .starts_with("`status` needs a value")
        );
    }

    #[test]
    fn field_options() {
        let cx = Ctxt::new();
        let attrs: Vec<Attribute> = vec![
            parse_quote!(#[doc = "x"]),
            parse_quote!(#[cloudwire(query = "Limit")]),
            parse_quote!(#[serde(rename = "y")]),
        ];
        let (options, malformed) = parse_field_options(&cx, &attrs, &["query"]);
        assert!(!malformed);
        assert!(
            matches!(&options[..], [(_, FieldOption::Query(Some(name)))] if name.value() == "Limit")
        );
        assert!(cx.check().is_ok());

        let cx = Ctxt::new();
        let attrs: Vec<Attribute> = vec![parse_quote!(#[cloudwire(qurey)])];
        let (options, malformed) = parse_field_options(&cx, &attrs, &["path", "query"]);
        assert!(options.is_empty() && malformed);
        assert_eq!(
            cx.check().unwrap_err().to_string(),
            "unknown option `qurey`; expected one of: `path`, `query`"
        );
    }

    #[test]
    fn paging_marks_sit_next_to_the_place() {
        let cx = Ctxt::new();
        let attrs: Vec<Attribute> = vec![parse_quote!(#[cloudwire(query = "Marker", marker)])];
        let (options, malformed) = parse_field_options(&cx, &attrs, &["query"]);
        assert!(!malformed && cx.check().is_ok());
        assert!(matches!(
            &options[..],
            [(_, FieldOption::Query(Some(name))), (_, FieldOption::Mark(Mark::Marker))] if name.value() == "Marker"
        ));

        let cx = Ctxt::new();
        let attrs: Vec<Attribute> = vec![parse_quote!(#[cloudwire(items = 1)])];
        let (_, malformed) = parse_field_options(&cx, &attrs, &["items"]);
        assert!(malformed);
        assert_eq!(
            cx.check().unwrap_err().to_string(),
            "`items` takes no value; write `#[cloudwire(items)]`"
        );
    }

    fn next(tokens: proc_macro2::TokenStream) -> Result<Vec<String>, String> {
        let cx = Ctxt::new();
        let mut out = ContainerOptions::new();
        let parsed = (|input: ParseStream<'_>| {
            parse_options(input, |name, input| {
                parse_paging_option(&cx, name, input, &mut out).map(|_| ())
            })
        })
        .parse2(tokens);
        parsed.map_err(|e| e.to_string())?;
        cx.check().map_err(|e| e.to_string())?;
        Ok(out
            .next
            .iter()
            .map(|(_, n)| match n {
                Next::Marker(p) => format!("marker {}", p.segments.join("/")),
                Next::Link(p) => format!("link {}", p.segments.join("/")),
                Next::ContentRange => "content_range".to_owned(),
            })
            .collect())
    }

    #[test]
    fn next_positions() {
        assert_eq!(
            next(quote::quote!(next_marker = "page_info.next_marker")),
            Ok(vec!["marker page_info/next_marker".to_owned()])
        );
        assert_eq!(
            next(quote::quote!(
                next_link = "links.next",
                total = content_range
            )),
            Ok(vec![
                "link links/next".to_owned(),
                "content_range".to_owned()
            ])
        );
        assert!(
            next(quote::quote!(next_marker = ".x"))
                .unwrap_err()
                .contains("is not a body path")
        );
        assert!(
            next(quote::quote!(total = "x"))
                .unwrap_err()
                .starts_with("`total` reads the `Content-Range` header")
        );
        assert!(
            next(quote::quote!(total))
                .unwrap_err()
                .starts_with("`total` needs a value")
        );
        assert!(
            next(quote::quote!(next_link))
                .unwrap_err()
                .starts_with("`next_link` needs a value")
        );
    }

    #[test]
    fn header_names() {
        assert!(is_header_name("X-Subject-Token"));
        assert!(is_header_name("x_underscore"));
        assert!(!is_header_name("X Project"));
        assert!(!is_header_name(""));
        assert!(!is_header_name("X:Y"));
    }

    #[test]
    fn companion_serde_attrs_drop_crate() {
        let attrs: Vec<Attribute> = vec![
            parse_quote!(#[serde(crate = "cloudwire::serde", rename_all = "camelCase")]),
            parse_quote!(#[serde(crate = "cloudwire::serde")]),
            parse_quote!(#[serde(deny_unknown_fields)]),
        ];
        let kept: Vec<String> = container_serde_attrs(&attrs)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            kept,
            [
                "# [serde (rename_all = \"camelCase\")]",
                "# [serde (deny_unknown_fields)]"
            ]
        );
    }
}
