//! A small JSON reader that knows where it is.
//!
//! [`parse`] turns text into a [`Value`] tree or a [`SyntaxError`] with line,
//! column and a short message; nesting is bounded by [`MAX_NESTING`]. The
//! tree lives in an [`Arena`] (strings without escapes are borrowed from the
//! text), so building it is a bump of a pointer per array or object and
//! dropping it one free per block, not one per node. [`FromJson`] turns a
//! tree into the contract's types, and every failure names the JSON path
//! ([`At`]) and what was expected, e.g. `budget.lines[2].amount: expected a
//! non-negative integer, found "1,593"`.
//!
//! Written for the contract instead of using serde's derived deserializers:
//! the derived code was about a quarter of the WebAssembly module, and it
//! reported positions that had to be turned back into paths.

use std::fmt;

/// The memory a parsed tree lives in: create one, [`parse`] into it, and
/// the tree is freed with it, all at once.
pub use bumpalo::Bump as Arena;

/// Arrays and objects may nest at most this deep.
pub const MAX_NESTING: usize = 128;

/// A parsed JSON value, borrowed from its text and its [`Arena`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (valid JSON number syntax).
    Number(&'a str),
    /// A string, unescaped.
    String(&'a str),
    /// An array.
    Array(&'a [Value<'a>]),
    /// An object's members in the order written.
    Object(&'a [(&'a str, Value<'a>)]),
}

impl<'a> Value<'a> {
    /// The member `name` of an object (`null` counts as absent); `None` for
    /// any other value.
    pub fn member(&self, name: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members
                .iter()
                .find(|(k, _)| same(k, name))
                .and_then(|(_, v)| present(v)),
            _ => None,
        }
    }
}

/// `null` counts as absent.
fn present<'v, 'a>(value: &'v Value<'a>) -> Option<&'v Value<'a>> {
    Some(value).filter(|v| !matches!(v, Value::Null))
}

/// Two keys are the same: the length and first byte are compared first,
/// which tells most different keys apart without comparing the rest.
#[inline(always)]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Text that is not JSON: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) of the character at fault, or of the
    /// last character when the text ended too early.
    pub column: usize,
    /// What is wrong, e.g. "expected `,` or `}`".
    pub message: &'static str,
}

/// Parses a whole text as one JSON value, in `arena`.
pub fn parse<'a>(text: &'a str, arena: &'a Arena) -> Result<Value<'a>, SyntaxError> {
    let mut p = Parser::new(text, arena);
    let whole = p.value().and_then(|value| {
        p.skip_space();
        if p.pos < p.bytes.len() {
            return Err(p.fail("trailing characters"));
        }
        Ok(value)
    });
    whole.map_err(|fault| locate(text, fault))
}

/// The byte after the spaces (JSON's four) from byte `from` of `text`.
fn after_space(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    // Indentation: eight spaces at a time.
    const EIGHT: u64 = u64::from_ne_bytes([b' '; 8]);
    while let Some(Ok(eight)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        if u64::from_ne_bytes(eight) != EIGHT {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if BYTES[usize::from(b)] & SPACE == 0 {
            break;
        }
        i += 1;
    }
    i
}

/// The first `"`, `\\` or control character in `bytes` from byte `from`
/// (or the end). Eight bytes are tested at once with the usual bit tricks
/// for "some byte is zero" (of the bytes xor `"` and xor `\\`) and "some
/// byte is below 0x20": the lowest byte they flag is a match (a false flag
/// only ever sits above a true one). Bytes of multi-byte UTF-8 characters
/// (0x80 and up) never match.
fn plain_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTE: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASH: u64 = u64::from_ne_bytes([b'\\'; 8]);
    const SPACE: u64 = u64::from_ne_bytes([0x20; 8]);
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut i = from;
    while let Some(Ok(eight)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let x = u64::from_le_bytes(eight);
        let special =
            (zero_byte(x ^ QUOTE) | zero_byte(x ^ BACKSLASH) | (x.wrapping_sub(SPACE) & !x)) & HIGH;
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    i + rest
        .iter()
        .position(|&b| BYTES[usize::from(b)] & STRING_END != 0)
        .unwrap_or(rest.len())
}

/// What a byte is to the reader's scans: one table lookup per byte instead
/// of a comparison per kind (skipping spaces; the last few bytes of a text
/// for [`plain_end`], which tests the rest eight at a time).
const SPACE: u8 = 1;
const STRING_END: u8 = 2;
static BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        if b == b' ' as usize || b == b'\n' as usize || b == b'\r' as usize || b == b'\t' as usize {
            table[b] |= SPACE;
        }
        if b == b'"' as usize || b == b'\\' as usize || b < 0x20 {
            table[b] |= STRING_END;
        }
        b += 1;
    }
    table
};

/// Where the reader stopped, and why: turned into a [`SyntaxError`] (line
/// and column, counted from the start) only when reported.
struct Fault {
    pos: usize,
    message: &'static str,
}

/// A fault's line and column in `text`: of the character its byte is in
/// (at the end, the last character).
fn locate(text: &str, fault: Fault) -> SyntaxError {
    let at = text
        .char_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i <= fault.pos)
        .last()
        .unwrap_or(0);
    let (mut line, mut column) = (1, usize::from(!text.is_empty()));
    for (_, c) in text.char_indices().take_while(|&(i, _)| i < at) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    SyntaxError {
        line,
        column,
        message: fault.message,
    }
}

struct Parser<'a> {
    text: &'a str,
    arena: &'a Arena,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    // Stacks the open arrays and objects collect into: each is moved to a
    // slice of its exact size in the arena when it closes.
    items: Vec<Value<'a>>,
    members: Vec<(&'a str, Value<'a>)>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, arena: &'a Arena) -> Self {
        Parser {
            text,
            arena,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            items: Vec::new(),
            members: Vec::new(),
        }
    }

    /// An error at the current byte (or the last one at the end).
    fn fail(&self, message: &'static str) -> Fault {
        self.fail_at(self.pos, message)
    }

    fn fail_at(&self, pos: usize, message: &'static str) -> Fault {
        Fault { pos, message }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    // The two scans below run over a slice, not byte by byte through
    // `peek`: they are most of the reading time.
    #[inline(always)]
    fn skip_space(&mut self) {
        // Most calls meet no space, or one: no call for those.
        match self.peek() {
            Some(b) if BYTES[usize::from(b)] & SPACE != 0 => {
                self.pos += 1;
                if matches!(self.peek(), Some(b) if BYTES[usize::from(b)] & SPACE != 0) {
                    self.pos = after_space(self.text, self.pos);
                }
            }
            _ => {}
        }
    }

    /// Moves to the next `"`, `\\` or control character (or the end).
    fn plain_text(&mut self) {
        self.pos = plain_end(self.bytes, self.pos);
    }

    fn value(&mut self) -> Result<Value<'a>, Fault> {
        self.skip_space();
        match self.peek() {
            None => Err(self.fail("EOF while parsing a value")),
            Some(b'n') => self.word("null", Value::Null),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(_) => Err(self.fail("expected value")),
        }
    }

    fn word(&mut self, word: &'static str, value: Value<'a>) -> Result<Value<'a>, Fault> {
        for expected in word.bytes() {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a value")),
                Some(b) if b == expected => self.pos += 1,
                Some(_) => return Err(self.fail("expected value")),
            }
        }
        Ok(value)
    }

    fn nested(
        &mut self,
        inner: fn(&mut Self) -> Result<Value<'a>, Fault>,
    ) -> Result<Value<'a>, Fault> {
        if self.depth == MAX_NESTING {
            return Err(self.fail("nested more than 128 levels deep (the reader's limit)"));
        }
        self.depth += 1;
        self.pos += 1;
        let value = inner(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Result<Value<'a>, Fault> {
        let start = self.items.len();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(&[]));
        }
        loop {
            let item = self.value()?;
            self.items.push(item);
            if !self.separator(b']')? {
                let items = self.arena.alloc_slice_fill_iter(self.items.drain(start..));
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self) -> Result<Value<'a>, Fault> {
        let start = self.members.len();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(&[]));
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                Some(_) => return Err(self.fail("key must be a string")),
                None => return Err(self.fail("EOF while parsing an object")),
            }
            let key = self.string()?;
            self.skip_space();
            match self.peek() {
                Some(b':') => self.pos += 1,
                Some(_) => return Err(self.fail("expected `:`")),
                None => return Err(self.fail("EOF while parsing an object")),
            }
            let value = self.value()?;
            self.members.push((key, value));
            if !self.separator(b'}')? {
                let members = self
                    .arena
                    .alloc_slice_fill_iter(self.members.drain(start..));
                return Ok(Value::Object(members));
            }
        }
    }

    /// After an array's item or an object's member: `true` at a `,` (another
    /// one follows), `false` at the closing `close` (`]` or `}`), read.
    fn separator(&mut self, close: u8) -> Result<bool, Fault> {
        let (expected, eof) = if close == b']' {
            ("expected `,` or `]`", "EOF while parsing a list")
        } else {
            ("expected `,` or `}`", "EOF while parsing an object")
        };
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.skip_space();
                if self.peek() == Some(close) {
                    return Err(self.fail("trailing comma"));
                }
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            Some(_) => Err(self.fail(expected)),
            None => Err(self.fail(eof)),
        }
    }

    fn number(&mut self) -> Result<Value<'a>, Fault> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.fail("invalid number")),
            None => return Err(self.fail("EOF while parsing a value")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        Ok(Value::Number(self.since(start)))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), Fault> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            Some(_) => Err(self.fail("invalid number")),
            None => Err(self.fail("EOF while parsing a value")),
        }
    }

    /// The text from byte `from` to the current position. Both sit next to
    /// an ASCII byte (a delimiter, a digit, a quote), so the slice is always
    /// whole characters; taken with `get` (never `""` in practice), the
    /// module carries no panic for a slice inside a character, and with the
    /// other slices of the module taken the same way, none of std's Debug
    /// printing of characters and its Unicode tables (4.2 KB gzip).
    fn since(&self, from: usize) -> &'a str {
        self.text.get(from..self.pos).unwrap_or_default()
    }

    /// A string starting at the opening quote.
    fn string(&mut self) -> Result<&'a str, Fault> {
        self.pos += 1;
        let start = self.pos;
        self.plain_text();
        // Without escapes: borrowed from the text.
        if self.peek() == Some(b'"') {
            let s = self.since(start);
            self.pos += 1;
            return Ok(s);
        }
        let mut out = String::new();
        let mut run = start;
        loop {
            out.push_str(self.since(run));
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(self.arena.alloc_str(&out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run = self.pos;
                    self.plain_text();
                }
                Some(_) => {
                    return Err(self
                        .fail("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Fault> {
        let Some(b) = self.peek() else {
            return Err(self.fail("EOF while parsing a string"));
        };
        let plain = match b {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'u' => None,
            _ => return Err(self.fail("invalid escape")),
        };
        self.pos += 1;
        if let Some(c) = plain {
            out.push(c);
            return Ok(());
        }
        let first = self.hex4()?;
        let c = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return Err(self.fail("lone leading surrogate in hex escape"));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.fail_at(self.pos - 1, "invalid unicode code point"));
            }
            char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        } else {
            char::from_u32(first)
        };
        match c {
            Some(c) => {
                out.push(c);
                Ok(())
            }
            None => Err(self.fail_at(self.pos - 1, "invalid unicode code point")),
        }
    }

    fn hex4(&mut self) -> Result<u32, Fault> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b) => (b as char)
                    .to_digit(16)
                    .ok_or_else(|| self.fail("invalid escape"))?,
            };
            n = n * 16 + digit;
            self.pos += 1;
        }
        Ok(n)
    }
}

/// Where a value sits in its file: rendered as `budget.lines[2].amount`
/// (empty at the root). Built on the stack while converting; turned into
/// text only for a message.
#[derive(Debug, Clone, Copy)]
pub enum At<'p> {
    /// The whole file.
    Root,
    /// A member of an object.
    Field(&'p At<'p>, &'p str),
    /// An element of an array.
    Index(&'p At<'p>, usize),
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Root => Ok(()),
            At::Field(parent, name) => {
                parent.fmt(f)?;
                if !matches!(parent, At::Root) {
                    f.write_str(".")?;
                }
                f.write_str(name)
            }
            At::Index(parent, i) => {
                parent.fmt(f)?;
                write!(f, "[{i}]")
            }
        }
    }
}

/// A value of the wrong shape: where, and what was expected and found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// The JSON path.
    pub path: String,
    /// "expected …, found …".
    pub message: String,
}

/// "expected {what}, found {the value}" at `at`.
pub fn expected(what: &str, value: &Value<'_>, at: At<'_>) -> ShapeError {
    ShapeError {
        path: at.to_string(),
        message: format!("expected {what}, found {}", Found(value)),
    }
}

/// Shows a value in a message: numbers as written, strings quoted (cut at
/// 60 characters), containers by kind.
struct Found<'v, 'a>(&'v Value<'a>);

impl fmt::Display for Found<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(n),
            Value::String(s) => f.write_str(&quote(s, 60)),
            Value::Array(_) => f.write_str("an array"),
            Value::Object(_) => f.write_str("an object"),
        }
    }
}

/// `text` as a JSON string literal; longer than `max` characters, cut and
/// ended with `...`.
pub fn quote(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    if out.chars().count() > max {
        out = out.chars().take(max - 3).chain("...".chars()).collect();
    }
    out
}

/// A type the contract reads from JSON.
pub trait FromJson: Sized {
    /// Converts `value`, found at `at`.
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError>;
}

/// Parses `text` and converts it: `Err` is a syntax error or a shape error.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    let arena = Arena::new();
    let value = parse(text, &arena).map_err(Error::Syntax)?;
    T::from_json(&value, At::Root).map_err(Error::Shape)
}

/// Why [`from_str`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Not JSON.
    Syntax(SyntaxError),
    /// JSON of the wrong shape.
    Shape(ShapeError),
}

/// The most fields one [`Fields`] reads.
pub const MAX_FIELDS: usize = 12;

/// An object being converted: its members sorted into the fields a type
/// reads (by their position in its list of names), with the object's path.
pub struct Fields<'v, 'a, 'p> {
    names: &'static [&'static str],
    slots: [Option<&'v Value<'a>>; MAX_FIELDS],
    at: At<'p>,
}

impl<'v, 'a, 'p> Fields<'v, 'a, 'p> {
    /// The members of `value`, which must be an object with each key once,
    /// as the fields `names` (at most [`MAX_FIELDS`]; other members are
    /// left alone). One pass over the members: they are mostly written in
    /// the fields' order, so the name after the last one found is tried
    /// first, and a key found twice is a field found twice.
    pub fn of(
        value: &'v Value<'a>,
        at: At<'p>,
        names: &'static [&'static str],
    ) -> Result<Self, ShapeError> {
        debug_assert!(names.len() <= MAX_FIELDS, "at most MAX_FIELDS names");
        let Value::Object(members) = value else {
            return Err(expected("an object", value, at));
        };
        let mut slots = [None; MAX_FIELDS];
        let (mut next, mut other, mut again) = (0, false, None);
        for (key, v) in members.iter() {
            let i = match names.get(next) {
                Some(name) if same(name, key) => Some(next),
                _ => names.iter().position(|name| same(name, key)),
            };
            match i.and_then(|i| Some((i, slots.get_mut(i)?))) {
                Some((_, Some(_))) => again = again.or(Some(*key)),
                Some((i, slot)) => {
                    *slot = Some(v);
                    next = i + 1;
                }
                None => other = true,
            }
        }
        // A key the names do not list may be repeated too: compare every pair.
        if other {
            again = repeated(members);
        }
        if let Some(key) = again {
            return Err(ShapeError {
                path: At::Field(&at, key).to_string(),
                message: format!("expected each field once, found `{key}` again"),
            });
        }
        Ok(Self { names, slots, at })
    }

    /// The `i`th field's value (`null` counts as absent) and name.
    fn get(&self, i: usize) -> (Option<&'v Value<'a>>, &'static str) {
        debug_assert!(i < self.names.len(), "a field of the names given");
        let value = self.slots.get(i).copied().flatten().and_then(present);
        (value, self.names.get(i).copied().unwrap_or_default())
    }

    /// The `i`th field's value as written (`null` counts as absent), for a
    /// caller that reads it itself.
    pub fn value(&self, i: usize) -> Option<&'v Value<'a>> {
        self.get(i).0
    }

    /// The `i`th field, required (`null` counts as missing).
    pub fn req<T: FromJson>(&self, i: usize) -> Result<T, ShapeError> {
        match self.get(i) {
            (Some(v), name) => T::from_json(v, At::Field(&self.at, name)),
            (None, name) => Err(ShapeError {
                path: self.at.to_string(),
                message: format!("expected the required field `{name}`, found none"),
            }),
        }
    }

    /// The `i`th field, optional (absent or `null`: `None`).
    pub fn opt<T: FromJson>(&self, i: usize) -> Result<Option<T>, ShapeError> {
        let (value, name) = self.get(i);
        value
            .map(|v| T::from_json(v, At::Field(&self.at, name)))
            .transpose()
    }

    /// The `i`th field, with a default when absent.
    pub fn or_default<T: FromJson + Default>(&self, i: usize) -> Result<T, ShapeError> {
        Ok(self.opt(i)?.unwrap_or_default())
    }
}

/// The first key of an object's members that an earlier member has too.
fn repeated<'a>(members: &[(&'a str, Value<'a>)]) -> Option<&'a str> {
    members
        .iter()
        .enumerate()
        .find(|(i, (key, _))| members[..*i].iter().any(|(k, _)| same(k, key)))
        .map(|(_, (key, _))| *key)
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        let Value::Array(items) = value else {
            return Err(expected("an array", value, at));
        };
        // A plain loop: `collect::<Result<Vec<_>, _>>()` costs more code
        // per element type, and there are a dozen element types.
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            out.push(T::from_json(v, At::Index(&at, i))?);
        }
        Ok(out)
    }
}

impl FromJson for String {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        match value {
            Value::String(s) => Ok((*s).to_owned()),
            _ => Err(expected("a string", value, at)),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        match value {
            Value::Bool(b) => Ok(*b),
            _ => Err(expected("true or false", value, at)),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        match value {
            Value::Number(n) => Some(number(n))
                .filter(|x| x.is_finite())
                .ok_or_else(|| expected("a finite number", value, at)),
            _ => Err(expected("a number", value, at)),
        }
    }
}

/// The value of a number in JSON syntax, as [`Value::Number`] holds it.
///
/// Correctly rounded (the same as `str::parse::<f64>`) when the number has
/// at most 15 significant digits and a decimal exponent within ±22, which
/// covers every figure of the contract (CPI 102.51, targets, population);
/// otherwise within a few units in the last place. `std`'s parser is exact
/// everywhere but brings about 10 KB of tables into the WebAssembly module.
pub fn number(text: &str) -> f64 {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let mut exp: i32 = 0;
    let (sign, exponent) = match exponent.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, exponent.strip_prefix('+').unwrap_or(exponent)),
    };
    for b in exponent.bytes() {
        // Far beyond any finite double either way: the result is 0 or infinite.
        exp = (exp * 10 + i32::from(b - b'0')).min(1000);
    }
    exp *= sign;
    let mut mantissa: u64 = 0;
    let mut fraction = false;
    for b in digits.bytes() {
        if b == b'.' {
            fraction = true;
        } else if mantissa < 100_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            exp -= i32::from(fraction);
        } else {
            // Digits past the 18th: integer ones still count.
            exp += i32::from(!fraction);
        }
    }
    // Powers of ten up to 1e22 are exact doubles, so one multiplication or
    // division (each correctly rounded) gives the exact result when the
    // mantissa is exact too (below 2^53).
    let mut x = mantissa as f64;
    while exp != 0 {
        let step = exp.clamp(-22, 22);
        let mut power = 1.0;
        for _ in 0..step.abs() {
            power *= 10.0;
        }
        if step > 0 {
            x *= power;
        } else {
            x /= power;
        }
        exp -= step;
    }
    if negative {
        -x
    } else {
        x
    }
}

/// A whole number written without sign, fraction or exponent, that fits `T`.
pub fn unsigned<T: std::str::FromStr>(
    value: &Value<'_>,
    at: At<'_>,
    what: &str,
) -> Result<T, ShapeError> {
    match value {
        Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => {
            n.parse::<T>().map_err(|_| expected(what, value, at))
        }
        _ => Err(expected(what, value, at)),
    }
}

impl FromJson for u16 {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        unsigned(value, at, "a whole number from 0 to 65535")
    }
}

impl FromJson for u32 {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        unsigned(value, at, "a whole number from 0 to 4294967295")
    }
}

/// One of the listed strings, as its index.
pub fn one_of(value: &Value<'_>, at: At<'_>, names: &[&str]) -> Result<usize, ShapeError> {
    match value {
        Value::String(s) => names.iter().position(|n| n == s),
        _ => None,
    }
    .ok_or_else(|| {
        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        expected(&format!("one of {}", list.join(", ")), value, at)
    })
}

/// Reads a struct: `$name { field: how, ... }` where `how` is `req`, `opt`
/// or `or_default` ([`Fields`]); JSON names are the Rust names unless given
/// as `field @ "json-name"`.
macro_rules! from_json_struct {
    ($name:ident { $($field:ident $(@ $json:literal)? : $how:ident),* $(,)? }) => {
        impl $crate::core::json::FromJson for $name {
            fn from_json(
                value: &$crate::core::json::Value<'_>,
                at: $crate::core::json::At<'_>,
            ) -> Result<Self, $crate::core::json::ShapeError> {
                const NAMES: &[&str] = &[$(from_json_struct!(@name $field $($json)?)),*];
                const _: () = assert!(NAMES.len() <= $crate::core::json::MAX_FIELDS);
                let f = $crate::core::json::Fields::of(value, at, NAMES)?;
                // The fields in the order of NAMES.
                let mut i = 0;
                Ok(Self {
                    $($field: {
                        i += 1;
                        f.$how(i - 1)?
                    },)*
                })
            }
        }
    };
    (@name $field:ident $json:literal) => { $json };
    (@name $field:ident) => { stringify!($field) };
}
pub(crate) use from_json_struct;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_in_any_order_and_keys_once() {
        let arena = Arena::new();
        let value = parse(
            r#"{"b": 1, "a": 2, "ab": 3, "c": null, "ac": 4, "x": 5}"#,
            &arena,
        )
        .expect("json");
        // Names in another order than the members, one absent, keys that
        // share their length and first byte, a member no name lists.
        let fields =
            Fields::of(&value, At::Root, &["a", "ac", "b", "ab", "c", "z"]).expect("object");
        assert_eq!(fields.req::<u32>(0), Ok(2));
        assert_eq!(fields.req::<u32>(1), Ok(4));
        assert_eq!(fields.req::<u32>(2), Ok(1));
        assert_eq!(fields.req::<u32>(3), Ok(3));
        assert_eq!(fields.req::<u32>(2), Ok(1), "asked again");
        assert_eq!(fields.opt::<u32>(4), Ok(None), "null");
        assert_eq!(fields.opt::<u32>(5), Ok(None), "absent");
        assert_eq!(
            fields.req::<u32>(5).map_err(|e| e.message),
            Err("expected the required field `z`, found none".to_owned())
        );
        assert_eq!(
            fields
                .req::<bool>(0)
                .map_err(|e| format!("{}: {}", e.path, e.message)),
            Err("a: expected true or false, found 2".to_owned())
        );
        // The first key written again, whether a name lists it or not.
        let again = |text: &str| {
            let arena = Arena::new();
            let value = parse(text, &arena).expect("json");
            Fields::of(&value, At::Root, &["a", "b"])
                .map(|_| ())
                .map_err(|e| e.path)
        };
        assert_eq!(
            again(r#"{"a": 1, "b": 2, "b": 3, "a": 4}"#),
            Err("b".to_owned())
        );
        assert_eq!(
            again(r#"{"x": 1, "a": 2, "x": 3, "a": 4}"#),
            Err("x".to_owned())
        );
        assert_eq!(
            again(r#"{"a": 1, "x": 2, "a": 3, "x": 4}"#),
            Err("a".to_owned())
        );
        assert_eq!(again(r#"{"a": 1, "x": 2, "y": 3, "b": 4}"#), Ok(()));
    }

    #[test]
    fn a_string_ends_at_its_first_quote_backslash_or_control_character() {
        // Each special byte at every offset of the eight-byte steps, after
        // ASCII and after multi-byte characters (whose bytes are 0x80 and up).
        for filler in ["a", "é", "稅", "~"] {
            for n in 0..20 {
                for special in ['"', '\\', '\u{0}', '\n', '\u{1f}'] {
                    let text = format!("{}{special}{}", filler.repeat(n), filler.repeat(9));
                    let at = filler.len() * n;
                    assert_eq!(plain_end(text.as_bytes(), 0), at, "{text:?}");
                    assert_eq!(plain_end(text.as_bytes(), at), at, "{text:?}");
                }
                let plain = filler.repeat(n);
                assert_eq!(plain_end(plain.as_bytes(), 0), plain.len(), "{plain:?}");
            }
        }
        // Bytes just past the special ones are plain: 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F.
        let plain = " !#[]\u{7f} !#[]\u{7f}";
        assert_eq!(plain_end(plain.as_bytes(), 0), plain.len());
    }

    #[test]
    fn spaces_of_every_kind_and_length_are_skipped() {
        for n in 0..20 {
            for space in [" ", "\n", "\r", "\t"] {
                let pad = space.repeat(n);
                let text =
                    format!("{pad}{{{pad}\"k\"{pad}:{pad}[{pad}1{pad},{pad}2{pad}]{pad}}}{pad}");
                let arena = Arena::new();
                let value = parse(&text, &arena).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
                assert_eq!(
                    value.member("k"),
                    Some(&Value::Array(&[Value::Number("1"), Value::Number("2")])),
                    "{text:?}"
                );
            }
        }
        let mixed = " \n\t \r        \n         {}";
        assert_eq!(parse(mixed, &Arena::new()), Ok(Value::Object(&[])));
        assert_eq!(err("        x").2, "expected value");
    }

    fn err(text: &str) -> (usize, usize, &'static str) {
        let e = parse(text, &Arena::new()).expect_err("should fail");
        (e.line, e.column, e.message)
    }

    #[test]
    fn reads_values() {
        let arena = Arena::new();
        let text = r#" {"a": [1, -2.5e3, true, null, "x\"\u00e9\ud83d\ude00"], "b": {}} "#;
        let v = parse(text, &arena).expect("json");
        let Value::Object(m) = v else { panic!() };
        assert_eq!(m[0].0, "a");
        assert_eq!(
            m[0].1,
            Value::Array(&[
                Value::Number("1"),
                Value::Number("-2.5e3"),
                Value::Bool(true),
                Value::Null,
                Value::String("x\"é😀"),
            ])
        );
        assert_eq!(m[1].1, Value::Object(&[]));
    }

    #[test]
    fn numbers_read_like_std_where_the_contract_needs_them() {
        let cases = [
            "0",
            "-0",
            "1",
            "30",
            "3.5",
            "102.51",
            "99.999",
            "0.001",
            "2.5e3",
            "-2.5E-3",
            "1e22",
            "123456789012345",
            "1.23456789012345",
            "0.1",
            "0.2",
            "0.3",
            "2147483648",
            "4.35",
            "1e-22",
            "98.76543210987",
        ];
        for text in cases {
            assert_eq!(number(text), text.parse::<f64>().expect("std"), "{text}");
        }
        // Beyond the exact range: close, and never wild.
        for text in [
            "1.7976931348623157e308",
            "5e-324",
            "123456789012345678901234567890",
            "1e300",
        ] {
            let want = text.parse::<f64>().expect("std");
            let got = number(text);
            assert!(
                (got - want).abs() <= want.abs() * 1e-14,
                "{text}: {got} vs {want}"
            );
        }
        assert!(number("1e400").is_infinite());
        assert!(number("1e99999999999999999999").is_infinite());
        assert_eq!(number("1e-99999999999999999999"), 0.0);
    }

    #[test]
    fn says_where_and_why() {
        assert_eq!(err(""), (1, 0, "EOF while parsing a value"));
        assert_eq!(err("{\"a\" 1}"), (1, 6, "expected `:`"));
        assert_eq!(err("{\"a\":1,}"), (1, 8, "trailing comma"));
        assert_eq!(err("[1 2]"), (1, 4, "expected `,` or `]`"));
        assert_eq!(err("[1, ]"), (1, 5, "trailing comma"));
        assert_eq!(err("{\"a\":1 \"b\":2}"), (1, 8, "expected `,` or `}`"));
        assert_eq!(err("[1"), (1, 2, "EOF while parsing a list"));
        assert_eq!(err("[1,"), (1, 3, "EOF while parsing a value"));
        assert_eq!(err("{\"a\":1"), (1, 6, "EOF while parsing an object"));
        assert_eq!(err("{\"a\":1,"), (1, 7, "EOF while parsing an object"));
        assert_eq!(err("{\n  \"a\": tru}"), (2, 11, "expected value"));
        assert_eq!(err("{\n  \"a\": \"x"), (2, 9, "EOF while parsing a string"));
        assert_eq!(err("[01]"), (1, 3, "expected `,` or `]`"));
        assert_eq!(err("[1.]"), (1, 4, "invalid number"));
        assert_eq!(err("{} x"), (1, 4, "trailing characters"));
        assert_eq!(err("{1:2}"), (1, 2, "key must be a string"));
        assert_eq!(err("[\"\\q\"]"), (1, 4, "invalid escape"));
        assert_eq!(err("[\"臺中\\q\"]"), (1, 6, "invalid escape"));
        assert_eq!(
            err("[\"\\ud800x\"]"),
            (1, 9, "lone leading surrogate in hex escape")
        );
        let deep = "[".repeat(MAX_NESTING + 1);
        assert_eq!(
            err(&deep),
            (
                1,
                MAX_NESTING + 1,
                "nested more than 128 levels deep (the reader's limit)"
            )
        );
        assert!(parse(
            &format!("{}{}", "[".repeat(128), "]".repeat(128)),
            &Arena::new()
        )
        .is_ok());
    }

    #[test]
    fn paths_and_found_values_in_messages() {
        struct P(Vec<u16>);
        impl FromJson for P {
            fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
                let f = Fields::of(value, at, &["years"])?;
                Ok(P(f.req(0)?))
            }
        }
        let shape = |text: &str| match from_str::<P>(text) {
            Ok(P(years)) => format!("{years:?}"),
            Err(Error::Shape(e)) => format!("{}: {}", e.path, e.message),
            Err(other) => format!("{other:?}"),
        };
        assert_eq!(shape(r#"{"years": [1, 2], "x": 3}"#), "[1, 2]");
        assert_eq!(
            shape(r#"{"years": [1, "1,593"]}"#),
            "years[1]: expected a whole number from 0 to 65535, found \"1,593\""
        );
        assert_eq!(
            shape(r#"{"years": [-1]}"#),
            "years[0]: expected a whole number from 0 to 65535, found -1"
        );
        assert_eq!(
            shape(r#"{"years": {}}"#),
            "years: expected an array, found an object"
        );
        assert_eq!(
            shape(r#"{"year": 1}"#),
            ": expected the required field `years`, found none"
        );
        assert_eq!(
            shape(r#"{"years": [], "years": []}"#),
            "years: expected each field once, found `years` again"
        );
        assert_eq!(
            quote(&"x".repeat(100), 60),
            format!("\"{}...", "x".repeat(56))
        );
        assert_eq!(quote("a\"\u{1}", 60), "\"a\\\"\\u0001\"");
    }
}
