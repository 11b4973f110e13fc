//! Embedding options, from `data-*` attributes, a JS options object or an
//! iframe's query string: one type ([`GivenOptions`]: text pairs from
//! attributes and query strings; from a JS object the values as JS typed
//! them) and one reader ([`read_given`]), so every way of embedding
//! validates the same way and says what was wrong in the widget and the
//! console. An option the widget does not know (usually a typo) is a
//! warning that names it.
//!
//! [`GivenOptions`] deserialises with serde (the tests read JSON with it);
//! the widget's module converts a JS object to it by hand (`embed.rs`,
//! the same rules): serde-wasm-bindgen's deserializer cost 4.8 KB gzip of
//! the module, against 3 KB allowed for the whole boundary
//! (docs/embedding.md, JS API). The change event's detail is built by
//! hand too (`browser::dispatch_change`; serde-wasm-bindgen's serializer:
//! 1.7 KB).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::core::dataset::Dataset;
use crate::core::format::{self, Lang};
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

impl Controls {
    /// The option's value: `full`, `minimal`, `none`.
    pub fn id(self) -> &'static str {
        match self {
            Controls::Full => "full",
            Controls::Minimal => "minimal",
            Controls::None => "none",
        }
    }

    /// The value an option names.
    pub fn from_id(id: &str) -> Option<Controls> {
        [Controls::Full, Controls::Minimal, Controls::None]
            .into_iter()
            .find(|c| c.id() == id)
    }
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
    /// How long a data request may take, in ms (`None`: the loader's 15 s).
    pub timeout: Option<u32>,
    /// `import`: 加入年度 / Add a year shown (`Some(true)`) or hidden
    /// (`Some(false)`); `None`: as it was (on unless the element says off).
    pub import: Option<bool>,
    /// What was wrong, one message per option (the widget still starts).
    pub problems: Vec<String>,
    /// Options given that the widget does not know: `colour: unknown option`.
    pub unknown: Vec<String>,
}

/// A value given for an option: text (every attribute and query parameter,
/// most JS values), a list of texts (a JS array: joined with commas), true
/// or false, a number, or another kind of JS value (an object), which no
/// option takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    /// Text.
    Text(String),
    /// A list of texts.
    List(Vec<String>),
    /// `true` / `false` (`on` / `off`).
    Switch(bool),
    /// A number.
    Number(f64),
    /// `null` or `undefined`: as if not given.
    Nothing,
    /// Anything else.
    Other,
}

impl Given {
    /// The value as option text; `None` for nothing or another kind.
    pub fn text(&self) -> Option<String> {
        match self {
            Given::Text(t) => Some(t.clone()),
            Given::List(items) => Some(items.join(",")),
            Given::Switch(b) => Some(if *b { "on" } else { "off" }.to_owned()),
            Given::Number(n) => {
                Some(format::plain_number(*n).unwrap_or_else(|| other_number_text(*n)))
            }
            Given::Nothing | Given::Other => None,
        }
    }
}

/// A number [`format::plain_number`] cannot say (huge, not finite), as the
/// browser writes it (`1e+21`, `NaN`, `Infinity`).
#[cfg(target_arch = "wasm32")]
fn other_number_text(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// [`other_number_text`] natively (the tests): the browser's words for a
/// number that is not finite, Rust's digits for a huge one.
#[cfg(not(target_arch = "wasm32"))]
fn other_number_text(n: f64) -> String {
    match n {
        n if n.is_nan() => "NaN".to_owned(),
        f64::INFINITY => "Infinity".to_owned(),
        f64::NEG_INFINITY => "-Infinity".to_owned(),
        n => n.to_string(),
    }
}

/// Options as given, by name, in the order given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GivenOptions(pub Vec<(String, Given)>);

impl GivenOptions {
    /// Options given as text (attributes, a query string, the command line).
    pub fn from_text<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        GivenOptions(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), Given::Text(v.into())))
                .collect(),
        )
    }

    /// The value given for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Given> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether any known option is given (`update` with none changes nothing).
    pub fn any_known(&self) -> bool {
        self.0
            .iter()
            .any(|(k, v)| NAMES.contains(&k.as_str()) && *v != Given::Nothing)
    }
}

struct GivenVisitor;

impl<'de> Visitor<'de> for GivenVisitor {
    type Value = Given;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Given, E> {
        Ok(Given::Text(v.to_owned()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Given, E> {
        Ok(Given::Switch(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Given, E> {
        Ok(Given::Number(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Given, E> {
        Ok(Given::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Given, E> {
        Ok(Given::Number(v as f64))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Given, E> {
        Ok(Given::Nothing)
    }
    fn visit_none<E: de::Error>(self) -> Result<Given, E> {
        Ok(Given::Nothing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Given, A::Error> {
        let mut items = Vec::new();
        let mut texts = true;
        while let Some(item) = seq.next_element::<Given>()? {
            match item.text() {
                Some(t) if !matches!(item, Given::List(_)) => items.push(t),
                _ => texts = false,
            }
        }
        Ok(if texts {
            Given::List(items)
        } else {
            Given::Other
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Given, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Given::Other)
    }
}

impl<'de> Deserialize<'de> for Given {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Given, D::Error> {
        d.deserialize_any(GivenVisitor)
    }
}

struct OptionsVisitor;

impl<'de> Visitor<'de> for OptionsVisitor {
    type Value = GivenOptions;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of options")
    }
    fn visit_unit<E: de::Error>(self) -> Result<GivenOptions, E> {
        Ok(GivenOptions::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<GivenOptions, E> {
        Ok(GivenOptions::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GivenOptions, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Given>()? {
            out.push((k, v));
        }
        Ok(GivenOptions(out))
    }
}

impl<'de> Deserialize<'de> for GivenOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<GivenOptions, D::Error> {
        d.deserialize_any(OptionsVisitor)
    }
}

/// Reads and checks options as given: [`read_options`] over their text,
/// then a problem for a known option given a value of no usable kind, and
/// the names of the options the widget does not know.
pub fn read_given(given: &GivenOptions) -> EmbedOptions {
    let mut o = read_options(&|name| given.get(name).and_then(Given::text));
    for (name, value) in &given.0 {
        if !NAMES.contains(&name.as_str()) {
            o.unknown.push(format!("{name}: unknown option"));
        } else if *value == Given::Other {
            o.problems.push(format!(
                "{name}: expected text, a list of texts, a number or true/false, found another kind of value"
            ));
        }
    }
    o
}

/// The option names (attributes drop the `data-` prefix).
pub const NAMES: [&str; 14] = [
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
    "timeout",
    "import",
    // Read by the loader (`lazy` by default, `eager`), not by the module.
    "loading",
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
        match Controls::from_id(v.trim()) {
            Some(c) => o.controls = c,
            None => o
                .problems
                .push(expected("controls", "full, minimal, none", &v)),
        }
    }
    // The switches: `on` / `off` (or a JS boolean).
    for name in ["permalink", "import"] {
        let Some(v) = get(name) else { continue };
        let on = match v.trim() {
            "on" | "true" => true,
            "off" | "false" => false,
            _ => {
                o.problems.push(expected(name, "on, off", &v));
                continue;
            }
        };
        if name == "import" {
            o.import = Some(on);
        } else {
            o.permalink = Some(on);
        }
    }
    if let Some(v) = get("timeout") {
        // Whole seconds: parsing a float would bring the float parser into
        // the module (about 12 KB gzip).
        match v.trim().parse::<u32>() {
            Ok(s @ 1..=600) => o.timeout = Some(s * 1000),
            _ => o.problems.push(format!(
                "timeout: expected whole seconds from 1 to 600, found \"{v}\""
            )),
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
    fn numbers_given_are_written_as_text_exactly_when_whole() {
        for (n, want) in [
            (105.0, "105"),
            (-3.0, "-3"),
            (1.5, "1.5"),
            (-0.25, "-0.25"),
            (0.1, "0.1"),
            (2.0000001, "2"),
            (1e20, "100000000000000000000"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(Given::Number(n).text().as_deref(), Some(want), "{n}");
        }
        // A year given as a number reaches the state as written (a
        // fraction is then named against the data set, `check_against`).
        let o = read_given(&GivenOptions(vec![("years".into(), Given::Number(105.5))]));
        assert_eq!(o.hash, "sel=105.5");
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
    fn given_options_read_as_their_text_and_unknown_ones_are_named() {
        let given = GivenOptions(vec![
            (
                "years".into(),
                Given::List(vec!["kaohsiung.104".into(), "taichung.105".into()]),
            ),
            ("permalink".into(), Given::Switch(false)),
            ("colour".into(), Given::Text("red".into())),
            ("metric".into(), Given::Other),
            ("lens".into(), Given::Nothing),
        ]);
        let o = read_given(&given);
        assert_eq!(o.hash, "sel=kaohsiung.104,taichung.105");
        assert_eq!(o.permalink, Some(false));
        assert_eq!(o.unknown, ["colour: unknown option"]);
        assert_eq!(
            o.problems,
            ["metric: expected text, a list of texts, a number or true/false, found another kind of value"]
        );
        // A number reads as its text, and is checked as that.
        let o = read_given(&GivenOptions(vec![("years".into(), Given::Number(105.0))]));
        assert_eq!(
            o.problems,
            ["years: expected city.year items like kaohsiung.106, found \"105\""]
        );
        assert!(GivenOptions::from_text([("view", "table")]).any_known());
        assert!(!GivenOptions::from_text([("colour", "red")]).any_known());
    }

    #[test]
    fn a_json_object_deserialises_into_given_options() {
        // The serde path (the rules `embed.rs` follows by hand for a JS object).
        let given: GivenOptions = serde_json::from_str(
            r#"{"src": "d.json", "years": ["kaohsiung.104", 105], "permalink": true, "controls": null, "colour": {"r": 1}, "metric": [["share"]]}"#,
        )
        .unwrap();
        assert_eq!(
            given.0,
            [
                ("src".to_owned(), Given::Text("d.json".into())),
                (
                    "years".to_owned(),
                    Given::List(vec!["kaohsiung.104".into(), "105".into()])
                ),
                ("permalink".to_owned(), Given::Switch(true)),
                ("controls".to_owned(), Given::Nothing),
                ("colour".to_owned(), Given::Other),
                ("metric".to_owned(), Given::Other),
            ]
        );
        let o = read_given(&given);
        assert_eq!(o.src, "d.json");
        assert_eq!(o.unknown, ["colour: unknown option"]);
        assert_eq!(o.problems.len(), 2, "{:?}", o.problems);
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

    #[test]
    fn import_is_a_switch_left_alone_where_not_given() {
        assert_eq!(read(&[]).import, None, "as it was");
        assert_eq!(read(&[("import", "on")]).import, Some(true));
        assert_eq!(read(&[("import", " off ")]).import, Some(false));
        assert_eq!(
            read(&[("import", "false")]).import,
            Some(false),
            "a JS false"
        );
        let o = read(&[("import", "never"), ("permalink", "off")]);
        assert_eq!(o.import, None);
        assert_eq!(o.permalink, Some(false), "the other switch still read");
        assert_eq!(
            o.problems,
            ["import: expected one of on, off, found \"never\""]
        );
    }

    #[test]
    fn a_timeout_is_whole_seconds_from_1_to_600() {
        assert_eq!(read(&[("timeout", " 20 ")]).timeout, Some(20_000));
        assert_eq!(read(&[("timeout", "600")]).timeout, Some(600_000));
        for bad in ["0", "601", "2.5", "soon"] {
            let o = read(&[("timeout", bad)]);
            assert_eq!(o.timeout, None, "{bad}");
            assert_eq!(
                o.problems,
                [format!(
                    "timeout: expected whole seconds from 1 to 600, found \"{bad}\""
                )]
            );
        }
        assert_eq!(read(&[]).timeout, None, "the loader's default");
    }
}
