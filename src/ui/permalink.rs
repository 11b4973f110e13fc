//! The state in a URL hash and back: `#view=compare&sel=kaohsiung.106,…`.
//! Pure string work, so a permalink restores exactly the view it was made
//! from, and attributes (`data-view`, `data-metric`, …) read the same way.

use crate::core::compare::{default_real_base, CityYear, Metric};
use crate::core::dataset::{Dataset, Wanted};
use crate::core::format::Lang;
use crate::core::model::{CategoryId, CityId, FiscalYear, Lens};
use crate::ui::state::{Sort, State, View};

/// `amount`, `share`, `per-resident`, `real-2020`.
pub fn metric_id(metric: Metric) -> String {
    match metric {
        Metric::Amount => "amount".into(),
        Metric::Share => "share".into(),
        Metric::PerResident => "per-resident".into(),
        Metric::Real { base } => format!("real-{base}"),
    }
}

/// Reads a metric name; `real` alone takes `default_base`.
pub fn parse_metric(id: &str, default_base: u16) -> Option<Metric> {
    match id {
        "amount" => Some(Metric::Amount),
        "share" => Some(Metric::Share),
        "per-resident" => Some(Metric::PerResident),
        "real" => Some(Metric::Real { base: default_base }),
        _ => id
            .strip_prefix("real-")
            .and_then(|y| y.parse().ok())
            .map(|base| Metric::Real { base }),
    }
}

/// Reads `kaohsiung.106`.
pub fn parse_key(id: &str) -> Option<CityYear> {
    let (city, year) = id.rsplit_once('.')?;
    Some(CityYear {
        city: CityId(city.to_owned()),
        year: FiscalYear(year.parse().ok()?),
    })
}

/// The city-years a hash or option string names (`sel`, `plans`): the
/// documents its view needs first.
pub fn requested(hash: &str) -> Vec<CityYear> {
    let mut out = Vec::new();
    for (key, value) in pairs(hash) {
        if matches!(key, "sel" | "plans") {
            out.extend(value.split(',').filter_map(parse_key));
        }
    }
    out
}

/// What the first view a hash or option string names needs first: its
/// city-years, and every year when it opens on Over time (the last `view`
/// counts: a permalink's after the page's options).
pub fn wanted(hash: &str) -> Wanted {
    Wanted {
        years: requested(hash),
        every: pairs(hash)
            .filter(|(k, _)| *k == "view")
            .last()
            .is_some_and(|(_, v)| View::from_id(&v) == Some(View::OverTime)),
    }
}

/// The language a hash or option string names (`lang=en`), if any.
pub fn hash_lang(hash: &str) -> Option<Lang> {
    pairs(hash)
        .filter(|(k, _)| *k == "lang")
        .find_map(|(_, v)| Lang::from_tag(&v))
}

/// The `key=value` pairs of a hash or query string, values decoded; pairs
/// without `=` or with bad escapes are skipped.
fn pairs(hash: &str) -> impl Iterator<Item = (&str, String)> {
    hash.trim_start_matches(['#', '?'])
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter_map(|(key, raw)| Some((key, decode(raw)?)))
}

/// The keys of a widget's state in a URL (what [`to_hash`] writes, and
/// `cities`, which options give).
const STATE_KEYS: [&str; 11] = [
    "view", "lang", "sel", "cities", "metric", "pt", "lens", "cat", "plans", "q", "sort",
];

/// Where in the page's URL hash a widget keeps its state.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    /// The whole hash (`#view=compare&sel=…`): the page's only widget, as
    /// permalinks have always been.
    Whole,
    /// Its own key (`#bc-2=view%3Dcompare%26…`): one of several widgets.
    Key(String),
}

/// Whether `hash` is a widget's state (`view=compare&sel=…`): every part one
/// of its keys with a value. An article's anchor (`part2`) or a router's
/// path (`/news/1`) is not.
pub fn is_state(hash: &str) -> bool {
    let hash = hash.trim_start_matches('#');
    !hash.is_empty()
        && hash.split('&').all(|part| {
            part.split_once('=')
                .is_some_and(|(key, _)| STATE_KEYS.contains(&key))
        })
}

/// A widget's state in the page's `hash`: the whole hash where it is a
/// state, or the value of the widget's key; empty where the hash holds
/// none (the page's own anchor, say).
pub fn own_state(hash: &str, slot: &Slot) -> String {
    let hash = hash.trim_start_matches('#');
    match slot {
        Slot::Whole if is_state(hash) => hash.to_owned(),
        Slot::Whole => String::new(),
        // The key as a link writes it (an id may hold any character).
        Slot::Key(key) => hash
            .split('&')
            .find_map(|part| part.strip_prefix(encode(key).as_str())?.strip_prefix('='))
            .and_then(decode)
            .unwrap_or_default(),
    }
}

/// Whether a widget that keeps its state in the whole hash may write it
/// there: a hash that is empty or a widget's state, never the page's own
/// (an article's anchor, a router's path).
pub fn may_replace(hash: &str) -> bool {
    let hash = hash.trim_start_matches('#');
    hash.is_empty() || is_state(hash)
}

/// What a widget's link puts after the page's address and `#`: its
/// `state` (from [`to_hash`]), under its key where it has one.
pub fn link_hash(slot: &Slot, state: &str) -> String {
    match slot {
        Slot::Whole => state.to_owned(),
        Slot::Key(key) => format!("{}={}", encode(key), encode(state)),
    }
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as space); `None` on invalid UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The state as a hash (without `#`).
pub fn to_hash(state: &State) -> String {
    let mut parts = vec![
        format!("view={}", state.view.id()),
        format!("lang={}", state.lang.tag()),
        format!(
            "sel={}",
            state
                .selected
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ),
        format!("metric={}", metric_id(state.metric)),
        format!("lens={}", state.lens.id()),
    ];
    if state.pass_through {
        parts.push("pt=1".into());
    }
    if let Some(c) = &state.category {
        parts.push(format!("cat={}", encode(c.as_str())));
    }
    let plans: Vec<String> = state
        .plans
        .iter()
        .map(|p| p.as_ref().map_or_else(String::new, ToString::to_string))
        .collect();
    parts.push(format!("plans={}", plans.join(",")));
    if !state.query.is_empty() {
        parts.push(format!("q={}", encode(&state.query)));
    }
    if state.sort != Sort::default() {
        parts.push(format!(
            "sort={}{}",
            state.sort.column,
            if state.sort.descending { "d" } else { "a" }
        ));
    }
    parts.join("&")
}

/// Applies a hash (or a query string) to a starting state: what the hash
/// says wins, what it does not say stays. Unknown keys and bad values are
/// ignored (a stale link still opens).
pub fn apply_hash(start: &State, hash: &str, default_base: u16) -> State {
    let mut s = start.clone();
    for (key, value) in pairs(hash) {
        match key {
            "view" => s.view = View::from_id(&value).unwrap_or(s.view),
            "lang" => s.lang = Lang::from_tag(&value).unwrap_or(s.lang),
            "sel" => s.selected = value.split(',').filter_map(parse_key).collect(),
            "cities" => {
                let cities: Vec<&str> = value.split(',').map(str::trim).collect();
                s.selected.retain(|k| cities.contains(&k.city.as_str()));
            }
            "metric" => s.metric = parse_metric(&value, default_base).unwrap_or(s.metric),
            "pt" => s.pass_through = value == "1",
            "lens" => s.lens = Lens::from_id(&value).unwrap_or(s.lens),
            "cat" => s.category = (!value.is_empty()).then_some(CategoryId(value)),
            "plans" => {
                let mut keys = value.split(',').map(parse_key);
                s.plans = [keys.next().flatten(), keys.next().flatten()];
            }
            "q" => s.query = value,
            "sort" => {
                let descending = value.ends_with('d');
                if let Ok(column) = value.trim_end_matches(['a', 'd']).parse() {
                    s.sort = Sort { column, descending };
                }
            }
            _ => {}
        }
    }
    s
}

/// The `budget-compare:change` event's detail: what a host page needs to
/// follow the reader (`hash` restores the view).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChangeDetail {
    /// The view's id (`compare`, `over-time`, …).
    pub view: &'static str,
    /// The language tag.
    pub lang: &'static str,
    /// The metric's id (`amount`, `real-2021`, …).
    pub metric: String,
    /// The category drilled into or followed; `None` (`null`): the total.
    pub category: Option<String>,
    /// The cities of the selected city-years, each once, in order.
    pub cities: Vec<String>,
    /// The selected city-years (`kaohsiung.106`).
    pub years: Vec<String>,
    /// The state as a permalink hash.
    pub hash: String,
}

/// The change event's detail for a state.
pub fn change_detail(state: &State) -> ChangeDetail {
    let mut cities: Vec<String> = state.selected.iter().map(|k| k.city.0.clone()).collect();
    cities.dedup();
    ChangeDetail {
        view: state.view.id(),
        lang: state.lang.tag(),
        metric: metric_id(state.metric),
        category: state.category.as_ref().map(|c| c.0.clone()),
        cities,
        years: state.selected.iter().map(ToString::to_string).collect(),
        hash: to_hash(state),
    }
}

/// The state a widget starts in with these embedding options (`view=…&sel=…`,
/// as [`crate::ui::options::read_options`] gives them), before the page's
/// own hash: what the widget shows first, and what `budget-compare render`
/// draws.
pub fn starting_state(ds: &Dataset, lang: Lang, options: &str) -> State {
    apply_hash(&State::initial(ds, lang), options, default_real_base(ds))
}

/// The state a widget opens in: its embedding options, then its own link
/// (`own`, the page's hash as [`crate::ui::browser::own_hash`] gives it).
/// A link never brings a reader's import along (`taichung~imported.105`):
/// that was theirs, in their page, and is gone with it.
pub fn opening_state(ds: &Dataset, lang: Lang, options: &str, own: &str) -> State {
    let mut state = apply_hash(
        &starting_state(ds, lang, options),
        own,
        default_real_base(ds),
    );
    state.selected.retain(|k| !k.city.is_imported());
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_does_not_bring_a_readers_import_along() {
        let ds = crate::core::dataset::load_with(
            concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/index.json"),
            |p| std::fs::read_to_string(p).map_err(|e| e.to_string()),
        );
        let Ok(ds) = ds else {
            panic!("the bundled data set loads");
        };
        let state = opening_state(
            &ds,
            Lang::ZhTw,
            "",
            "view=compare&sel=taichung~imported.105,kaohsiung.105,taichung.105",
        );
        let keys: Vec<String> = state.selected.iter().map(ToString::to_string).collect();
        assert_eq!(keys, ["kaohsiung.105", "taichung.105"]);
    }

    #[test]
    fn an_article_anchor_or_a_router_path_is_not_a_widget_state() {
        assert!(is_state("view=compare&sel=taichung.105,kaohsiung.105"));
        assert!(is_state("#lang=en"));
        for foreign in [
            "",
            "part2",
            "/news/1",
            "view",
            "part2&view=compare",
            "utm=x",
        ] {
            assert!(!is_state(foreign), "{foreign}");
        }
        assert!(may_replace(""));
        assert!(may_replace("#view=over-time"));
        assert!(!may_replace("#part2"));
        assert!(!may_replace("#/news/1"));
    }

    #[test]
    fn every_key_a_permalink_writes_is_a_state_key() {
        // A state with every part set: if to_hash writes a key is_state does
        // not know, the widget would stop reading and writing its own hash.
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/index.json");
        let Ok(ds) = crate::core::dataset::load_with(manifest, |p| {
            std::fs::read_to_string(p).map_err(|e| e.to_string())
        }) else {
            panic!("the bundled data set loads");
        };
        let mut s = starting_state(
            &ds,
            Lang::En,
            "view=table&metric=share&lens=budgeted&cat=inspection-safety",
        );
        s.pass_through = true;
        s.query = "勞動".to_owned();
        let hash = to_hash(&s);
        for (key, _) in pairs(&hash) {
            assert!(STATE_KEYS.contains(&key), "{key} in {hash}");
        }
        assert!(is_state(&hash), "{hash}");
    }

    #[test]
    fn each_widget_finds_its_own_state_in_the_hash() {
        let state = "view=over-time&lang=en&sel=kaohsiung.106";
        let keyed = Slot::Key("bc-2".to_owned());
        let link = link_hash(&keyed, state);
        assert_eq!(
            link,
            "bc-2=view%3Dover-time%26lang%3Den%26sel%3Dkaohsiung.106"
        );
        // Two widgets' links in one hash: each reads its own.
        let hash = format!("#bc-1=view%3Dtable&{link}");
        assert_eq!(own_state(&hash, &keyed), state);
        assert_eq!(
            own_state(&hash, &Slot::Key("bc-1".to_owned())),
            "view=table"
        );
        assert_eq!(own_state(&hash, &Slot::Key("bc-3".to_owned())), "");
        assert_eq!(own_state(&hash, &Slot::Whole), "", "not a whole-hash state");
        assert_eq!(own_state("#part2", &Slot::Whole), "");
        assert_eq!(own_state(&format!("#{state}"), &Slot::Whole), state);
        assert_eq!(link_hash(&Slot::Whole, state), state);
        // A key that merely starts the same is another widget's.
        assert_eq!(
            own_state("#bc-10=view%3Dtable", &Slot::Key("bc-1".to_owned())),
            ""
        );
        // An id of any characters: written encoded (as the address bar
        // keeps it), read back.
        let odd = Slot::Key("bc-圖表&1".to_owned());
        let link = link_hash(&odd, "view=table");
        assert_eq!(link, "bc-%E5%9C%96%E8%A1%A8%261=view%3Dtable");
        assert_eq!(own_state(&format!("#bc-1=x&{link}"), &odd), "view=table");
    }

    #[test]
    fn requested_names_the_selected_and_plan_city_years() {
        let got =
            requested("#view=compare&sel=kaohsiung.106%2Ctaichung.109&q=x&plans=kaohsiung.107,");
        assert_eq!(
            got,
            [
                CityYear::new("kaohsiung", 106),
                CityYear::new("taichung", 109),
                CityYear::new("kaohsiung", 107)
            ]
        );
        assert!(requested("view=plans&cities=kaohsiung").is_empty());
    }

    fn state() -> State {
        State {
            lang: Lang::En,
            view: View::Plans,
            selected: vec![
                CityYear::new("kaohsiung", 106),
                CityYear::new("taichung", 109),
            ],
            metric: Metric::Real { base: 2020 },
            pass_through: true,
            lens: Lens::Budgeted,
            category: Some(CategoryId::from("migrant-workers")),
            plans: [
                Some(CityYear::new("taichung", 109)),
                Some(CityYear::new("kaohsiung", 107)),
            ],
            query: "移工 & more".into(),
            sort: Sort {
                column: 2,
                descending: true,
            },
        }
    }

    #[test]
    fn the_change_events_detail_has_its_documented_shape() {
        let mut s = state();
        let detail = serde_json::to_value(change_detail(&s)).unwrap();
        assert_eq!(
            detail,
            serde_json::json!({
                "view": "plans",
                "lang": "en",
                "metric": "real-2020",
                "category": "migrant-workers",
                "cities": ["kaohsiung", "taichung"],
                "years": ["kaohsiung.106", "taichung.109"],
                "hash": to_hash(&s),
            })
        );
        s.category = None;
        let detail = serde_json::to_value(change_detail(&s)).unwrap();
        assert_eq!(
            detail["category"],
            serde_json::Value::Null,
            "the total is null"
        );
    }

    #[test]
    fn a_hash_names_its_language() {
        assert_eq!(hash_lang("view=compare&lang=en&sel=x"), Some(Lang::En));
        assert_eq!(hash_lang("lang=zh-TW"), Some(Lang::ZhTw));
        assert_eq!(hash_lang("view=compare&q=lang=en"), None);
    }

    #[test]
    fn a_hash_restores_the_exact_state() {
        let s = state();
        let hash = to_hash(&s);
        assert_eq!(
            hash,
            "view=plans&lang=en&sel=kaohsiung.106,taichung.109&metric=real-2020&lens=budgeted&pt=1&cat=migrant-workers\
             &plans=taichung.109,kaohsiung.107&q=%E7%A7%BB%E5%B7%A5%20%26%20more&sort=2d"
        );
        let mut start = s.clone();
        start.view = View::Compare;
        start.query.clear();
        start.selected.clear();
        assert_eq!(apply_hash(&start, &format!("#{hash}"), 2021), s);
    }

    #[test]
    fn bad_or_unknown_values_leave_the_state_alone() {
        let s = state();
        let got = apply_hash(
            &s,
            "view=nope&metric=bogus&lens=x&q=%E7%A7&zzz=1&sort=x",
            2021,
        );
        assert_eq!(got, s);
    }

    #[test]
    fn metric_names() {
        assert_eq!(
            parse_metric("real", 2020),
            Some(Metric::Real { base: 2020 })
        );
        assert_eq!(
            parse_metric("per-resident", 2020),
            Some(Metric::PerResident)
        );
        assert_eq!(metric_id(Metric::Share), "share");
        assert_eq!(parse_metric("total", 2020), None);
    }
}
