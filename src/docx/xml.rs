//! WordprocessingML fragments: escaped text and runs. Every string that reaches a part goes
//! through [`escape`], so a value with `<`, `&` or a control character can never break the XML.

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Text escaped for an element or attribute, without the characters XML 1.0 forbids (most
/// C0 controls), which no Word document can hold.
pub fn escape(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    quick_xml::escape::escape(kept.as_str()).into_owned()
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    /// Yellow highlight: a part the user must still fill in.
    pub highlight: bool,
}

impl Look {
    fn properties(self) -> String {
        let mut p = String::new();
        if self.bold {
            p.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            p.push_str("<w:i/><w:iCs/>");
        }
        if self.highlight {
            p.push_str("<w:highlight w:val=\"yellow\"/>");
        }
        if p.is_empty() {
            p
        } else {
            format!("<w:rPr>{p}</w:rPr>")
        }
    }
}

/// One run (`<w:r>`): tabs and line breaks in `text` become Word's own tab and break.
pub fn run(text: &str, look: Look) -> String {
    let mut out = format!("<w:r>{}", look.properties());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                out.push_str(&format!(
                    "<w:t xml:space=\"preserve\">{}</w:t>",
                    escape(part)
                ));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// Runs for text in one look, with every `[NOT DEFINED: ...]` part highlighted.
pub fn runs_marking_gaps(text: &str, look: Look) -> String {
    const MARK: &str = "[NOT DEFINED";
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let end = rest[at..].find(']').map_or(rest.len(), |e| at + e + 1);
        if at > 0 {
            out.push_str(&run(&rest[..at], look));
        }
        out.push_str(&run(
            &rest[at..end],
            Look {
                bold: true,
                highlight: true,
                ..look
            },
        ));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push_str(&run(rest, look));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_controls_dropped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn gaps_are_highlighted() {
        let xml = runs_marking_gaps("Hours: [NOT DEFINED: service hours].", Look::default());
        assert!(xml.contains("<w:highlight w:val=\"yellow\"/></w:rPr><w:t xml:space=\"preserve\">[NOT DEFINED: service hours]</w:t>"));
        assert!(xml.ends_with("<w:t xml:space=\"preserve\">.</w:t></w:r>"));
    }

    #[test]
    fn tabs_and_breaks_are_word_elements() {
        assert_eq!(
            run("a\tb\nc", Look::default()),
            "<w:r><w:t xml:space=\"preserve\">a</w:t><w:tab/><w:t xml:space=\"preserve\">b</w:t><w:br/><w:t xml:space=\"preserve\">c</w:t></w:r>"
        );
    }
}
