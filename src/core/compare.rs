//! Aggregation by shared category: totals, shares, per-resident and real-terms
//! figures, and change between years.
//!
//! Everything is computed from leaves only, so nothing is counted twice.
//! Money is in NT$ (the document's `amount × unit`). A figure that cannot be
//! had is a [`Cell`] saying why, never 0.

use crate::core::dataset::Dataset;
use crate::core::model::{
    Budget, CategoryId, CategoryIndex, CityId, Document, FiscalYear, Lens, Reference, Stage,
};

/// A city and fiscal year (defined with the data contract, which the data
/// set's loading and the comparisons both use).
pub use crate::core::model::CityYear;

/// What a comparison measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    /// NT$.
    #[default]
    Amount,
    /// Percent of the city-year's total (of the categories shown).
    Share,
    /// NT$ per registered resident at year end.
    PerResident,
    /// NT$ at the prices of a base calendar (Gregorian) year, by CPI.
    Real {
        /// The Gregorian year whose prices are used.
        base: u16,
    },
}

/// A figure, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// The figure.
    Value(f64),
    /// The city-year has no budget data (no document, or a plan only).
    NoBudget,
    /// The budget has no line in this category.
    NoLine,
    /// The adjustment's denominator (population, CPI) is missing for that year.
    NoReference,
}

impl Cell {
    /// The figure, if there is one.
    pub fn value(self) -> Option<f64> {
        match self {
            Cell::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// What to measure.
    pub metric: Metric,
    /// Whether pass-through categories (social-insurance subsidies) count.
    pub pass_through: bool,
    /// How lines are read into categories: by function (the default) or as budgeted.
    pub lens: Lens,
}

/// The population of a city at the end of a calendar year.
pub fn population(reference: Option<&Reference>, city: &CityId, gregorian: u16) -> Option<f64> {
    reference?
        .population
        .as_ref()?
        .values
        .iter()
        .find(|v| v.city.0 == city.origin() && v.year == gregorian)
        .map(|v| v.value)
}

/// The CPI of a calendar year.
pub fn cpi(reference: Option<&Reference>, gregorian: u16) -> Option<f64> {
    reference?
        .cpi
        .as_ref()?
        .values
        .iter()
        .find(|v| v.year == gregorian)
        .map(|v| v.value)
}

/// The default base year for real terms: the newest year with a CPI, no
/// later than the data's newest fiscal year (the widget's `real` and the
/// explanations' constant prices both use it).
pub fn default_real_base(ds: &Dataset) -> u16 {
    let newest = ds
        .documents
        .iter()
        .map(|d| d.fiscal_year.gregorian())
        .max()
        .unwrap_or(2021);
    ds.reference
        .as_ref()
        .and_then(|r| r.cpi.as_ref())
        .and_then(|c| {
            c.values
                .iter()
                .map(|v| v.year)
                .filter(|y| *y <= newest)
                .max()
        })
        .unwrap_or(newest)
}

/// Applies the metric to an NT$ figure of a city-year whose shown total is `total`.
fn measure(
    twd: f64,
    total: f64,
    key: &CityYear,
    metric: Metric,
    reference: Option<&Reference>,
) -> Cell {
    let year = key.year.gregorian();
    match metric {
        Metric::Amount => Cell::Value(twd),
        Metric::Share if total > 0.0 => Cell::Value(twd / total * 100.0),
        Metric::Share => Cell::NoLine,
        Metric::PerResident => match population(reference, &key.city, year) {
            Some(p) if p > 0.0 => Cell::Value(twd / p),
            _ => Cell::NoReference,
        },
        Metric::Real { base } => match (cpi(reference, base), cpi(reference, year)) {
            (Some(b), Some(y)) if y > 0.0 => Cell::Value(twd * b / y),
            _ => Cell::NoReference,
        },
    }
}

/// One city-year's figures in a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Whose.
    pub key: CityYear,
    /// One cell per category of the comparison, in its order.
    pub cells: Vec<Cell>,
    /// The total of the categories shown, in the metric.
    pub total: Cell,
    /// The budget stage of the figures; `None` without a budget.
    pub stage: Option<Stage>,
}

/// Figures by shared category for several city-years.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The categories that have a figure in at least one column, in taxonomy order.
    pub categories: Vec<CategoryId>,
    /// One column per requested city-year, in request order.
    pub columns: Vec<Column>,
    /// What was measured.
    pub options: Options,
}

impl Comparison {
    /// The cell of a category in a column.
    pub fn cell(&self, key: &CityYear, category: &CategoryId) -> Option<Cell> {
        let c = self.categories.iter().position(|x| x == category)?;
        let col = self.columns.iter().find(|col| &col.key == key)?;
        col.cells.get(c).copied()
    }
}

/// The taxonomy's category ids, in its order, that pass `keep`.
fn taxonomy_ids(ds: &Dataset, keep: impl Fn(&CategoryId) -> bool) -> Vec<CategoryId> {
    ds.taxonomy
        .categories
        .iter()
        .map(|c| &c.id)
        .filter(|id| keep(id))
        .cloned()
        .collect()
}

/// A document's figures under some options: NT$ by taxonomy position
/// (`None`: no line of that category, or one not counted), and the total
/// counted. A category outside the taxonomy counts in the total only.
fn sums_by_taxonomy(
    taxonomy: &CategoryIndex<'_>,
    doc: &Document,
    options: &Options,
) -> Option<(Vec<Option<u64>>, u64)> {
    let budget = doc.budget.as_ref()?;
    let unit = u64::from(budget.unit);
    let categories = taxonomy.categories();
    let mut by: Vec<Option<u64>> = vec![None; categories.len()];
    let mut total = 0u64;
    // Each leaf goes straight to its category's position.
    budget.for_each_leaf_in(options.lens, |path, category| {
        let (Some(leaf), Some(id)) = (path.last(), category) else {
            return;
        };
        let amount = leaf.amount.0.saturating_mul(unit);
        match taxonomy.position(id) {
            Some(i) if categories[i].pass_through && !options.pass_through => return,
            Some(i) => {
                let sum = by[i].get_or_insert(0);
                *sum = sum.saturating_add(amount);
            }
            // Outside the taxonomy: counted in the total only.
            None => {}
        }
        total = total.saturating_add(amount);
    });
    Some((by, total))
}

/// Compares city-years by shared category.
pub fn compare(ds: &Dataset, keys: &[CityYear], options: Options) -> Comparison {
    let reference = ds.reference.as_ref();
    let taxonomy = CategoryIndex::new(&ds.taxonomy.categories);
    let docs: Vec<Option<&Document>> = keys.iter().map(|k| ds.document(&k.city, k.year)).collect();
    let sums: Vec<Option<(Vec<Option<u64>>, u64)>> = docs
        .iter()
        .map(|doc| sums_by_taxonomy(&taxonomy, (*doc)?, &options))
        .collect();
    // The taxonomy positions with a figure in at least one column.
    let rows: Vec<usize> = (0..ds.taxonomy.categories.len())
        .filter(|&i| sums.iter().flatten().any(|(by, _)| by[i].is_some()))
        .collect();
    let columns = keys
        .iter()
        .zip(&sums)
        .zip(&docs)
        .map(|((key, sums), doc)| match sums {
            None => Column {
                key: key.clone(),
                cells: vec![Cell::NoBudget; rows.len()],
                total: Cell::NoBudget,
                stage: None,
            },
            Some((by, total)) => {
                let total = *total as f64;
                let cells = rows
                    .iter()
                    .map(|&i| match by[i] {
                        Some(v) => measure(v as f64, total, key, options.metric, reference),
                        None => Cell::NoLine,
                    })
                    .collect();
                Column {
                    key: key.clone(),
                    cells,
                    total: measure(total, total, key, options.metric, reference),
                    stage: doc.and_then(Document::stage),
                }
            }
        })
        .collect();
    Comparison {
        categories: rows
            .iter()
            .map(|&i| ds.taxonomy.categories[i].id.clone())
            .collect(),
        columns,
        options,
    }
}

/// Each city with a budget in the latest fiscal year in which every city
/// with a budget has one, in the data set's city order; `None` with fewer
/// than two such cities or no such year.
pub fn latest_common_year(ds: &Dataset) -> Option<Vec<CityYear>> {
    // A document that could not be loaded counts as there: one failed file
    // does not change the comparison the widget starts with (its column
    // shows what is missing, and the widget says why).
    let budgets = ds.documents.iter().filter(|d| d.budget.is_some());
    let failed = ds.failed.iter().map(|r| (&r.city, r.fiscal_year));
    let (cities, year) = crate::core::model::latest_shared_year(
        budgets.map(|d| (&d.city.id, d.fiscal_year)).chain(failed),
    );
    let year = year?;
    Some(
        cities
            .into_iter()
            .map(|c| CityYear {
                city: c.clone(),
                year,
            })
            .collect(),
    )
}

/// The percent of a city-year's budget that is pass-through money (the
/// categories flagged `pass_through`); `None` without a budget or with a
/// total of 0.
pub fn pass_through_share(ds: &Dataset, key: &CityYear) -> Option<f64> {
    let doc = ds.document(&key.city, key.year)?;
    let taxonomy = CategoryIndex::new(&ds.taxonomy.categories);
    let total = |pass_through| {
        let options = Options {
            metric: Metric::Amount,
            pass_through,
            lens: Lens::Budgeted,
        };
        sums_by_taxonomy(&taxonomy, doc, &options).map(|(_, total)| total as f64)
    };
    let (all, without) = (total(true)?, total(false)?);
    (all > 0.0).then(|| (all - without) / all * 100.0)
}

/// When city-years with capital in lines of its own and city-years with
/// capital inside each work plan (經資門併計) are compared, those two groups
/// (apart, inside), in request order; `None` when all that say are alike.
pub fn mixed_capital(ds: &Dataset, keys: &[CityYear]) -> Option<(Vec<CityYear>, Vec<CityYear>)> {
    let (mut apart, mut inside) = (Vec::new(), Vec::new());
    for key in keys {
        let separate = ds
            .document(&key.city, key.year)
            .and_then(|d| d.budget.as_ref())
            .and_then(|b| b.capital_separate);
        match separate {
            Some(true) => apart.push(key.clone()),
            Some(false) => inside.push(key.clone()),
            None => {}
        }
    }
    (!apart.is_empty() && !inside.is_empty()).then_some((apart, inside))
}

/// Change from one figure to another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// `to - from`.
    pub absolute: f64,
    /// Percent change; `None` when `from` is 0.
    pub percent: Option<f64>,
}

/// The change between two figures; `None` when either is missing.
pub fn change(from: Option<f64>, to: Option<f64>) -> Option<Change> {
    let (from, to) = (from?, to?);
    Some(Change {
        absolute: to - from,
        percent: (from != 0.0).then(|| (to - from) / from.abs() * 100.0),
    })
}

/// Compound annual growth in percent between two years' figures; `None` when
/// the years are not in order or a figure is not positive.
pub fn cagr(from: (FiscalYear, f64), to: (FiscalYear, f64)) -> Option<f64> {
    let years = f64::from(to.0 .0.checked_sub(from.0 .0).filter(|n| *n > 0)?);
    if from.1 <= 0.0 || to.1 <= 0.0 {
        return None;
    }
    Some(((to.1 / from.1).powf(1.0 / years) - 1.0) * 100.0)
}

/// Why a year's figure is not like for like with the year before's: the
/// change is still given, marked with this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caveat {
    /// The two figures are of different budget stages (e.g. final accounts
    /// then a budget).
    Stage {
        /// The year before's stage.
        from: Stage,
        /// This year's stage.
        to: Stage,
    },
    /// One year puts capital spending in lines of its own, the other inside
    /// each work plan (經資門併計), so every category moves by that too.
    Capital,
    /// By function only: one year's budget counts some lines by function
    /// (a single-function unit's running costs), the other has none to
    /// count so (Kaohsiung 107's table has no units).
    Function,
}

/// One year of a series, with the change from the year before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesRow {
    /// The fiscal year.
    pub year: FiscalYear,
    /// The figure, or why there is none.
    pub cell: Cell,
    /// The budget stage of the figure, where the year has a budget.
    pub stage: Option<Stage>,
    /// Change from the previous year; `None` when either year is missing.
    pub change: Option<Change>,
    /// Why the change is not like for like, when it is given and is not.
    pub caveat: Option<Caveat>,
}

/// Why two adjacent years' budgets do not compare like for like in a lens:
/// the first of their [`caveats`].
pub fn caveat(before: Option<&Document>, after: Option<&Document>, lens: Lens) -> Option<Caveat> {
    let (a, b) = (before?.budget.as_ref()?, after?.budget.as_ref()?);
    caveats(a, b, lens).first().copied()
}

/// Everything that is not like for like between two budgets in a lens, in
/// this order: the stage, whether lines are counted by function (in the
/// functional lens), where capital spending is.
pub fn caveats(a: &Budget, b: &Budget, lens: Lens) -> Vec<Caveat> {
    let mut out = Vec::new();
    if a.stage != b.stage {
        out.push(Caveat::Stage {
            from: a.stage,
            to: b.stage,
        });
    }
    if lens == Lens::Function && a.has_functions() != b.has_functions() {
        out.push(Caveat::Function);
    }
    if let (Some(x), Some(y)) = (a.capital_separate, b.capital_separate) {
        if x != y {
            out.push(Caveat::Capital);
        }
    }
    out
}

/// One city's figures for a category (or the total, `None`) across every
/// fiscal year from the data set's first to its last, gaps included.
pub fn series(
    ds: &Dataset,
    city: &CityId,
    category: Option<&CategoryId>,
    options: Options,
) -> Vec<SeriesRow> {
    let (Some(first), Some(last)) = (
        ds.documents.iter().map(|d| d.fiscal_year.0).min(),
        ds.documents.iter().map(|d| d.fiscal_year.0).max(),
    ) else {
        return Vec::new();
    };
    let mut rows: Vec<SeriesRow> = Vec::new();
    // The year before's document, for the caveat of each change.
    let mut before: Option<&Document> = None;
    for y in first..=last {
        let key = CityYear {
            city: city.clone(),
            year: FiscalYear(y),
        };
        let comparison = compare(ds, std::slice::from_ref(&key), options);
        let cell = match (category, comparison.columns.first()) {
            (_, None) => Cell::NoBudget,
            (None, Some(col)) => col.total,
            (Some(id), Some(col)) => match col.total {
                Cell::NoBudget => Cell::NoBudget,
                _ => comparison.cell(&key, id).unwrap_or(Cell::NoLine),
            },
        };
        let previous = rows.last().and_then(|r| r.cell.value());
        let doc = ds.document(city, key.year);
        let change = change(previous, cell.value());
        rows.push(SeriesRow {
            year: key.year,
            cell,
            stage: doc.and_then(Document::stage),
            change,
            caveat: change.and(caveat(before, doc, options.lens)),
        });
        before = doc;
    }
    rows
}

/// Compound annual growth over a series: from its first to its last figure.
pub fn series_cagr(rows: &[SeriesRow]) -> Option<f64> {
    let present = |r: &SeriesRow| Some((r.year, r.cell.value()?));
    let first = rows.iter().find_map(present)?;
    let last = rows.iter().rev().find_map(present)?;
    cagr(first, last)
}

/// A budget leaf in a category, with the names of the lines above it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineInCategory {
    /// The line's id.
    pub id: String,
    /// Names from the top-level line down to the leaf (unit › work plan › line).
    pub path: Vec<String>,
    /// NT$.
    pub amount: f64,
}

/// What a city-year has in one category: its budget leaves (`None` when it
/// has no budget) and the plan programmes that name the category.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill<'a> {
    /// Whose.
    pub key: CityYear,
    /// Budget leaves in the category, in budget order.
    pub lines: Option<Vec<LineInCategory>>,
    /// Programmes in the category, in plan order (empty without a plan).
    pub programs: Vec<&'a crate::core::model::Program>,
    /// Whether the city-year has a plan at all.
    pub has_plan: bool,
}

/// The lines and programmes of a city-year in a category, in a lens.
pub fn drill<'a>(ds: &'a Dataset, key: &CityYear, category: &CategoryId, lens: Lens) -> Drill<'a> {
    let doc = ds.document(&key.city, key.year);
    let lines = doc.and_then(|d| d.budget.as_ref()).map(|budget| {
        let unit = f64::from(budget.unit);
        let mut out = Vec::new();
        budget.for_each_leaf_in(lens, |path, c| {
            if let (Some(leaf), Some(c)) = (path.last(), c) {
                if c == category {
                    out.push(LineInCategory {
                        id: leaf.id.clone(),
                        path: path.iter().map(|l| l.name.clone()).collect(),
                        amount: leaf.amount.0 as f64 * unit,
                    });
                }
            }
        });
        out
    });
    let plan = doc.and_then(|d| d.plan.as_ref());
    Drill {
        key: key.clone(),
        lines,
        programs: plan.map_or_else(Vec::new, |p| {
            p.programs
                .iter()
                .filter(|p| p.categories.contains(category))
                .collect()
        }),
        has_plan: plan.is_some(),
    }
}

/// Programme counts by category for city-years with a plan: the categories
/// (taxonomy order) named by at least one programme, and per city-year the
/// count in each (`None` for a city-year without a plan).
pub fn program_counts(
    ds: &Dataset,
    keys: &[CityYear],
) -> (Vec<CategoryId>, Vec<Option<Vec<usize>>>) {
    let plans: Vec<Option<&crate::core::model::Plan>> = keys
        .iter()
        .map(|k| ds.document(&k.city, k.year).and_then(|d| d.plan.as_ref()))
        .collect();
    let categories = taxonomy_ids(ds, |id| {
        plans
            .iter()
            .flatten()
            .any(|p| p.programs.iter().any(|pr| pr.categories.contains(id)))
    });
    let counts = plans
        .iter()
        .map(|plan| {
            plan.map(|p| {
                categories
                    .iter()
                    .map(|id| {
                        p.programs
                            .iter()
                            .filter(|pr| pr.categories.contains(id))
                            .count()
                    })
                    .collect()
            })
        })
        .collect();
    (categories, counts)
}

/// The id of the category that [`Comparison::top`] folds the rest into.
pub const OTHER: &str = "other";

impl Comparison {
    /// The same figures with the categories ordered by their largest figure
    /// across the columns, largest first (taxonomy order among equals).
    pub fn sorted_by_size(&self) -> Comparison {
        let largest: Vec<f64> = (0..self.categories.len())
            .map(|i| {
                self.columns
                    .iter()
                    .filter_map(|c| c.cells.get(i).and_then(|cell| cell.value()))
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        let order = crate::core::order::sorted_order(self.categories.len(), &|a, b| {
            largest[b].total_cmp(&largest[a]).then(a.cmp(&b))
        });
        self.reordered(&order)
    }

    fn reordered(&self, order: &[usize]) -> Comparison {
        Comparison {
            categories: order.iter().map(|&i| self.categories[i].clone()).collect(),
            columns: self
                .columns
                .iter()
                .map(|c| Column {
                    key: c.key.clone(),
                    cells: order.iter().map(|&i| c.cells[i]).collect(),
                    total: c.total,
                    stage: c.stage,
                })
                .collect(),
            options: self.options,
        }
    }

    /// The first `n` categories, the rest folded into one [`OTHER`] category
    /// whose figure is the sum of the figures it folds (missing when none of
    /// them has one). Unchanged when there are at most `n + 1` categories.
    pub fn top(&self, n: usize) -> Comparison {
        if self.categories.len() <= n + 1 {
            return self.clone();
        }
        let mut out = self.reordered(&(0..n).collect::<Vec<_>>());
        out.categories.push(CategoryId(OTHER.to_owned()));
        for (col, full) in out.columns.iter_mut().zip(&self.columns) {
            let rest = &full.cells[n..];
            let values: Vec<f64> = rest.iter().filter_map(|c| c.value()).collect();
            col.cells.push(if values.is_empty() {
                rest.first().copied().unwrap_or(Cell::NoLine)
            } else {
                Cell::Value(values.iter().sum())
            });
        }
        out
    }
}
