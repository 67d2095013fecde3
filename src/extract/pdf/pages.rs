//! The page tree, walked with a stack of our own (a tree nested 20,000 deep overflowed the
//! library's recursive walk), inheriting `Resources` from the `Pages` nodes above a page as the
//! PDF format says (groff's pages keep their fonts there).

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{MAX_PAGES, MAX_TREE_DEPTH, resolve};

/// One page: its dictionary and the resources it draws with (its own or inherited).
pub struct Page<'a> {
    pub number: u32,
    pub dict: &'a Dictionary,
    pub resources: Option<&'a Dictionary>,
}

/// The pages in order. `Err` names the limit crossed; a broken or looping tree gives fewer
/// pages (none, when nothing can be read).
pub fn walk(doc: &Document) -> Result<Vec<Page<'_>>, String> {
    let root = doc
        .trailer
        .get(b"Root")
        .ok()
        .map(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok());
    let Some(top) = root.and_then(|r| r.get(b"Pages").ok()) else {
        return Ok(Vec::new());
    };
    let mut pages = Vec::new();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    // (node, resources inherited from above, depth)
    let mut stack: Vec<(&Object, Option<&Dictionary>, usize)> = vec![(top, None, 0)];
    while let Some((node, inherited, depth)) = stack.pop() {
        if depth > MAX_TREE_DEPTH {
            return Err(format!(
                "its page tree is nested more than {MAX_TREE_DEPTH} levels deep (the limit; real files have a handful)"
            ));
        }
        if let Object::Reference(id) = node
            && !seen.insert(*id)
        {
            continue; // a loop, or a page listed twice
        }
        let Ok(dict) = resolve(doc, node).as_dict() else {
            continue;
        };
        let resources = dict
            .get(b"Resources")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok())
            .or(inherited);
        let kind = dict.get(b"Type").ok().and_then(|t| t.as_name().ok());
        let is_page = kind == Some(b"Page".as_slice());
        let kids = dict
            .get(b"Kids")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok());
        match kids {
            Some(kids) if !is_page => {
                for kid in kids.iter().rev() {
                    stack.push((kid, resources, depth + 1));
                }
            }
            // A `Pages` node without kids holds no page.
            None if kind == Some(b"Pages".as_slice()) => {}
            _ => {
                pages.push(Page {
                    number: pages.len() as u32 + 1,
                    dict,
                    resources,
                });
                if pages.len() > MAX_PAGES {
                    return Err(format!(
                        "has more than {MAX_PAGES} pages, over the limit for a contract"
                    ));
                }
            }
        }
        if stack.len() > 1_000_000 {
            return Err("its page tree lists more than a million entries".into());
        }
    }
    Ok(pages)
}
