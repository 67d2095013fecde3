//! What lint assumes about a draft before its rules apply, each assumption stated in the
//! output with its reason and how to change it: the language it is written in, the kind of
//! document (an ongoing managed service, a project with deliverables, or both; made under a
//! master agreement or not), and the contexts that switch rules on (data access, personal
//! data, cross-border).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::policy::Context;
use super::text::{Document, Part};
use crate::source::SourceFile;

/// Id of the finding for a draft not written in English.
pub const LANGUAGE_RULE: &str = "LINT-LANGUAGE";
/// Id of the finding that lists the master-agreement clauses a draft made under one lacks.
pub const MASTER_RULE: &str = "DOC-MASTER";

/// The kind of work a draft is for, which decides whether deliverable and milestone rules or
/// service-level rules apply.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    /// An ongoing managed service: service levels, reporting, credits.
    Service,
    /// A project: deliverables, acceptance, milestones.
    Project,
    /// Both (or unclear): every rule applies.
    Mixed,
}

impl DocType {
    pub fn describe(self) -> &'static str {
        match self {
            DocType::Service => "an ongoing managed service",
            DocType::Project => "a project with deliverables",
            DocType::Mixed => "services and deliverables",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Service => "service",
            DocType::Project => "project",
            DocType::Mixed => "mixed",
        }
    }
}

/// How a context came to apply to a draft, or why it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextUse {
    pub context: Context,
    pub applied: bool,
    /// Why it applies or not, or how to apply it (one phrase).
    pub why: String,
}

/// Everything assumed about one draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumed {
    pub doc_type: DocType,
    /// Why that type (the signals counted, or "given with --doc-type").
    pub doc_why: String,
    /// The sentence that says the draft is made under a master agreement: byte span.
    pub under_master: Option<(usize, usize)>,
    pub contexts: Vec<ContextUse>,
    /// The language when it is not English: its name.
    pub foreign_language: Option<&'static str>,
}

impl Assumed {
    /// Whether `context` applies.
    pub fn has(&self, context: Context) -> bool {
        self.contexts
            .iter()
            .any(|c| c.context == context && c.applied)
    }

    /// Whether the engagement says `context` does not hold (so rules that need it are
    /// lowered, not dropped).
    pub fn ruled_out(&self, context: Context) -> bool {
        self.contexts
            .iter()
            .any(|c| c.context == context && !c.applied && c.why.starts_with("the engagement"))
    }
}

/// What the command line and the engagement say about the contexts and the document.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// Contexts switched on by `--profile`, the engagement or a config.
    pub on: BTreeSet<Context>,
    /// Contexts an engagement says do not hold (e.g. no client data is shared).
    pub off: BTreeSet<Context>,
    /// Whether the contexts came from an engagement (for the wording).
    pub from_engagement: bool,
    /// `--doc-type`.
    pub doc_type: Option<DocType>,
    /// `--doc-type` said whether the draft sits under a master agreement.
    pub under_master: Option<bool>,
}

/// A cue pattern, read as bytes with ASCII classes, like the policy patterns: Unicode `\w` and
/// `\b` cost more to build than the rest of a one-file run.
fn regex(pattern: &str) -> Regex {
    regex::bytes::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .unicode(false)
        .build()
        .expect("valid")
}

/// A draft that says it is made under another, master agreement (not "this Master
/// Agreement", which is the master itself).
static UNDER_MASTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:under|pursuant to|subject to|governed by|issued under|made under|entered into under|part of|incorporates?|in accordance with)\s+(?:the|that certain|an?|our)\s+(?:(?:[\w&,.'-]|’)+\s+){0,5}?(?:master|framework)\s+(?:\w+\s+){0,3}?(?:agreement|terms|contract)\b|\b(?:the|that certain)\s+(?:master (?:services? |supply |consulting |professional services )?agreement|MSA|framework agreement)\b[^.]{0,80}\b(?:governs?|applies|apply|prevails?)\b",
    )
});

/// The cue words read before the rules ([`super::cue_patterns`]): one multi-pattern regex
/// whose matches say which cue matched.
static CUES: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    regex_automata::meta::Regex::builder()
        .configure(regex_automata::meta::Regex::config().auto_prefilter(false))
        .syntax(
            regex_automata::util::syntax::Config::new()
                .case_insensitive(true)
                .unicode(false)
                .utf8(false),
        )
        .build_many(&super::cue_patterns::PATTERNS)
        .expect("valid")
});
/// The index of each cue's pattern in [`CUES`].
pub const SERVICE: usize = 0;
pub const PROJECT: usize = 1;
pub const PERSONAL: usize = 2;

/// A cue word found in a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// [`SERVICE`], [`PROJECT`] or [`PERSONAL`].
    pub kind: usize,
    pub start: usize,
    pub end: usize,
    /// The sentence that holds it whole (its index in the document's sentences).
    pub sentence: usize,
}

/// Whether cues are read in a sentence of this part: operative text (body, definitions,
/// headings).
pub fn reads_cues(part: Part) -> bool {
    matches!(part, Part::Body | Part::Definition | Part::Heading)
}

/// The cue that matches at `at` in `text`, as the cue regex prefers it there: its kind and
/// its end.
fn cue_at(text: &[u8], at: usize) -> Option<(usize, usize)> {
    let input = regex_automata::Input::new(text)
        .range(at..)
        .anchored(regex_automata::Anchored::Yes);
    CUES.search(&input)
        .map(|m| (m.pattern().as_usize(), m.end()))
}

/// Every cue in `doc`, in text order: each place in a sentence that [`reads_cues`] where a
/// cue matches whole within the sentence. This reads every place, and is the definition the
/// tests hold lint to; lint finds the same cues with the keyword pass
/// ([`super::fast::Engine::read`]), trying only the places where a cue's first words are.
pub fn find_cues(doc: &Document) -> Vec<Cue> {
    let mut cues = Vec::new();
    for (i, s) in doc.sentences.iter().enumerate() {
        if !reads_cues(s.part) {
            continue;
        }
        cues.extend((s.start..s.end).filter_map(|at| cue_in(doc, i, at)));
    }
    cues
}

/// The cue that starts at `at` in sentence `i` of `doc`, when one matches there whole within
/// the sentence.
pub fn cue_in(doc: &Document, i: usize, at: usize) -> Option<Cue> {
    let (kind, end) = cue_at(doc.text.as_bytes(), at)?;
    (end <= doc.sentences[i].end).then_some(Cue {
        kind,
        start: at,
        end,
        sentence: i,
    })
}

/// Build the cue regexes now (they are otherwise built on the first draft): a run compiles
/// them beside its policy, on another worker.
pub fn prepare() {
    LazyLock::force(&UNDER_MASTER);
    LazyLock::force(&CUES);
}

/// The assumptions for one draft, whose cue words are `cues` ([`find_cues`]).
pub fn assume(src: &SourceFile, doc: &Document, given: &Given, cues: &[Cue]) -> Assumed {
    let foreign_language = language(&doc.text[..crate::source::floor_boundary(doc.text, 12_000)]);
    // The document type: the words of each kind, counted once per sentence.
    let cues = Cues::read(src, doc, cues);
    let (service, project) = (cues.service, cues.project);
    let (doc_type, doc_why) = match given.doc_type {
        Some(t) => (t, "given with --doc-type".to_string()),
        None => {
            let t = if service >= 2 && service >= 3 * project {
                DocType::Service
            } else if project >= 2 && project >= 3 * service {
                DocType::Project
            } else {
                DocType::Mixed
            };
            (
                t,
                format!(
                    "{service} sentences about ongoing services, {project} about deliverables; set it with --doc-type"
                ),
            )
        }
    };
    let under_master = match given.under_master {
        Some(false) => None,
        _ => doc
            .sentences
            .iter()
            .filter(|s| s.start < 6_000 && s.part != Part::Comment)
            .find(|s| UNDER_MASTER.is_match(doc.sentence_text(s).as_bytes()))
            .map(|s| (s.start, s.end)),
    };
    let mut contexts = Vec::new();
    let how = |c: Context| {
        format!(
            "add --profile {}, or --engagement",
            format!("{c:?}").to_lowercase()
        )
    };
    for c in [Context::Data, Context::Pd, Context::Xb] {
        let use_ = if given.on.contains(&c) {
            ContextUse {
                context: c,
                applied: true,
                why: if given.from_engagement {
                    "the engagement says so".into()
                } else {
                    "given with --profile".into()
                },
            }
        } else if given.off.contains(&c) && c == Context::Data {
            ContextUse {
                context: c,
                applied: false,
                why: "the engagement shares no client data: data-security findings are lowered to info".into(),
            }
        } else if c == Context::Data {
            ContextUse {
                context: c,
                applied: true,
                why: "on by default: outsourcing vendors handle client data".into(),
            }
        } else if c == Context::Pd
            && let Some((line, words)) = cues.personal_data.clone()
        {
            ContextUse {
                context: c,
                applied: true,
                why: format!("the draft mentions personal data at line {line} (\"{words}\")"),
            }
        } else {
            ContextUse {
                context: c,
                applied: false,
                why: how(c),
            }
        };
        contexts.push(use_);
    }
    Assumed {
        doc_type,
        doc_why,
        under_master,
        contexts,
        foreign_language,
    }
}

/// What the cue words say of a draft.
struct Cues {
    /// Operative sentences (body, definitions, headings) with words of an ongoing service.
    service: usize,
    /// Operative sentences with words of a project.
    project: usize,
    /// The first mention of personal data in the body or definitions: its line and words.
    personal_data: Option<(usize, String)>,
}

impl Cues {
    /// What `cues` say. Each sentence counts once per kind.
    fn read(src: &SourceFile, doc: &Document, cues: &[Cue]) -> Cues {
        let mut read = Cues {
            service: 0,
            project: 0,
            personal_data: None,
        };
        let mut last = [None; 2];
        for cue in cues {
            let part = doc.sentences[cue.sentence].part;
            if cue.kind == PERSONAL {
                if read.personal_data.is_none() && matches!(part, Part::Body | Part::Definition) {
                    let words = String::from_utf8_lossy(&doc.text.as_bytes()[cue.start..cue.end])
                        .into_owned();
                    read.personal_data = Some((src.location(cue.start, cue.start).line, words));
                }
            } else if last[cue.kind] != Some(cue.sentence) {
                last[cue.kind] = Some(cue.sentence);
                if cue.kind == SERVICE {
                    read.service += 1;
                } else {
                    debug_assert_eq!(cue.kind, PROJECT);
                    read.project += 1;
                }
            }
        }
        read
    }
}

/// The language of a text when it is reliably not English.
fn language(sample: &str) -> Option<&'static str> {
    // Counted only as far as 200: every draft's first 12 KB were read letter by letter.
    let letters = sample
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(200)
        .count();
    if letters < 200 || plainly_english(sample) {
        return None;
    }
    let info = whatlang::detect(sample)?;
    (info.lang() != whatlang::Lang::Eng && info.is_reliable()).then(|| info.lang().eng_name())
}

/// Whether English function words make up a good share of the first words: contract English
/// runs at a fifth or more, other languages at a few hundredths; most drafts are settled here
/// without the slower statistical detector.
fn plainly_english(sample: &str) -> bool {
    const WORDS: [&str; 16] = [
        "the", "of", "and", "to", "shall", "be", "or", "by", "for", "this", "with", "such", "any",
        "is", "will", "that",
    ];
    let (mut all, mut english) = (0usize, 0usize);
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(400)
    {
        all += 1;
        english += usize::from(WORDS.iter().any(|e| w.eq_ignore_ascii_case(e)));
    }
    all >= 50 && english * 100 >= all * 12
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::text;

    fn assumed(t: &str) -> Assumed {
        let src = SourceFile::new("x", t);
        let doc = text::segment(t);
        assume(&src, &doc, &Given::default(), &find_cues(&doc))
    }

    #[test]
    fn personal_data_turns_its_rules_on_with_the_line() {
        let a = assumed(
            "# Services\n\nThe Provider runs the payroll.\nIt stores each employee's social security number.\n",
        );
        let pd = a
            .contexts
            .iter()
            .find(|c| c.context == Context::Pd)
            .unwrap();
        assert!(pd.applied);
        assert!(pd.why.contains("line 4"), "{}", pd.why);
        let a = assumed("The Provider paints the office walls.");
        assert!(!a.has(Context::Pd));
        assert!(a.has(Context::Data), "data access is on by default");
    }

    #[test]
    fn a_sow_under_a_master_agreement_is_recognised() {
        let a = assumed(
            "# Statement of Work 3\n\nThis Statement of Work is issued under the Master Services Agreement dated 1 May 2025 between the parties.\n",
        );
        assert!(a.under_master.is_some());
        let a = assumed(
            "# Master Services Agreement\n\nThis Master Services Agreement governs each Statement of Work.\n",
        );
        assert!(a.under_master.is_none());
    }

    #[test]
    fn the_kind_of_work_is_read_from_the_words() {
        let a = assumed(
            "The Provider runs the help desk on an ongoing basis. Service levels apply to every ticket. The monthly fee covers 24x7 support.",
        );
        assert_eq!(a.doc_type, DocType::Service);
        let a = assumed(
            "The Provider delivers the website by the milestone dates. Each deliverable passes acceptance testing. The fixed price covers the project.",
        );
        assert_eq!(a.doc_type, DocType::Project);
        assert_eq!(assumed("The parties agree.").doc_type, DocType::Mixed);
    }

    #[test]
    fn a_contract_in_spanish_is_recognised() {
        let es = "El Proveedor prestará los servicios de contabilidad descritos en el Anexo A con la diligencia debida. El Cliente pagará las facturas correctas en un plazo de treinta días desde su recepción. Cada parte mantendrá la confidencialidad de la información de la otra parte durante la vigencia del contrato y cinco años después. Este contrato se rige por las leyes de España y cualquier disputa se someterá a los tribunales de Madrid.";
        assert_eq!(assumed(es).foreign_language, Some("Spanish"));
        assert_eq!(
            assumed(&"The Provider shall keep the Client's information confidential and use it only for the services. ".repeat(5)).foreign_language,
            None
        );
    }
}
