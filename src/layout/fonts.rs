//! Font metrics for line breaking: the advance widths the PDF will use, from the same font
//! files (ttf-parser). The layout never guesses widths, so wrapped lines fit exactly.

use std::collections::BTreeSet;
use std::sync::Mutex;

/// Regular, bold and italic faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
}

impl Face {
    fn parse(bytes: &'static [u8], what: &str) -> Result<Face, String> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| format!("{what}: not a usable TrueType/OpenType font ({e})"))?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Face {
            bytes,
            face,
            units_per_em,
        })
    }

    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// Advance width of `c` in em units (missing glyphs measure as `?`).
    fn advance(&self, c: char) -> f32 {
        let gid = self
            .face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'));
        gid.and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.5, |a| f32::from(a) / self.units_per_em)
    }
}

/// The three faces a document uses, plus the characters met that the fonts lack.
pub struct Fonts {
    faces: [Face; 3],
    missing: Mutex<BTreeSet<(char, String)>>,
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
                let bytes = std::fs::read(p).map_err(|e| format!("--font {}: {e}", p.display()))?;
                let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                let what = p.display().to_string();
                [
                    Face::parse(bytes, &what)?,
                    Face::parse(bytes, &what)?,
                    Face::parse(bytes, &what)?,
                ]
            }
        };
        Ok(Fonts {
            faces,
            missing: Mutex::new(BTreeSet::new()),
        })
    }

    pub fn face(&self, s: Style) -> &Face {
        &self.faces[s as usize]
    }

    /// Width of `text` in points at `size`, noting characters the font lacks.
    pub fn width(&self, text: &str, style: Style, size: f32) -> f32 {
        let face = self.face(style);
        let mut w = 0.0;
        for c in text.chars() {
            if !face.has(c) && !c.is_control() {
                let context: String = text.chars().take(60).collect();
                if let Ok(mut m) = self.missing.lock() {
                    m.insert((c, context));
                }
            }
            w += face.advance(c);
        }
        w * size
    }

    /// Warnings for every character that had no glyph (drawn as `?`), with where it was.
    pub fn take_missing(&self) -> Vec<String> {
        let Ok(mut m) = self.missing.lock() else {
            return Vec::new();
        };
        std::mem::take(&mut *m)
            .into_iter()
            .map(|(c, ctx)| format!("the font has no glyph for {c:?} (U+{:04X}) in \"{ctx}\"; it is drawn as `?` (use --font with a font that covers it)", c as u32))
            .collect()
    }
}
