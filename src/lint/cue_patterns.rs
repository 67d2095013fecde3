//! The cue words lint reads before the rules ([`super::assume`]): words of an ongoing managed
//! service, of a project with deliverables, and of personal data handled. Only their sources
//! are here: the build script reads this file too, to put the words they start with into the
//! built-in policies' keyword tables, so that the keyword pass finds where cues can start and
//! no search of its own reads the whole draft for them.

/// Words of an ongoing managed service.
pub const SERVICE: &str = r"\b(?:managed services?|ongoing|service levels?|SLAs?|help ?desk|service desk|support services|monthly (?:fee|charge|retainer)|per month|retainer|24\s?(?:x|/)\s?7|uptime|availability|response times?|tickets?|incidents?|on a recurring basis|recurring services?|business as usual|run (?:the|our) )\b";

/// Words of a project with deliverables.
pub const PROJECT: &str = r"\b(?:deliverables?|milestones?|project plan|project|acceptance test(?:s|ing)?|go[- ]live|fixed (?:price|fee)|implementation|phase \d|completion date|work product|design document|user acceptance)\b";

/// Words of personal data handled.
pub const PERSONAL: &str = r"\b(?:personal (?:data|information)|personally identifiable|PII|data subjects?|social security (?:numbers?|nos?\.?)|SSNs?|national insurance numbers?|dates? of birth|patients?(?:'|’)? (?:data|records|information|details)|(?:protected )?health information|PHI|medical (?:records|information)|employee (?:data|records|information|personal|details)|payroll (?:data|records|information)|(?:customer|client|consumer)s?(?:'|’)? (?:personal|contact) (?:data|details|information)|cardholder data|GDPR|HIPAA|CCPA|data protection (?:act|laws?|legislation))\b";

/// The cues in the order of their index in a match (and of preference, where two match at
/// one place).
pub const PATTERNS: [&str; 3] = [SERVICE, PROJECT, PERSONAL];
