//! Generated code written as text: `code!("impl #trait_ for #ty {}", trait_, ty)`.
//!
//! `quote!` expands each token of its template into a call of its own, which
//! rustc then type-checks, borrow-checks and compiles: this crate's templates,
//! written with `quote!`, were a quarter of its own build (rustc's instructions,
//! 4.1 G against 3.1 G with every template left empty). A template written as a
//! string is one constant, lexed when the macro runs.
//!
//! The tokens are the ones `quote!` would give: the template's own tokens are
//! spanned at the call site (or at one span, with `code_spanned!`, as with
//! `quote_spanned!`), and `#name` is replaced by the value's tokens, with their
//! own spans. Repetitions are not written in the template: build the list with
//! [`concat`], [`separated`] or [`terminated`] and interpolate it.
//!
//! Every `#name` is given as an argument, and every argument is used: a unit
//! test reads each template in this crate's source and checks both.

use proc_macro2::{Group, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};

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
pub fn render(src: &str, span: Option<Span>, args: &[(&str, &dyn Interpolate)]) -> TokenStream {
    let template: TokenStream = src
        .parse()
        .unwrap_or_else(|e| panic!("code!: the template does not lex ({e}): {src}"));
    let mut used = vec![false; args.len()];
    let tokens = substitute(template, span, args, &mut used);
    if let Some(unused) = used.iter().position(|u| !u) {
        panic!(
            "code!: `{}` is not used in the template: {src}",
            args[unused].0
        );
    }
    tokens
}

fn substitute(
    template: TokenStream,
    span: Option<Span>,
    args: &[(&str, &dyn Interpolate)],
    used: &mut [bool],
) -> TokenStream {
    let mut out = TokenStream::new();
    let mut trees = template.into_iter().peekable();
    while let Some(mut tree) = trees.next() {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Ident(name)) = trees.peek() {
                    let Some(i) = args.iter().position(|(n, _)| name == n) else {
                        panic!("code!: no argument for `#{name}`");
                    };
                    used[i] = true;
                    args[i].1.interpolate(&mut out);
                    trees.next();
                    continue;
                }
            }
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), substitute(g.stream(), span, args, used));
                group.set_span(span.unwrap_or_else(|| g.span()));
                tree = TokenTree::Group(group);
            }
            _ => {}
        }
        if let Some(span) = span {
            tree.set_span(span);
        }
        out.append(tree);
    }
    out
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
        for source in sources {
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
        assert!(checked > 0);
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
