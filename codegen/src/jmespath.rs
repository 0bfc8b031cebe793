//! The JMESPath subset that waiters and paginators use, parsed at generation time: fields and
//! sub-expressions (`a.b`), flatten projections (`a[].b`), filter projections
//! (`a[?b == 'x'].c`), comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`), `&&`, `||`, `!`,
//! parentheses, literals (`` `1` ``, `` `"x"` ``, `` `true` ``, `'raw'`), `@`, and the
//! functions `length` and `contains`. Anything else is an error with its position, so an
//! expression is either compiled exactly or rejected; `lower::paths` gives the AST types.

use std::fmt;

/// A parsed expression; `at` is the character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub at: usize,
    pub kind: ExprKind,
    /// The height of the tree below (a leaf is 1). Chains (`a.b.c`, `a && b && c`) build
    /// trees as tall as they are long, so the limit on this bounds every later walk.
    pub depth: usize,
}

impl Expr {
    fn new(at: usize, kind: ExprKind) -> Expr {
        let children: Vec<&Expr> = match &kind {
            ExprKind::Current | ExprKind::Field(_) | ExprKind::Literal(_) => Vec::new(),
            ExprKind::Sub(a, b)
            | ExprKind::Project(a, b, _)
            | ExprKind::Compare(_, a, b)
            | ExprKind::And(a, b)
            | ExprKind::Or(a, b) => vec![a, b],
            ExprKind::Filter(a, b, c) => vec![a, b, c],
            ExprKind::Not(a) => vec![a],
            ExprKind::Call(_, args) => args.iter().collect(),
        };
        let depth = 1 + children.iter().map(|c| c.depth).max().unwrap_or(0);
        Expr { at, kind, depth }
    }
}

/// What an expression is.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `@`: the current node.
    Current,
    /// A member of the current node (`name`).
    Field(String),
    /// `lhs.rhs`: `rhs` evaluated on `lhs`.
    Sub(Box<Expr>, Box<Expr>),
    /// `lhs[].rhs`: `rhs` on each element of the list `lhs` (nulls dropped). `true` for a
    /// `[]` on a value that is not itself projected, which flattens a list of lists one level;
    /// a `[]` inside a projection flattens the projection's results, which the projection
    /// already collects one level deep.
    Project(Box<Expr>, Box<Expr>, bool),
    /// `lhs[?cond].rhs`: `rhs` on each element of `lhs` for which `cond` is truthy.
    Filter(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A comparison.
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// A literal.
    Literal(Literal),
    /// `length(x)` or `contains(x, y)`.
    Call(Function, Vec<Expr>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A supported function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Length,
    Contains,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    String(String),
    Number(f64),
    Bool(bool),
}

/// Why an expression was rejected, and where (a character offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub at: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.at, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Literal(Literal),
    Dot,
    Flatten,
    FilterStart,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    At,
    Not,
    And,
    Or,
    Op(CompareOp),
}

fn lex(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            i += 1;
            continue;
        }
        let (token, len) = match c {
            '`' => json_literal(&chars, i)?,
            '\'' => raw_string(&chars, i)?,
            '"' => quoted_identifier(&chars, i)?,
            c if c.is_ascii_alphabetic() || c == '_' => {
                let end = (i..chars.len())
                    .find(|&j| !(chars[j].is_ascii_alphanumeric() || chars[j] == '_'))
                    .unwrap_or(chars.len());
                (Token::Ident(chars[i..end].iter().collect()), end - i)
            }
            c => punctuation(c, chars.get(i + 1).copied()).ok_or_else(|| ParseError {
                at: i,
                message: format!("`{c}` is not part of the supported JMESPath subset"),
            })?,
        };
        out.push((i, token));
        i += len;
    }
    Ok(out)
}

/// An operator or bracket at `c` (followed by `next`), and its length.
fn punctuation(c: char, next: Option<char>) -> Option<(Token, usize)> {
    Some(match (c, next) {
        ('.', _) => (Token::Dot, 1),
        ('[', Some(']')) => (Token::Flatten, 2),
        ('[', Some('?')) => (Token::FilterStart, 2),
        ('[', _) => (Token::LBracket, 1),
        (']', _) => (Token::RBracket, 1),
        ('(', _) => (Token::LParen, 1),
        (')', _) => (Token::RParen, 1),
        (',', _) => (Token::Comma, 1),
        ('@', _) => (Token::At, 1),
        ('!', Some('=')) => (Token::Op(CompareOp::Ne), 2),
        ('!', _) => (Token::Not, 1),
        ('&', Some('&')) => (Token::And, 2),
        ('|', Some('|')) => (Token::Or, 2),
        ('=', Some('=')) => (Token::Op(CompareOp::Eq), 2),
        ('<', Some('=')) => (Token::Op(CompareOp::Le), 2),
        ('>', Some('=')) => (Token::Op(CompareOp::Ge), 2),
        ('<', _) => (Token::Op(CompareOp::Lt), 1),
        ('>', _) => (Token::Op(CompareOp::Gt), 1),
        _ => return None,
    })
}

/// `` `json` `` at `start`: strings, numbers and booleans.
fn json_literal(chars: &[char], start: usize) -> Result<(Token, usize), ParseError> {
    let err = |message: String| ParseError { at: start, message };
    let end = closing(chars, start, '`')
        .ok_or_else(|| err("unterminated literal: a `` ` `` is missing".into()))?;
    let body: String = chars[start + 1..end]
        .iter()
        .collect::<String>()
        .replace("\\`", "`");
    let value: serde_json::Value = serde_json::from_str(body.trim())
        .map_err(|e| err(format!("literal `{body}` is not JSON: {e}")))?;
    let literal = match value {
        serde_json::Value::String(s) => Literal::String(s),
        serde_json::Value::Bool(b) => Literal::Bool(b),
        serde_json::Value::Number(n) => Literal::Number(
            n.as_f64()
                .ok_or_else(|| err(format!("number `{n}` is out of range")))?,
        ),
        other => {
            return Err(err(format!(
                "literal `{other}` is not supported (only strings, numbers and booleans)"
            )));
        }
    };
    Ok((Token::Literal(literal), end + 1 - start))
}

/// Where the `delimiter` that closes the token opened at `start` is. As in the reference
/// implementation, a backslash takes the character after it along, so the quote of `\'` (or
/// `` \` ``, `\"`) does not close the token, and `\\` before a delimiter does not escape it.
fn closing(chars: &[char], start: usize, delimiter: char) -> Option<usize> {
    let mut j = start + 1;
    loop {
        match chars.get(j)? {
            '\\' => j += 2,
            c if *c == delimiter => return Some(j),
            _ => j += 1,
        }
    }
}

/// `'raw string'` at `start`, where only `\'` is an escape (for a quote): `'\\'` is two
/// backslashes, `'\z'` a backslash and a `z`.
fn raw_string(chars: &[char], start: usize) -> Result<(Token, usize), ParseError> {
    let end = closing(chars, start, '\'').ok_or_else(|| ParseError {
        at: start,
        message: "unterminated raw string: a `'` is missing".into(),
    })?;
    let value = chars[start + 1..end]
        .iter()
        .collect::<String>()
        .replace("\\'", "'");
    Ok((Token::Literal(Literal::String(value)), end + 1 - start))
}

/// `"quoted identifier"` at `start`, with JSON escapes.
fn quoted_identifier(chars: &[char], start: usize) -> Result<(Token, usize), ParseError> {
    let err = |message: String| ParseError { at: start, message };
    let end =
        closing(chars, start, '"').ok_or_else(|| err("unterminated quoted identifier".into()))?;
    let quoted: String = chars[start..=end].iter().collect();
    let name: String = serde_json::from_str(&quoted)
        .map_err(|e| err(format!("quoted identifier {quoted} is not valid: {e}")))?;
    Ok((Token::Ident(name), end + 1 - start))
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    end: usize,
}

/// Parses `text`.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    if text.chars().count() > MAX_LENGTH {
        return Err(ParseError {
            at: MAX_LENGTH,
            message: format!("longer than {MAX_LENGTH} characters"),
        });
    }
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        end: text.chars().count(),
    };
    let expr = parser.or(0)?;
    if expr.depth > MAX_DEPTH {
        return Err(ParseError {
            at: 0,
            message: format!(
                "nested more than {MAX_DEPTH} levels deep (each term of a chain of `.`, `&&` or `||` is a level)"
            ),
        });
    }
    match parser.peek() {
        None => Ok(expr),
        Some(t) => Err(parser.error(format!(
            "unexpected {} after a complete expression",
            describe(t)
        ))),
    }
}

fn describe(t: &Token) -> String {
    match t {
        Token::Ident(n) => format!("`{n}`"),
        Token::Literal(_) => "a literal".to_owned(),
        Token::Dot => "`.`".to_owned(),
        Token::Flatten => "`[]`".to_owned(),
        Token::FilterStart => "`[?`".to_owned(),
        Token::LBracket => "`[` (index and slice expressions are not supported)".to_owned(),
        Token::RBracket => "`]`".to_owned(),
        Token::LParen => "`(`".to_owned(),
        Token::RParen => "`)`".to_owned(),
        Token::Comma => "`,`".to_owned(),
        Token::At => "`@`".to_owned(),
        Token::Not => "`!`".to_owned(),
        Token::And => "`&&`".to_owned(),
        Token::Or => "`||`".to_owned(),
        Token::Op(_) => "a comparison".to_owned(),
    }
}

/// Expressions nested deeper than this (counting every term of a chain) are rejected, so a
/// hostile model cannot overflow the stack of any stage that walks them.
pub const MAX_DEPTH: usize = 64;

/// Longer expressions are rejected: waiters and paginators in published models are under 200
/// characters.
pub const MAX_LENGTH: usize = 1024;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }
    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |(at, _)| *at)
    }
    fn error(&self, message: String) -> ParseError {
        ParseError {
            at: self.at(),
            message,
        }
    }
    fn bump(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).map(|(_, t)| t.clone());
        self.pos += 1;
        t
    }
    fn expect(&mut self, want: Token, what: &str) -> Result<(), ParseError> {
        if self.peek() == Some(&want) {
            self.pos += 1;
            Ok(())
        } else {
            let found = self.peek().map_or("the end".to_owned(), describe);
            Err(self.error(format!("expected {what}, found {found}")))
        }
    }
    fn deeper(&self, depth: usize) -> Result<usize, ParseError> {
        if depth >= MAX_DEPTH {
            Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")))
        } else {
            Ok(depth + 1)
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let depth = self.deeper(depth)?;
        let mut lhs = self.and(depth)?;
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            let rhs = self.and(depth)?;
            lhs = Expr::new(lhs.at, ExprKind::Or(Box::new(lhs), Box::new(rhs)));
        }
        Ok(lhs)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let mut lhs = self.compare(depth)?;
        while self.peek() == Some(&Token::And) {
            self.pos += 1;
            let rhs = self.compare(depth)?;
            lhs = Expr::new(lhs.at, ExprKind::And(Box::new(lhs), Box::new(rhs)));
        }
        Ok(lhs)
    }

    fn compare(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let lhs = self.unary(depth)?;
        if let Some(Token::Op(op)) = self.peek().cloned() {
            self.pos += 1;
            let rhs = self.unary(depth)?;
            return Ok(Expr::new(
                lhs.at,
                ExprKind::Compare(op, Box::new(lhs), Box::new(rhs)),
            ));
        }
        Ok(lhs)
    }

    /// A prefix followed by its `.field`, `[]` and `[?…]` steps.
    fn unary(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let base = self.prefix(depth)?;
        self.steps(base, depth)
    }

    /// A primary expression, or `!` and its operand. `!` binds tighter than every step of the
    /// subset (JMESPath's binding powers: `!` 45, `.` 40, `[?` 21, `[]` 9), so `!a.b` is
    /// `(!a).b` and `!a[]` is `(!a)[]`, as in every JMESPath implementation; typing then
    /// refuses a step on a boolean.
    fn prefix(&mut self, depth: usize) -> Result<Expr, ParseError> {
        if self.peek() == Some(&Token::Not) {
            let at = self.at();
            self.pos += 1;
            let depth = self.deeper(depth)?;
            let inner = self.prefix(depth)?;
            return Ok(Expr::new(at, ExprKind::Not(Box::new(inner))));
        }
        self.primary(depth)
    }

    /// `expr` followed by `.field`, `[]` and `[?…]` steps. Everything after a projection
    /// applies to each element, so the steps fold from the right.
    fn steps(&mut self, mut expr: Expr, depth: usize) -> Result<Expr, ParseError> {
        loop {
            match self.peek() {
                Some(Token::Dot) => {
                    self.pos += 1;
                    let at = self.at();
                    let rhs = match self.bump() {
                        Some(Token::Ident(name)) => Expr::new(at, ExprKind::Field(name)),
                        other => {
                            self.pos -= 1;
                            let found = other.as_ref().map_or("the end".to_owned(), describe);
                            return Err(self.error(format!(
                                "expected a member name after `.`, found {found}"
                            )));
                        }
                    };
                    expr = Expr::new(expr.at, ExprKind::Sub(Box::new(expr), Box::new(rhs)));
                }
                Some(Token::Flatten) => {
                    let at = self.at();
                    self.pos += 1;
                    let rest = self.projection_rest(at, depth)?;
                    return Ok(Expr::new(
                        expr.at,
                        ExprKind::Project(Box::new(expr), Box::new(rest), true),
                    ));
                }
                Some(Token::FilterStart) => {
                    let at = self.at();
                    self.pos += 1;
                    let depth = self.deeper(depth)?;
                    let cond = self.or(depth)?;
                    self.expect(Token::RBracket, "`]` to close the filter")?;
                    let rest = self.projection_rest(at, depth)?;
                    return Ok(Expr::new(
                        expr.at,
                        ExprKind::Filter(Box::new(expr), Box::new(cond), Box::new(rest)),
                    ));
                }
                _ => return Ok(expr),
            }
        }
    }

    /// The steps after `[]` or `[?…]`, applied to each element (`@` when there are none).
    fn projection_rest(&mut self, at: usize, depth: usize) -> Result<Expr, ParseError> {
        let mut rest = Expr::new(at, ExprKind::Current);
        loop {
            match self.peek() {
                Some(Token::Dot) => {
                    self.pos += 1;
                    let field_at = self.at();
                    match self.bump() {
                        Some(Token::Ident(name)) => {
                            let rhs = Expr::new(field_at, ExprKind::Field(name));
                            rest = match rest.kind {
                                ExprKind::Current => rhs,
                                _ => {
                                    Expr::new(rest.at, ExprKind::Sub(Box::new(rest), Box::new(rhs)))
                                }
                            };
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("expected a member name after `.`".into()));
                        }
                    }
                }
                Some(Token::FilterStart) => {
                    // JMESPath keeps each element's filtered list as one value: `a[].b[?c]`
                    // is a list of lists, which no comparator reads and generated code does
                    // not build.
                    return Err(self.error(
                        "a filter inside a projection (`a[].b[?c]`) gives a list for each \
                         element, which is not part of the supported JMESPath subset; filter \
                         the outer list instead"
                            .into(),
                    ));
                }
                Some(Token::Flatten) => {
                    let depth = self.deeper(depth)?;
                    // `[]` inside the projection: parse the rest with `rest` as its base.
                    let inner_at = self.at();
                    self.pos += 1;
                    let tail = self.projection_rest(inner_at, depth)?;
                    let projected = ExprKind::Project(Box::new(rest), Box::new(tail), false);
                    return Ok(Expr::new(at, projected));
                }
                _ => return Ok(rest),
            }
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, ParseError> {
        let at = self.at();
        match self.bump() {
            Some(Token::Ident(name)) if self.peek() == Some(&Token::LParen) => {
                let function = match name.as_str() {
                    "length" => Function::Length,
                    "contains" => Function::Contains,
                    other => {
                        self.pos -= 1;
                        return Err(self.error(format!(
                            "function `{other}` is not supported (only `length` and `contains`)"
                        )));
                    }
                };
                self.pos += 1;
                let depth = self.deeper(depth)?;
                let mut args = vec![self.or(depth)?];
                while self.peek() == Some(&Token::Comma) {
                    self.pos += 1;
                    args.push(self.or(depth)?);
                }
                self.expect(Token::RParen, "`)` to close the arguments")?;
                let want = match function {
                    Function::Length => 1,
                    Function::Contains => 2,
                };
                if args.len() != want {
                    return Err(ParseError {
                        at,
                        message: format!("`{name}` takes {want} argument(s), not {}", args.len()),
                    });
                }
                Ok(Expr::new(at, ExprKind::Call(function, args)))
            }
            Some(Token::Ident(name)) => Ok(Expr::new(at, ExprKind::Field(name))),
            Some(Token::Literal(l)) => Ok(Expr::new(at, ExprKind::Literal(l))),
            Some(Token::At) => Ok(Expr::new(at, ExprKind::Current)),
            Some(Token::LParen) => {
                let depth = self.deeper(depth)?;
                let inner = self.or(depth)?;
                self.expect(Token::RParen, "`)`")?;
                Ok(inner)
            }
            other => {
                self.pos = self
                    .pos
                    .saturating_sub(1)
                    .max(self.pos.min(self.tokens.len()));
                let found = other.as_ref().map_or("the end".to_owned(), describe);
                Err(ParseError {
                    at,
                    message: format!("expected an expression, found {found}"),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Current => "@".into(),
            ExprKind::Field(n) => n.clone(),
            ExprKind::Sub(a, b) => format!("({}.{})", shape(a), shape(b)),
            ExprKind::Project(a, b, _) => format!("proj({}, {})", shape(a), shape(b)),
            ExprKind::Filter(a, c, b) => {
                format!("filter({}, {}, {})", shape(a), shape(c), shape(b))
            }
            ExprKind::Compare(op, a, b) => format!("({} {op:?} {})", shape(a), shape(b)),
            ExprKind::And(a, b) => format!("({} && {})", shape(a), shape(b)),
            ExprKind::Or(a, b) => format!("({} || {})", shape(a), shape(b)),
            ExprKind::Not(a) => format!("!{}", shape(a)),
            ExprKind::Literal(l) => format!("{l:?}"),
            ExprKind::Call(f, args) => format!(
                "{f:?}({})",
                args.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// The JMESPath compliance suite's escapes (`literal.json`, `identifiers.json`).
    #[test]
    fn backslashes_in_raw_strings_and_quoted_identifiers() {
        let literal = |text: &str| match parse(text).map(|e| e.kind) {
            Ok(ExprKind::Literal(Literal::String(s))) => s,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(literal(r"'\\'"), r"\\");
        assert_eq!(literal(r"'\z'"), r"\z");
        assert_eq!(literal(r"'foo\'bar'"), "foo'bar");
        assert_eq!(literal(r"'\u03a6'"), r"\u03a6");
        match parse(r#""a\\""#).map(|e| e.kind) {
            Ok(ExprKind::Field(name)) => assert_eq!(name, "a\\"),
            other => panic!("{other:?}"),
        }
        assert!(parse(r"'\'").is_err(), "the quote is escaped: unterminated");
    }

    #[test]
    fn every_waiter_expression_of_the_published_model_parses() {
        for (text, want) in [
            ("daemon.status", "(daemon.status)"),
            ("tasks[].lastStatus", "proj(tasks, lastStatus)"),
            ("failures[].reason", "proj(failures, reason)"),
            (
                "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
                "(Length(filter(services, !((Length(deployments) Eq Number(1.0)) && (runningCount Eq desiredCount)), @)) Eq Number(0.0))",
            ),
            ("a.b[].c.d", "proj((a.b), (c.d))"),
            ("a[].b[].c", "proj(a, proj(b, c))"),
            (
                "contains(a[].b, 'x') || !c",
                "(Contains(proj(a, b), String(\"x\")) || !c)",
            ),
            // `!` binds tighter than `.`, `[?` and `[]`, as JMESPath's binding powers say.
            ("!a.b", "(!a.b)"),
            ("!a[]", "proj(!a, @)"),
            ("!!a[?b].c", "filter(!!a, b, c)"),
            ("!(a.b)", "!(a.b)"),
        ] {
            assert_eq!(shape(&parse(text).unwrap()), want, "{text}");
        }
    }

    #[test]
    fn outside_the_subset_is_an_error_with_its_position() {
        for (text, at, words) in [
            ("a[0]", 2, "not part of"),
            ("a[", 1, "index"),
            ("sort(a)", 0, "function `sort`"),
            ("a.`1`", 2, "member name"),
            ("a == ", 5, "expected an expression"),
            ("`{\"a\": 1}`", 0, "not supported"),
            ("a | b", 2, "not part of"),
            ("'open", 0, "unterminated"),
            ("length(a, b)", 0, "1 argument"),
            // JMESPath gives a list per element of `a`, which no comparator reads.
            ("a[].b[?c]", 5, "filter inside a projection"),
            ("a[?x].b[?c].d", 7, "filter inside a projection"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.at, at, "{text}: {e}");
            assert!(e.message.contains(words), "{text}: {e}");
        }
        let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).unwrap_err().message.contains("levels deep"));
        for chain in [" && ", " || ", "."] {
            let long = vec!["a"; 100].join(chain);
            assert!(
                parse(&long).unwrap_err().message.contains("levels deep"),
                "{chain}"
            );
            assert!(parse(&vec!["a"; 30].join(chain)).is_ok(), "{chain}");
        }
        let huge = vec!["a"; 2_000].join(" && ");
        assert!(parse(&huge).unwrap_err().message.contains("longer than"));
    }
}
