//! The fixed parts of a new Word document: styles, bullet numbering, settings, fonts, document
//! properties, relationships and content types. Styles carry outline levels, so Word's
//! navigation pane and a table of contents pick the headings up.

use super::xml::{DECLARATION, R, REL, W, escape};

/// The body font, as in the PDF packet. Word without it substitutes a sans-serif face (the
/// font table says it is one).
pub const FONT: &str = "DejaVu Sans";

pub fn styles() -> String {
    let heading = |level: u8, size: u8, before: u16| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            level - 1
        )
    };
    format!(
        "{DECLARATION}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:eastAsia=\"{FONT}\" w:cs=\"{FONT}\"/><w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"100\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
{}{}{}\
<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"40\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Note\"><w:name w:val=\"Note\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"808080\"/><w:left w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"808080\"/><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"808080\"/><w:right w:val=\"single\" w:sz=\"6\" w:space=\"4\" w:color=\"808080\"/></w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EDEDED\"/><w:ind w:left=\"113\" w:right=\"113\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"14\"/><w:szCs w:val=\"14\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"14\"/><w:szCs w:val=\"14\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/></w:tblBorders></w:tblPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>\
</w:styles>",
        heading(1, 32, 0),
        heading(2, 24, 240),
        heading(3, 21, 180),
    )
}

/// One bullet list definition (numId 1), used by the `ListBullet` style.
pub fn numbering() -> String {
    format!(
        "{DECLARATION}<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{2022}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"357\" w:hanging=\"227\"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    )
}

pub fn settings() -> String {
    format!(
        "{DECLARATION}<w:settings xmlns:w=\"{W}\"><w:defaultTabStop w:val=\"709\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

pub fn font_table() -> String {
    format!(
        "{DECLARATION}<w:fonts xmlns:w=\"{W}\"><w:font w:name=\"{FONT}\"><w:panose1 w:val=\"020B0603030804020204\"/><w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    )
}

/// Document properties (File > Properties): title, subject, author and a fixed date.
pub fn core(title: &str, subject: &str, author: &str, date: Option<&str>) -> String {
    let dates = date
        .map(|d| {
            format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:modified>",
                d = escape(d)
            )
        })
        .unwrap_or_default();
    format!(
        "{DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>{dates}</cp:coreProperties>",
        escape(title),
        escape(subject),
        escape(author)
    )
}

pub fn app() -> String {
    format!(
        "{DECLARATION}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>vendorkit {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

/// `[Content_Types].xml` for the parts of a new document (`header` when it has one).
pub fn content_types(header: bool) -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let header = if header {
        format!("<Override PartName=\"/word/header1.xml\" ContentType=\"{main}.header+xml\"/>")
    } else {
        String::new()
    };
    format!(
        "{DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"{main}.numbering+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"{main}.fontTable+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/>{header}\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
    )
}

pub fn package_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"{REL}\"><Relationship Id=\"rId1\" Type=\"{R}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{R}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
    )
}

/// The document's relationships: rId1..rId5 fixed, rId6 the header when there is one.
pub fn document_rels(header: bool) -> String {
    let header = if header {
        format!("<Relationship Id=\"rId6\" Type=\"{R}/header\" Target=\"header1.xml\"/>")
    } else {
        String::new()
    };
    format!(
        "{DECLARATION}<Relationships xmlns=\"{REL}\"><Relationship Id=\"rId1\" Type=\"{R}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"{R}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rId3\" Type=\"{R}/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rId4\" Type=\"{R}/fontTable\" Target=\"fontTable.xml\"/><Relationship Id=\"rId5\" Type=\"{R}/footer\" Target=\"footer1.xml\"/>{header}</Relationships>"
    )
}
