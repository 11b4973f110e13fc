//! What each view shows, as text and chart models: results from the core put
//! into the reader's language. Pure (no DOM), so it is tested natively; no
//! arithmetic beyond formatting.

pub mod about;
pub mod compare;
pub mod explain;
pub mod export;
pub mod over_time;
pub mod plans;
pub mod table;

pub use compare::{
    compare_table, compare_view, drill_view, plan_panel, CompareTable, CompareView, DrillColumn,
    DrillView, PlanPanel,
};
pub use over_time::{over_time_view, OverTimeView};
pub use plans::{plans_view, PlansView};

use crate::core::compare::{Cell, CityYear, Metric};
use crate::core::dataset::Dataset;
use crate::core::format::{self, Lang};
use crate::core::model::{CategoryId, CityId, Document, Localized, Stage};
use crate::ui::i18n::{stage_name, t, Key};

/// A captioned data table as the widget shows it (an over-time table per
/// city, and every table of a prerendered view).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The caption (an over-time table: the city's name).
    pub caption: String,
    /// Column headings.
    pub header: Vec<String>,
    /// Rows: the row heading, then cells; empty when there is no figure.
    pub rows: Vec<Vec<String>>,
    /// A line under the table (an over-time table: the average growth).
    pub note: Option<String>,
}

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

/// The documents whose file could not be read, for the widget's status
/// line, in manifest order: each city-year's label (`高雄市 105年 (2016)`)
/// and its file and why (`kaohsiung-105.json: HTTP 500 Internal Server Error`).
pub fn failed_files(ds: &Dataset, lang: Lang) -> Vec<(String, String)> {
    ds.unreadable()
        .map(|(r, why)| {
            let key = CityYear {
                city: r.city.clone(),
                year: r.fiscal_year,
            };
            (
                city_year_label(ds, &key, lang),
                format!("{}: {why}", r.href),
            )
        })
        .collect()
}

/// A city-year with the stage of its figures, as every figure is labelled:
/// `臺中市 105年 (2016) 預算案` / `Taichung FY2016 (ROC 105) draft budget`.
pub fn figures_label(ds: &Dataset, key: &CityYear, lang: Lang) -> String {
    let stage = ds.document(&key.city, key.year).and_then(Document::stage);
    staged_label(ds, key, stage, lang)
}

/// [`figures_label`] with the stage already known (a comparison's columns
/// carry it: looking each up again cost a search of the documents).
pub fn staged_label(ds: &Dataset, key: &CityYear, stage: Option<Stage>, lang: Lang) -> String {
    let label = city_year_label(ds, key, lang);
    match stage {
        Some(stage) => format!("{label} {}", stage_name(lang, stage)),
        None => label,
    }
}

/// A difference of shares: `1.2 個百分點` / `1.2 percentage points`.
pub fn points(v: f64, lang: Lang) -> String {
    let v = format::percent(v);
    let v = v.trim_end_matches('%');
    match lang {
        Lang::ZhTw => format!("{v} 個百分點"),
        Lang::En => format!("{v} percentage points"),
    }
}

/// A cell as the chart labels it.
pub fn cell_label(cell: Cell, metric: Metric, lang: Lang) -> String {
    match cell {
        Cell::Value(v) => match metric {
            Metric::Share => format::percent(v),
            Metric::PerResident => format!(
                "{} {}",
                format::per_resident(v),
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
        Cell::NoReference => t(
            lang,
            match metric {
                Metric::PerResident => Key::NoPopulation,
                Metric::Real { .. } => Key::NoCpi,
                Metric::Amount | Metric::Share => Key::NoReference,
            },
        )
        .to_owned(),
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

/// A category's name, or its id when the taxonomy lacks it.
pub fn category_name(ds: &Dataset, id: &CategoryId, lang: Lang) -> String {
    ds.category(id)
        .map_or_else(|| id.0.clone(), |c| local(&c.name, lang).to_owned())
}
