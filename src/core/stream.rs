//! A document file checked while it arrives.
//!
//! The browser reads a file in chunks. [`FileCheck`] reads each document of
//! a collection (`{"format": …, "documents": [ … ]}`) as soon as its last
//! byte is in, so checking a large collection overlaps its transfer instead
//! of starting after it. Only a well-formed collection takes this path: at
//! the first doubt (bytes that are not JSON or not UTF-8, a member other
//! than `format` and `documents`, a file over the size limit, a file that is
//! one document) it stops reading ahead, and [`FileCheck::finish`] checks
//! the whole text with [`dataset::check`], so every message and every
//! document is the one the whole-file reader gives.

use crate::core::dataset::{self, CheckedFile};
use crate::core::json::{self, At, FromJson, Partial, Value};
use crate::core::model::{DocumentRef, FormatTag, Manifest, Taxonomy};
use crate::core::validate::{
    check_item, city_year, keep, no_document, Checked, Diagnostic, MAX_FILE_BYTES,
};

/// A document's errors.
type Errors = Vec<Diagnostic>;

/// Where in the collection the next byte to read is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Before the opening `{`.
    Start,
    /// Before a member's key.
    Key,
    /// Before the value of `format`.
    Format,
    /// Before the `[` of `documents`.
    Documents,
    /// After `[`: a document or `]`.
    FirstItem,
    /// Before a document.
    Item,
    /// After a document: `,` or `]`.
    AfterItem,
    /// After a member's value: `,` or `}`.
    AfterMember,
    /// After the closing `}`: only spaces may follow.
    End,
    /// Not read ahead: the whole text is checked at the end.
    Whole,
}

/// A document file being checked as its bytes arrive: [`push`](Self::push)
/// each chunk, then [`finish`](Self::finish).
pub struct FileCheck<'c> {
    href: &'c str,
    manifest: &'c Manifest,
    taxonomy: &'c Taxonomy,
    entries: Vec<&'c DocumentRef>,
    /// The text so far (UTF-8 up to the last whole character).
    text: String,
    /// The start of a character split between chunks; after bytes that are
    /// not UTF-8, every byte from there on.
    tail: Vec<u8>,
    stage: Stage,
    /// The first byte not read yet.
    pos: usize,
    /// The text's length when the current value was last found incomplete:
    /// it is read again once the text is twice as long past `pos`, so a
    /// huge value is not re-read for every chunk.
    tried: usize,
    seen_format: bool,
    seen_documents: bool,
    /// Documents read.
    items: usize,
    /// The tree of the document being read.
    arena: json::Arena,
    /// Per entry: the index of its document and that document checked.
    found: Vec<Option<(usize, Result<Checked, Errors>)>>,
}

impl<'c> FileCheck<'c> {
    /// Starts checking the document file `href` of `manifest`.
    pub fn new(manifest: &'c Manifest, taxonomy: &'c Taxonomy, href: &'c str) -> Self {
        let entries = dataset::entries(manifest, href);
        FileCheck {
            href,
            manifest,
            taxonomy,
            found: entries.iter().map(|_| None).collect(),
            // A file checked on its own is not a manifest's collection.
            stage: if entries.is_empty() {
                Stage::Whole
            } else {
                Stage::Start
            },
            entries,
            text: String::new(),
            tail: Vec::new(),
            pos: 0,
            tried: 0,
            seen_format: false,
            seen_documents: false,
            items: 0,
            arena: json::Arena::new(),
        }
    }

    /// Takes the next bytes of the file and reads what they complete.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.stage == Stage::Whole {
            self.tail.extend_from_slice(chunk);
            return;
        }
        // Move the whole characters to the text; keep a split one.
        let joined;
        let chunk = if self.tail.is_empty() {
            chunk
        } else {
            self.tail.extend_from_slice(chunk);
            joined = std::mem::take(&mut self.tail);
            &joined
        };
        match std::str::from_utf8(chunk) {
            Ok(s) => self.text.push_str(s),
            Err(e) => {
                let (good, rest) = chunk.split_at(e.valid_up_to());
                self.text
                    .push_str(std::str::from_utf8(good).unwrap_or_default());
                self.tail = rest.to_vec();
                if e.error_len().is_some() {
                    self.stage = Stage::Whole;
                    return;
                }
            }
        }
        if self.text.len() > MAX_FILE_BYTES {
            self.stage = Stage::Whole;
            return;
        }
        self.advance(false);
    }

    /// How many documents of a collection have been read so far.
    pub fn documents_read(&self) -> usize {
        self.items
    }

    /// The file is complete: its documents, checked.
    pub fn finish(mut self) -> CheckedFile {
        if self.stage != Stage::Whole && self.tail.is_empty() {
            self.advance(true);
        }
        let read_ahead = self.stage == Stage::End
            && json::after_space(&self.text, self.pos) == self.text.len()
            && self.tail.is_empty()
            && self.seen_format
            && self.seen_documents;
        if !read_ahead {
            let mut bytes = std::mem::take(&mut self.text).into_bytes();
            bytes.append(&mut self.tail);
            return dataset::check(
                self.manifest,
                self.taxonomy,
                self.href,
                &dataset::utf8(bytes),
            );
        }
        let mut diagnostics = Vec::new();
        let documents = self
            .entries
            .iter()
            .zip(self.found)
            .map(|(entry, found)| match found {
                Some((i, checked)) => keep(checked, Some(i), &mut diagnostics),
                None => {
                    diagnostics.push(no_document(self.href, entry));
                    None
                }
            })
            .collect();
        CheckedFile {
            href: self.href.to_owned(),
            documents,
            diagnostics,
        }
    }

    /// Reads on from `pos` as far as the text allows (`complete`: no more
    /// will come).
    fn advance(&mut self, complete: bool) {
        while !matches!(self.stage, Stage::End | Stage::Whole) {
            if !complete && self.text.len() - self.pos < 2 * (self.tried.saturating_sub(self.pos)) {
                return;
            }
            match self.step() {
                Step::Next(stage, pos) => {
                    self.stage = stage;
                    self.pos = pos;
                    self.tried = pos;
                }
                Step::More if !complete => {
                    self.tried = self.text.len();
                    return;
                }
                Step::More | Step::Whole => self.stage = Stage::Whole,
            }
        }
    }

    /// One step of reading: a punctuation mark, a key or a value.
    fn step(&mut self) -> Step {
        let at = json::after_space(&self.text, self.pos);
        let Some(&byte) = self.text.as_bytes().get(at) else {
            return Step::More;
        };
        let next = |stage| Step::Next(stage, at + 1);
        match (self.stage, byte) {
            (Stage::Start, b'{') => next(Stage::Key),
            (Stage::Key, b'"') => self.key(at),
            (Stage::Format, _) => self.format(at),
            (Stage::Documents, b'[') => next(Stage::FirstItem),
            (Stage::FirstItem, b']') | (Stage::AfterItem, b']') => next(Stage::AfterMember),
            (Stage::FirstItem | Stage::Item, b'{') => self.item(at),
            (Stage::AfterItem, b',') => next(Stage::Item),
            (Stage::AfterMember, b',') => next(Stage::Key),
            (Stage::AfterMember, b'}') => next(Stage::End),
            _ => Step::Whole,
        }
    }

    /// A key and its `:`: `format` and `documents`, each once.
    fn key(&mut self, at: usize) -> Step {
        let arena = json::Arena::new();
        let (key, end) = match json::value_at(&self.text, at, 1, &arena) {
            Partial::Read(Value::String(key), end) => (key, end),
            Partial::More => return Step::More,
            _ => return Step::Whole,
        };
        let colon = json::after_space(&self.text, end);
        match self.text.as_bytes().get(colon) {
            None => return Step::More,
            Some(b':') => {}
            Some(_) => return Step::Whole,
        }
        let stage = match key {
            "format" if !self.seen_format => {
                self.seen_format = true;
                Stage::Format
            }
            "documents" if !self.seen_documents => {
                self.seen_documents = true;
                Stage::Documents
            }
            _ => return Step::Whole,
        };
        Step::Next(stage, colon + 1)
    }

    /// The format tag: a string (a number or a word could go on in the
    /// next chunk), and the right one.
    fn format(&mut self, at: usize) -> Step {
        let arena = json::Arena::new();
        match json::value_at(&self.text, at, 1, &arena) {
            Partial::Read(value @ Value::String(_), end) => {
                let tag = At::Field(&At::Root, "format");
                match FormatTag::from_json(&value, tag) {
                    Ok(_) => Step::Next(Stage::AfterMember, end),
                    Err(_) => Step::Whole,
                }
            }
            Partial::More => Step::More,
            _ => Step::Whole,
        }
    }

    /// A document (an object, so complete once read): checked for each
    /// entry it is the first match of.
    fn item(&mut self, at: usize) -> Step {
        self.arena.reset();
        let (value, end) = match json::value_at(&self.text, at, 2, &self.arena) {
            Partial::Read(value, end) => (value, end),
            Partial::More => return Step::More,
            Partial::Invalid => return Step::Whole,
        };
        let i = self.items;
        self.items += 1;
        let key = city_year(&value);
        for (entry, found) in self.entries.iter().zip(&mut self.found) {
            if found.is_none() && key == Some((entry.city.0.as_str(), entry.fiscal_year.0)) {
                let checked = check_item(self.href, &value, Some(i), self.taxonomy, Some(entry));
                *found = Some((i, checked));
            }
        }
        Step::Next(Stage::AfterItem, end)
    }
}

/// What one step of reading found.
enum Step {
    /// Go on at `stage` from the byte.
    Next(Stage, usize),
    /// The text ends first: wait for more.
    More,
    /// Not a collection this reader follows: check the whole text at the end.
    Whole,
}
