//! Finding every occurrence of a policy's keywords in a sentence: the first pass of the engine
//! over every byte of a contract, so its speed is the linter's speed.
//!
//! A policy has about 1,600 short, lower-case keywords. They are matched by an Aho-Corasick
//! automaton laid out as one dense table (a row of next states per state, a column per byte
//! class), built here in a breadth-first pass in 6–8 ms, where the `aho-corasick` crate's DFA
//! took 25 ms to build and its overlapping search about 2.5 times the instructions of the
//! plain table walk below. A keyword set too big for a table (a policy with tens of thousands
//! of keywords) falls back to that crate.

use aho_corasick::AhoCorasick;

/// Table entries allowed for the dense automaton (16 MB of `u32`); bigger sets use the crate.
const MAX_TABLE: usize = 4 << 20;

/// Marks a table entry whose state ends at least one keyword.
const ENDS_KEYWORD: u32 = 1 << 31;

/// The keywords of a policy, compiled for finding all their occurrences (overlapping).
pub enum Keywords {
    Dense(Box<Dense>),
    Library(AhoCorasick),
}

impl Keywords {
    /// Compile `words` (lower case, none empty): dense when the table fits.
    pub fn new(words: &[Vec<u8>]) -> Result<Keywords, String> {
        match Dense::new(words) {
            Some(dense) => Ok(Keywords::Dense(Box::new(dense))),
            None => Keywords::library(words),
        }
    }

    /// Compile `words` with the `aho-corasick` crate (the fallback, and the reference the
    /// dense table is tested against).
    pub fn library(words: &[Vec<u8>]) -> Result<Keywords, String> {
        AhoCorasick::new(words)
            .map(Keywords::Library)
            .map_err(|e| e.to_string())
    }

    /// Call `found(start, keyword)` for every occurrence of every keyword in `text`, once
    /// each, in no particular order.
    pub fn for_each(&self, text: &[u8], mut found: impl FnMut(usize, usize)) {
        match self {
            Keywords::Dense(d) => d.for_each(text, found),
            Keywords::Library(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    found(m.start(), m.pattern().as_usize());
                }
            }
        }
    }
}

/// The dense automaton. States are stored premultiplied by the stride (the number of byte
/// classes), so a step is one table load.
pub struct Dense {
    /// Byte to class: every byte that occurs in a keyword has its own class, all others
    /// share class 0.
    classes: [u8; 256],
    stride: usize,
    /// `table[state + class]`: the next state (premultiplied), with [`ENDS_KEYWORD`] set when
    /// it ends a keyword.
    table: Vec<u32>,
    /// For each state (by breadth-first rank, not premultiplied), its range in `ends`.
    ends_at: Vec<(u32, u32)>,
    /// The keywords each state ends: its own and those of its failure chain.
    ends: Vec<u32>,
    /// Each keyword's length, and the longest.
    lengths: Vec<usize>,
    longest: usize,
}

impl Dense {
    /// `None` when the table would be too big.
    fn new(words: &[Vec<u8>]) -> Option<Dense> {
        let mut classes = [0u8; 256];
        let mut stride = 1usize;
        for &b in words.iter().flatten() {
            if classes[usize::from(b)] == 0 {
                classes[usize::from(b)] = u8::try_from(stride).ok()?;
                stride += 1;
            }
        }
        let bytes: usize = words.iter().map(Vec::len).sum();
        if (bytes + 1).checked_mul(stride)? > MAX_TABLE {
            return None;
        }
        // The trie: `NONE` marks a missing edge until the breadth-first pass fills it.
        const NONE: u32 = u32::MAX;
        let mut table = vec![NONE; stride];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (k, word) in words.iter().enumerate() {
            let mut s = 0usize;
            for &b in word {
                let slot = s * stride + usize::from(classes[usize::from(b)]);
                if table[slot] == NONE {
                    table[slot] = u32::try_from(own.len()).ok()?;
                    table.extend(std::iter::repeat_n(NONE, stride));
                    own.push(Vec::new());
                }
                s = table[slot] as usize;
            }
            own[s].push(u32::try_from(k).ok()?);
        }
        let states = own.len();
        // Breadth first: a state's failure state is shallower, so its row is complete when
        // the state's missing edges copy it.
        let mut fail = vec![0usize; states];
        let mut order = Vec::with_capacity(states);
        for entry in &mut table[..stride] {
            match *entry {
                NONE => *entry = 0,
                child => order.push(child as usize),
            }
        }
        let mut at = 0;
        while at < order.len() {
            let s = order[at];
            at += 1;
            for c in 0..stride {
                let slot = s * stride + c;
                let via_fail = table[fail[s] * stride + c];
                match table[slot] {
                    NONE => table[slot] = via_fail,
                    child => {
                        fail[child as usize] = via_fail as usize;
                        order.push(child as usize);
                    }
                }
            }
        }
        // Each state ends its own keywords and those of its failure state, whose list is
        // complete already (it comes earlier in breadth-first order): copied from it.
        let mut ends_at = vec![(0u32, 0u32); states];
        let mut ends: Vec<u32> = Vec::new();
        for &s in &order {
            let from = ends.len();
            ends.extend_from_slice(&own[s]);
            let (a, b) = ends_at[fail[s]];
            ends.extend_from_within(a as usize..b as usize);
            ends_at[s] = (u32::try_from(from).ok()?, u32::try_from(ends.len()).ok()?);
        }
        // Renumber the states breadth first, so the shallow ones, where the walk spends most of
        // its time, share a few cache lines; then premultiply and mark.
        let mut rank = vec![0usize; states];
        for (i, &s) in order.iter().enumerate() {
            rank[s] = i + 1;
        }
        let mut walk = Vec::with_capacity(states * stride);
        let mut ends_by_rank = Vec::with_capacity(states);
        for s in std::iter::once(0).chain(order.iter().copied()) {
            for &next in &table[s * stride..(s + 1) * stride] {
                let next = next as usize;
                let (a, b) = ends_at[next];
                let mark = if a == b { 0 } else { ENDS_KEYWORD };
                walk.push(u32::try_from(rank[next] * stride).ok()? | mark);
            }
            ends_by_rank.push(ends_at[s]);
        }
        Some(Dense {
            classes,
            stride,
            table: walk,
            ends_at: ends_by_rank,
            ends,
            lengths: words.iter().map(Vec::len).collect(),
            longest: words.iter().map(Vec::len).max().unwrap_or(0),
        })
    }

    /// The walk is one table load per byte, each waiting on the one before: bound by the
    /// latency of the load, not by the work. So the text is read as two halves at once, two
    /// independent chains the processor overlaps. The second half starts early by the longest
    /// keyword less one byte, from the start state, and reports only what ends past the middle;
    /// the first reports what ends at or before it: every occurrence once.
    fn for_each(&self, text: &[u8], mut found: impl FnMut(usize, usize)) {
        let n = text.len();
        let mid = n / 2;
        let second = mid.saturating_sub(self.longest.saturating_sub(1));
        if second == 0 {
            return self.walk(text, 0, 0, &mut found);
        }
        let (mut a, mut b) = (0usize, 0usize);
        for i in 0..mid {
            let ea = self.step(a, text[i]);
            let eb = self.step(b, text[second + i]);
            a = (ea & !ENDS_KEYWORD) as usize;
            b = (eb & !ENDS_KEYWORD) as usize;
            if ea & ENDS_KEYWORD != 0 {
                self.report(a, i + 1, &mut found);
            }
            if eb & ENDS_KEYWORD != 0 && second + i >= mid {
                self.report(b, second + i + 1, &mut found);
            }
        }
        // The rest of the second half: everything there ends past the middle.
        self.walk(text, second + mid, b, &mut found);
    }

    /// One walk over `text[from..]` from `state`, reporting every occurrence that ends there.
    fn walk(
        &self,
        text: &[u8],
        from: usize,
        mut state: usize,
        found: &mut impl FnMut(usize, usize),
    ) {
        for (i, &byte) in text.iter().enumerate().skip(from) {
            let e = self.step(state, byte);
            state = (e & !ENDS_KEYWORD) as usize;
            if e & ENDS_KEYWORD != 0 {
                self.report(state, i + 1, found);
            }
        }
    }

    /// The table entry for `byte` from (premultiplied) `state`.
    #[inline(always)]
    fn step(&self, state: usize, byte: u8) -> u32 {
        self.table[state + usize::from(self.classes[usize::from(byte)])]
    }

    /// Report the keywords (premultiplied) `state` ends, at `end`.
    #[inline]
    fn report(&self, state: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
        let (from, to) = self.ends_at[state / self.stride];
        for &k in &self.ends[from as usize..to as usize] {
            let k = k as usize;
            found(end - self.lengths[k], k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(k: &Keywords, text: &[u8]) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        k.for_each(text, |s, w| v.push((s, w)));
        v.sort_unstable();
        v
    }

    /// The dense table finds exactly the occurrences the `aho-corasick` crate finds, on
    /// keywords that overlap, nest and share prefixes and suffixes, over generated text.
    #[test]
    fn the_dense_table_finds_what_the_library_finds() {
        let words: Vec<Vec<u8>> = [
            "term",
            "terminat",
            "termination",
            "rminat",
            "nat",
            "at ",
            "of ",
            "of the ",
            "the",
            "he ",
            "[",
            "$",
            "e-",
            "-e",
            "ee",
            "eee",
            "pay",
            "payment",
            "ment",
            "ent",
            "t",
        ]
        .iter()
        .map(|w| w.as_bytes().to_vec())
        .collect();
        let dense = Keywords::new(&words).expect("builds");
        assert!(matches!(dense, Keywords::Dense(_)));
        let library = Keywords::library(&words).expect("builds");
        let alphabet = b"termina of theyp$[-e\xc3\xa9 ";
        for text in crate::lint::random_mixes(2000, 300, alphabet) {
            assert_eq!(all(&dense, &text), all(&library, &text), "{text:?}");
        }
        let text = b"the termination payment of the term";
        assert!(all(&dense, text).contains(&(4, 2)), "termination at 4");
    }

    /// A keyword set too big for a table still works, through the library.
    #[test]
    fn a_huge_keyword_set_falls_back_to_the_library() {
        let words: Vec<Vec<u8>> = (0..60_000u32)
            .map(|i| format!("k{i:06}x{}", i * 7919).into_bytes())
            .collect();
        let k = Keywords::new(&words).expect("builds");
        assert!(matches!(k, Keywords::Library(_)));
        assert_eq!(all(&k, b"zz k000003x23757 zz"), vec![(3, 3)]);
    }
}
