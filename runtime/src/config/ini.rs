//! The credentials file format: INI as Python's `configparser.ConfigParser()`
//! (its defaults) reads it, since that is what the official Python SDK uses.
//!
//! A small reader rather than a crate: the INI crates each pick their own
//! rules (case of section names, continuation lines, `DEFAULT`, `%`
//! interpolation), and the rules that matter here are exactly Python's:
//! - `[section]` headers, names case-sensitive; a key outside a section is an error;
//! - `key = value` or `key: value`, split at the first `=` or `:`; keys
//!   lower-cased, keys and values trimmed; a line with neither is an error;
//! - whole-line comments starting with `#` or `;` (no inline comments);
//! - a more indented line continues the value above it (joined with `\n`);
//! - a second section or key of the same name is an error (`strict=True`);
//! - keys of `[DEFAULT]` show in every section;
//! - `%%` is a `%`, `%(key)s` the value of another key of the section, any
//!   other `%` an error (`BasicInterpolation`).
//!
//! Errors name the line; they never echo a value (it may be a secret key).

use std::collections::BTreeMap;

/// A parsed file: sections in file order, each with its keys.
#[derive(Debug, Default)]
pub(crate) struct Ini {
    defaults: BTreeMap<String, String>,
    sections: Vec<(String, BTreeMap<String, String>)>,
}

impl Ini {
    /// Parses `text`; the error says which line and why, without its value.
    pub(crate) fn parse(text: &str) -> Result<Ini, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut ini = Ini::default();
        // Where keys go: `None` before any header, `Some(None)` in DEFAULT.
        let mut current: Option<Option<usize>> = None;
        // The key whose value a more indented line continues, and its indent.
        let mut open: Option<(String, usize)> = None;
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let trimmed = raw.trim();
            let indent = raw.len() - raw.trim_start().len();
            if trimmed.is_empty() {
                // Empty lines inside a value are kept, trailing ones dropped below.
                if let (Some((key, _)), Some(section)) = (&open, current) {
                    ini.map(section)
                        .entry(key.clone())
                        .and_modify(|v| v.push('\n'));
                }
                continue;
            }
            if trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if let (Some((key, key_indent)), Some(section)) = (&open, current)
                && indent > *key_indent
            {
                let value = ini.map(section).entry(key.clone()).or_default();
                value.push('\n');
                value.push_str(trimmed);
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix('[')
                && let Some(end) = rest.rfind(']')
                && end > 0
            {
                let name = &rest[..end];
                open = None;
                if name == "DEFAULT" {
                    current = Some(None);
                    continue;
                }
                if ini.sections.iter().any(|(s, _)| s == name) {
                    return Err(format!("line {line_no}: section `[{name}]` appears twice"));
                }
                ini.sections.push((name.to_owned(), BTreeMap::new()));
                current = Some(Some(ini.sections.len() - 1));
                continue;
            }
            let Some(section) = current else {
                return Err(format!(
                    "line {line_no}: a key before any `[section]` header"
                ));
            };
            let Some(at) = trimmed.find(['=', ':']) else {
                return Err(format!(
                    "line {line_no}: neither a `[section]`, a `key = value` nor a `#` comment"
                ));
            };
            let key = trimmed[..at].trim().to_lowercase();
            let value = trimmed[at + 1..].trim().to_owned();
            let map = ini.map(section);
            if map.contains_key(&key) {
                return Err(format!(
                    "line {line_no}: key `{key}` appears twice in its section"
                ));
            }
            map.insert(key.clone(), value);
            open = Some((key, indent));
        }
        for value in ini
            .defaults
            .values_mut()
            .chain(ini.sections.iter_mut().flat_map(|(_, m)| m.values_mut()))
        {
            value.truncate(value.trim_end_matches('\n').len());
        }
        Ok(ini)
    }

    fn map(&mut self, section: Option<usize>) -> &mut BTreeMap<String, String> {
        match section {
            None => &mut self.defaults,
            Some(i) => &mut self.sections[i].1,
        }
    }

    /// Whether the file has `[name]`.
    pub(crate) fn has_section(&self, name: &str) -> bool {
        self.sections.iter().any(|(s, _)| s == name)
    }

    /// The value of `key` in `[section]` (or `[DEFAULT]`), interpolated as
    /// `configparser` does; `Ok(None)` when the key is absent.
    pub(crate) fn get(&self, section: &str, key: &str) -> Result<Option<String>, String> {
        self.get_at(section, key, 0)
    }

    fn raw(&self, section: &str, key: &str) -> Option<&String> {
        self.sections
            .iter()
            .find(|(s, _)| s == section)
            .and_then(|(_, m)| m.get(key))
            .or_else(|| self.defaults.get(key))
    }

    fn get_at(&self, section: &str, key: &str, depth: usize) -> Result<Option<String>, String> {
        // configparser's MAX_INTERPOLATION_DEPTH.
        if depth > 10 {
            return Err(format!("`%(...)s` references in `{key}` nest too deep"));
        }
        let Some(raw) = self.raw(section, key) else {
            return Ok(None);
        };
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw.as_str();
        while let Some(at) = rest.find('%') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("%%") {
                out.push('%');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("%(")
                && let Some(end) = after.find(")s")
            {
                let name = after[..end].to_lowercase();
                let value = self.get_at(section, &name, depth + 1)?.ok_or_else(|| {
                    format!("`{key}` refers to `%({name})s`, which is not in `[{section}]`")
                })?;
                out.push_str(&value);
                rest = &after[end + 2..];
            } else {
                return Err(format!(
                    "`{key}` has a `%` that is neither `%%` nor `%(name)s` (write `%%` for a `%`)"
                ));
            }
        }
        out.push_str(rest);
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values checked with Python 3's `configparser.ConfigParser()`.
    #[test]
    fn reads_as_configparser_does() {
        let ini = Ini::parse(
            "\u{feff}# comment\n[DEFAULT]\nregion = r1\n\n[basic]\nAK = a1\nsk: s=1:x\n; note\nproject_id =\nmulti = one\n  two\n\n   three\n\n[global]\nak=%(region)s-%%-x\n",
        )
        .unwrap();
        assert!(ini.has_section("basic") && ini.has_section("global"));
        assert!(!ini.has_section("Basic") && !ini.has_section("DEFAULT"));
        assert_eq!(ini.get("basic", "ak").unwrap().as_deref(), Some("a1"));
        assert_eq!(ini.get("basic", "sk").unwrap().as_deref(), Some("s=1:x"));
        assert_eq!(ini.get("basic", "project_id").unwrap().as_deref(), Some(""));
        assert_eq!(
            ini.get("basic", "multi").unwrap().as_deref(),
            Some("one\ntwo\n\nthree")
        );
        assert_eq!(ini.get("basic", "region").unwrap().as_deref(), Some("r1"));
        assert_eq!(ini.get("global", "ak").unwrap().as_deref(), Some("r1-%-x"));
        assert_eq!(ini.get("global", "sk").unwrap(), None);
    }

    #[test]
    fn refuses_what_configparser_refuses() {
        for (text, why) in [
            ("ak = x\n", "line 1: a key before any `[section]` header"),
            ("[a]\n[a]\n", "line 2: section `[a]` appears twice"),
            (
                "[a]\nk=1\nK=2\n",
                "line 3: key `k` appears twice in its section",
            ),
            (
                "[a]\njust text\n",
                "line 2: neither a `[section]`, a `key = value` nor a `#` comment",
            ),
        ] {
            assert_eq!(Ini::parse(text).unwrap_err(), why, "{text:?}");
        }
        let ini = Ini::parse("[a]\nsk = 50%off\n").unwrap();
        let err = ini.get("a", "sk").unwrap_err();
        assert!(!err.contains("50%off"), "{err}");
    }
}
