//! Escaping text from an agreement file for Markdown and HTML. A file is untrusted
//! input: nothing in it may become markup, and only web links become links.

/// Text safe inside HTML elements and quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text that Markdown shows as written, on one line: the characters that start
/// emphasis, links, code, HTML or table cells are escaped, line breaks become spaces.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // An entity such as `&lt;` would show as the character it names.
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether `url` is a web address that may become a link: http or https, with no
/// characters that could break out of the link.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_markup_character() {
        assert_eq!(
            escape_html(r#"<script>alert("x&y")</script>'"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;"
        );
    }

    #[test]
    fn markdown_escapes_what_would_become_markup() {
        assert_eq!(
            escape_markdown("<b>*x*</b> | [a](b)\nnext"),
            r"\<b\>\*x\*\</b\> \| \[a\](b) next"
        );
        assert_eq!(escape_markdown("&lt;"), "&amp;lt;");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_link("https://example.com/a?b=c"));
        assert!(is_web_link("HTTP://example.com"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("file:///etc/passwd"));
        assert!(!is_web_link("https://example.com/\"onmouseover=x"));
        assert!(!is_web_link("https://a b"));
        assert!(!is_web_link(""));
    }
}
