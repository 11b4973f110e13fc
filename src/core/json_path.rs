//! The JSON path (`budget.lines[2].amount`) of a position in a JSON text.
//!
//! serde_json reports where a value went wrong as a line and column, just
//! after the offending value (or after the `}` of an object missing a
//! field). Scanning the text up to there recovers the path, so error
//! messages can name it without wrapping every deserializer (which made the
//! WebAssembly module much larger).

enum Frame {
    Object {
        key: Option<String>,
        after_colon: bool,
    },
    Array {
        index: usize,
    },
}

/// The byte offset of a 1-based line and a column counted in bytes.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

/// Reads a JSON string starting at the opening quote; returns it and the
/// offset after the closing quote.
fn string_at(bytes: &[u8], mut i: usize) -> (String, usize) {
    let start = i + 1;
    i += 1;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    let raw = String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]).into_owned();
    let text = serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or(raw);
    (text, (i + 1).min(bytes.len()))
}

/// The path of the value that ends at (or contains) `line`:`column`; empty
/// for the document itself.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let end = offset(text, line, column);
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                after_colon: false,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, after_colon }) => {
                    *key = None;
                    *after_colon = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { after_colon, .. }) = stack.last_mut() {
                    *after_colon = true;
                }
            }
            b'"' => {
                let (s, next) = string_at(bytes, i);
                if let Some(Frame::Object {
                    key,
                    after_colon: false,
                }) = stack.last_mut()
                {
                    *key = Some(s);
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path at the end of the first occurrence of `marker` in `text`.
    fn at(text: &str, marker: &str) -> String {
        let end = text
            .find(marker)
            .map(|i| i + marker.len())
            .unwrap_or(text.len());
        let line = text[..end].matches('\n').count() + 1;
        let column = end - text[..end].rfind('\n').map_or(0, |i| i + 1);
        path_at(text, line, column)
    }

    #[test]
    fn paths_at_positions() {
        let text = "{\"format\": 1, \"budget\": {\"lines\": [\n  {\"id\": \"1\", \"amount\": \"1,593\"},\n  {\"id\": \"2\", \"children\": [{\"a\": [1, 2]}, {\"b\": true}]}\n]}}";
        let cases = [
            ("\"format\": 1", "format"),
            ("\"1,593\"", "budget.lines[0].amount"),
            ("\"1,593\"}", "budget.lines[0]"),
            ("[1, 2", "budget.lines[1].children[0].a[1]"),
            ("\"b\": true", "budget.lines[1].children[1].b"),
            ("true}]", "budget.lines[1].children"),
            ("true}]}", "budget.lines[1]"),
            ("]}}", ""),
        ];
        for (marker, want) in cases {
            assert_eq!(at(text, marker), want, "after {marker}");
        }
    }

    #[test]
    fn keys_with_escapes_and_colons_in_strings() {
        let text = r#"{"a\"b": {"x": "c:d,e", "y": 5}}"#;
        assert_eq!(at(text, "\"y\": 5"), "a\"b.y");
    }
}
