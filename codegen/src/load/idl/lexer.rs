//! Part of the IDL reader: the characters of a `.smithy` file: whitespace and comments,
//! identifiers and shape ids, strings, text blocks and numbers, and positions for messages.

use std::path::Path;

use serde_json::Number;

use super::MAX_DEPTH;
use crate::error::{Error, Result};

/// The reader's state over one file's text.
pub(super) struct Parser<'a> {
    pub(super) path: &'a Path,
    pub(super) src: &'a [u8],
    pub(super) text: &'a str,
    pub(super) pos: usize,
    /// Byte offsets where lines start, so a position's line is a binary search rather than a
    /// count from the start of the file (which made large files quadratic).
    line_starts: Vec<usize>,
    /// Documentation comment lines seen since the last statement began.
    pub(super) docs: Vec<String>,
    pub(super) depth: usize,
}

impl<'a> Parser<'a> {
    // ---- errors and positions ----

    /// A reader at the start of `text`.
    pub(super) fn new(path: &'a Path, text: &'a str) -> Parser<'a> {
        let line_starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Parser {
            path,
            src: text.as_bytes(),
            text,
            pos: 0,
            line_starts,
            docs: Vec::new(),
            depth: 0,
        }
    }

    /// 1-based line and column (in characters) of byte offset `at`.
    pub(super) fn position(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= at);
        let start = self.line_starts[line - 1];
        let column = self.text.get(start..at).map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    pub(super) fn line(&self) -> usize {
        self.position(self.pos).0
    }

    pub(super) fn error_at(&self, at: usize, message: impl Into<String>) -> Error {
        let (line, column) = self.position(at);
        Error::Idl {
            path: self.path.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// "expected X, found Y" at the current position.
    pub(super) fn expected(&self, what: &str) -> Error {
        let found = match self.text[self.pos..].chars().next() {
            None => "the end of the file".to_owned(),
            Some('\n') => "the end of the line".to_owned(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => {
                let word: String = self.text[self.pos..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .take(40)
                    .collect();
                if word.is_empty() {
                    format!("`{c}`")
                } else {
                    format!("`{word}`")
                }
            }
        };
        self.error_at(self.pos, format!("expected {what}, found {found}"))
    }

    // ---- characters ----

    pub(super) fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    pub(super) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    pub(super) fn starts_with(&self, s: &str) -> bool {
        self.src[self.pos..].starts_with(s.as_bytes())
    }

    /// Whitespace, commas and comments; documentation comments are kept in `self.docs`.
    pub(super) fn ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | b',' => self.pos += 1,
                b'/' if self.peek_at(1) == Some(b'/') => {
                    let start = self.pos;
                    let end = self.src[start..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(self.src.len(), |n| start + n);
                    let line = &self.text[start..end];
                    if let Some(doc) = line.strip_prefix("///") {
                        let doc = doc.strip_suffix('\r').unwrap_or(doc);
                        self.docs
                            .push(doc.strip_prefix(' ').unwrap_or(doc).to_owned());
                    }
                    self.pos = end;
                }
                _ => break,
            }
        }
    }

    /// Spaces and tabs only (the `SP` of the grammar).
    pub(super) fn sp(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// The end of a statement: the rest of the line must be blank or a comment.
    pub(super) fn br(&mut self) -> Result<()> {
        self.sp();
        if self.starts_with("//") || matches!(self.peek(), None | Some(b'\n' | b'\r')) {
            self.ws();
            Ok(())
        } else {
            Err(self.expected("the end of the line"))
        }
    }

    pub(super) fn take_docs(&mut self) -> Option<String> {
        let docs = std::mem::take(&mut self.docs);
        (!docs.is_empty()).then(|| docs.join("\n"))
    }

    pub(super) fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.error_at(self.pos, format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    // ---- lexical pieces ----

    pub(super) fn identifier(&mut self, what: &str) -> Result<String> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return Err(self.expected(what)),
        }
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        let ident = &self.text[start..self.pos];
        if ident.bytes().all(|b| b == b'_') {
            return Err(self.error_at(start, format!("`{ident}` is not a valid identifier")));
        }
        Ok(ident.to_owned())
    }

    /// A `NodeObjectKey`: quoted text or an identifier.
    pub(super) fn object_key(&mut self, what: &str) -> Result<String> {
        match self.peek() {
            Some(b'"') => self.quoted(),
            _ => self.identifier(what),
        }
    }

    /// `ns.ns#Name$member`, `Name`, `Name$member`.
    pub(super) fn shape_id(&mut self, what: &str) -> Result<String> {
        let mut id = self.identifier(what)?;
        while self.peek() == Some(b'.') {
            self.pos += 1;
            id.push('.');
            id.push_str(&self.identifier("a namespace part after `.`")?);
        }
        if self.eat(b'#') {
            id.push('#');
            id.push_str(&self.identifier("a shape name after `#`")?);
        } else if id.contains('.') {
            return Err(self.expected("`#` after a namespace"));
        }
        if self.eat(b'$') {
            id.push('$');
            id.push_str(&self.identifier("a member name after `$`")?);
        }
        Ok(id)
    }

    pub(super) fn keyword(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        if self.starts_with(word)
            && !matches!(self.src.get(end), Some(b) if b.is_ascii_alphanumeric() || *b == b'_' || *b == b'#' || *b == b'.' || *b == b'$')
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    pub(super) fn quoted(&mut self) -> Result<String> {
        if self.starts_with("\"\"\"") {
            return self.text_block();
        }
        let start = self.pos;
        self.pos += 1;
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error_at(start, "this string is never closed")),
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    raw.push_str(&self.escape()?);
                }
                Some(_) => {
                    let c = self.text[self.pos..]
                        .chars()
                        .next()
                        .expect("not at the end");
                    if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                        return Err(self.error_at(
                            self.pos,
                            format!("control character U+{:04X} in a string", c as u32),
                        ));
                    }
                    self.pos += c.len_utf8();
                    if c != '\r' {
                        raw.push(c);
                    }
                }
            }
        }
        Ok(raw)
    }

    /// One escape sequence at `\`, as the text it stands for.
    pub(super) fn escape(&mut self) -> Result<String> {
        let at = self.pos;
        self.pos += 1;
        let c = self
            .peek()
            .ok_or_else(|| self.error_at(at, "a `\\` ends the file"))?;
        self.pos += 1;
        Ok(match c {
            b'"' => "\"".into(),
            b'\\' => "\\".into(),
            b'/' => "/".into(),
            b'b' => "\u{8}".into(),
            b'f' => "\u{c}".into(),
            b'n' => "\n".into(),
            b'r' => "\r".into(),
            b't' => "\t".into(),
            b'\n' => String::new(),
            b'\r' if self.eat(b'\n') => String::new(),
            b'u' => {
                let first = self.hex4(at)?;
                let c = if (0xD800..0xDC00).contains(&first) {
                    if !(self.eat(b'\\') && self.eat(b'u')) {
                        return Err(self.error_at(
                            at,
                            "a high surrogate must be followed by `\\u` and a low one",
                        ));
                    }
                    let second = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(
                            self.error_at(at, "a high surrogate must be followed by a low one")
                        );
                    }
                    char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                } else {
                    char::from_u32(first)
                };
                c.ok_or_else(|| self.error_at(at, "`\\u` escape of a lone surrogate"))?
                    .to_string()
            }
            other => {
                let shown = self.text[at + 1..]
                    .chars()
                    .next()
                    .map_or_else(|| (other as char).to_string(), |c| c.to_string());
                return Err(self.error_at(at, format!("unknown escape `\\{shown}`")));
            }
        })
    }

    pub(super) fn hex4(&mut self, at: usize) -> Result<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or_default();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error_at(at, "`\\u` needs four hex digits"));
        }
        self.pos += 4;
        Ok(u32::from_str_radix(digits, 16).expect("checked hex"))
    }

    /// `"""` … `"""` with incidental whitespace removed, then escapes read (idl.rst).
    pub(super) fn text_block(&mut self) -> Result<String> {
        let start = self.pos;
        self.pos += 3;
        self.sp();
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        if !self.eat(b'\n') {
            return Err(self.error_at(start, "a text block's opening `\"\"\"` must end its line"));
        }
        let content_start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error_at(start, "this text block is never closed")),
                Some(b'\\') => self.pos += 2,
                Some(b'"') if self.starts_with("\"\"\"") => break,
                Some(_) => self.pos += 1,
            }
        }
        let content = self.text[content_start..self.pos.min(self.text.len())].replace("\r\n", "\n");
        self.pos += 3;
        let lines: Vec<&str> = content.split('\n').collect();
        let last = lines.len() - 1;
        let indent = lines
            .iter()
            .enumerate()
            .filter(|(i, l)| *i == last || !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let dedented: Vec<&str> = lines
            .iter()
            .map(|l| l.get(indent..).unwrap_or("").trim_end_matches(' '))
            .collect();
        let joined = dedented.join("\n");
        // Escapes are read after the whitespace is removed.
        let mut sub = Parser::new(self.path, &joined);
        let mut out = String::new();
        while let Some(b) = sub.peek() {
            if b == b'\\' {
                out.push_str(
                    &sub.escape()
                        .map_err(|_| self.error_at(start, "bad escape in this text block"))?,
                );
            } else {
                let c = sub.text[sub.pos..].chars().next().expect("not at the end");
                sub.pos += c.len_utf8();
                out.push(c);
            }
        }
        Ok(out)
    }

    pub(super) fn number(&mut self) -> Result<Number> {
        let start = self.pos;
        self.eat(b'-');
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
        ) {
            self.pos += 1;
        }
        let text = &self.text[start..self.pos];
        serde_json::from_str::<Number>(text)
            .map_err(|_| self.error_at(start, format!("`{text}` is not a number")))
    }
}
