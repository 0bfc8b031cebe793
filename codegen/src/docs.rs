//! Part of stage 3, lower: `@documentation` (CommonMark with inline HTML; the AWS models are
//! mostly HTML) → rustdoc markdown lines.
//!
//! The output must document cleanly with `-D warnings`: no unclosed HTML tags, no `[x]` that
//! rustdoc reads as an intra-doc link, no bare URLs, no indented lines that become code blocks
//! (which `cargo test` would try to compile).

/// Converts one documentation string into markdown lines (no leading `///`).
pub fn to_markdown(doc: &str) -> Vec<String> {
    let mut out = Writer::default();
    let mut rest = doc;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => match parse_tag(rest) {
                Some((tag, len)) => {
                    out.tag(&tag);
                    rest = &rest[len..];
                }
                None => {
                    out.text("<");
                    rest = &rest[1..];
                }
            },
            Some(i) => {
                out.text(&rest[..i]);
                rest = &rest[i..];
            }
            None => {
                out.text(rest);
                rest = "";
            }
        }
    }
    out.finish()
}

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty() {
        return None;
    }
    let href = inner.find("href=").and_then(|i| {
        let value = &inner[i + 5..];
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &value[1..];
        value.find(quote).map(|e| decode_entities(&value[..e]))
    });
    Some((
        Tag {
            name: name.to_ascii_lowercase(),
            closing,
            href,
        },
        end + 1,
    ))
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[derive(Default)]
struct Writer {
    /// Finished paragraphs, each marked when it is a list item (list items are not separated
    /// by blank lines, so they form one list).
    paragraphs: Vec<(String, bool)>,
    current: String,
    in_code: bool,
    in_pre: bool,
    pre: String,
    link: Option<(String, String)>,
    lists: Vec<(bool, usize)>,
    /// A list marker or "**Note:**" waiting for the paragraph it belongs to.
    prefix: Option<(String, bool)>,
}

impl Writer {
    fn push(&mut self, s: &str) {
        match &mut self.link {
            Some((_, text)) => text.push_str(s),
            None => self.current.push_str(s),
        }
    }

    fn text(&mut self, raw: &str) {
        // Markdown links already in the text (`[x](https://…)`) pass through untouched.
        let mut rest = raw;
        while let Some((before, link, after)) = split_markdown_link(rest) {
            self.plain_text(before);
            self.push(link);
            rest = after;
        }
        self.plain_text(rest);
    }

    fn plain_text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let text = decode_entities(raw);
        if self.in_pre {
            self.pre.push_str(&text);
            return;
        }
        if self.in_code {
            // Inside <code>: literal text, whitespace collapsed; backticks would end the span.
            let collapsed = collapse(&text).replace('`', "'");
            self.push(&collapsed);
            return;
        }
        let mut escaped = String::new();
        let mut in_span = false;
        for (i, word) in collapse(&text).split(' ').enumerate() {
            if i > 0 {
                escaped.push(' ');
            }
            if !in_span && (word.starts_with("http://") || word.starts_with("https://")) {
                let trimmed = word.trim_end_matches(['.', ',', ')', ';', ':']);
                escaped.push('<');
                escaped.push_str(trimmed);
                escaped.push('>');
                escaped.push_str(&word[trimmed.len()..]);
                continue;
            }
            for c in word.chars() {
                match c {
                    '`' => {
                        in_span = !in_span;
                        escaped.push(c);
                    }
                    '[' | ']' | '<' | '>' | '\\' | '*' | '_' | '#' | '|' if !in_span => {
                        escaped.push('\\');
                        escaped.push(c);
                    }
                    _ => escaped.push(c),
                }
            }
        }
        if in_span {
            // An unmatched backtick: close the span rather than swallow the rest of the doc.
            escaped.push('`');
        }
        self.push(&escaped);
    }

    fn break_paragraph(&mut self) {
        let line = self.current.trim().to_owned();
        if !line.is_empty() {
            let (prefix, list_item) = self.prefix.take().unwrap_or_default();
            self.paragraphs.push((format!("{prefix}{line}"), list_item));
        }
        self.current.clear();
    }

    fn tag(&mut self, tag: &Tag) {
        match (tag.name.as_str(), tag.closing) {
            ("p" | "div" | "dl" | "dd" | "br" | "dt", _) => self.break_paragraph(),
            ("code" | "tt" | "userinput" | "replaceable" | "filename", closing) if !self.in_pre => {
                if closing != self.in_code {
                    return;
                }
                self.in_code = !closing;
                self.push("`");
            }
            ("pre" | "programlisting" | "codeblock", closing) => self.pre_block(closing),
            ("a", false) => {
                let href = tag
                    .href
                    .clone()
                    .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
                if let Some(h) = href {
                    self.link = Some((h, String::new()));
                }
            }
            ("a", true) => self.close_link(),
            ("b" | "strong", _) => self.push("**"),
            ("i" | "em", _) => self.push("*"),
            ("ul" | "ol" | "li" | "note" | "important", closing) => self.block(&tag.name, closing),
            _ => {}
        }
    }

    /// `<pre>` and its kin: a fenced `text` block of the non-blank lines.
    fn pre_block(&mut self, closing: bool) {
        if !closing {
            self.break_paragraph();
            self.in_pre = true;
            self.pre.clear();
            return;
        }
        self.in_pre = false;
        let body: Vec<&str> = self
            .pre
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !body.is_empty() {
            self.paragraphs
                .push((format!("```text\n{}\n```", body.join("\n")), false));
        }
    }

    /// `</a>`: a markdown link, or the URL alone when the link has no text.
    fn close_link(&mut self) {
        if let Some((href, text)) = self.link.take() {
            let text = text.trim();
            if text.is_empty() {
                self.current.push_str(&format!("<{href}>"));
            } else {
                self.current.push_str(&format!("[{text}]({href})"));
            }
        }
    }

    /// Lists, items and notes: each starts a paragraph with its marker or label.
    fn block(&mut self, name: &str, closing: bool) {
        self.break_paragraph();
        match (name, closing) {
            ("ul" | "ol", false) => self.lists.push((name == "ol", 0)),
            ("ul" | "ol", true) => {
                self.lists.pop();
            }
            ("li", false) => {
                // Nested lists are flattened: an indented item after a paragraph would turn into
                // a code block, which rustdoc then tries to compile.
                let marker = match self.lists.last_mut() {
                    Some((true, n)) => {
                        *n += 1;
                        format!("{n}.")
                    }
                    _ => "-".to_owned(),
                };
                self.prefix = Some((format!("{marker} "), true));
            }
            ("note", false) => self.prefix = Some(("**Note:** ".to_owned(), false)),
            ("important", false) => self.prefix = Some(("**Important:** ".to_owned(), false)),
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.in_code {
            self.push("`");
        }
        if let Some((href, text)) = self.link.take() {
            self.current.push_str(&format!("[{}]({href})", text.trim()));
        }
        self.break_paragraph();
        let mut lines = Vec::new();
        let mut prev_item = false;
        for (p, item) in self.paragraphs {
            if !(lines.is_empty() || item && prev_item) {
                lines.push(String::new());
            }
            lines.extend(p.lines().map(str::to_owned));
            prev_item = item;
        }
        lines
    }
}

/// Finds the first `[text](http…)` in `s`: (before, link, after).
fn split_markdown_link(s: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = s[from..].find('[').map(|i| i + from) {
        let close = open + s[open..].find(']')?;
        let tail = &s[close + 1..];
        if (tail.starts_with("(http://") || tail.starts_with("(https://"))
            && !s[open + 1..close].contains('[')
            && let Some(end) = tail.find(')')
        {
            let end = close + 1 + end + 1;
            return Some((&s[..open], &s[open..end], &s[end..]));
        }
        from = open + 1;
    }
    None
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_code_links_and_lists() {
        let md = to_markdown(
            "<p>Runs a <code>task</code> [now].</p> <note><p>See <a href=\"https://example.com/x\">the guide</a>.</p></note><ul><li><p>one</p></li><li>two <i>a_b</i></li></ul>",
        );
        assert_eq!(
            md,
            vec![
                "Runs a `task` \\[now\\].",
                "",
                "**Note:** See [the guide](https://example.com/x).",
                "",
                "- one",
                "- two *a\\_b*",
            ]
        );
    }

    #[test]
    fn markdown_passes_through_and_urls_are_wrapped() {
        assert_eq!(
            to_markdown("Use `a[0]` or see https://example.com."),
            vec!["Use `a[0]` or see <https://example.com>."]
        );
        assert_eq!(to_markdown("a <b"), vec!["a \\<b"]);
        // A paragraph that only looks like a numbered item stays its own paragraph.
        assert_eq!(
            to_markdown("<ul><li>a</li></ul><p>2 tasks ran. Done.</p>"),
            vec!["- a", "", "2 tasks ran. Done."]
        );
        assert_eq!(
            to_markdown("see [the x](https://e.com/a) [y]"),
            vec!["see [the x](https://e.com/a) \\[y\\]"]
        );
        assert_eq!(to_markdown("x &lt;tag&gt; y"), vec!["x \\<tag\\> y"]);
    }
}
