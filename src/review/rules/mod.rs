//! The review rules, one module each (REV-001..REV-021).

mod rev001;
mod rev002;
mod rev003;
mod rev004;
mod rev005;
mod rev006;
mod rev007;
mod rev008;
mod rev009;
mod rev010;
mod rev011;
mod rev012;
mod rev013;
mod rev014;
mod rev015;
mod rev016;
mod rev017;
mod rev018;
mod rev019;
mod rev020;
pub mod rev021;

use super::Rule;

pub use rev006::term_end;
pub use rev007::matches_core_activity;

/// Every review rule, in id order.
pub static ALL: &[&Rule] = &[
    &rev001::RULE,
    &rev002::RULE,
    &rev003::RULE,
    &rev004::RULE,
    &rev005::RULE,
    &rev006::RULE,
    &rev007::RULE,
    &rev008::RULE,
    &rev009::RULE,
    &rev010::RULE,
    &rev011::RULE,
    &rev012::RULE,
    &rev013::RULE,
    &rev014::RULE,
    &rev015::RULE,
    &rev016::RULE,
    &rev017::RULE,
    &rev018::RULE,
    &rev019::RULE,
    &rev020::RULE,
    &rev021::RULE,
];

/// Helpers shared by the rule tests: the clean example, and a way to change it.
#[cfg(test)]
pub mod testing {
    use crate::engagement::{Engagement, load_str};
    use crate::review::{Finding, Rule, run_rule};

    pub const EXAMPLE: &str = include_str!("../../../samples/bookkeeping-uk-cafe.yaml");

    pub fn example() -> Engagement {
        let loaded = load_str("example.yaml", EXAMPLE);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.engagement.expect("example loads")
    }

    /// Findings of `rule` on the example after `change`.
    pub fn findings(rule: &Rule, change: impl FnOnce(&mut Engagement)) -> Vec<Finding> {
        let mut e = example();
        change(&mut e);
        run_rule(rule, &e)
    }

    /// The rule is silent on the clean example.
    pub fn clean(rule: &Rule) {
        let f = findings(rule, |_| {});
        assert!(
            f.is_empty(),
            "{} fired on the clean example: {:?}",
            rule.doc.id,
            f
        );
    }
}
