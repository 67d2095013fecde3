//! Finding every occurrence of a policy's keywords in the sentences of a document: the first
//! pass of the engine over every byte of a contract, so its speed is the linter's speed.
//!
//! A policy has about 1,600 short, lower-case keywords. They are matched, ignoring ASCII case,
//! by an Aho-Corasick automaton laid out as one dense table (a row of next states per state, a
//! column per byte class), built here in a breadth-first pass in 6–8 ms, where the
//! `aho-corasick` crate's DFA took 25 ms to build and its overlapping search about 2.5 times
//! the instructions of the plain table walk below. A keyword set too big for a table (a policy
//! with tens of thousands of keywords) falls back to that crate.

use aho_corasick::AhoCorasick;

/// Marks a table entry whose state ends at least one keyword; the other 15 bits are the next
/// state, so a table holds at most this many states (bigger sets use the crate).
const ENDS_KEYWORD: u16 = 1 << 15;

/// Byte classes a table may have (a row is padded to a power of two, at most this).
const MAX_CLASSES: usize = 64;

/// The keywords of a policy, compiled for finding all their occurrences (overlapping).
pub enum Keywords {
    Dense(Box<Dense>),
    Library(AhoCorasick),
}

impl Keywords {
    /// Compile `words` (lower case, none empty; matched ignoring ASCII case): dense when the
    /// table fits.
    pub fn new(words: &[Vec<u8>]) -> Result<Keywords, String> {
        match Dense::new(words) {
            Some(dense) => Ok(Keywords::Dense(Box::new(dense))),
            None => Keywords::library(words),
        }
    }

    /// Compile `words` with the `aho-corasick` crate (the fallback, and the reference the
    /// dense table is tested against).
    pub fn library(words: &[Vec<u8>]) -> Result<Keywords, String> {
        if words.len() >= 1 << Found::KEYWORD_BITS {
            return Err(format!("{} keywords: too many to match", words.len()));
        }
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .map(Keywords::Library)
            .map_err(|e| e.to_string())
    }

    /// Every occurrence of every keyword inside each of `ranges` of `text` (each read on its
    /// own, from the start state), into `found`: one pass over all of a document's sentences.
    pub fn find_in(&self, text: &[u8], ranges: &[(usize, usize)], found: &mut Found) {
        match self {
            Keywords::Dense(d) => d.find_in(text, ranges, found),
            Keywords::Library(ac) => {
                found.clear();
                for &(s, e) in ranges {
                    for m in ac.find_overlapping_iter(&text[s..e]) {
                        found
                            .list
                            .push(Found::pack(m.start(), m.pattern().as_usize()));
                    }
                    found.bounds.push(found.list.len());
                }
            }
        }
    }
}

/// The dense automaton: a row of 16-bit entries per state, padded to a power of two, so a
/// step is a shift, an or and one load, and the whole table (1.3 MB for the built-in policies)
/// stays in a core's second-level cache, where 32-bit entries spilled out of it.
pub struct Dense {
    /// Byte to class: every byte that occurs in a keyword has its own class (an upper-case
    /// letter shares its lower-case letter's), all others share class 0.
    classes: [u8; 256],
    /// Log2 of the padded row length.
    shift: u32,
    /// `table[state << shift | class]`: the next state, with [`ENDS_KEYWORD`] set when it ends
    /// a keyword.
    table: Vec<u16>,
    /// For each state (by breadth-first rank), its range in `ends`.
    ends_at: Vec<(u32, u32)>,
    /// The keywords each state ends: its own and those of its failure chain.
    ends: Vec<u32>,
    /// Each keyword's length.
    lengths: Vec<usize>,
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
        // Matching ignores ASCII case: each upper-case letter reads as its lower-case one.
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        if stride > MAX_CLASSES {
            return None;
        }
        let shift = stride.next_power_of_two().trailing_zeros();
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
        if states >= usize::from(ENDS_KEYWORD) {
            return None;
        }
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
        // its time, share a few cache lines; then pad the rows and mark.
        let mut rank = vec![0usize; states];
        for (i, &s) in order.iter().enumerate() {
            rank[s] = i + 1;
        }
        let mut walk = Vec::with_capacity(states << shift);
        let mut ends_by_rank = Vec::with_capacity(states);
        for s in std::iter::once(0).chain(order.iter().copied()) {
            for &next in &table[s * stride..(s + 1) * stride] {
                let next = next as usize;
                let (a, b) = ends_at[next];
                let mark = if a == b { 0 } else { ENDS_KEYWORD };
                walk.push(u16::try_from(rank[next]).ok()? | mark);
            }
            walk.resize(walk.len() + (1 << shift) - stride, 0);
            ends_by_rank.push(ends_at[s]);
        }
        Some(Dense {
            classes,
            shift,
            table: walk,
            ends_at: ends_by_rank,
            ends,
            lengths: words.iter().map(Vec::len).collect(),
        })
    }

    /// The walk is one table load per byte, each waiting on the one before: bound by the
    /// latency of the load, not by the work. So the ranges are shared out, in order, among
    /// [`LANES`] lanes of about the same number of bytes, and the lanes step together: that
    /// many independent chains of loads, which the processor overlaps.
    fn find_in(&self, text: &[u8], ranges: &[(usize, usize)], found: &mut Found) {
        let total: usize = ranges.iter().map(|&(s, e)| e - s).sum();
        // Each lane's first range: a lane takes ranges until it holds its share of the bytes.
        // The firsts ascend (a lane left without ranges starts at the end), so lane `l` reads
        // ranges `first[l]..first[l + 1]`.
        let mut first = [ranges.len(); LANES];
        let (mut lane, mut seen) = (0, 0);
        for (r, &(s, e)) in ranges.iter().enumerate() {
            while lane < LANES && seen >= total * lane / LANES {
                first[lane] = r;
                lane += 1;
            }
            seen += e - s;
        }
        let mut lanes: [Lane; LANES] = std::array::from_fn(|l| {
            let last = first.get(l + 1).copied().unwrap_or(ranges.len());
            Lane::new(first[l], last)
        });
        for l in &mut lanes {
            l.open(ranges);
        }
        // All lanes together while each has a range in hand.
        while lanes.iter().all(|l| l.r < l.last) {
            let n = lanes.iter().map(|l| l.end - l.pos).min().unwrap_or(0);
            // Where each lane is, and its state, in locals the compiler keeps in registers.
            let mut pos: [usize; LANES] = std::array::from_fn(|i| lanes[i].pos);
            let mut state: [usize; LANES] = std::array::from_fn(|i| lanes[i].state);
            for _ in 0..n {
                for i in 0..LANES {
                    let ends;
                    (state[i], ends) = self.step(state[i], text[pos[i]]);
                    pos[i] += 1;
                    if ends {
                        let l = &mut lanes[i];
                        self.report(state[i], pos[i] - l.base, &mut l.list);
                    }
                }
            }
            for (i, l) in lanes.iter_mut().enumerate() {
                (l.pos, l.state) = (pos[i], state[i]);
                if l.pos == l.end {
                    l.next(ranges);
                }
            }
        }
        // Then what each lane has left, one at a time.
        for l in &mut lanes {
            while l.r < l.last {
                for (i, &byte) in text.iter().enumerate().take(l.end).skip(l.pos) {
                    let ends;
                    (l.state, ends) = self.step(l.state, byte);
                    if ends {
                        self.report(l.state, i + 1 - l.base, &mut l.list);
                    }
                }
                l.pos = l.end;
                l.next(ranges);
            }
        }
        found.clear();
        for l in &lanes {
            let offset = found.list.len();
            found.list.extend_from_slice(&l.list);
            found.bounds.extend(l.bounds.iter().map(|b| offset + b));
        }
    }

    /// The state after `byte` from `state`, and whether it ends a keyword.
    #[inline(always)]
    fn step(&self, state: usize, byte: u8) -> (usize, bool) {
        let e = self.table[(state << self.shift) | usize::from(self.classes[usize::from(byte)])];
        (usize::from(e & !ENDS_KEYWORD), e & ENDS_KEYWORD != 0)
    }

    /// Record the keywords `state` ends, at `end` (from the start of the range).
    #[inline]
    fn report(&self, state: usize, end: usize, list: &mut Vec<u64>) {
        let (from, to) = self.ends_at[state];
        for &k in &self.ends[from as usize..to as usize] {
            list.push(Found::pack(end - self.lengths[k as usize], k as usize));
        }
    }
}

/// Ranges a lane of the walk reads at once (see [`Dense::find_in`]).
const LANES: usize = 4;

/// One lane of [`Dense::find_in`]: its ranges `r..last`, where it is in range `r`, and what it
/// found.
struct Lane {
    r: usize,
    last: usize,
    base: usize,
    pos: usize,
    end: usize,
    state: usize,
    list: Vec<u64>,
    /// Where each finished range's occurrences end in `list`.
    bounds: Vec<usize>,
}

impl Lane {
    fn new(r: usize, last: usize) -> Lane {
        Lane {
            r,
            last,
            base: 0,
            pos: 0,
            end: 0,
            state: 0,
            list: Vec::new(),
            bounds: Vec::new(),
        }
    }

    /// Start range `r` (skipping empty ones, which find nothing).
    fn open(&mut self, ranges: &[(usize, usize)]) {
        while self.r < self.last && ranges[self.r].0 == ranges[self.r].1 {
            self.bounds.push(self.list.len());
            self.r += 1;
        }
        if self.r < self.last {
            (self.base, self.end) = ranges[self.r];
            self.pos = self.base;
            self.state = 0;
        }
    }

    /// Close range `r` and start the next.
    fn next(&mut self, ranges: &[(usize, usize)]) {
        self.bounds.push(self.list.len());
        self.r += 1;
        self.open(ranges);
    }
}

/// The keyword occurrences in each of several ranges of a text (see [`Keywords::find_in`]).
#[derive(Default)]
pub struct Found {
    /// Packed occurrences, range after range: the start (from the range's start) and keyword.
    list: Vec<u64>,
    /// Where each range's occurrences end in `list`.
    bounds: Vec<usize>,
}

impl Found {
    /// Bits of a packed occurrence that hold the keyword.
    const KEYWORD_BITS: u32 = 24;

    fn pack(start: usize, keyword: usize) -> u64 {
        ((start as u64) << Self::KEYWORD_BITS) | keyword as u64
    }

    fn clear(&mut self) {
        self.list.clear();
        self.bounds.clear();
    }

    /// The occurrences in range `j`, as `(start from the range's start, keyword)`, in no
    /// particular order.
    pub fn of(&self, j: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let from = if j == 0 { 0 } else { self.bounds[j - 1] };
        self.list[from..self.bounds[j]].iter().map(|&o| {
            (
                (o >> Self::KEYWORD_BITS) as usize,
                (o & ((1 << Self::KEYWORD_BITS) - 1)) as usize,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(k: &Keywords, text: &[u8]) -> Vec<(usize, usize)> {
        in_ranges(k, text, &[(0, text.len())]).remove(0)
    }

    /// Each range's occurrences, sorted.
    fn in_ranges(k: &Keywords, text: &[u8], ranges: &[(usize, usize)]) -> Vec<Vec<(usize, usize)>> {
        let mut found = Found::default();
        k.find_in(text, ranges, &mut found);
        (0..ranges.len())
            .map(|j| {
                let mut v: Vec<_> = found.of(j).collect();
                v.sort_unstable();
                v
            })
            .collect()
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
        let alphabet = b"termina of theyp$[-e\xc3\xa9 TERM";
        let texts = crate::lint::random_mixes(2000, 300, alphabet);
        for text in &texts {
            assert_eq!(all(&dense, text), all(&library, text), "{text:?}");
        }
        // Many ranges of one text, shared among the lanes: each range finds what it finds alone.
        let text = texts.concat();
        let mut ranges = Vec::new();
        let mut at = 0;
        for (i, piece) in texts.iter().enumerate() {
            // Some ranges empty, some with a gap before them.
            let skip = usize::from(i % 3 == 0).min(piece.len());
            ranges.push((at + skip, at + if i % 7 == 0 { skip } else { piece.len() }));
            at += piece.len();
        }
        let alone: Vec<_> = ranges
            .iter()
            .map(|&(s, e)| all(&library, &text[s..e]))
            .collect();
        assert_eq!(in_ranges(&dense, &text, &ranges), alone);
        assert_eq!(in_ranges(&library, &text, &ranges), alone);
        for few in 0..6 {
            assert_eq!(
                in_ranges(&dense, &text, &ranges[..few]),
                alone[..few].to_vec()
            );
        }
        let text = b"the Termination payment of the term";
        assert!(
            all(&dense, text).contains(&(4, 2)),
            "termination at 4, in any case"
        );
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
