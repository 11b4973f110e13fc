//! The repository's own shape: no module of the crate imports, directly or
//! through others, a module that imports it (a cycle makes every module of
//! it one to read at once); every link of the README and `docs/` points at a
//! file and heading that exist.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::root;

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path: `src/ui/view/mod.rs` → `ui::view`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without comments and without its test module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a `use crate::…;` tree names: `a::{b, c::{d}}` → `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let (base, inner) = (&tree[..open], &tree[open + 1..tree.len() - 1]);
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.is_empty())
        .flat_map(|i| expand(&format!("{base}{i}")))
        .collect()
}

/// The crate's modules and, for each, the modules it uses (`crate::…`).
fn imports() -> BTreeMap<String, Vec<String>> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let files: Vec<(String, String)> = files
        .into_iter()
        .filter(|f| !f.starts_with(src.join("bin")))
        .map(|f| {
            (
                module_of(&src, &f),
                code(&std::fs::read_to_string(&f).unwrap()),
            )
        })
        .collect();
    let modules: Vec<&str> = files.iter().map(|(m, _)| m.as_str()).collect();
    // The longest module a path starts with.
    let owner = |path: &str| {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| modules.contains(&m.as_str()))
    };
    let mut graph = BTreeMap::new();
    for (module, text) in &files {
        let mut uses = Vec::new();
        for statement in text.split("use crate::").skip(1) {
            let tree = statement.split(';').next().unwrap_or("");
            for path in expand(tree) {
                if let Some(m) = owner(path.trim_end_matches("::self")) {
                    // A module's own items and its children are not an import.
                    let related = m == *module
                        || m.starts_with(&format!("{module}::"))
                        || module.starts_with(&format!("{m}::"));
                    if !related && !uses.contains(&m) {
                        uses.push(m);
                    }
                }
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

/// A cycle through `from`, if any: the modules on it.
fn cycle_from(graph: &BTreeMap<String, Vec<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![(from.to_owned(), vec![from.to_owned()])];
    let mut seen = Vec::new();
    while let Some((at, path)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == from {
                return Some(path);
            }
            if !seen.contains(next) {
                seen.push(next.clone());
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn a_cycle_is_found_and_a_chain_is_not() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry((*a).to_owned()).or_default().push((*b).to_owned());
            g.entry((*b).to_owned()).or_default();
        }
        g
    };
    let cyclic = graph(&[("a", "b"), ("b", "c"), ("c", "a")]);
    assert_eq!(
        cycle_from(&cyclic, "a"),
        Some(vec!["a".into(), "b".into(), "c".into()])
    );
    assert_eq!(cycle_from(&graph(&[("a", "b"), ("b", "c")]), "a"), None);
}

#[test]
fn the_use_trees_are_read_as_the_paths_they_name() {
    assert_eq!(
        expand("core::compare::{compare, Cell, model::{A, B}}"),
        [
            "core::compare::compare",
            "core::compare::Cell",
            "core::compare::model::A",
            "core::compare::model::B"
        ]
    );
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let graph = imports();
    assert!(graph.contains_key("core::compare") && graph.contains_key("ui::components::widget"));
    assert!(
        graph["core::explain"].contains(&"core::compare".to_owned()),
        "the reader sees imports: {:?}",
        graph["core::explain"]
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// GitHub's anchor of a heading: lower case, spaces to `-`, punctuation out.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code blocks), with
/// GitHub's `-1`, `-2` for repeats.
fn anchors(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let base = slug(line.trim_start_matches('#'));
        let repeats = out
            .iter()
            .filter(|a| {
                **a == base
                    || a.strip_prefix(&format!("{base}-"))
                        .is_some_and(|n| n.parse::<u32>().is_ok())
            })
            .count();
        out.push(if repeats == 0 {
            base
        } else {
            format!("{base}-{repeats}")
        });
    }
    out
}

/// The targets of a Markdown file's inline links `[text](target)`, outside
/// code blocks and code spans.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Code spans hold examples, not links.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        for part in prose.split("](").skip(1) {
            if let Some(end) = part.find(')') {
                out.push(
                    part[..end]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_owned(),
                );
            }
        }
    }
    out
}

#[test]
fn headings_give_githubs_anchors() {
    assert_eq!(
        slug(" The data contract (version 1)"),
        "the-data-contract-version-1"
    );
    assert_eq!(
        slug(" Why the difference? (explain)"),
        "why-the-difference-explain"
    );
    assert_eq!(
        anchors("# A\n## A\n```\n# not\n```\n## B"),
        ["a", "a-1", "b"]
    );
    assert_eq!(
        links("see [x](docs/a.md#b) and `[y](no.md)`\n```\n[z](no.md)\n```"),
        ["docs/a.md#b"]
    );
}

#[test]
fn every_readme_and_docs_link_points_at_a_file_and_heading_that_exist() {
    let root = root();
    let mut pages = vec![root.join("README.md")];
    let docs = root.join("docs");
    for entry in std::fs::read_dir(&docs).expect("a docs/ folder") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    assert!(pages.len() >= 8, "README and the docs pages: {pages:?}");
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let dir = page.parent().unwrap();
        for link in links(&text) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                dir.join(file)
            };
            let name = format!("{}: {link}", page.strip_prefix(&root).unwrap().display());
            if !target.exists() {
                broken.push(format!("{name} (no such file)"));
            } else if !anchor.is_empty() {
                let heads = anchors(&std::fs::read_to_string(&target).unwrap_or_default());
                if !heads.iter().any(|h| h == anchor) {
                    broken.push(format!("{name} (no such heading)"));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_is_a_short_front_door_that_links_every_docs_page() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.lines().count() <= 260,
        "README.md has {} lines",
        readme.lines().count()
    );
    for page in [
        "data",
        "contract",
        "cli",
        "embedding",
        "accessibility",
        "performance",
        "development",
    ] {
        assert!(
            readme.contains(&format!("](docs/{page}.md")),
            "README links docs/{page}.md"
        );
    }
}
