//! "Why the difference?": an explanation from the core put into the
//! reader's language: the sentence, what is not like for like, the sizes,
//! the waterfall of the lines behind the change, and its table.

use crate::core::chart::palette::CHANGE;
use crate::core::chart::{BarChart, BarSeries};
use crate::core::compare::{Caveat, Cell, CityYear, Metric};
use crate::core::dataset::Dataset;
use crate::core::explain::{explain, Explanation, Unexplained};
use crate::core::format::{self, Lang};
use crate::core::model::CategoryId;
use crate::ui::i18n::{bracketed, labelled, t, Key};
use crate::ui::state::State;
use crate::ui::view::compare::{capital_caveat, lensed, source_line, subtitle};
use crate::ui::view::over_time::{caveat_text, Wording};
use crate::ui::view::{category_name, cell_label, figures_label, points, table_cell};

/// Text only the explanation uses (kept out of [`crate::ui::i18n`]'s
/// table, which the widget's module carries whole): `[zh-TW, en]`.
pub fn text(lang: Lang, [zh, en]: [&'static str; 2]) -> &'static str {
    match lang {
        Lang::ZhTw => zh,
        Lang::En => en,
    }
}

/// The hint under the waterfall.
pub const HOVER_HINT: [&str; 2] = [
    "將游標移到長條上，或在圖上用方向鍵移動，查看各項目的增減；下表列出每一項與其說明。",
    "Point at a bar, or move along the chart with the arrow keys, for each line's change; the table below lists each with its note.",
];
const MOVED_LINES: [&str; 2] = [
    "兩邊歸入不同分類的項目（標＊）",
    "Lines in other categories on the two sides (marked ＊)",
];
const PASS_THROUGH_OUT: [&str; 2] = [
    "未計入的社會保險補助（轉付款項）增減",
    "Social-insurance subsidies (pass-through), left out, changed by",
];
const PASS_THROUGH_IN: [&str; 2] = [
    "其中社會保險補助（轉付款項）增減",
    "Of which social-insurance subsidies (pass-through)",
];

/// How many lines the waterfall and the table show before "other".
pub const TOP: usize = 8;

/// Everything the disclosure renders.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainView {
    /// What is explained: `勞工局預算合計：高雄市 104年 (2015) → 高雄市 105年 (2016)`.
    pub title: String,
    /// The change in one sentence, and how the lines below add up to it.
    pub summary: String,
    /// What is not like for like, and the change in the other measures.
    pub notes: Vec<String>,
    /// The waterfall: the largest lines, "other", then the change.
    pub chart: BarChart,
    /// The table's header: line, the two sides, change, 說明.
    pub header: Vec<String>,
    /// One row per line shown, then "other" and the change.
    pub rows: Vec<Vec<String>>,
}

/// A figure of the explanation as a comparison cell (amounts in NT$).
fn cell(e: &Explanation, v: f64) -> Cell {
    match e.options.metric {
        Metric::Amount | Metric::Real { .. } => Cell::Value(v * f64::from(e.unit)),
        Metric::Share | Metric::PerResident => Cell::Value(v),
    }
}

/// A figure in a sentence: amounts as budget tables print them (whole
/// thousands), the rest as the chart labels them.
fn figure(cell: Cell, metric: Metric, lang: Lang) -> String {
    match (cell, metric) {
        (Cell::Value(twd), Metric::Amount | Metric::Real { .. }) => format::thousands(twd, lang),
        (c, _) => cell_label(c, metric, lang),
    }
}

/// A change's text with a `+` in front when it is a rise (a fall's text
/// has its `-` already).
fn plus(v: f64, text: String) -> String {
    if v > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A change as the table writes it, with its sign: `+16,362`, `-7,481`.
fn signed(e: &Explanation, v: f64, lang: Lang) -> String {
    plus(
        v,
        match e.options.metric {
            Metric::Share => points(v, lang),
            metric => table_cell(cell(e, v), metric, lang),
        },
    )
}

/// A line's short name: its unit and its own name, `勞動檢查處 › 行政管理`.
fn short_name(path: &[String]) -> String {
    match path {
        [first, .., last] => format!("{first} › {last}"),
        [only] => only.clone(),
        [] => String::new(),
    }
}

/// Why a difference cannot be explained, in words.
pub fn unexplained(ds: &Dataset, why: &Unexplained, lang: Lang) -> String {
    let (key, what) = match why {
        Unexplained::NoBudget(k) => (k, Key::NoBudget),
        Unexplained::NoLine(k) => (k, Key::NoLine),
        Unexplained::NoReference(k) => (k, Key::NoReference),
    };
    labelled(lang, figures_label(ds, key, lang), t(lang, what))
}

/// The explanation of the change from `from` to `to` in the total or a
/// category, in the state's metric, lens and pass-through.
pub fn explain_view(
    ds: &Dataset,
    state: &State,
    from: &CityYear,
    to: &CityYear,
    category: Option<&CategoryId>,
) -> Result<ExplainView, String> {
    let lang = state.lang;
    let e = explain(ds, from, to, category, state.options())
        .map_err(|why| unexplained(ds, &why, lang))?;
    let metric = e.options.metric;
    let subject = lensed(
        &match category {
            Some(id) => category_name(ds, id, lang),
            None => t(lang, Key::BureauTotal).to_owned(),
        },
        state,
    );
    let (a, b) = (figures_label(ds, from, lang), figures_label(ds, to, lang));
    let title = labelled(lang, &subject, format!("{a} → {b}"));
    let (shown, other) = e.top(TOP);

    let value = |v: f64| figure(cell(&e, v), metric, lang);
    let change = signed(&e, e.change, lang);
    let dir = t(
        lang,
        if e.change > 0.0 {
            Key::Increase
        } else {
            Key::Decrease
        },
    );
    let summary = match lang {
        Lang::ZhTw => format!(
            "{subject}從 {}變為 {}，{dir} {}。下列 {} 個預算項目{}合計即為此差額。",
            value(e.from_total),
            value(e.to_total),
            value(e.change.abs()),
            shown.len(),
            if other.is_some() { "與「其他」" } else { "" }
        ),
        Lang::En => format!(
            "{subject} went from {} to {}, {} {dir}. The {} budget lines below{} add up to the difference.",
            value(e.from_total),
            value(e.to_total),
            value(e.change.abs()),
            shown.len(),
            if other.is_some() { " and \"other\"" } else { "" }
        ),
    };

    let mut notes: Vec<String> = e
        .caveats
        .iter()
        .map(|c| match c {
            Caveat::Capital => capital_caveat(ds, &[from.clone(), to.clone()], lang)
                .unwrap_or_else(|| caveat_text(*c, lang, Wording::List)),
            c => caveat_text(*c, lang, Wording::List),
        })
        .collect();
    if e.moved() > 0 {
        notes.push(labelled(
            lang,
            text(lang, MOVED_LINES),
            e.moved().to_string(),
        ));
    }
    if let Some(p) = e.pass_through {
        let label = if p.included {
            PASS_THROUGH_IN
        } else {
            PASS_THROUGH_OUT
        };
        // Its share of each side's whole budget.
        let share = match p.share {
            (Some(a), Some(b)) => bracketed(
                lang,
                labelled(
                    lang,
                    t(lang, Key::PassThroughShares),
                    format!("{} → {}", format::percent(a), format::percent(b)),
                ),
            ),
            _ => String::new(),
        };
        notes.push(labelled(
            lang,
            text(lang, label),
            format!("{}{share}", plus(p.change, value(p.change))),
        ));
    }
    for size in e.sizes.iter().filter(|s| s.metric != metric) {
        let name = match size.metric {
            Metric::PerResident => t(lang, Key::MetricPerResident).to_owned(),
            Metric::Real { base } => {
                format!("{}{}", t(lang, Key::MetricReal), bracketed(lang, base))
            }
            _ => t(lang, Key::MetricAmount).to_owned(),
        };
        let label = |v: f64| {
            let c = match size.metric {
                Metric::PerResident => Cell::Value(v),
                _ => Cell::Value(v * f64::from(e.unit)),
            };
            figure(c, size.metric, lang)
        };
        notes.push(labelled(
            lang,
            name,
            format!(
                "{} → {}{}",
                label(size.from),
                label(size.to),
                bracketed(lang, plus(size.to - size.from, label(size.to - size.from)))
            ),
        ));
    }

    // The waterfall: each line from where the one before ended.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut labels, mut starts, mut ends, mut colors, mut value_labels) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut at = 0.0;
    let nt = |v: f64| cell(&e, v).value().unwrap_or(v);
    let side = |v: Option<f64>| {
        v.map_or_else(|| "—".to_owned(), |v| table_cell(cell(&e, v), metric, lang))
    };
    let mut push = |label: String, change: f64, colour| {
        labels.push(label);
        starts.push(nt(at));
        at += change;
        ends.push(Some(nt(at)));
        colors.push(colour);
        value_labels.push(signed(&e, change, lang));
    };
    let [up, down, net] = CHANGE;
    for c in shown {
        let mark = match (c.moved, c.lines) {
            (true, _) => "＊".to_owned(),
            (_, [a, b]) if a > 1 || b > 1 => match lang {
                Lang::ZhTw => format!("（{a} 項 → {b} 項）"),
                Lang::En => format!(" ({a} lines → {b})"),
            },
            _ => String::new(),
        };
        push(
            format!("{}{mark}", short_name(&c.path)),
            c.change,
            if c.change < 0.0 { down } else { up },
        );
        rows.push(vec![
            format!("{}{mark}", c.path.join(" › ")),
            side(c.from),
            side(c.to),
            signed(&e, c.change, lang),
            c.note.clone().unwrap_or_default(),
        ]);
    }
    if let Some(rest) = other {
        let name = format!(
            "{}{}",
            t(lang, Key::Other),
            bracketed(lang, e.contributions.len() - shown.len())
        );
        push(name.clone(), rest, if rest < 0.0 { down } else { up });
        rows.push(vec![
            name,
            String::new(),
            String::new(),
            signed(&e, rest, lang),
            String::new(),
        ]);
    }
    let total = t(lang, Key::Change).to_owned();
    labels.push(total.clone());
    starts.push(0.0);
    ends.push(Some(nt(e.change)));
    colors.push(net);
    value_labels.push(change.clone());
    rows.push(vec![
        total,
        side(Some(e.from_total)),
        side(Some(e.to_total)),
        change,
        String::new(),
    ]);

    let header = vec![
        t(lang, Key::BudgetLines).to_owned(),
        a,
        b,
        t(lang, Key::Change).to_owned(),
        t(lang, Key::Note).to_owned(),
    ];
    let chart = BarChart {
        title: format!("{}{}", t(lang, Key::WhyDifferent), title),
        subtitle: subtitle(ds, state, false),
        source: source_line(ds, &[from.clone(), to.clone()], state),
        categories: labels,
        series: vec![BarSeries {
            label: t(lang, Key::Change).to_owned(),
            color: net,
            values: ends,
            starts,
            colors,
        }],
        value_labels: vec![value_labels],
        lang,
        percent: metric == Metric::Share,
    };
    Ok(ExplainView {
        title,
        summary,
        notes,
        chart,
        header,
        rows,
    })
}
