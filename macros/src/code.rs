//! Generated code written as text: `code!("impl #trait_ for #ty {}", trait_, ty)`.
//!
//! `quote!` expands each token of its template into a call of its own, which
//! rustc then type-checks, borrow-checks and compiles: written with `code!`,
//! this crate's templates cost a sixth less of its build (rustc's instructions
//! for a cold build, 4.12 G with `quote!` against 3.44 G with `code!`). A
//! template written as a string is one constant, lexed (by the compiler) the
//! first time the macro uses it; each expansion then builds its tokens from
//! that, as `quote!`'s calls would.
//!
//! The tokens are the ones `quote!` would give: the template's own tokens are
//! spanned at the call site (or at one span, with `code_spanned!`, as with
//! `quote_spanned!`), and `#name` is replaced by the value's tokens, with their
//! own spans. Repetitions are not written in the template: build the list with
//! [`concat`], [`separated`] or [`terminated`] and interpolate it.
//!
//! Every `#name` is given as an argument, and every argument is used: a unit
//! test reads each template in this crate's source and checks both.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};
use std::cell::RefCell;

/// The tokens of a template, `#name` replaced by the argument `name`.
macro_rules! code {
    ($src:literal $(, $name:ident)* $(,)?) => {
        $crate::code::render(
            $src,
            ::core::option::Option::None,
            &[$((::core::stringify!($name), &$name)),*],
        )
    };
}

/// [`code!`] with the template's own tokens at `span`, as `quote_spanned!`.
macro_rules! code_spanned {
    ($span:expr => $src:literal $(, $name:ident)* $(,)?) => {
        $crate::code::render(
            $src,
            ::core::option::Option::Some($span),
            &[$((::core::stringify!($name), &$name)),*],
        )
    };
}

pub(crate) use {code, code_spanned};

/// The template `src`, lexed, with each `#name` replaced by its argument.
///
/// # Panics
///
/// If `src` does not lex, names a `#name` not in `args` or leaves one of
/// `args` unused: a mistake in this crate, never in a user's input.
pub fn render(
    src: &'static str,
    span: Option<Span>,
    args: &[(&str, &dyn Interpolate)],
) -> TokenStream {
    let template = lexed(src);
    let mut used = vec![false; args.len()];
    let mut tokens = TokenStream::new();
    build(
        template,
        span.unwrap_or_else(Span::call_site),
        args,
        &mut used,
        &mut tokens,
    );
    if let Some(unused) = used.iter().position(|u| !u) {
        panic!(
            "code!: `{}` is not used in the template: {src}",
            args[unused].0
        );
    }
    tokens
}

/// A template's tokens as text: tokens themselves belong to one expansion
/// and cannot be kept for the next.
enum Node {
    Ident(String),
    Punct(char, Spacing),
    Literal(String),
    Group(Delimiter, Vec<Node>),
    /// `#name`.
    Argument(String),
}

/// Where a template's text is, and its length.
type Address = (*const u8, usize);

thread_local! {
    /// The templates lexed so far on this thread, by address. The compiler
    /// keeps this crate loaded for its whole run, so a template is lexed once
    /// per run (per thread that expands it), not once per expansion.
    static LEXED: RefCell<Vec<(Address, &'static [Node])>> = const { RefCell::new(Vec::new()) };
}

/// The template `src`, lexed on its first use.
fn lexed(src: &'static str) -> &'static [Node] {
    let cached = LEXED.with_borrow(|lexed| {
        lexed
            .iter()
            .find(|(at, _)| *at == (src.as_ptr(), src.len()))
            .map(|(_, nodes)| *nodes)
    });
    if let Some(nodes) = cached {
        return nodes;
    }
    // Inside a macro, by the compiler alone: proc_macro2 would lex the text
    // a second time, with its own code, to turn an error into an `Err`.
    let tokens = if proc_macro::is_available() {
        src.parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .map_err(|e| e.to_string())
    } else {
        src.parse::<TokenStream>().map_err(|e| e.to_string())
    };
    let tokens = tokens.unwrap_or_else(|e| panic!("code!: the template does not lex ({e}): {src}"));
    // Kept for the compiler's run, as the crate's own code is.
    let nodes: &'static [Node] = Box::leak(to_nodes(tokens).into_boxed_slice());
    LEXED.with_borrow_mut(|lexed| lexed.push(((src.as_ptr(), src.len()), nodes)));
    nodes
}

fn to_nodes(tokens: TokenStream) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        nodes.push(match tree {
            TokenTree::Punct(p) if p.as_char() == '#' => match trees.peek() {
                Some(TokenTree::Ident(name)) => {
                    let name = name.to_string();
                    trees.next();
                    Node::Argument(name)
                }
                _ => Node::Punct('#', p.spacing()),
            },
            TokenTree::Punct(p) => Node::Punct(p.as_char(), p.spacing()),
            TokenTree::Ident(ident) => Node::Ident(ident.to_string()),
            TokenTree::Literal(lit) => Node::Literal(lit.to_string()),
            TokenTree::Group(g) => Node::Group(g.delimiter(), to_nodes(g.stream())),
        });
    }
    nodes
}

/// The template's tokens at `span`, each `#name` replaced by its argument.
fn build(
    nodes: &[Node],
    span: Span,
    args: &[(&str, &dyn Interpolate)],
    used: &mut [bool],
    tokens: &mut TokenStream,
) {
    for node in nodes {
        match node {
            Node::Ident(name) => tokens.append(match name.strip_prefix("r#") {
                Some(raw) => Ident::new_raw(raw, span),
                None => Ident::new(name, span),
            }),
            Node::Punct(ch, spacing) => {
                let mut punct = Punct::new(*ch, *spacing);
                punct.set_span(span);
                tokens.append(punct);
            }
            Node::Literal(text) => {
                let mut lit: Literal = text.parse().unwrap_or_else(|_| unreachable!("{text}"));
                lit.set_span(span);
                tokens.append(lit);
            }
            Node::Group(delimiter, inner) => {
                let mut stream = TokenStream::new();
                build(inner, span, args, used, &mut stream);
                let mut group = Group::new(*delimiter, stream);
                group.set_span(span);
                tokens.append(group);
            }
            Node::Argument(name) => {
                let Some(i) = args.iter().position(|(n, _)| n == name) else {
                    panic!("code!: no argument for `#{name}`");
                };
                used[i] = true;
                args[i].1.interpolate(tokens);
            }
        }
    }
}

/// A value `code!` interpolates: any `ToTokens`, through a trait of one
/// method, so that a value's vtable instantiates only that method.
pub trait Interpolate {
    fn interpolate(&self, tokens: &mut TokenStream);
}

impl<T: ToTokens + ?Sized> Interpolate for T {
    fn interpolate(&self, tokens: &mut TokenStream) {
        self.to_tokens(tokens);
    }
}

/// The items one after the other, as `quote!`'s `#(#items)*`.
pub fn concat<T: ToTokens>(items: &[T]) -> TokenStream {
    join(items, None, false)
}

/// The items separated by `sep`, as `quote!`'s `#(#items),*`.
pub fn separated<T: ToTokens>(items: &[T], sep: char) -> TokenStream {
    join(items, Some(sep), false)
}

/// Each item followed by `sep`, as `quote!`'s `#(#items,)*`.
pub fn terminated<T: ToTokens>(items: &[T], sep: char) -> TokenStream {
    join(items, Some(sep), true)
}

fn join<T: ToTokens>(items: &[T], sep: Option<char>, trailing: bool) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut first = true;
    for item in items {
        if !first && !trailing {
            push_separator(&mut tokens, sep);
        }
        item.to_tokens(&mut tokens);
        if trailing {
            push_separator(&mut tokens, sep);
        }
        first = false;
    }
    tokens
}

fn push_separator(tokens: &mut TokenStream, sep: Option<char>) {
    if let Some(sep) = sep {
        tokens.append(Punct::new(sep, Spacing::Alone));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn gives_the_tokens_quote_gives() {
        let ty: syn::Type = syn::parse_quote!(Vec<u8>);
        let name = quote!(Thing);
        let items = [quote!(a), quote!(b)];
        let list = separated(&items, ',');
        let ours = code!(
            "impl ::core::fmt::Debug for #name { fn f(x: #ty) -> [u8; 2] { #[allow(x)] let _ = (#list); } }",
            name,
            ty,
            list
        );
        let theirs = quote! {
            impl ::core::fmt::Debug for #name { fn f(x: #ty) -> [u8; 2] { #[allow(x)] let _ = (#(#items),*); } }
        };
        assert_eq!(ours.to_string(), theirs.to_string());
    }

    #[test]
    fn a_template_used_again_takes_its_new_arguments() {
        // The second use comes from the cache, with other values.
        let render_with = |name: &str| {
            let name = syn::Ident::new(name, Span::call_site());
            code!("pub struct #name(u8);", name).to_string()
        };
        assert_eq!(
            render_with("First"),
            quote!(
                pub struct First(u8);
            )
            .to_string()
        );
        assert_eq!(
            render_with("Second"),
            quote!(
                pub struct Second(u8);
            )
            .to_string()
        );
    }

    #[test]
    fn repeats_as_quote_repeats() {
        let items = [quote!(a), quote!(b::c)];
        assert_eq!(concat(&items).to_string(), quote!(#(#items)*).to_string());
        assert_eq!(
            separated(&items, '|').to_string(),
            quote!(#(#items)|*).to_string()
        );
        assert_eq!(
            terminated(&items, ',').to_string(),
            quote!(#(#items,)*).to_string()
        );
        assert!(separated::<TokenStream>(&[], ',').is_empty());
    }

    #[test]
    #[should_panic(expected = "no argument for `#missing`")]
    fn a_name_without_argument_is_a_bug() {
        let _ = render("a #missing", None, &[]);
    }

    #[test]
    #[should_panic(expected = "`extra` is not used")]
    fn an_unused_argument_is_a_bug() {
        let extra = quote!(x);
        let _ = code!("a b", extra);
    }

    /// Every `code!` and `code_spanned!` in this crate names, as arguments,
    /// exactly the `#name`s of its template (checked here so that a template
    /// that no test expands cannot reach a user with a mistake).
    #[test]
    fn every_template_names_its_arguments() {
        let sources = [
            include_str!("fallback.rs"),
            include_str!("attr.rs"),
            include_str!("expand/mod.rs"),
            include_str!("expand/api_response.rs"),
            include_str!("expand/endpoint.rs"),
            include_str!("expand/model.rs"),
            include_str!("expand/service_error.rs"),
        ];
        let mut checked = 0;
        let mut written = 0;
        for source in sources {
            written += source.matches("code!(").count() + source.matches("code_spanned!(").count();
            let mut calls = Vec::new();
            collect_calls(source.parse().unwrap(), &mut calls);
            for (template, args) in calls {
                let mut named = Vec::new();
                let lexed: TokenStream = template.parse().unwrap();
                collect_names(lexed, &mut named);
                named.sort();
                named.dedup();
                let mut given = args.clone();
                given.sort();
                assert_eq!(named, given, "the arguments of code!({template:?}, ...)");
                checked += 1;
            }
        }
        // Every call written in the source was found and checked.
        assert_eq!(checked, written);
        assert!(checked > 100);
    }

    fn collect_calls(tokens: TokenStream, calls: &mut Vec<(String, Vec<String>)>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            if let TokenTree::Group(g) = tree {
                let is_call = matches!(
                    (i.checked_sub(2).map(|j| &trees[j]), i.checked_sub(1).map(|j| &trees[j])),
                    (Some(TokenTree::Ident(m)), Some(TokenTree::Punct(bang)))
                        if (m == "code" || m == "code_spanned") && bang.as_char() == '!'
                );
                let defines = matches!(trees.get(i.wrapping_sub(3)), Some(TokenTree::Ident(r)) if r == "macro_rules");
                if is_call && !defines {
                    calls.push(parse_call(g.stream()));
                } else {
                    collect_calls(g.stream(), calls);
                }
            }
        }
    }

    fn parse_call(tokens: TokenStream) -> (String, Vec<String>) {
        let mut template = None;
        let mut args = Vec::new();
        for tree in tokens {
            match tree {
                TokenTree::Literal(lit) if template.is_none() => {
                    let lit: syn::LitStr = syn::parse2(lit.into_token_stream()).unwrap();
                    template = Some(lit.value());
                }
                TokenTree::Ident(ident) if template.is_some() => args.push(ident.to_string()),
                _ => {}
            }
        }
        (template.expect("a template"), args)
    }

    fn collect_names(tokens: TokenStream, names: &mut Vec<String>) {
        let mut trees = tokens.into_iter().peekable();
        while let Some(tree) = trees.next() {
            match tree {
                TokenTree::Punct(p) if p.as_char() == '#' => {
                    if let Some(TokenTree::Ident(name)) = trees.peek() {
                        names.push(name.to_string());
                    }
                }
                TokenTree::Group(g) => collect_names(g.stream(), names),
                _ => {}
            }
        }
    }
}
