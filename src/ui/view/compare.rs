//! The Compare view as text and chart models: the comparison from the core,
//! put into the reader's language, with its plan panel and drill-down.

use crate::core::chart::palette::{city_color, shade};
use crate::core::chart::{BarChart, BarSeries};
use crate::core::compare::{
    change, compare, drill, mixed_capital, pass_through_share, program_counts, Cell, CityYear,
    Comparison, Metric, OTHER,
};
use crate::core::dataset::Dataset;
use crate::core::format::{self, Lang};
use crate::core::model::{CategoryId, CityId, FiscalYear, Stage};
use crate::core::search::Query;
use crate::ui::i18n::{bracketed, labelled, lens_name, sep, stage_name, t, Key};
use crate::ui::state::State;
use crate::ui::view::plans::{plan_program, PlanProgram};
use crate::ui::view::{
    category_name, cell_label, city_name, city_year_label, figures_label, local, points,
    staged_label, table_cell,
};

/// Everything the Compare view renders.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareView {
    /// The numbers, categories largest first.
    pub comparison: Comparison,
    /// The chart.
    pub chart: BarChart,
    /// The chart for narrow screens: the largest categories and "other".
    pub narrow: BarChart,
    /// The categories of `narrow`, in its order (the last may be [`OTHER`]).
    pub narrow_ids: Vec<CategoryId>,
    /// The selected city-years that have budget figures, as chart series.
    pub charted: Vec<CityYear>,
    /// Selected city-years without budget figures, labelled.
    pub without_budget: Vec<String>,
    /// One sentence on the chart, for everyone and for screen readers.
    pub summary: String,
    /// The table's unit, as its cells are written: `新臺幣千元`, `百分比`, `元／人`.
    pub unit: String,
    /// The notes of the charted budgets (stage, what is included), each
    /// `臺中市 105年 (2016) 預算案：…`, one per line of a note.
    pub notes: Vec<String>,
    /// The capital-basis caveat, when the charted budgets differ in it
    /// ([`capital_caveat`]): in the summary, the table caption and the CSV.
    pub capital: Option<String>,
    /// The difference the summary states, to explain.
    pub stated: Option<Stated>,
}

/// A difference a view states: from one city-year to another, in a
/// category (`None`: the total).
pub type Stated = (CityYear, CityYear, Option<CategoryId>);

/// How many city-years the chart draws at most (the table lists them all):
/// more bars than this are unreadable, and a canvas that tall fails.
pub const MAX_SERIES: usize = 12;

/// How many categories the narrow chart shows before folding the rest.
pub const NARROW_TOP: usize = 6;

/// The note beside the pass-through toggle, with the pass-through share of
/// each selected city-year's budget computed from the data:
/// `…占勞工局預算：臺中市 105年 (2016) 2.9%；高雄市 105年 (2016) 33.9%`.
/// With more city-years than the chart draws ([`MAX_SERIES`]) the list would
/// be unreadable (and cost a second aggregation of each): the note alone.
pub fn pass_through_note(ds: &Dataset, state: &State) -> String {
    let lang = state.lang;
    let listed = if state.selected.len() <= MAX_SERIES {
        state.selected.as_slice()
    } else {
        &[]
    };
    let shares: Vec<String> = listed
        .iter()
        .filter_map(|k| {
            let share = pass_through_share(ds, k)?;
            Some(format!(
                "{} {}",
                figures_label(ds, k, lang),
                format::percent(share)
            ))
        })
        .collect();
    let note = t(lang, Key::PassThroughNote);
    if shares.is_empty() {
        note.to_owned()
    } else {
        format!(
            "{note} {}",
            labelled(
                lang,
                t(lang, Key::PassThroughShares),
                shares.join(sep(lang))
            )
        )
    }
}

/// The chart's subtitle: what is measured, in what unit, of what scope.
/// `with_final`: final accounts are among the figures, so "budget" alone
/// would be wrong.
pub fn subtitle(ds: &Dataset, state: &State, with_final: bool) -> String {
    let lang = state.lang;
    let measure = match state.metric {
        Metric::Amount if with_final => t(lang, Key::SubtitleAmountFinal).to_owned(),
        Metric::Amount => t(lang, Key::SubtitleAmount).to_owned(),
        Metric::Share => t(lang, Key::SubtitleShare).to_owned(),
        Metric::PerResident => t(lang, Key::SubtitlePerResident).to_owned(),
        Metric::Real { base } => {
            let index = ds
                .reference
                .as_ref()
                .and_then(|r| r.cpi.as_ref())
                .map_or("", |c| c.base.as_str());
            match lang {
                Lang::ZhTw => format!("以 {base} 年物價計算之新臺幣（消費者物價指數 {index}）"),
                Lang::En => format!("NT$ at {base} prices (consumer price index, {index})"),
            }
        }
    };
    let scope = if state.pass_through {
        Key::IncludingPassThrough
    } else {
        Key::ExcludingPassThrough
    };
    format!(
        "{measure}{}{}{}{}",
        sep(lang),
        t(lang, scope),
        sep(lang),
        lens_name(lang, state.lens)
    )
}

/// A category's name (or the category column's) with the lens it is
/// counted in: `勞動檢查與職業安全（依職能）`.
pub fn lensed(name: &str, state: &State) -> String {
    format!(
        "{name}{}",
        bracketed(state.lang, lens_name(state.lang, state.lens))
    )
}

/// The capital-basis caveat of a comparison that sets city-years with
/// capital in a category of its own beside ones with capital inside their
/// work plans: `資本門編列方式不同：臺中市 105年 (2016) 資本門自成一類；高雄市 …`.
pub fn capital_caveat(ds: &Dataset, keys: &[CityYear], lang: Lang) -> Option<String> {
    let (apart, inside) = mixed_capital(ds, keys)?;
    let group = |keys: &[CityYear], key: Key| {
        let who: Vec<String> = keys.iter().map(|k| city_year_label(ds, k, lang)).collect();
        format!("{} {}", who.join("、"), t(lang, key))
    };
    Some(labelled(
        lang,
        t(lang, Key::CapitalBases),
        format!(
            "{}{}{}",
            group(&apart, Key::CapitalApart),
            sep(lang),
            group(&inside, Key::CapitalInside)
        ),
    ))
}

/// The series of a chart: one per column, coloured by city, lighter for
/// earlier years of the same city.
pub fn series_of(
    ds: &Dataset,
    comparison: &Comparison,
    lang: Lang,
) -> (Vec<BarSeries>, Vec<Vec<String>>) {
    let cities: Vec<CityId> = ds.cities().into_iter().map(|(c, _)| c).collect();
    let keys: Vec<&CityYear> = comparison.columns.iter().map(|c| &c.key).collect();
    let series = comparison
        .columns
        .iter()
        .map(|col| {
            let index = cities.iter().position(|c| *c == col.key.city).unwrap_or(0);
            let later = keys
                .iter()
                .filter(|k| k.city == col.key.city && k.year > col.key.year)
                .count();
            BarSeries {
                label: staged_label(ds, &col.key, col.stage, lang),
                color: shade(city_color(col.key.city.as_str(), index), later),
                values: col.cells.iter().map(|c| c.value()).collect(),
                starts: Vec::new(),
                colors: Vec::new(),
            }
        })
        .collect();
    let labels = comparison
        .columns
        .iter()
        .map(|col| {
            col.cells
                .iter()
                .map(|c| cell_label(*c, comparison.options.metric, lang))
                .collect()
        })
        .collect();
    (series, labels)
}

fn category_label(ds: &Dataset, id: &CategoryId, lang: Lang) -> String {
    if id.as_str() == OTHER {
        t(lang, Key::Other).to_owned()
    } else {
        category_name(ds, id, lang)
    }
}

fn bar_chart(ds: &Dataset, state: &State, comparison: &Comparison, source: &str) -> BarChart {
    let lang = state.lang;
    let (series, value_labels) = series_of(ds, comparison, lang);
    BarChart {
        title: t(lang, Key::ChartTitle).to_owned(),
        subtitle: subtitle(
            ds,
            state,
            comparison
                .columns
                .iter()
                .any(|c| c.stage == Some(Stage::Final)),
        ),
        source: source.to_owned(),
        categories: comparison
            .categories
            .iter()
            .map(|id| category_label(ds, id, lang))
            .collect(),
        series,
        value_labels,
        lang,
        percent: state.metric == Metric::Share,
    }
}

/// Builds the Compare view for a state.
pub fn compare_view(ds: &Dataset, state: &State) -> CompareView {
    let lang = state.lang;
    // One pass (finding each city-year among the charted ones was a
    // comparison per pair of hundreds of city-years).
    let (mut charted, mut without_budget) = (Vec::new(), Vec::new());
    for k in &state.selected {
        if ds
            .document(&k.city, k.year)
            .is_some_and(|d| d.budget.is_some())
        {
            charted.push(k.clone());
        } else {
            // A file that could not be loaded is not a year without a budget.
            let failed = ds.is_unreadable(&k.city, k.year);
            without_budget.push(labelled(
                lang,
                city_year_label(ds, k, lang),
                t(
                    lang,
                    if failed {
                        Key::FileNotLoaded
                    } else {
                        Key::NoBudget
                    },
                ),
            ));
        }
    }
    let comparison = compare(ds, &charted, state.options()).sorted_by_size();
    let source = source_line(ds, &charted, state);
    let mut drawn = comparison.clone();
    drawn.columns.truncate(MAX_SERIES);
    let chart = bar_chart(ds, state, &drawn, &source);
    let folded = drawn.top(NARROW_TOP);
    let narrow = bar_chart(ds, state, &folded, &source);
    let (mut summary, stated) = summary(ds, &comparison, &chart.categories, state);
    let capital = capital_caveat(ds, &charted, lang);
    if let Some(c) = &capital {
        summary.push(' ');
        summary.push_str(c);
        summary.push_str(if lang == Lang::ZhTw { "。" } else { "." });
    }
    if comparison.columns.len() > MAX_SERIES {
        summary.push(' ');
        summary.push_str(&match lang {
            Lang::ZhTw => format!("圖表只畫出前 {MAX_SERIES} 個城市年度（共 {} 個），表格列出全部。", comparison.columns.len()),
            Lang::En => format!("The chart draws the first {MAX_SERIES} of {} city-years; the table lists them all.", comparison.columns.len()),
        });
    }
    let unit = match state.metric {
        Metric::Amount | Metric::Real { .. } => t(lang, Key::UnitThousand),
        Metric::Share => t(lang, Key::UnitPercent),
        Metric::PerResident => t(lang, Key::UnitPerResident),
    }
    .to_owned();
    // As many as the chart draws: hundreds of notes would not be read.
    let notes = charted
        .iter()
        .take(MAX_SERIES)
        .filter_map(|k| {
            let note = ds
                .document(&k.city, k.year)?
                .budget
                .as_ref()?
                .note
                .as_deref()?;
            let who = figures_label(ds, k, lang);
            Some(
                note.lines()
                    .map(move |n| labelled(lang, &who, n))
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .collect();
    CompareView {
        notes,
        capital,
        unit,
        comparison,
        chart,
        narrow,
        narrow_ids: folded.categories,
        charted,
        without_budget,
        summary,
        stated,
    }
}

/// The Compare table, every charted city-year (the chart draws at most
/// [`MAX_SERIES`]). Built apart from [`compare_view`]: formatting a cell for
/// each category of each of hundreds of city-years waits until the chart is
/// drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareTable {
    /// Category, then one per charted city-year.
    pub header: Vec<String>,
    /// Category name, then cells; the last row is the total.
    pub rows: Vec<Vec<String>>,
}

impl CompareView {
    /// The chart's accessible name: what it is, and the summary sentence.
    pub fn alt(&self) -> String {
        format!("{}. {}", t(self.chart.lang, Key::ChartAlt), self.summary)
    }
}

/// The caption of a Compare view's table: `圖表數據：單位：新臺幣千元`,
/// then the capital-basis caveat where there is one.
pub fn table_caption(view: &CompareView, lang: Lang) -> String {
    let caption = labelled(
        lang,
        t(lang, Key::TableCaption),
        labelled(lang, t(lang, Key::Unit), &view.unit),
    );
    match &view.capital {
        Some(c) => format!("{caption}{}{c}", sep(lang)),
        None => caption,
    }
}

/// The table of a Compare view.
pub fn compare_table(ds: &Dataset, state: &State, view: &CompareView) -> CompareTable {
    let (lang, metric, comparison) = (state.lang, state.metric, &view.comparison);
    let mut header = vec![lensed(t(lang, Key::Category), state)];
    header.extend(
        comparison
            .columns
            .iter()
            .map(|col| staged_label(ds, &col.key, col.stage, lang)),
    );
    let mut rows: Vec<Vec<String>> = view
        .chart
        .categories
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
    CompareTable { header, rows }
}

/// The source line: every selected document's sources, once each, and the
/// reference series an adjusted figure depends on. A reader's own imports
/// come first (`自行匯入 / imported by you: …`), so that a chart shortening
/// the line still says so.
pub fn source_line(ds: &Dataset, keys: &[CityYear], state: &State) -> String {
    let lang = state.lang;
    let mut titles: Vec<String> = Vec::new();
    let (imported, published): (Vec<&CityYear>, Vec<&CityYear>) =
        keys.iter().partition(|k| k.city.is_imported());
    for k in imported.into_iter().chain(published) {
        if let Some(doc) = ds.document(&k.city, k.year) {
            for s in &doc.sources {
                if !titles.contains(&s.title) {
                    titles.push(s.title.clone());
                }
            }
        }
    }
    let reference = ds.reference.as_ref();
    match state.metric {
        Metric::PerResident => {
            if let Some(p) = reference.and_then(|r| r.population.as_ref()) {
                titles.push(labelled(
                    lang,
                    t(lang, Key::PopulationSource),
                    &p.source.title,
                ));
            }
        }
        Metric::Real { base } => {
            if let Some(c) = reference.and_then(|r| r.cpi.as_ref()) {
                titles.push(labelled(lang, t(lang, Key::CpiSource), &c.source.title));
                // A year's index that is not like the rest (derived) says so.
                let used: Vec<u16> = keys.iter().map(|k| k.year.gregorian()).collect();
                for v in &c.values {
                    if v.note.is_some() && (v.year == base || used.contains(&v.year)) {
                        titles.push(format!("{}{}", v.year, t(lang, Key::CpiDerived)));
                    }
                }
            }
        }
        Metric::Amount | Metric::Share => {}
    }
    labelled(lang, t(lang, Key::Source), titles.join(sep(lang)))
}

/// The sentence under the chart. Where two cities are charted in the same
/// fiscal year (the latest such year), it compares them on the category
/// drilled into, or on the total: "105年 (2016) 勞動檢查與職業安全：臺中市
/// 4,330 萬元（預算案），高雄市 …；臺中市較多，多 12.3%。". Otherwise it
/// names the largest category of the last city-year. With it, the two
/// city-years whose difference it states.
fn summary(
    ds: &Dataset,
    comparison: &Comparison,
    categories: &[String],
    state: &State,
) -> (String, Option<Stated>) {
    let lang = state.lang;
    if let Some(stated) = cities_sentence(ds, comparison, categories, state) {
        return stated;
    }
    let Some(col) = comparison.columns.last() else {
        return (t(lang, Key::NothingSelected).to_owned(), None);
    };
    let largest = col
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c.value()?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let text = match largest {
        Some((i, _)) => {
            let value = cell_label(col.cells[i], comparison.options.metric, lang);
            let name = lensed(&categories[i], state);
            let who = staged_label(ds, &col.key, col.stage, lang);
            match lang {
                Lang::ZhTw => format!("{who}：{}{name}（{value}）。", t(lang, Key::SummaryLargest)),
                Lang::En => format!("{who}: {} {name} ({value}).", t(lang, Key::SummaryLargest)),
            }
        }
        None => t(lang, Key::NothingSelected).to_owned(),
    };
    (text, None)
}

/// Two cities of the same year compared, when the chart has them; with
/// the two when the sentence states a difference.
fn cities_sentence(
    ds: &Dataset,
    comparison: &Comparison,
    categories: &[String],
    state: &State,
) -> Option<(String, Option<Stated>)> {
    let lang = state.lang;
    let metric = comparison.options.metric;
    // The latest year with columns of two cities; the first two of them
    // (one pass: a large data set has hundreds of columns).
    let columns = &comparison.columns;
    let mut by_year: Vec<(FiscalYear, usize, Option<usize>)> = Vec::new();
    for (i, col) in columns.iter().enumerate() {
        match by_year.iter_mut().find(|(y, ..)| *y == col.key.year) {
            None => by_year.push((col.key.year, i, None)),
            Some((_, first, second @ None)) if columns[*first].key.city != col.key.city => {
                *second = Some(i);
            }
            Some(_) => {}
        }
    }
    let (a, b) = by_year
        .iter()
        .filter_map(|&(y, first, second)| Some((y, first, second?)))
        .max_by_key(|(y, ..)| *y)
        .map(|(_, first, second)| (&columns[first], &columns[second]))?;
    let drilled = state
        .category
        .as_ref()
        .and_then(|id| comparison.categories.iter().position(|c| c == id));
    let (subject, cells) = match drilled {
        Some(i) => (lensed(&categories[i], state), (a.cells[i], b.cells[i])),
        None => (t(lang, Key::BureauTotal).to_owned(), (a.total, b.total)),
    };
    let year = format::year(a.key.year, lang);
    let part = |key: &CityYear, stage: Option<Stage>, cell: Cell| {
        let stage = stage.map_or("", |s| stage_name(lang, s));
        let value = cell_label(cell, metric, lang);
        match lang {
            Lang::ZhTw => format!("{} {value}（{stage}）", city_name(ds, &key.city, lang)),
            Lang::En => format!("{} {value} ({stage})", city_name(ds, &key.city, lang)),
        }
    };
    let (pa, pb) = (
        part(&a.key, a.stage, cells.0),
        part(&b.key, b.stage, cells.1),
    );
    let more = match (cells.0.value(), cells.1.value()) {
        (Some(x), Some(y)) if x != y => {
            let (big, small, who) = if x > y {
                (x, y, &a.key.city)
            } else {
                (y, x, &b.key.city)
            };
            let who = city_name(ds, who, lang);
            // How much more: the core's change from the smaller to the larger.
            let by = change(Some(small), Some(big))?;
            let by = match (metric, by.percent) {
                (Metric::Share, _) => points(by.absolute, lang),
                (_, Some(pct)) => {
                    let pct = match (pct < 0.05, lang) {
                        (true, Lang::ZhTw) => "不到 0.1%".to_owned(),
                        (true, Lang::En) => "under 0.1%".to_owned(),
                        (false, _) => format::percent(pct),
                    };
                    format!(
                        "{}{}",
                        cell_label(Cell::Value(by.absolute), metric, lang),
                        bracketed(lang, pct)
                    )
                }
                (_, None) => cell_label(Cell::Value(by.absolute), metric, lang),
            };
            Some(match lang {
                Lang::ZhTw => format!("{who}{}，多 {by}", t(lang, Key::SummaryMore)),
                Lang::En => format!("{who}'s is {by} {}", t(lang, Key::SummaryMore)),
            })
        }
        _ => None,
    };
    let stated = more.is_some().then(|| {
        let category = drilled.map(|i| comparison.categories[i].clone());
        (a.key.clone(), b.key.clone(), category)
    });
    let text = match (lang, more) {
        (Lang::ZhTw, Some(more)) => format!("{year} {subject}：{pa}，{pb}；{more}。"),
        (Lang::ZhTw, None) => format!("{year} {subject}：{pa}，{pb}。"),
        (Lang::En, Some(more)) => format!("{year}, {subject}: {pa}, {pb}; {more}."),
        (Lang::En, None) => format!("{year}, {subject}: {pa}, {pb}."),
    };
    Some((text, stated))
}

/// The plan panel: programme counts per category for the selected city-years
/// that have a plan (those without one are left out of it).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanPanel {
    /// Category, then one header per city-year.
    pub header: Vec<String>,
    /// `(category id, category name, one count or "no plan" per city-year)`.
    pub rows: Vec<(CategoryId, String, Vec<String>)>,
}

/// Builds the plan panel; `None` when no selected city-year has a plan.
pub fn plan_panel(ds: &Dataset, state: &State) -> Option<PlanPanel> {
    let lang = state.lang;
    let with_plan: Vec<CityYear> = state
        .selected
        .iter()
        .filter(|k| {
            ds.document(&k.city, k.year)
                .is_some_and(|d| d.plan.is_some())
        })
        .cloned()
        .collect();
    if with_plan.is_empty() {
        return None;
    }
    let (categories, counts) = program_counts(ds, &with_plan);
    let mut header = vec![t(lang, Key::Category).to_owned()];
    header.extend(with_plan.iter().map(|k| city_year_label(ds, k, lang)));
    let rows = categories
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let cells = counts
                .iter()
                .map(|c| {
                    c.as_ref()
                        .map_or_else(|| t(lang, Key::NoPlan).to_owned(), |c| c[i].to_string())
                })
                .collect();
            (id.clone(), category_name(ds, id, lang), cells)
        })
        .collect();
    Some(PlanPanel { header, rows })
}

/// One city-year's column of the drill-down.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillColumn {
    /// `高雄市 107年 (2018)`.
    pub label: String,
    /// Budget lines as `(unit › work plan › line, amount)`; `Err` says why there are none.
    pub lines: Result<Vec<(String, String)>, String>,
    /// Programmes; `Err` says why there are none.
    pub programs: Result<Vec<PlanProgram>, String>,
}

/// The drill-down of the selected category.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillView {
    /// The category's name.
    pub title: String,
    /// What belongs in it.
    pub description: String,
    /// One column per selected city-year.
    pub columns: Vec<DrillColumn>,
}

/// Builds the drill-down for the state's category; `None` when none is selected.
pub fn drill_view(ds: &Dataset, state: &State) -> Option<DrillView> {
    let lang = state.lang;
    let id = state.category.as_ref()?;
    let category = ds.category(id);
    let columns = state
        .selected
        .iter()
        .map(|key| {
            let d = drill(ds, key, id, state.lens);
            let lines = match d.lines {
                None => Err(t(lang, Key::NoBudget).to_owned()),
                Some(l) if l.is_empty() => Err(t(lang, Key::NoLinesHere).to_owned()),
                Some(l) => Ok(l
                    .iter()
                    .map(|l| (l.path.join(" › "), format::thousands(l.amount, lang)))
                    .collect()),
            };
            let doc = ds.document(&key.city, key.year);
            let programs = if !d.has_plan {
                Err(t(lang, Key::NoPlan).to_owned())
            } else if d.programs.is_empty() {
                Err(t(lang, Key::NoProgramsHere).to_owned())
            } else {
                Ok(d.programs
                    .iter()
                    .filter_map(|p| Some(plan_program(doc?, p, &Query::default(), lang)))
                    .collect())
            };
            DrillColumn {
                label: figures_label(ds, key, lang),
                lines,
                programs,
            }
        })
        .collect();
    Some(DrillView {
        title: category_name(ds, id, lang),
        description: category.map_or_else(String::new, |c| local(&c.description, lang).to_owned()),
        columns,
    })
}
