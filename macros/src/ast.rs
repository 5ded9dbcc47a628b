//! A borrowed view of the annotated struct.

use crate::attr::{self, FieldOption, FieldOptions, Mark};
use crate::ctxt::Ctxt;
use proc_macro2::Span;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

/// The struct a macro is applied to.
pub struct Container<'a> {
    pub input: &'a DeriveInput,
    pub fields: Vec<Field<'a>>,
}

/// One named field and its `#[cloudwire(...)]` options.
pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub options: FieldOptions,
    /// Paging marks (`marker`, `limit`, ..., `items`, `total`), apart from
    /// the option that says where the field goes.
    pub marks: Vec<(Span, Mark)>,
    /// A `#[cloudwire(...)]` of this field did not parse; its error is reported.
    pub malformed: bool,
    pub original: &'a syn::Field,
}

impl<'a> Container<'a> {
    /// Reads a struct with named fields (or a unit struct); anything else is an error.
    pub fn from_ast(
        cx: &Ctxt,
        input: &'a DeriveInput,
        macro_name: &str,
        valid: &[&str],
    ) -> Option<Self> {
        let declared = match &input.data {
            Data::Struct(data) => {
                match &data.fields {
                    Fields::Named(_) | Fields::Unit => data.fields.iter(),
                    Fields::Unnamed(unnamed) => {
                        cx.error_spanned_by(
                        unnamed,
                        format!("{macro_name} needs named fields; write `struct {} {{ name: Type }}`", input.ident),
                    );
                        return None;
                    }
                }
            }
            Data::Enum(data) => {
                cx.error_at(
                    data.enum_token.span,
                    format!("{macro_name} goes on a struct with named fields, not on an enum"),
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_at(
                    data.union_token.span,
                    format!("{macro_name} goes on a struct with named fields, not on a union"),
                );
                return None;
            }
        };
        let mut fields = Vec::new();
        for field in declared {
            let Some(ident) = &field.ident else { continue };
            let (all, malformed) = attr::parse_field_options(cx, &field.attrs, valid);
            let mut options = Vec::new();
            let mut marks = Vec::new();
            for (span, option) in all {
                match option {
                    FieldOption::Mark(mark) => marks.push((span, mark)),
                    other => options.push((span, other)),
                }
            }
            fields.push(Field {
                ident,
                ty: &field.ty,
                options,
                marks,
                malformed,
                original: field,
            });
        }
        Some(Container { input, fields })
    }
}

/// `T` when `ty` is written `Option<T>` (any path ending in `Option`).
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Option")
}

/// `T` when `ty` is written `Vec<T>` (any path ending in `Vec`).
pub fn vec_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Vec")
}

fn generic_inner<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    if args.args.len() != 1 {
        return None;
    }
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// The names of the type parameters of `generics`, in order.
pub fn type_param_names(generics: &syn::Generics) -> Vec<&syn::Ident> {
    let mut names = Vec::new();
    for param in generics.type_params() {
        names.push(&param.ident);
    }
    names
}

/// Whether the tokens of `ty` name any of the struct's type parameters.
pub fn mentions_type_param(ty: &Type, params: &[&Ident]) -> bool {
    fn walk(stream: proc_macro2::TokenStream, params: &[&Ident]) -> bool {
        for tt in stream {
            let found = match tt {
                proc_macro2::TokenTree::Ident(i) => params.contains(&&i),
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), params),
                _ => false,
            };
            if found {
                return true;
            }
        }
        false
    }
    walk(quote::ToTokens::to_token_stream(ty), params)
}

/// The span of the first option of a field, or of the field name.
pub fn field_span(field: &Field<'_>) -> Span {
    field
        .options
        .first()
        .map_or(field.ident.span(), |(s, _)| *s)
}
