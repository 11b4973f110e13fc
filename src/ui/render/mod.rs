//! Static renderings of a view, for `budget-compare render` and the
//! prerendered pages of `cargo xtask dist`: the chart as SVG (the same
//! plotters routine the widget draws its canvas with), as PNG (native builds
//! only, [`png`]), and an HTML fragment (the chart inline, the summary, the
//! table and the source line) that the widget takes over when it mounts.
//!
//! Everything here is pure and built from the same view models as the
//! widget ([`crate::ui::view`]), so the prerendered figures are the widget's.

#[cfg(not(target_arch = "wasm32"))]
pub mod png;

use std::rc::Rc;

use crate::core::chart::{ChartKind, FONT};
use crate::core::dataset::Dataset;
use crate::core::format::Lang;
use crate::ui::i18n::{labelled, t, Key};
use crate::ui::state::{State, View};
use crate::ui::view::export::escape;
use crate::ui::view::table::sorted_rows;
use crate::ui::view::{compare_table, compare_view, over_time_view, Table};

/// The class of a prerendered fragment's outer element: the widget looks
/// for it in its host, mounts beside it and removes it once drawn.
pub const PRERENDERED_CLASS: &str = "bc-prerendered";

/// The widths (px) of the smaller forms of the chart an HTML fragment
/// carries besides the one asked for, each shown by the stylesheet where the
/// widget would draw at about that size: the narrow form below 480 px (the
/// widget's `NARROW_PX`) and a middle one up to 760 px, so the text of the
/// static chart is never drawn much smaller than the widget's. Each: its
/// width, its class, and whether it is a bar chart's narrow form.
pub const FORMS: [(u32, &str, bool); 2] = [
    (360, "bc-static-narrow", true),
    (600, "bc-static-medium", false),
];

/// A chart drawn to SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Svg {
    /// The SVG document, with a `<title>` and `<desc>`.
    pub text: String,
    /// Its size in px.
    pub size: (u32, u32),
}

/// The size of a share card (Open Graph, Twitter): 1200×630 px.
pub const CARD: (u32, u32) = (1200, 630);

/// What the widget shows between the summary and the table, as it shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notes {
    /// The line that explains the line chart's marks.
    pub key: Option<String>,
    /// Notes and caveats, a list.
    pub items: Vec<String>,
    /// When set, the list is folded under this title (the Compare view's
    /// budget notes).
    pub folded: Option<String>,
    /// Lines in muted text (city-years without a budget).
    pub muted: Vec<String>,
}

/// One view, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The language of every text.
    pub lang: Lang,
    /// The view (compare, over-time or table).
    pub view: View,
    /// The one-sentence summary the widget shows under the chart.
    pub summary: String,
    /// The chart at the width asked for.
    pub chart: Svg,
    /// What it draws: the widget's chart model (a bar chart with its narrow
    /// form, which the narrowest form of the fragment and the share card
    /// show).
    pub model: ChartKind,
    /// The chart's description (`<desc>`): the widget's accessible name.
    pub desc: String,
    /// Notes and caveats shown under the summary.
    pub notes: Notes,
    /// The data tables.
    pub tables: Vec<Table>,
    /// The data files the widget needs first, relative to the manifest
    /// ([`crate::core::dataset::first_files`]): the fragment names them
    /// (`data-files`) so the loader fetches them at once. Empty: not named.
    pub files: Vec<String>,
}

/// Renders the view `state` names (compare, over-time or table) at `width`
/// px. Plans and About have no chart; a view with nothing selected has
/// nothing to draw: both are errors that say so.
pub fn render(ds: &Dataset, state: &State, width: u32) -> Result<Rendered, String> {
    let lang = state.lang;
    let width = width.clamp(280, 4000);
    match state.view {
        View::Compare | View::Table => {
            let view = compare_view(ds, state);
            if view.charted.is_empty() {
                return Err(
                    "render: no city-year with figures is selected (see --years and --cities)"
                        .to_owned(),
                );
            }
            let table = compare_table(ds, state, &view);
            let model = ChartKind::Bars {
                full: Rc::new(view.chart.clone()),
                narrow: Rc::new(view.narrow.clone()),
            };
            let desc = view.alt();
            let chart = svg(&model, width, false, &desc)?;
            let table = if state.view == View::Table {
                Table {
                    caption: crate::ui::view::table::caption(&view, lang),
                    rows: sorted_rows(&view, &table, state.sort),
                    header: table.header,
                    note: None,
                }
            } else {
                Table {
                    caption: crate::ui::view::compare::table_caption(&view, lang),
                    header: table.header,
                    rows: table.rows,
                    note: None,
                }
            };
            Ok(Rendered {
                lang,
                view: state.view,
                summary: view.summary,
                chart,
                model,
                desc,
                notes: Notes {
                    folded: Some(t(lang, Key::BudgetNotes).to_owned()),
                    items: view.notes,
                    muted: view.without_budget,
                    key: None,
                },
                tables: vec![table],
                files: Vec::new(),
            })
        }
        View::OverTime => {
            let view = over_time_view(ds, state);
            let desc = view.alt();
            let model = ChartKind::Lines(Rc::new(view.chart));
            let chart = svg(&model, width, false, &desc)?;
            Ok(Rendered {
                lang,
                view: state.view,
                summary: view.summary,
                chart,
                model,
                desc,
                notes: Notes {
                    folded: None,
                    items: view.caveats,
                    muted: Vec::new(),
                    key: view.key,
                },
                tables: view.tables,
                files: Vec::new(),
            })
        }
        View::Plans | View::About => Err(format!(
            "render: the {} view has no chart; expected compare, over-time or table",
            state.view.id()
        )),
    }
}

impl Rendered {
    /// The chart's title.
    pub fn title(&self) -> &str {
        self.model.heading().0
    }

    /// The source line.
    pub fn source(&self) -> &str {
        self.model.heading().2
    }

    /// The chart laid out for a share card ([`CARD`]), to be scaled onto
    /// it by [`png::Rasterizer::card`]: the narrowest layout from 600 px
    /// (drawn twice as large) up whose proportions fit 1200×630, so the
    /// text is as large as the chart allows.
    pub fn card(&self) -> Result<Svg, String> {
        let (w, h) = CARD;
        let fits = |width: u32| {
            u64::from(self.model.height(width, true)) * u64::from(w)
                <= u64::from(h) * u64::from(width)
        };
        let width = (w / 2..=4 * w)
            .step_by(25)
            .find(|&width| fits(width))
            .unwrap_or(4 * w);
        svg(&self.model, width, true, &self.desc)
    }
}

/// The chart `width` px wide (`narrow`: a bar chart's narrow form) as an
/// SVG document named by its title and described by `desc`.
fn svg(model: &ChartKind, width: u32, narrow: bool, desc: &str) -> Result<Svg, String> {
    let (text, height) = model.svg(width, narrow)?;
    Ok(titled(text, (width, height), model.heading().0, desc))
}

/// Gives a plotters SVG document its accessible name and description: an
/// image role, then `<title>` and `<desc>` as its first children.
///
/// It also states once, on the root, what plotters repeats on every element
/// (the font family; full opacity is the default) and rounds font sizes to
/// hundredths of a pixel: 14.7 KB of SVG became 8.6 KB (a fragment carries
/// up to three).
fn titled(svg: String, size: (u32, u32), title: &str, desc: &str) -> Svg {
    let svg = compact(&svg);
    let head = format!(
        "font-family=\"{FONT}\" role=\"img\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(desc)
    );
    // plotters opens the document with `<svg width=… xmlns="…">`.
    let text = match svg
        .find("<svg")
        .and_then(|at| svg[at..].find('>').map(|end| at + end))
    {
        Some(end) => format!("{} {head}{}", &svg[..end], &svg[end + 1..]),
        None => svg,
    };
    Svg { text, size }
}

/// `svg` without its elements' font family and full opacity, font sizes
/// rounded.
fn compact(svg: &str) -> String {
    let svg = svg
        .replace(&format!(" font-family=\"{FONT}\""), "")
        .replace(" opacity=\"1\"", "");
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    const SIZE: &str = "font-size=\"";
    while let Some(at) = rest.find(SIZE) {
        let (before, after) = rest.split_at(at + SIZE.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(v) => out.push_str(&format!("{}", (v * 100.0).round() / 100.0)),
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The SVG as it goes inline into HTML: without its fixed size (the page's
/// stylesheet scales it to the width; the `viewBox` keeps its proportions)
/// and with a class.
fn inline(svg: &Svg, class: &str, hidden: bool) -> String {
    let (w, h) = svg.size;
    let fixed = format!("<svg width=\"{w}\" height=\"{h}\" ");
    let open = format!(
        "<svg class=\"{class}\"{} ",
        if hidden { " hidden" } else { "" }
    );
    svg.text.replacen(&fixed, &open, 1).replace('\n', "")
}

/// The HTML fragment of a rendered view: the chart (inline SVG, with its
/// smaller [`FORMS`] for narrower containers), the summary, notes, the data
/// tables and the source line, in the widget's classes. Every text is
/// escaped. Without the stylesheet (feed readers, e-mail) only the chart at
/// the width asked for shows: the smaller forms are `hidden` until the
/// stylesheet picks one.
pub fn html_fragment(r: &Rendered) -> Result<String, String> {
    let lang = r.lang;
    let files = if r.files.is_empty() {
        String::new()
    } else {
        format!(" data-files=\"{}\"", escape(&r.files.join(" ")))
    };
    let mut html = format!(
        "<div class=\"bc-root {PRERENDERED_CLASS}\" lang=\"{}\" data-view=\"{}\"{files}>\
         <div class=\"bc-widget\">",
        lang.tag(),
        r.view.id()
    );
    if r.view != View::Table {
        html.push_str("<figure class=\"bc-figure\">");
        html.push_str(&inline(&r.chart, "bc-static-chart bc-static-wide", false));
        for (width, class, narrow) in FORMS {
            if width >= r.chart.size.0 * 4 / 5 {
                continue;
            }
            let svg = svg(&r.model, width, narrow, &r.desc)?;
            html.push_str(&inline(&svg, &format!("bc-static-chart {class}"), true));
        }
        html.push_str("</figure>");
    }
    html.push_str(&format!(
        "<p class=\"bc-summary\">{}</p>",
        escape(&r.summary)
    ));
    html.push_str(&notes_html(&r.notes));
    for table in &r.tables {
        html.push_str(&table_html(table, lang, r.view != View::OverTime));
    }
    html.push_str(&format!(
        "<p class=\"bc-note bc-source\">{}</p></div></div>",
        escape(r.source())
    ));
    Ok(html)
}

/// The notes as the widget shows them (`components::compare`, `over_time`).
fn notes_html(notes: &Notes) -> String {
    let mut html = String::new();
    if let Some(key) = &notes.key {
        html.push_str(&format!(
            "<p class=\"bc-note bc-lines-key\">{}</p>",
            escape(key)
        ));
    }
    if !notes.items.is_empty() {
        let items: String = notes
            .items
            .iter()
            .map(|n| format!("<li>{}</li>", escape(n)))
            .collect();
        html.push_str(&match &notes.folded {
            Some(title) => format!(
                "<details class=\"bc-budget-notes\"><summary>{}</summary><ul>{items}</ul></details>",
                escape(title)
            ),
            None => format!("<ul class=\"bc-caveats\">{items}</ul>"),
        });
    }
    for line in &notes.muted {
        html.push_str(&format!("<p class=\"bc-muted\">{}</p>", escape(line)));
    }
    html
}

/// A table as the widget's `DataTable` shows it; one without rows (a city
/// with no figure in any year) as the widget says it.
fn table_html(table: &Table, lang: Lang, with_total: bool) -> String {
    if table.rows.is_empty() {
        return format!(
            "<p class=\"bc-muted\">{}</p>",
            escape(&labelled(lang, &table.caption, t(lang, Key::NoBudget)))
        );
    }
    let mut html = format!(
        "<div class=\"bc-table-wrap bc-data-table{}\" tabindex=\"0\" role=\"region\" aria-label=\"{caption}\">\
         <table class=\"bc-table\"><caption>{caption}</caption><thead><tr>",
        if with_total { " bc-with-total" } else { "" },
        caption = escape(&table.caption)
    );
    for h in &table.header {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
    }
    html.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            html.push_str(&format!("<{tag}>{}</{close}>", escape(cell)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    if let Some(note) = &table.note {
        html.push_str(&format!("<p class=\"bc-cagr\">{}</p>", escape(note)));
    }
    html
}
