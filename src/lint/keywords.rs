//! Finding every occurrence of a policy's keywords in the sentences of a document: the first
//! pass of the engine over every byte of a contract, so its speed is the linter's speed.
//!
//! A policy has about 1,600 short, lower-case keywords. They are matched, ignoring ASCII case,
//! by an Aho-Corasick automaton laid out as one dense table (a column of next states per byte
//! class, a row per state), built here in a breadth-first pass. The `aho-corasick` crate does
//! the same job, slower to build and several times slower to search this many overlapping
//! keywords (`cargo bench --bench keywords`; figures in bench/RESULTS.md), which is why the
//! table is written here. A keyword set too big for a table (a policy with tens of thousands
//! of keywords) falls back to that crate, which is also the reference the table is tested
//! against.

use std::borrow::Cow;

use aho_corasick::AhoCorasick;

use super::bytes::{number, put};

/// Byte classes (columns) a table may have; a keyword set over more bytes uses the crate.
const MAX_CLASSES: usize = 128;

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
                let mut part = Part::new(0, ranges.len(), 0);
                for &(s, e) in ranges {
                    for m in ac.find_overlapping_iter(&text[s..e]) {
                        part.list
                            .push(Found::pack(m.start(), m.pattern().as_usize()));
                    }
                    part.close_range();
                }
                found.parts = vec![part];
            }
        }
    }
}

/// The dense automaton, laid out column by column: `table[base(byte) + state]` is the next
/// state. A step is then an add and one load: the byte's column (`bases`) is looked up off the
/// chain of dependent loads the walk is, so only the add and the load are on it (a row-major
/// table also needs a shift there). The states are numbered breadth first, so the shallow ones,
/// where the walk spends most of its time, share a few cache lines in every column; the states
/// that end a keyword come after all the others, so telling them is a compare, not a flag to
/// mask off. The table is 2.5 MB for the outsourcing policy and 0.6 MB for the NDA one (the
/// padding up to a power of two is never read); the walk keeps to the shallow states' rows.
#[derive(PartialEq)]
pub struct Dense {
    /// Byte to the start of its column: every byte that occurs in a keyword has its own
    /// column (an upper-case letter shares its lower-case letter's), all others share one.
    bases: [u32; 256],
    /// The columns, padded with zeros to a power of two so that masking an index keeps it in
    /// bounds (the walk needs no bounds check). Each state a little-endian pair of bytes, so
    /// that a table built into the binary is read where it lies: its pages are loaded as the
    /// walk first reads them, not all copied at start-up ([`Dense::from_bytes`]).
    table: Cow<'static, [[u8; 2]]>,
    /// The states from this one on end at least one keyword.
    first_ending: usize,
    /// For each ending state (from [`Dense::first_ending`]), its range in `ends`.
    ends_at: Vec<(u32, u32)>,
    /// The keywords each state ends: its own and those of its failure chain.
    ends: Vec<u32>,
    /// Each keyword's length.
    lengths: Vec<usize>,
}

impl Dense {
    /// `None` when the table would be too big.
    pub fn new(words: &[Vec<u8>]) -> Option<Dense> {
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
        // The trie, a row of 16-bit next states per state. No edge leads back to the root,
        // so 0 marks a missing one until the breadth-first pass fills it. The table has room
        // from the start for the most states the words can make, so it is never copied to
        // grow, and a row is written only when its state is made (growing a wider table cost
        // a short run many of its page faults).
        // Each state's children are also kept as a mask of their classes (at most 128), so
        // the pass visits the children without reading the whole row for them.
        const NONE: u16 = 0;
        let most_states = (words.iter().map(Vec::len).sum::<usize>() + 1).min(1 << 16);
        let mut table = Vec::with_capacity(most_states * stride);
        table.extend_from_slice(&[NONE; MAX_CLASSES][..stride]);
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        let mut child_classes: Vec<u128> = vec![0];
        for (k, word) in words.iter().enumerate() {
            let mut s = 0usize;
            for &b in word {
                let class = usize::from(classes[usize::from(b)]);
                let slot = s * stride + class;
                if table[slot] == NONE {
                    // More states than a table can number: the library's turn.
                    table[slot] = u16::try_from(own.len()).ok()?;
                    table.extend_from_slice(&[NONE; MAX_CLASSES][..stride]);
                    own.push(Vec::new());
                    child_classes[s] |= 1 << class;
                    child_classes.push(0);
                }
                s = usize::from(table[slot]);
            }
            own[s].push(u32::try_from(k).ok()?);
        }
        let states = own.len();
        // Breadth first: a state's failure state is shallower, so its row is complete when
        // the state is reached. The state's row is then its failure state's row, copied
        // whole, with its own children put back: the table has a cell per state and class
        // (hundreds of thousands), and testing each cell on its own was most of the cost of
        // compiling a policy. The root's missing edges already lead to the root.
        let mut fail = vec![0usize; states];
        let mut order = vec![0];
        let mut at = 0;
        while at < order.len() {
            let s = order[at];
            at += 1;
            let (row, via_fail) = (s * stride, fail[s] * stride);
            let first_child = order.len();
            let mut kids = child_classes[s];
            while kids != 0 {
                let c = kids.trailing_zeros() as usize;
                kids &= kids - 1;
                let child = usize::from(table[row + c]);
                // The root's children fail to the root.
                if s != 0 {
                    fail[child] = usize::from(table[via_fail + c]);
                }
                order.push(child);
            }
            if s == 0 {
                continue;
            }
            table.copy_within(via_fail..via_fail + stride, row);
            let mut kids = child_classes[s];
            for &child in &order[first_child..] {
                table[row + kids.trailing_zeros() as usize] = child as u16;
                kids &= kids - 1;
            }
        }
        // Each state ends its own keywords and those of its failure state, whose list is
        // complete already (it comes earlier in breadth-first order): copied from it.
        let mut ends_at = vec![(0u32, 0u32); states];
        let mut ends: Vec<u32> = Vec::new();
        for &s in &order[1..] {
            let from = ends.len();
            ends.extend_from_slice(&own[s]);
            let (a, b) = ends_at[fail[s]];
            ends.extend_from_within(a as usize..b as usize);
            ends_at[s] = (u32::try_from(from).ok()?, u32::try_from(ends.len()).ok()?);
        }
        // Renumber: the states that end nothing first, then those that end a keyword, each
        // breadth first.
        let ending = |s: usize| ends_at[s].0 != ends_at[s].1;
        let (quiet, loud): (Vec<usize>, Vec<usize>) = order.iter().partition(|&&s| !ending(s));
        let mut rank = vec![0u16; states];
        for (i, &s) in quiet.iter().chain(&loud).enumerate() {
            rank[s] = u16::try_from(i).ok()?;
        }
        // State by state in the new order, each row read whole: every column is then written
        // in order, 61 short streams rather than a cell here and there.
        let mut walk = vec![[0u8; 2]; (stride * states).next_power_of_two()];
        for (i, &s) in quiet.iter().chain(&loud).enumerate() {
            for (c, &next) in table[s * stride..(s + 1) * stride].iter().enumerate() {
                walk[c * states + i] = rank[usize::from(next)].to_le_bytes();
            }
        }
        let bases = std::array::from_fn(|b| u32::from(classes[b]) * states as u32);
        Some(Dense {
            bases,
            table: Cow::Owned(walk),
            first_ending: quiet.len(),
            ends_at: loud.iter().map(|&s| ends_at[s]).collect(),
            ends,
            lengths: words.iter().map(Vec::len).collect(),
        })
    }

    /// The table as bytes, for the build script to embed the built-in policies' tables
    /// ([`Dense::from_bytes`] reads them back): each part in turn, its length first, every
    /// number little-endian, and the table last, padding and all.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let numbers = [self.first_ending, self.lengths_of_columns()]
            .into_iter()
            .chain(self.bases.iter().map(|&b| b as usize))
            .chain([self.ends_at.len()])
            .chain(
                self.ends_at
                    .iter()
                    .flat_map(|&(a, b)| [a as usize, b as usize]),
            )
            .chain([self.ends.len()])
            .chain(self.ends.iter().map(|&k| k as usize))
            .chain([self.lengths.len()])
            .chain(self.lengths.iter().copied());
        for n in numbers {
            put(&mut out, n).expect("a table's numbers fit in 32 bits");
        }
        out.extend(self.table.iter().flatten());
        out
    }

    /// How many cells of the table are written (the rest is padding): the highest column's
    /// end.
    fn lengths_of_columns(&self) -> usize {
        let columns = self.bases.iter().max().copied().unwrap_or(0) as usize;
        let states = self.ends_at.len() + self.first_ending;
        columns + states
    }

    /// A table written by [`Dense::to_bytes`], its columns read where they lie; `None` when
    /// the bytes are not one.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Dense> {
        let mut at = 0usize;
        let mut next = || number(bytes, &mut at);
        let first_ending = next()?;
        let cells = next()?;
        let mut bases = [0u32; 256];
        for b in &mut bases {
            *b = u32::try_from(next()?).ok()?;
        }
        let ends_at = (0..next()?)
            .map(|_| Some((next()? as u32, next()? as u32)))
            .collect::<Option<Vec<_>>>()?;
        let ends = (0..next()?)
            .map(|_| next().map(|k| k as u32))
            .collect::<Option<Vec<_>>>()?;
        let lengths = (0..next()?).map(|_| next()).collect::<Option<Vec<_>>>()?;
        let (table, rest) = bytes.get(at..)?.as_chunks::<2>();
        let dense = Dense {
            bases,
            table: Cow::Borrowed(table),
            first_ending,
            ends_at,
            ends,
            lengths,
        };
        // The parts agree: the table is as long as its columns make it, and every keyword a
        // state ends has a length. The table's cells are not read here (that would load all
        // its pages); a cell naming no state would stop the walk on a bounds check.
        let sound = rest.is_empty()
            && dense.table.len() == cells.next_power_of_two()
            && dense.lengths_of_columns() == cells
            && dense
                .ends_at
                .iter()
                .all(|&(a, b)| a <= b && b as usize <= dense.ends.len())
            && dense
                .ends
                .iter()
                .all(|&k| (k as usize) < dense.lengths.len());
        sound.then_some(dense)
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
        // About one occurrence per 16 bytes of contract text: room for that up front, so a
        // lane's list is seldom grown (and copied) on the way.
        let room = total / LANES / 16;
        let mut lanes: [Lane; LANES] = std::array::from_fn(|l| {
            let last = first.get(l + 1).copied().unwrap_or(ranges.len());
            Lane::new(first[l], last, room)
        });
        for l in &mut lanes {
            l.open(ranges);
        }
        // All lanes together while each has a range in hand, a block of steps at a time.
        // Within a block nothing is called and nothing is tested: every step writes its
        // state to its own slot, so the lanes' states stay in registers. The block's slots
        // are then screened for ending states ([`Dense::report_block`]).
        let mut states = [0u16; STEPS];
        while lanes.iter().all(|l| l.r < l.last) {
            let n = lanes
                .iter()
                .map(|l| l.end - l.pos)
                .min()
                .unwrap_or(0)
                .min(BLOCK);
            let bytes: [&[u8]; LANES] = std::array::from_fn(|i| &text[lanes[i].pos..][..n]);
            let mut state: [usize; LANES] = std::array::from_fn(|i| lanes[i].state);
            // `j` indexes every lane's bytes at once (the lanes step in lockstep).
            #[allow(clippy::needless_range_loop)]
            for j in 0..n {
                for i in 0..LANES {
                    state[i] = self.step(state[i], bytes[i][j]);
                    states[j * LANES + i] = state[i] as u16;
                }
            }
            self.report_block(&states[..n * LANES], &mut lanes);
            for (i, l) in lanes.iter_mut().enumerate() {
                (l.pos, l.state) = (l.pos + n, state[i]);
                if l.pos == l.end {
                    l.next(ranges);
                }
            }
        }
        // Then what each lane has left, one at a time.
        for l in &mut lanes {
            while l.r < l.last {
                for (i, &byte) in text.iter().enumerate().take(l.end).skip(l.pos) {
                    l.state = self.step(l.state, byte);
                    if l.state >= self.first_ending {
                        self.report(l.state, i + 1 - l.base, &mut l.found.list);
                    }
                }
                l.pos = l.end;
                l.next(ranges);
            }
        }
        // Each lane's occurrences are kept as they are (not copied into one list):
        // `Found::of` finds the lane's part that holds a range.
        found.parts = lanes.into_iter().map(|l| l.found).collect();
    }

    /// The state after `byte` from `state`. The table's length is a power of two, so masking
    /// the index keeps it in bounds and the compiler drops the check.
    #[inline(always)]
    fn step(&self, state: usize, byte: u8) -> usize {
        let index = self.bases[usize::from(byte)] as usize + state;
        usize::from(u16::from_le_bytes(
            self.table[index & (self.table.len() - 1)],
        ))
    }

    /// Report the ending states of a block of the walk: `states[j * LANES + i]` is lane `i`'s
    /// state after its `j`th byte of the block. They are screened sixteen at a time, as a bit
    /// mask the compiler builds with vector compares. One call per block, out of line so the
    /// walk keeps its registers; a call per ending state cost more in saving and restoring
    /// registers than the reporting itself.
    #[inline(never)]
    fn report_block(&self, states: &[u16], lanes: &mut [Lane; LANES]) {
        let first_ending = self.first_ending as u16;
        for (c, chunk) in states.chunks(16).enumerate() {
            let mut ending = chunk
                .iter()
                .enumerate()
                .fold(0u32, |m, (k, &s)| m | u32::from(s >= first_ending) << k);
            while ending != 0 {
                let k = ending.trailing_zeros() as usize;
                ending &= ending - 1;
                let (j, i) = ((c * 16 + k) / LANES, (c * 16 + k) % LANES);
                let l = &mut lanes[i];
                self.report(
                    usize::from(chunk[k]),
                    l.pos + j + 1 - l.base,
                    &mut l.found.list,
                );
            }
        }
    }

    /// Record the keywords `state` (an ending one) ends, at `end` (from the start of the
    /// range).
    #[inline]
    fn report(&self, state: usize, end: usize, list: &mut Vec<u64>) {
        let (from, to) = self.ends_at[state - self.first_ending];
        for &k in &self.ends[from as usize..to as usize] {
            list.push(Found::pack(end - self.lengths[k as usize], k as usize));
        }
    }
}

/// Ranges a lane of the walk reads at once (see [`Dense::find_in`]).
const LANES: usize = 4;

/// Steps of each lane in a block of the walk, and the states a block writes (one per step of
/// every lane).
const BLOCK: usize = 64;
const STEPS: usize = BLOCK * LANES;

/// One lane of [`Dense::find_in`]: its ranges `r..last`, where it is in range `r`, and what it
/// found.
struct Lane {
    r: usize,
    last: usize,
    base: usize,
    pos: usize,
    end: usize,
    state: usize,
    found: Part,
}

impl Lane {
    /// A lane for ranges `r..last`, with room for `room` occurrences.
    fn new(r: usize, last: usize, room: usize) -> Lane {
        Lane {
            r,
            last,
            base: 0,
            pos: 0,
            end: 0,
            state: 0,
            found: Part::new(r, last, room),
        }
    }

    /// Start range `r` (skipping empty ones, which find nothing).
    fn open(&mut self, ranges: &[(usize, usize)]) {
        while self.r < self.last && ranges[self.r].0 == ranges[self.r].1 {
            self.found.close_range();
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
        self.found.close_range();
        self.r += 1;
        self.open(ranges);
    }
}

/// The occurrences in a run of consecutive ranges (what one lane of the walk read).
struct Part {
    /// The run's first range.
    first: usize,
    /// Packed occurrences ([`Found::pack`]), range after range.
    list: Vec<u64>,
    /// Where each finished range's occurrences end in `list`.
    bounds: Vec<usize>,
}

impl Part {
    /// For ranges `first..last`, with room for `room` occurrences.
    fn new(first: usize, last: usize, room: usize) -> Part {
        Part {
            first,
            list: Vec::with_capacity(room),
            bounds: Vec::with_capacity(last - first),
        }
    }

    /// The current range is read: its occurrences end here.
    fn close_range(&mut self) {
        self.bounds.push(self.list.len());
    }
}

/// The keyword occurrences in each of several ranges of a text (see [`Keywords::find_in`]),
/// in parts of consecutive ranges, as the lanes of the walk found them.
#[derive(Default)]
pub struct Found {
    parts: Vec<Part>,
}

impl Found {
    /// Bits of a packed occurrence that hold the keyword.
    const KEYWORD_BITS: u32 = 24;

    fn pack(start: usize, keyword: usize) -> u64 {
        ((start as u64) << Self::KEYWORD_BITS) | keyword as u64
    }

    /// The occurrences in range `j`, as `(start from the range's start, keyword)`, in no
    /// particular order.
    pub fn of(&self, j: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        // The last part starting at or before `j` holds it (a lane without ranges starts
        // where the next one does, and holds nothing).
        let part = self
            .parts
            .iter()
            .rev()
            .find(|p| p.first <= j)
            .expect("the first part starts at range 0");
        let k = j - part.first;
        let from = if k == 0 { 0 } else { part.bounds[k - 1] };
        part.list[from..part.bounds[k]].iter().map(|&o| {
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

    /// A keyword set over more than 64 distinct bytes (a policy's table rows, quotes and
    /// currency signs) still gets the table, and finds what the library finds; over 64 it
    /// once fell back to the library, three times slower over a batch.
    #[test]
    fn a_wide_alphabet_keeps_the_table() {
        let mut words: Vec<Vec<u8>> = (b'!'..=b'~')
            .map(|b| vec![b'k', b.to_ascii_lowercase()])
            .collect();
        words.extend([
            b"\xc2\xa3".to_vec(),
            b"\xe2\x80\x99s".to_vec(),
            b"|\t".to_vec(),
        ]);
        let dense = Keywords::new(&words).expect("builds");
        assert!(matches!(dense, Keywords::Dense(_)));
        let library = Keywords::library(&words).expect("builds");
        let texts = crate::lint::random_mixes(500, 200, b"kK!|~_\"'\t\xc2\xa3\xe2\x80\x99s");
        for text in &texts {
            assert_eq!(all(&dense, text), all(&library, text), "{text:?}");
        }
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
