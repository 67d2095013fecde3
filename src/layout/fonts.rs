//! Font metrics for line breaking: the advance widths the PDF will use, from the same font
//! files (ttf-parser). The layout never guesses widths, so wrapped lines fit exactly.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

/// Regular, bold and italic faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
}

/// One face: its bytes (for embedding) and its parsed tables (for widths).
pub struct Face {
    pub bytes: &'static [u8],
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Advances of U+0000..U+00FF, looked up once: nearly every character of a document is
    /// one of these, and the cmap lookup showed in every packet's profile.
    latin1: [f32; 256],
}

impl Face {
    fn parse(bytes: &'static [u8], what: &str) -> Result<Face, String> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| format!("{what}: not a usable TrueType/OpenType font ({e})"))?;
        let units_per_em = f32::from(face.units_per_em());
        let mut f = Face {
            bytes,
            face,
            units_per_em,
            latin1: [0.0; 256],
        };
        for (i, slot) in (0u8..=255).zip(0..256) {
            f.latin1[slot] = f.lookup(char::from(i));
        }
        Ok(f)
    }

    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// Advance width of `c` in em units (missing glyphs measure as `?`).
    fn advance(&self, c: char) -> f32 {
        match self.latin1.get(c as usize) {
            Some(a) => *a,
            None => self.lookup(c),
        }
    }

    fn lookup(&self, c: char) -> f32 {
        let gid = self
            .face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'));
        gid.and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.5, |a| f32::from(a) / self.units_per_em)
    }
}

/// The three faces a document uses.
pub struct Fonts {
    faces: [Face; 3],
    /// Unique per loaded set, so the PDF writer can cache what it derives from these fonts.
    id: u64,
}

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../fonts/DejaVuSans-Oblique.ttf");

impl Fonts {
    /// The embedded DejaVu Sans faces, or a user font (used for every style) from `--font`.
    pub fn load(user_font: Option<&std::path::Path>) -> Result<Fonts, String> {
        let faces = match user_font {
            None => [
                Face::parse(REGULAR, "DejaVuSans")?,
                Face::parse(BOLD, "DejaVuSans-Bold")?,
                Face::parse(ITALIC, "DejaVuSans-Oblique")?,
            ],
            Some(p) => {
                let bytes = crate::limits::read_file(p, 64 * 1024 * 1024, "a font file")
                    .map_err(|e| format!("--font: {e}"))?;
                let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                let what = p.display().to_string();
                [
                    Face::parse(bytes, &what)?,
                    Face::parse(bytes, &what)?,
                    Face::parse(bytes, &what)?,
                ]
            }
        };
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        Ok(Fonts {
            faces,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Identifies this set of fonts for the life of the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn face(&self, s: Style) -> &Face {
        &self.faces[s as usize]
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, style: Style, size: f32) -> f32 {
        let face = self.face(style);
        text.chars().map(|c| face.advance(c)).sum::<f32>() * size
    }

    /// Warnings for every character of a laid-out document that its font has no glyph for
    /// (it is drawn as `?`), each once, with the line it is on.
    pub fn missing_in(&self, laid: &super::Laid) -> Vec<String> {
        let mut missing = BTreeSet::new();
        for page in &laid.pages {
            for item in &page.items {
                if let super::Item::Text { style, text, .. } = item {
                    let face = self.face(*style);
                    for c in text.chars().filter(|c| !c.is_control() && !face.has(*c)) {
                        missing.insert((c, text.chars().take(60).collect::<String>()));
                    }
                }
            }
        }
        missing
            .into_iter()
            .map(|(c, ctx)| format!("the font has no glyph for {c:?} (U+{:04X}) in \"{ctx}\"; it is drawn as `?` (use --font with a font that covers it)", c as u32))
            .collect()
    }
}
