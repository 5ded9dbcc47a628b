//! Collects every error found in one macro input, to report them all at once.

use quote::ToTokens;
use std::cell::RefCell;
use std::fmt::Display;

/// The errors of one expansion. Checked once at the end with [`Ctxt::check`].
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    pub fn new() -> Self {
        Ctxt::default()
    }

    /// An error spanning the tokens of `obj`.
    pub fn error_spanned_by(&self, obj: &dyn ToTokens, msg: impl Display) {
        self.spanned(obj.to_token_stream(), msg.to_string());
    }

    fn spanned(&self, tokens: proc_macro2::TokenStream, msg: String) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens, msg));
    }

    /// An error at one span.
    pub fn error_at<M: Display>(&self, span: proc_macro2::Span, msg: M) {
        self.errors.borrow_mut().push(syn::Error::new(span, msg));
    }

    /// An error that syn produced.
    pub fn syn_error(&self, err: syn::Error) {
        self.errors.borrow_mut().push(err);
    }

    /// Whether an error was reported, so that code generation, which assumes a
    /// valid input, is skipped.
    pub fn has_errors(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// All errors combined into one, or `Ok` when there were none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for rest in errors {
            combined.combine(rest);
        }
        Err(combined)
    }
}
