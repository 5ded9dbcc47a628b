//! Path templates: `/v3/users/{user_id}/groups`.

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text sent as written.
    Literal(String),
    /// A `{name}` placeholder filled by a path field.
    Param(String),
}

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub pieces: Vec<Piece>,
}

impl Template {
    /// Whether `name` is one of the placeholders.
    pub fn has_param(&self, name: &str) -> bool {
        has_param(&self.pieces, name)
    }

    /// The placeholder names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Param(name) => Some(name.as_str()),
            Piece::Literal(_) => None,
        })
    }
}

/// Characters a literal part of a path may hold as written: unreserved,
/// sub-delims, `:`, `@`, `/` and `%` (for text already percent-encoded).
fn allowed_in_literal(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c)
}

/// Parses a template; the error is the message to show on the path literal.
pub fn parse(template: &str) -> Result<Template, String> {
    if template.is_empty() {
        return Err(
            "the path is empty; write a path that starts with `/`, e.g. \"/v1/instances\"".into(),
        );
    }
    if !template.starts_with('/') {
        return Err(format!(
            "the path must start with `/`; write \"/{template}\""
        ));
    }
    if let Some(i) = template.find(['?', '#']) {
        let c = &template[i..=i];
        return Err(if c == "?" {
            "the path has a query string; declare query parameters as fields marked `#[cloudwire(query)]`".into()
        } else {
            "the path has a `#` fragment, which is never sent; remove it".into()
        });
    }
    for segment in template.split('/') {
        if is_dot_segment(segment) {
            return Err(format!(
                "the path has the dot-segment `{segment}`, which a URL parser resolves away; write the path without it"
            ));
        }
    }
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = template.char_indices();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    if c == '{' {
                        return Err("placeholders do not nest: write `{name}`".into());
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(format!(
                        "unclosed placeholder `{{{name}`; write `{{{name}}}`"
                    ));
                }
                let name = name.trim().to_owned();
                if name.is_empty() {
                    return Err(
                        "empty placeholder `{}`; write the name of a path field, e.g. `{user_id}`"
                            .into(),
                    );
                }
                if !is_ident(&name) {
                    return Err(format!(
                        "placeholder `{{{name}}}` is not a field name; write a Rust identifier, e.g. `{{{}}}`",
                        suggest_ident(&name)
                    ));
                }
                if has_param(&pieces, &name) {
                    return Err(format!(
                        "placeholder `{{{name}}}` appears twice; each path field fills one placeholder"
                    ));
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Param(name));
            }
            '}' => {
                return Err("unmatched `}` in the path; placeholders are written `{name}`".into());
            }
            c if allowed_in_literal(c) => literal.push(c),
            c => {
                return Err(format!(
                    "the path has {}, which is not allowed in a URL path; percent-encode it or make it a path field",
                    describe(c)
                ));
            }
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(Template { pieces })
}

fn describe(c: char) -> String {
    if c == ' ' {
        "a space".into()
    } else {
        format!("`{}`", c.escape_default())
    }
}

fn has_param(pieces: &[Piece], name: &str) -> bool {
    for piece in pieces {
        if matches!(piece, Piece::Param(p) if p == name) {
            return true;
        }
    }
    false
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    if !matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic()) || s == "_" {
        return false;
    }
    for c in chars {
        if !(c == '_' || c.is_ascii_alphanumeric()) {
            return false;
        }
    }
    true
}

fn suggest_ident(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        });
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `.` or `..`, each dot written as it is or as `%2E` (any case).
fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] | [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Piece {
        Piece::Literal(s.into())
    }
    fn param(s: &str) -> Piece {
        Piece::Param(s.into())
    }

    #[test]
    fn parses_literals_and_placeholders() {
        let t = parse("/v3/users/{user_id}/groups/{group_id}").unwrap();
        assert_eq!(
            t.pieces,
            vec![
                lit("/v3/users/"),
                param("user_id"),
                lit("/groups/"),
                param("group_id")
            ]
        );
        assert_eq!(t.params().collect::<Vec<_>>(), ["user_id", "group_id"]);
        let t = parse("/files/{name}.json").unwrap();
        assert_eq!(t.pieces, vec![lit("/files/"), param("name"), lit(".json")]);
        assert_eq!(parse("/").unwrap().pieces, vec![lit("/")]);
        assert_eq!(
            parse("/v3.0/OS-USER/users").unwrap().pieces,
            vec![lit("/v3.0/OS-USER/users")]
        );
    }

    #[test]
    fn rejects_malformed_templates_with_advice() {
        let cases = [
            ("", "the path is empty"),
            ("v1/x", "must start with `/`; write \"/v1/x\""),
            ("/x?limit=1", "query string"),
            ("/x#top", "fragment"),
            ("/x/{id", "unclosed placeholder `{id`"),
            ("/x/{}", "empty placeholder"),
            ("/x/{a{b}}", "do not nest"),
            ("/x/id}", "unmatched `}`"),
            ("/x/{user-id}", "write a Rust identifier, e.g. `{user_id}`"),
            ("/x/{1d}", "e.g. `{_1d}`"),
            ("/x/{id}/{id}", "appears twice"),
            ("/x y", "a space"),
            ("/v3/../users", "dot-segment `..`"),
            ("/v3/./users", "dot-segment `.`"),
            ("/v3/%2E%2e/x", "dot-segment `%2E%2e`"),
            ("/v3/.%2E", "dot-segment `.%2E`"),
            ("/v3/%2e/x", "dot-segment `%2e`"),
            ("/x\"y", "`\\\"`"),
        ];
        for (input, expected) in cases {
            let err = parse(input).unwrap_err();
            assert!(err.contains(expected), "{input:?}: {err}");
        }
    }

    #[test]
    fn only_one_or_two_dots_are_a_dot_segment() {
        for segment in [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
            assert!(is_dot_segment(segment), "{segment}");
        }
        for segment in ["", "...", "%2e%2e%2e", ".a", "%2", "%2f", "%2e%", "a."] {
            assert!(!is_dot_segment(segment), "{segment}");
        }
    }
}
