//! What the Compare view shows, as text and chart models: the comparison from
//! the core, put into the reader's language. No arithmetic beyond formatting.

use crate::core::chart::palette::{city_color, shade};
use crate::core::chart::{BarChart, BarSeries};
use crate::core::compare::{compare, Cell, CityYear, Comparison, Metric};
use crate::core::dataset::Dataset;
use crate::core::format::{self, Lang};
use crate::core::model::{CityId, Localized};
use crate::ui::i18n::{t, Key};
use crate::ui::state::State;

/// Text in the reader's language.
pub fn local(text: &Localized, lang: Lang) -> &str {
    match lang {
        Lang::ZhTw => &text.zh_tw,
        Lang::En => text.en_or_zh(),
    }
}

/// A city's name, or its id where no document of it loaded.
pub fn city_name(ds: &Dataset, city: &CityId, lang: Lang) -> String {
    ds.documents
        .iter()
        .find(|d| &d.city.id == city)
        .map_or_else(|| city.0.clone(), |d| local(&d.city.name, lang).to_owned())
}

/// `高雄市 106年 (2017)` / `Kaohsiung FY2017 (ROC 106)`.
pub fn city_year_label(ds: &Dataset, key: &CityYear, lang: Lang) -> String {
    format!(
        "{} {}",
        city_name(ds, &key.city, lang),
        format::year(key.year, lang)
    )
}

/// A cell as the chart labels it.
pub fn cell_label(cell: Cell, metric: Metric, lang: Lang) -> String {
    match cell {
        Cell::Value(v) => match metric {
            Metric::Share => format::percent(v),
            Metric::PerResident => format!(
                "{} {}",
                format::group(v.round() as u64),
                if lang == Lang::ZhTw {
                    "元/人"
                } else {
                    "NT$/resident"
                }
            ),
            Metric::Amount | Metric::Real { .. } => format::money(v, lang),
        },
        Cell::NoBudget => t(lang, Key::NoBudget).to_owned(),
        Cell::NoLine => t(lang, Key::NoLine).to_owned(),
        Cell::NoReference => t(lang, Key::NoReference).to_owned(),
    }
}

/// A cell as the table shows it: thousands with separators, as budget tables print.
pub fn table_cell(cell: Cell, metric: Metric, lang: Lang) -> String {
    match (cell, metric) {
        (Cell::Value(v), Metric::Amount | Metric::Real { .. }) => {
            format::group_signed((v / 1000.0).round() as i64)
        }
        _ => cell_label(cell, metric, lang),
    }
}

/// Everything the Compare view renders.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareView {
    /// The numbers.
    pub comparison: Comparison,
    /// The chart.
    pub chart: BarChart,
    /// The selected city-years that have budget figures, as chart series.
    pub charted: Vec<CityYear>,
    /// Selected city-years without budget figures, labelled.
    pub without_budget: Vec<String>,
    /// Table header: category, then one per charted city-year.
    pub header: Vec<String>,
    /// Table rows: category name, then cells; the last row is the total.
    pub rows: Vec<Vec<String>>,
    /// One sentence on the chart, for everyone and for screen readers.
    pub summary: String,
}

/// Builds the Compare view for a state.
pub fn compare_view(ds: &Dataset, state: &State) -> CompareView {
    let lang = state.lang;
    let charted: Vec<CityYear> = state
        .selected
        .iter()
        .filter(|k| {
            ds.document(&k.city, k.year)
                .is_some_and(|d| d.budget.is_some())
        })
        .cloned()
        .collect();
    let without_budget = state
        .selected
        .iter()
        .filter(|k| !charted.contains(k))
        .map(|k| {
            format!(
                "{}：{}",
                city_year_label(ds, k, lang),
                t(lang, Key::NoBudget)
            )
        })
        .collect();
    let comparison = compare(ds, &charted, state.options());
    let cities: Vec<CityId> = ds.cities().into_iter().map(|(c, _)| c).collect();
    let categories: Vec<String> = comparison
        .categories
        .iter()
        .map(|id| {
            ds.category(id)
                .map_or_else(|| id.0.clone(), |c| local(&c.name, lang).to_owned())
        })
        .collect();
    let metric = state.metric;
    let series: Vec<BarSeries> = comparison
        .columns
        .iter()
        .map(|col| {
            let index = cities.iter().position(|c| *c == col.key.city).unwrap_or(0);
            let later = charted
                .iter()
                .filter(|k| k.city == col.key.city && k.year > col.key.year)
                .count();
            BarSeries {
                label: city_year_label(ds, &col.key, lang),
                color: shade(city_color(col.key.city.as_str(), index), later),
                values: col.cells.iter().map(|c| c.value()).collect(),
            }
        })
        .collect();
    let value_labels = comparison
        .columns
        .iter()
        .map(|col| {
            col.cells
                .iter()
                .map(|c| cell_label(*c, metric, lang))
                .collect()
        })
        .collect();
    let scope = if state.pass_through {
        Key::IncludingPassThrough
    } else {
        Key::ExcludingPassThrough
    };
    let chart = BarChart {
        title: t(lang, Key::ChartTitle).to_owned(),
        subtitle: format!("{}；{}", t(lang, Key::SubtitleAmount), t(lang, scope)),
        source: source_line(ds, &charted, lang),
        categories: categories.clone(),
        series,
        value_labels,
        lang,
        percent: metric == Metric::Share,
    };
    let mut header = vec![t(lang, Key::Category).to_owned()];
    header.extend(charted.iter().map(|k| city_year_label(ds, k, lang)));
    let mut rows: Vec<Vec<String>> = categories
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut row = vec![name.clone()];
            row.extend(
                comparison
                    .columns
                    .iter()
                    .map(|col| table_cell(col.cells[i], metric, lang)),
            );
            row
        })
        .collect();
    if !comparison.columns.is_empty() {
        let mut total = vec![t(lang, Key::Total).to_owned()];
        total.extend(
            comparison
                .columns
                .iter()
                .map(|col| table_cell(col.total, metric, lang)),
        );
        rows.push(total);
    }
    let summary = summary(ds, &comparison, &categories, lang);
    CompareView {
        comparison,
        chart,
        charted,
        without_budget,
        header,
        rows,
        summary,
    }
}

/// The source line: every selected document's sources, once each.
fn source_line(ds: &Dataset, keys: &[CityYear], lang: Lang) -> String {
    let mut titles: Vec<&str> = Vec::new();
    for k in keys {
        if let Some(doc) = ds.document(&k.city, k.year) {
            for s in &doc.sources {
                if !titles.contains(&s.title.as_str()) {
                    titles.push(&s.title);
                }
            }
        }
    }
    format!("{}：{}", t(lang, Key::Source), titles.join("；"))
}

/// "高雄市 106年 (2017)：最大的分類是一般行政（3.06 億元）".
fn summary(ds: &Dataset, comparison: &Comparison, categories: &[String], lang: Lang) -> String {
    let Some(col) = comparison.columns.last() else {
        return t(lang, Key::NothingSelected).to_owned();
    };
    let largest = col
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c.value()?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match largest {
        Some((i, _)) => {
            let value = cell_label(col.cells[i], comparison.options.metric, lang);
            let name = &categories[i];
            match lang {
                Lang::ZhTw => format!(
                    "{}：{}{}（{}）。",
                    city_year_label(ds, &col.key, lang),
                    t(lang, Key::SummaryLargest),
                    name,
                    value
                ),
                Lang::En => format!(
                    "{}: {} {} ({}).",
                    city_year_label(ds, &col.key, lang),
                    t(lang, Key::SummaryLargest),
                    name,
                    value
                ),
            }
        }
        None => t(lang, Key::NothingSelected).to_owned(),
    }
}
