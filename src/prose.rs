//! Small helpers for the prose in findings and rule documentation, shared by review and lint.

/// The first sentence of a text (what a finding quotes as its help).
pub fn first_sentence(s: &str) -> String {
    // Cut at the first period followed by white space, then tidy only that part: rationales
    // run to paragraphs.
    let end = s
        .char_indices()
        .find(|&(i, c)| c == '.' && s[i + 1..].starts_with(char::is_whitespace))
        .map_or(s.len(), |(i, _)| i + 1);
    s[..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every line of `s` indented by four spaces (for `explain`).
pub fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences_and_indents() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("No end\n here"), "No end here");
        assert_eq!(first_sentence("v1.2 stays. Next"), "v1.2 stays.");
        assert_eq!(indent("a\nb"), "    a\n    b");
    }
}
