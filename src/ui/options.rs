//! Embedding options, from `data-*` attributes, a JS options object or an
//! iframe's query string: one reader, so every way of embedding validates
//! the same way and says what was wrong in the widget and the console.

use crate::core::dataset::Dataset;
use crate::core::format::Lang;
use crate::core::model::Lens;
use crate::ui::permalink::{parse_key, parse_metric};
use crate::ui::state::View;

/// How much of the widget's controls to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Controls {
    /// Tabs, pickers, measures, exports.
    #[default]
    Full,
    /// The chart, its summary and table, with exports; no tabs or pickers.
    Minimal,
    /// The chart and its summary only.
    None,
}

/// Options read and checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EmbedOptions {
    /// The manifest URL.
    pub src: String,
    /// The starting view as a hash (`view=plans&metric=share&…`).
    pub hash: String,
    /// The language.
    pub lang: Lang,
    /// How much to show.
    pub controls: Controls,
    /// Whether to keep the state in the URL hash (`None`: decide by context).
    pub permalink: Option<bool>,
    /// `light`, `dark`, `auto` or `host`.
    pub theme: Option<String>,
    /// What was wrong, one message per option (the widget still starts).
    pub problems: Vec<String>,
}

/// The option names (attributes drop the `data-` prefix).
pub const NAMES: [&str; 11] = [
    "src",
    "view",
    "cities",
    "years",
    "category",
    "metric",
    "lens",
    "lang",
    "theme",
    "controls",
    "permalink",
];

fn expected(name: &str, one_of: &str, found: &str) -> String {
    format!("{name}: expected one of {one_of}, found \"{found}\"")
}

/// Reads options through `get` (an attribute, object property or query
/// parameter by name), checking each; a bad value is reported and ignored.
/// (`&dyn`: one copy of this code for the four callers.)
pub fn read_options(get: &dyn Fn(&str) -> Option<String>) -> EmbedOptions {
    let mut o = EmbedOptions {
        src: get("src").unwrap_or_else(|| "data/index.json".to_owned()),
        ..EmbedOptions::default()
    };
    let mut hash: Vec<String> = Vec::new();
    let mut push =
        |key: &str, value: &str| hash.push(format!("{key}={}", value.replace(['&', '#', '='], "")));
    if let Some(v) = get("view") {
        match View::from_id(v.trim()) {
            Some(_) => push("view", v.trim()),
            None => o.problems.push(expected(
                "view",
                "compare, over-time, plans, table, about",
                &v,
            )),
        }
    }
    if let Some(v) = get("lang") {
        match Lang::from_tag(v.trim()) {
            Some(lang) => {
                o.lang = lang;
                push("lang", lang.tag());
            }
            None => o.problems.push(expected("lang", "zh-TW, en", &v)),
        }
    }
    if let Some(v) = get("cities") {
        push("cities", &v.replace(' ', ""));
    }
    if let Some(v) = get("years") {
        match v.split(',').map(str::trim).find(|k| parse_key(k).is_none()) {
            None => push("sel", &v.replace(' ', "")),
            Some(bad) => o.problems.push(format!(
                "years: expected city.year items like kaohsiung.106, found \"{bad}\""
            )),
        }
    }
    if let Some(v) = get("category") {
        push("cat", v.trim());
    }
    if let Some(v) = get("metric") {
        match parse_metric(v.trim(), 2021) {
            Some(_) => push("metric", v.trim()),
            None => o.problems.push(expected(
                "metric",
                "amount, share, per-resident, real, real-YYYY",
                &v,
            )),
        }
    }
    if let Some(v) = get("lens") {
        match Lens::from_id(v.trim()) {
            Some(lens) => push("lens", lens.id()),
            None => o.problems.push(expected("lens", "function, budgeted", &v)),
        }
    }
    if let Some(v) = get("theme") {
        match v.trim() {
            t @ ("light" | "dark" | "auto" | "host") => o.theme = Some(t.to_owned()),
            _ => o
                .problems
                .push(expected("theme", "light, dark, auto, host", &v)),
        }
    }
    if let Some(v) = get("controls") {
        match v.trim() {
            "full" => o.controls = Controls::Full,
            "minimal" => o.controls = Controls::Minimal,
            "none" => o.controls = Controls::None,
            _ => o
                .problems
                .push(expected("controls", "full, minimal, none", &v)),
        }
    }
    if let Some(v) = get("permalink") {
        match v.trim() {
            "on" | "true" => o.permalink = Some(true),
            "off" | "false" => o.permalink = Some(false),
            _ => o.problems.push(expected("permalink", "on, off", &v)),
        }
    }
    o.hash = hash.join("&");
    o
}

/// Problems only the data can show: cities, years and a category it does not have.
pub fn check_against(ds: &Dataset, hash: &str) -> Vec<String> {
    let known: Vec<String> = ds.cities().into_iter().map(|(c, _)| c.0).collect();
    let mut problems = Vec::new();
    for pair in hash.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        match key {
            "cities" => {
                for city in value.split(',').filter(|c| !c.is_empty()) {
                    if !known.iter().any(|k| k == city) {
                        problems.push(format!(
                            "cities: expected cities of the data ({}), found \"{city}\"",
                            known.join(", ")
                        ));
                    }
                }
            }
            "sel" => {
                for key in value.split(',').filter_map(parse_key) {
                    if ds.document(&key.city, key.year).is_none() {
                        problems.push(format!(
                            "years: expected a city-year of the data, found \"{}.{}\"",
                            key.city, key.year
                        ));
                    }
                }
            }
            "cat"
                if ds
                    .category(&crate::core::model::CategoryId(value.to_owned()))
                    .is_none() =>
            {
                problems.push(format!(
                    "category: expected a category id of the taxonomy, found \"{value}\""
                ));
            }
            _ => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> EmbedOptions {
        read_options(&|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn good_options_become_a_hash() {
        let o = read(&[
            ("src", "d/index.json"),
            ("view", "over-time"),
            ("lang", "en"),
            ("cities", "kaohsiung"),
            ("metric", "share"),
            ("lens", "budgeted"),
            ("controls", "minimal"),
            ("theme", "dark"),
        ]);
        assert_eq!(o.src, "d/index.json");
        assert_eq!(
            o.hash,
            "view=over-time&lang=en&cities=kaohsiung&metric=share&lens=budgeted"
        );
        assert_eq!(
            (o.lang, o.controls, o.theme.as_deref()),
            (Lang::En, Controls::Minimal, Some("dark"))
        );
        assert!(o.problems.is_empty());
    }

    #[test]
    fn bad_options_are_named_and_ignored() {
        let o = read(&[
            ("view", "charts"),
            ("metric", "total"),
            ("lens", "line-by-line"),
            ("years", "kaohsiung106"),
            ("permalink", "maybe"),
        ]);
        assert_eq!(
            o.problems,
            [
                "view: expected one of compare, over-time, plans, table, about, found \"charts\"",
                "years: expected city.year items like kaohsiung.106, found \"kaohsiung106\"",
                "metric: expected one of amount, share, per-resident, real, real-YYYY, found \"total\"",
                "lens: expected one of function, budgeted, found \"line-by-line\"",
                "permalink: expected one of on, off, found \"maybe\"",
            ]
        );
        assert_eq!(o.hash, "");
        assert_eq!(o.src, "data/index.json");
    }
}
