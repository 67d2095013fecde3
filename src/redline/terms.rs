//! The draft's own names for the parties. The model clauses say "the Client" and "the
//! Provider"; a vendor's paper usually defines "Customer" and "Vendor" (or "Supplier",
//! "Company"...), and an inserted clause should use the words the rest of the draft uses.

use std::sync::LazyLock;

use regex::Regex;

/// A term defined in parentheses: `("Customer")`, `(the "Supplier")`, `(hereinafter "Vendor")`.
static DEFINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\(\s*(?:(?:hereinafter|together|each)\s+)?(?:(?:referred\s+to\s+as|called)\s+)?(?:the\s+)?["“”']([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)["“”']\s*\)"#)
        .expect("valid regex")
});

const CLIENT: &[&str] = &[
    "Customer",
    "Client",
    "Company",
    "Buyer",
    "Purchaser",
    "Licensee",
];
const PROVIDER: &[&str] = &[
    "Vendor",
    "Provider",
    "Service Provider",
    "Supplier",
    "Contractor",
    "Consultant",
    "Agency",
    "Licensor",
    "Seller",
    "Processor",
];

/// How the draft names each party, when it defines them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parties {
    client: Option<(String, bool)>,
    provider: Option<(String, bool)>,
}

impl Parties {
    /// Read the defined terms of `text`: the first client-like and the first provider-like
    /// term, and whether the draft puts "the" before it most of the time.
    pub fn of(text: &str) -> Parties {
        let mut parties = Parties::default();
        for c in DEFINED.captures_iter(text).take(50) {
            let term = c[1].to_string();
            let slot = if CLIENT.contains(&term.as_str()) {
                &mut parties.client
            } else if PROVIDER.contains(&term.as_str()) {
                &mut parties.provider
            } else {
                continue;
            };
            if slot.is_none() {
                let article = with_article(text, &term);
                *slot = Some((term, article));
            }
        }
        parties
    }

    /// `model` in the draft's terms.
    pub fn apply(&self, model: &str) -> String {
        let mut out = model.to_string();
        for (ours, theirs) in [("Client", &self.client), ("Provider", &self.provider)] {
            let Some((term, article)) = theirs else {
                continue;
            };
            if term == ours {
                continue;
            }
            let the = Regex::new(&format!(r"\b([Tt])he {ours}\b")).expect("valid regex");
            out = if *article {
                the.replace_all(&out, format!("${{1}}he {term}").as_str())
                    .into_owned()
            } else {
                the.replace_all(&out, term.as_str()).into_owned()
            };
            let bare = Regex::new(&format!(r"\b{ours}\b")).expect("valid regex");
            out = bare.replace_all(&out, term.as_str()).into_owned();
        }
        out
    }
}

/// Whether at least half the uses of `term` in `text` follow "the" (the definition itself,
/// `the "Supplier"`, counts as a use without).
fn with_article(text: &str, term: &str) -> bool {
    let uses =
        Regex::new(&format!(r"\b(?:([Tt]he) )?{}\b", regex::escape(term))).expect("valid regex");
    let (mut with, mut all) = (0, 0);
    for c in uses.captures_iter(text) {
        all += 1;
        with += usize::from(c.get(1).is_some());
    }
    with * 2 >= all && with > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_terms_replace_the_models_words() {
        let p = Parties::of(
            r#"Between Acme LLC ("Customer") and NetFix Ltd ("Vendor"). Vendor shall serve Customer."#,
        );
        assert_eq!(
            p.apply("The Provider tells the Client within 24 hours about Client data."),
            "Vendor tells Customer within 24 hours about Customer data."
        );
    }

    #[test]
    fn terms_with_the_keep_it() {
        let p = Parties::of(
            r#"Acme (the "Company") hires Beta (the "Supplier"). The Supplier serves the Company; the Supplier invoices."#,
        );
        assert_eq!(
            p.apply("The Provider pays the Client."),
            "The Supplier pays the Company."
        );
    }

    #[test]
    fn no_definitions_no_change() {
        assert_eq!(
            Parties::of("No parties here.").apply("The Client pays."),
            "The Client pays."
        );
    }
}
