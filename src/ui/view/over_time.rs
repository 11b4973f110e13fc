//! The Over-time view: one category (or the total) across fiscal years, one
//! line per city, with its table of change and compound growth, and the
//! sentence that says what changed last.

use crate::core::chart::palette::city_color;
use crate::core::chart::{LineChart, LineSeries};
use crate::core::compare::{series, series_cagr, Caveat, Cell, CityYear, Metric, SeriesRow};
use crate::core::dataset::Dataset;
use crate::core::format::{self, Lang};
use crate::core::model::{CityId, Stage};
use crate::ui::i18n::{bracketed, labelled, stage_name, t, Key};
use crate::ui::state::State;
use crate::ui::view::compare::{source_line, subtitle, Stated};
use crate::ui::view::{category_name, cell_label, city_name, points, table_cell, Table};

/// Everything the Over-time view renders.
#[derive(Debug, Clone, PartialEq)]
pub struct OverTimeView {
    /// The chart.
    pub chart: LineChart,
    /// One table per city.
    pub tables: Vec<Table>,
    /// The chart's numbers in one table for export: year, then figure,
    /// change and % change per city.
    pub export_header: Vec<String>,
    /// One row per fiscal year.
    pub export_rows: Vec<Vec<String>>,
    /// What changed last, in one sentence.
    pub summary: String,
    /// What hollow points and dashed lines mean, when the chart has any.
    pub key: Option<String>,
    /// Each caveat of a change in view, once: `臺中市 105年：預算階段不同（預算→預算案）`.
    pub caveats: Vec<String>,
    /// The change each city's sentence states, to explain.
    pub stated: Vec<Stated>,
    /// Per table (city), the earlier changes its rows state, to explain.
    pub earlier: Vec<Vec<Stated>>,
}

/// Where a caveat is written, which sets how much it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// A table cell: `預算階段不同` / `資本門改列`.
    Cell,
    /// The change sentence: `預算階段不同：預算 → 預算案` / `含資本門改列的影響`.
    Sentence,
    /// The list under the chart: the sentence's, the capital move in full.
    List,
}

/// Why a change is not like for like, in words.
pub fn caveat_text(caveat: Caveat, lang: Lang, wording: Wording) -> String {
    match (caveat, wording) {
        (Caveat::Stage { .. }, Wording::Cell) => t(lang, Key::StageChange).to_owned(),
        (Caveat::Stage { from, to }, _) => labelled(
            lang,
            t(lang, Key::StageChange),
            format!("{} → {}", stage_name(lang, from), stage_name(lang, to)),
        ),
        (Caveat::Capital, Wording::Cell) => t(lang, Key::CapitalShort).to_owned(),
        (Caveat::Capital, Wording::Sentence) => t(lang, Key::CapitalInChange).to_owned(),
        (Caveat::Capital, Wording::List) => t(lang, Key::CapitalChange).to_owned(),
        (Caveat::Function, Wording::Cell) => t(lang, Key::FunctionShort).to_owned(),
        (Caveat::Function, Wording::Sentence) => t(lang, Key::FunctionInChange).to_owned(),
        (Caveat::Function, Wording::List) => t(lang, Key::FunctionChange).to_owned(),
    }
}

/// What the series is about: a category's budget, or the total.
fn subject(ds: &Dataset, state: &State) -> String {
    match &state.category {
        Some(id) => category_name(ds, id, state.lang),
        None => t(state.lang, Key::TotalBudget).to_owned(),
    }
}

/// Each year whose change from the year before is known (both present),
/// with the year before, in year order: the changes a city's table states.
fn changes(rows: &[SeriesRow]) -> impl DoubleEndedIterator<Item = (&SeriesRow, &SeriesRow)> {
    rows.windows(2)
        .filter(|w| w[1].change.is_some())
        .map(|w| (&w[0], &w[1]))
}

/// The change sentence for one city's series: its last two adjacent years
/// with figures, e.g. `高雄市 107 年勞動檢查與職業安全預算較 106 年減少 2.1%。`.
pub fn change_sentence(
    city: &str,
    what: &str,
    rows: &[SeriesRow],
    metric: Metric,
    lang: Lang,
) -> Option<String> {
    let (before, after) = changes(rows).next_back()?;
    let (year, before, change, caveat) = (after.year, before.year, after.change?, after.caveat);
    let (y1, y2, diff) = (before, year, change.absolute);
    let amount = if metric == Metric::Share {
        points(diff.abs(), lang)
    } else {
        format::percent(change.percent?.abs())
    };
    let rounded_zero = amount.starts_with('0') && !amount.starts_with("0.");
    let sentence = match lang {
        Lang::ZhTw => {
            let dir = if rounded_zero {
                t(lang, Key::Unchanged)
            } else if diff > 0.0 {
                t(lang, Key::Increase)
            } else {
                t(lang, Key::Decrease)
            };
            if rounded_zero {
                format!("{city} {} 年{what}與 {} 年{dir}。", y2.0, y1.0)
            } else {
                format!("{city} {} 年{what}較 {} 年{dir} {amount}。", y2.0, y1.0)
            }
        }
        Lang::En => {
            let (g2, g1) = (y2.gregorian(), y1.gregorian());
            if rounded_zero {
                format!("{city}: {what} in FY{g2} was unchanged from FY{g1}.")
            } else {
                let dir = if diff > 0.0 {
                    t(lang, Key::Increase)
                } else {
                    t(lang, Key::Decrease)
                };
                format!("{city}: {what} in FY{g2} was {amount} {dir} than in FY{g1}.")
            }
        }
    };
    Some(match caveat {
        None => sentence,
        Some(c) => {
            let (body, end) = sentence.split_at(sentence.len() - end_mark(lang).len());
            format!(
                "{body}{}{end}",
                bracketed(lang, caveat_text(c, lang, Wording::Sentence))
            )
        }
    })
}

fn end_mark(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhTw => "。",
        Lang::En => ".",
    }
}

impl OverTimeView {
    /// The chart's accessible name: its title and the summary sentence.
    pub fn alt(&self) -> String {
        format!("{}. {}", self.chart.title, self.summary)
    }
}

/// Builds the Over-time view for a state.
pub fn over_time_view(ds: &Dataset, state: &State) -> OverTimeView {
    let lang = state.lang;
    let options = state.options();
    let cities: Vec<CityId> = ds.cities().into_iter().map(|(c, _)| c).collect();
    let all: Vec<(CityId, Vec<SeriesRow>)> = cities
        .iter()
        .map(|c| (c.clone(), series(ds, c, state.category.as_ref(), options)))
        .collect();
    let years: Vec<String> = all
        .first()
        .map(|(_, rows)| rows.iter().map(|r| format::year(r.year, lang)).collect())
        .unwrap_or_default();
    let what = match (lang, &state.category) {
        (Lang::ZhTw, Some(_)) => format!("{}預算", subject(ds, state)),
        (Lang::ZhTw, None) => format!("勞工局{}", subject(ds, state)),
        (Lang::En, Some(_)) => format!("spending on {}", subject(ds, state).to_ascii_lowercase()),
        (Lang::En, None) => format!("the {}", subject(ds, state).to_ascii_lowercase()),
    };
    // Final accounts are hollow; a change that is not like for like is dashed.
    let with_final = all
        .iter()
        .flat_map(|(_, rows)| rows.iter().filter_map(|r| r.stage))
        .any(|s| s == Stage::Final);
    let series_list: Vec<LineSeries> = all
        .iter()
        .enumerate()
        .map(|(i, (city, rows))| LineSeries {
            label: city_name(ds, city, lang),
            color: city_color(city.as_str(), i),
            values: rows.iter().map(|r| r.cell.value()).collect(),
            hollow: rows.iter().map(|r| r.stage == Some(Stage::Final)).collect(),
            dashed: rows.iter().map(|r| r.caveat.is_some()).collect(),
        })
        .collect();
    let value_labels = all
        .iter()
        .map(|(_, rows)| {
            rows.iter()
                .map(|r| point_label(r, state.metric, lang))
                .collect()
        })
        .collect();
    let marked = series_list
        .iter()
        .any(|s| s.hollow.contains(&true) || s.dashed.contains(&true));
    let mut caveats: Vec<String> = Vec::new();
    for (city, rows) in &all {
        for r in rows {
            if let Some(c) = r.caveat {
                caveats.push(labelled(
                    lang,
                    format!(
                        "{} {}",
                        city_name(ds, city, lang),
                        format::year(r.year, lang)
                    ),
                    caveat_text(c, lang, Wording::List),
                ));
            }
        }
    }
    let keys: Vec<_> = ds
        .documents
        .iter()
        .map(|d| crate::core::compare::CityYear {
            city: d.city.id.clone(),
            year: d.fiscal_year,
        })
        .collect();
    let chart = LineChart {
        title: labelled(lang, t(lang, Key::OverTimeTitle), subject(ds, state)),
        subtitle: subtitle(ds, state, with_final),
        source: source_line(ds, &keys, state),
        years,
        series: series_list,
        value_labels,
        lang,
        percent: state.metric == Metric::Share,
    };
    let tables = all
        .iter()
        .map(|(city, rows)| city_table(ds, city, rows, state))
        .collect();
    let summary = all
        .iter()
        .filter_map(|(city, rows)| {
            change_sentence(&city_name(ds, city, lang), &what, rows, state.metric, lang)
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut export_header = vec![t(lang, Key::Year).to_owned()];
    let mut export_rows: Vec<Vec<String>> = all.first().map_or_else(Vec::new, |(_, rows)| {
        rows.iter()
            .map(|r| vec![format::year(r.year, lang)])
            .collect()
    });
    for (city, rows) in &all {
        let table = city_row_cells(rows, state);
        let name = city_name(ds, city, lang);
        export_header.extend(
            [
                t(lang, Key::StageColumn).to_owned(),
                subject(ds, state),
                t(lang, Key::Change).to_owned(),
                t(lang, Key::PercentChange).to_owned(),
            ]
            .iter()
            .map(|h| format!("{name} {h}")),
        );
        for (out, cells) in export_rows.iter_mut().zip(table) {
            out.extend(cells);
        }
    }
    // Every change a table states, by city: the last is the sentence's.
    let mut stated = Vec::new();
    let earlier = all
        .iter()
        .map(|(city, rows)| {
            let key = |year| CityYear {
                city: city.clone(),
                year,
            };
            let mut stated_here: Vec<Stated> = changes(rows)
                .map(|(a, b)| (key(a.year), key(b.year), state.category.clone()))
                .collect();
            // The last is the one the city's sentence states.
            stated.extend(stated_here.pop());
            stated_here
        })
        .collect();
    OverTimeView {
        stated,
        earlier,
        chart,
        tables,
        export_header,
        export_rows,
        summary: if summary.is_empty() {
            t(lang, Key::NoComparableYears).to_owned()
        } else {
            summary
        },
        key: marked.then(|| t(lang, Key::LinesKey).to_owned()),
        caveats,
    }
}

/// A point's text: the figure and, where the year has a budget, its stage
/// (`4.46 億元（預算案）`).
fn point_label(row: &SeriesRow, metric: Metric, lang: Lang) -> String {
    let figure = cell_label(row.cell, metric, lang);
    match (row.cell, row.stage) {
        (Cell::Value(_), Some(stage)) => {
            format!("{figure}{}", bracketed(lang, stage_name(lang, stage)))
        }
        _ => figure,
    }
}

/// A year's stage as the tables show it; `–` without a budget.
fn stage_cell(row: &SeriesRow, lang: Lang) -> String {
    row.stage
        .map_or_else(|| "–".to_owned(), |s| stage_name(lang, s).to_owned())
}

/// Figure, change and % change of each year of a series, as the tables show them.
fn city_row_cells(rows: &[SeriesRow], state: &State) -> Vec<Vec<String>> {
    let (lang, metric) = (state.lang, state.metric);
    rows.iter()
        .map(|r| {
            let change = r.change.map_or_else(
                || "–".to_owned(),
                |c| table_cell(Cell::Value(c.absolute), metric, lang),
            );
            let pct = r.change.and_then(|c| c.percent).map_or_else(
                || "–".to_owned(),
                |p| format!("{}{}", if p > 0.0 { "+" } else { "" }, format::percent(p)),
            );
            // A change that is not like for like says so in its cell.
            let pct = match r.caveat {
                Some(c) if r.change.is_some() => {
                    format!(
                        "{pct}{}",
                        bracketed(lang, caveat_text(c, lang, Wording::Cell))
                    )
                }
                _ => pct,
            };
            vec![
                stage_cell(r, lang),
                table_cell(r.cell, metric, lang),
                change,
                pct,
            ]
        })
        .collect()
}

fn city_table(ds: &Dataset, city: &CityId, rows: &[SeriesRow], state: &State) -> Table {
    let lang = state.lang;
    let header = vec![
        t(lang, Key::Year).to_owned(),
        t(lang, Key::StageColumn).to_owned(),
        subject(ds, state),
        t(lang, Key::Change).to_owned(),
        t(lang, Key::PercentChange).to_owned(),
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .zip(city_row_cells(rows, state))
        .map(|(r, cells)| {
            std::iter::once(format::year(r.year, lang))
                .chain(cells)
                .collect()
        })
        .collect();
    let present: Vec<&SeriesRow> = rows.iter().filter(|r| r.cell.value().is_some()).collect();
    let body = if present.is_empty() { Vec::new() } else { body };
    let cagr = series_cagr(rows).and_then(|g| {
        let (first, last) = (present.first()?, present.last()?);
        let span = format!(
            "{} {}–{}",
            t(lang, Key::Cagr),
            format::year(first.year, lang),
            format::year(last.year, lang)
        );
        // Growth across budget stages (e.g. final accounts to a draft) says so.
        let mut stages = present.iter().filter_map(|r| r.stage);
        let first_stage = stages.next();
        let mixed = stages.any(|s| Some(s) != first_stage);
        let growth = if mixed {
            format!(
                "{}{}",
                format::percent(g),
                bracketed(lang, t(lang, Key::AcrossStages))
            )
        } else {
            format::percent(g)
        };
        Some(labelled(lang, span, growth))
    });
    Table {
        caption: city_name(ds, city, lang),
        header,
        rows: body,
        note: cagr,
    }
}
