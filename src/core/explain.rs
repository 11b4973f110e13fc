//! Explain a difference: the budget lines behind the change from one
//! city-year to another, for the total or a category, in a lens and a metric.
//!
//! Lines are matched level by level: among the lines under two matched
//! parents, first by code, then by name. Where one side has sub-lines and
//! the other does not, the pair is compared at the level both have. Lines
//! left over on one side are taken leaf by leaf, and a leftover leaf of
//! each side with the same name (the only one of that name) is paired.
//! Every counted leaf is under exactly one contribution, so the
//! contributions add up to the change exactly (in the document unit:
//! whole numbers, no rounding).
//!
//! Besides the lines, an explanation says what is not like for like (stage,
//! capital basis, lens basis, lines that moved category, the pass-through
//! share) and what the change is per resident and at constant prices.

use std::collections::HashMap;

use crate::core::compare::{
    caveats, cpi, default_real_base, population, Caveat, CityYear, Metric, Options,
};
use crate::core::dataset::Dataset;
use crate::core::model::{Budget, CategoryId, Document, Line, Stage};

/// One line's (or matched pair's) part in a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Names from the top-level line down (the later side's where both have it).
    pub path: Vec<String>,
    /// The official code, where the line has one.
    pub code: Option<String>,
    /// The figure on the earlier side; `None`: no such line there, or none
    /// of it counted (not in the category).
    pub from: Option<f64>,
    /// The figure on the later side; `None` as for `from`.
    pub to: Option<f64>,
    /// `to - from`, a missing side counting as nothing.
    pub change: f64,
    /// The line's 說明 (the later side's, else the earlier's).
    pub note: Option<String>,
    /// The line's leaves are in other categories on the two sides (in the
    /// lens): the line moved, in part or whole, between categories.
    pub moved: bool,
    /// How many lines of each side it covers: more than one where leftover
    /// lines of one name are compared as one (`path` is then the name).
    pub lines: [usize; 2],
}

/// The pass-through (social insurance) part of a total's change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassThrough {
    /// Whether it is counted in the change.
    pub included: bool,
    /// Its change in the metric, counted or not.
    pub change: f64,
    /// Its percent of each side's whole budget.
    pub share: (Option<f64>, Option<f64>),
}

/// A side's figure in another metric, where the reference series cover both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// The metric.
    pub metric: Metric,
    /// The earlier side's figure.
    pub from: f64,
    /// The later side's figure.
    pub to: f64,
}

/// Why a difference cannot be explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unexplained {
    /// The city-year has no budget.
    NoBudget(CityYear),
    /// The city-year's budget has no line in the category.
    NoLine(CityYear),
    /// The metric needs a reference figure (population, CPI) the city-year lacks.
    NoReference(CityYear),
}

/// A difference, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The earlier (or first) city-year.
    pub from: CityYear,
    /// The later (or second) city-year.
    pub to: CityYear,
    /// The category explained; `None`: the total.
    pub category: Option<CategoryId>,
    /// The metric, lens and pass-through of the figures.
    pub options: Options,
    /// NT$ per unit of an amount or real-terms figure: 1000 when both
    /// budgets are in 千元 (per resident is in NT$, a share in percent).
    pub unit: u32,
    /// The earlier side's figure.
    pub from_total: f64,
    /// The later side's figure.
    pub to_total: f64,
    /// `to_total - from_total`.
    pub change: f64,
    /// Every line with a figure on either side, largest change first; they
    /// add up to `change`.
    pub contributions: Vec<Contribution>,
    /// What is not like for like: stage, lens basis, capital basis.
    pub caveats: Vec<Caveat>,
    /// The stages of the two sides.
    pub stages: (Stage, Stage),
    /// The pass-through part, for a total.
    pub pass_through: Option<PassThrough>,
    /// The two sides in amount, per resident and at constant prices, where
    /// the reference series cover both (the metric explained among them).
    pub sizes: Vec<Size>,
}

impl Explanation {
    /// The first `n` contributions and the sum of the rest ("other"), `None`
    /// when there is no rest.
    pub fn top(&self, n: usize) -> (&[Contribution], Option<f64>) {
        if self.contributions.len() <= n {
            return (&self.contributions, None);
        }
        let (shown, rest) = self.contributions.split_at(n);
        (shown, Some(rest.iter().map(|c| c.change).sum()))
    }

    /// How many contributions are of lines that moved between categories.
    pub fn moved(&self) -> usize {
        self.contributions.iter().filter(|c| c.moved).count()
    }
}

/// A line's counted leaves, summed.
#[derive(Debug, Default)]
struct Agg<'a> {
    /// Counted, in the budget's unit.
    amount: u64,
    /// Of which pass-through (counted or not), in the budget's unit.
    pass: u64,
    /// Whether any leaf under it is counted.
    counted: bool,
    /// The categories of all its leaves, in the lens, each once.
    categories: Vec<&'a CategoryId>,
}

/// One side: its document's lines summed per line, and its metric factor.
struct Side<'a> {
    budget: &'a Budget,
    sums: HashMap<*const Line, Agg<'a>>,
    /// NT$ of all that is counted in the total (for shares).
    total: u64,
}

impl<'a> Side<'a> {
    fn new(
        ds: &Dataset,
        budget: &'a Budget,
        category: Option<&CategoryId>,
        options: Options,
    ) -> Self {
        let mut sums: HashMap<*const Line, Agg<'a>> = HashMap::new();
        let mut total = 0u64;
        budget.for_each_leaf_in(options.lens, |path, cat| {
            let Some(leaf) = path.last() else {
                return;
            };
            let pass = cat
                .and_then(|c| ds.category(c))
                .is_some_and(|c| c.pass_through);
            // As the comparison counts: a leaf with a category, pass-through
            // only when asked for.
            let in_total = cat.is_some() && (options.pass_through || !pass);
            if in_total {
                total = total.saturating_add(leaf.amount.0);
            }
            let counted = match category {
                Some(c) => in_total && cat == Some(c),
                None => in_total,
            };
            for line in path {
                let agg = sums.entry(std::ptr::from_ref(*line)).or_default();
                if counted {
                    agg.amount = agg.amount.saturating_add(leaf.amount.0);
                    agg.counted = true;
                }
                if pass {
                    agg.pass = agg.pass.saturating_add(leaf.amount.0);
                }
                if let Some(c) = cat {
                    if !agg.categories.contains(&c) {
                        agg.categories.push(c);
                    }
                }
            }
        });
        Side {
            budget,
            sums,
            total: total.saturating_mul(u64::from(budget.unit)),
        }
    }

    fn agg(&self, line: &Line) -> Option<&Agg<'a>> {
        self.sums.get(&std::ptr::from_ref(line))
    }

    /// The categories of the leaves under lines, in the lens, each once.
    fn categories(&self, lines: &[&Line]) -> Vec<&'a CategoryId> {
        let mut all: Vec<&CategoryId> = Vec::new();
        for c in lines
            .iter()
            .filter_map(|l| self.agg(l))
            .flat_map(|g| &g.categories)
        {
            if !all.contains(c) {
                all.push(c);
            }
        }
        all
    }

    /// The counted sum of lines, in the budget's unit.
    fn counted(&self, lines: &[&Line]) -> (u64, bool) {
        lines
            .iter()
            .filter_map(|l| self.agg(l))
            .fold((0, false), |(a, c), g| {
                (a.saturating_add(g.amount), c || g.counted)
            })
    }
}

/// Whether two lists (each without repeats) hold the same items.
fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// The one line of a row's side, if it is one.
fn only<'l>(lines: &[&'l Line]) -> Option<&'l Line> {
    match lines {
        [l] => Some(*l),
        _ => None,
    }
}

/// A row before its figures: the lines of each side it covers (none: the
/// side has no such line), and its names.
struct Row<'a> {
    path: Vec<String>,
    from: Vec<&'a Line>,
    to: Vec<&'a Line>,
}

/// The leaves left over on each side after pairing: path and leaf.
type Leftovers<'a> = [Vec<(Vec<String>, &'a Line)>; 2];

/// A line's name without its city's (`臺中市勞動檢查處` → `勞動檢查處`,
/// `臺中市政府勞工局` → `勞工局`), so two cities' units pair by name.
fn plain_name<'l>(line: &'l Line, city: &str) -> &'l str {
    let name = line.name.as_str();
    match name.strip_prefix(city).filter(|_| !city.is_empty()) {
        Some(rest) => rest.strip_prefix("政府").unwrap_or(rest),
        None => name,
    }
}

/// Pairs the lines under two matched parents (or the top levels) of the
/// budgets of two cities (`cities`: their names, the same for one city):
/// by code, then by name, each only where it is the one line of its key
/// among its siblings on both sides.
fn pair<'a>(
    (from, to): (&'a [Line], &'a [Line]),
    cities: (&str, &str),
    path: &[String],
    rows: &mut Vec<Row<'a>>,
    left: &mut Leftovers<'a>,
) {
    type Key = for<'l> fn(&'l Line, &str) -> Option<&'l str>;
    let keys: [Key; 2] = [
        |l, _| l.code.as_deref(),
        |l, city| Some(plain_name(l, city)),
    ];
    let mut used = vec![false; from.len()];
    let mut matched: Vec<Option<usize>> = vec![None; to.len()];
    for key in keys {
        let of = |lines: &'a [Line], city| lines.iter().map(move |l| key(l, city));
        let once = |lines, city, k| of(lines, city).filter(|x| *x == Some(k)).count() == 1;
        for (j, b) in to.iter().enumerate() {
            let Some(k) = key(b, cities.1).filter(|_| matched[j].is_none()) else {
                continue;
            };
            if !once(to, cities.1, k) || !once(from, cities.0, k) {
                continue;
            }
            if let Some(i) = of(from, cities.0).position(|x| x == Some(k)) {
                if !used[i] {
                    used[i] = true;
                    matched[j] = Some(i);
                }
            }
        }
    }
    for (j, b) in to.iter().enumerate() {
        let mut here = path.to_vec();
        here.push(b.name.clone());
        match matched[j] {
            Some(i) if !from[i].is_leaf() && !b.is_leaf() => {
                pair((&from[i].children, &b.children), cities, &here, rows, left);
            }
            Some(i) => rows.push(Row {
                path: here,
                from: vec![&from[i]],
                to: vec![b],
            }),
            None => leaves(b, here, &mut left[1]),
        }
    }
    for (a, _) in from.iter().zip(&used).filter(|(_, u)| !**u) {
        let mut here = path.to_vec();
        here.push(a.name.clone());
        leaves(a, here, &mut left[0]);
    }
}

/// A line left on one side, leaf by leaf.
fn leaves<'a>(line: &'a Line, path: Vec<String>, out: &mut Vec<(Vec<String>, &'a Line)>) {
    if line.is_leaf() {
        out.push((path, line));
        return;
    }
    for child in &line.children {
        let mut here = path.clone();
        here.push(child.name.clone());
        leaves(child, here, out);
    }
}

/// Rows of the leftover leaves: those of a name both sides have are one
/// row (a year that sums its units' 行政管理 into one line is compared with
/// the sum of them), the rest one row each.
fn pair_leftovers<'a>([mut from, mut to]: Leftovers<'a>, rows: &mut Vec<Row<'a>>) {
    let one = |(path, l): (Vec<String>, &'a Line), earlier: bool| Row {
        path,
        from: if earlier { vec![l] } else { Vec::new() },
        to: if earlier { Vec::new() } else { vec![l] },
    };
    while let Some(name) = to.first().map(|(_, l)| l.name.clone()) {
        let take = |side: &mut Vec<(Vec<String>, &'a Line)>| {
            let (named, rest): (Vec<_>, Vec<_>) = side.drain(..).partition(|(_, l)| l.name == name);
            *side = rest;
            named
        };
        let (mut b, a) = (take(&mut to), take(&mut from));
        match (a.len(), b.len()) {
            (0, _) => rows.extend(b.into_iter().map(|x| one(x, false))),
            (1, 1) => {
                let ((_, x), (path, y)) = (&a[0], b.remove(0));
                rows.push(Row {
                    path,
                    from: vec![*x],
                    to: vec![y],
                });
            }
            _ => rows.push(Row {
                path: vec![name],
                from: a.into_iter().map(|(_, l)| l).collect(),
                to: b.into_iter().map(|(_, l)| l).collect(),
            }),
        }
    }
    rows.extend(from.into_iter().map(|x| one(x, true)));
}

/// What one NT$ of a side is in the metric (in `unit`s for amounts), or why
/// there is none.
fn factor(
    ds: &Dataset,
    key: &CityYear,
    total: u64,
    metric: Metric,
    unit: u32,
) -> Result<f64, Unexplained> {
    let reference = ds.reference.as_ref();
    let year = key.year.gregorian();
    let missing = || Unexplained::NoReference(key.clone());
    match metric {
        Metric::Amount => Ok(1.0 / f64::from(unit)),
        Metric::Share if total > 0 => Ok(100.0 / total as f64),
        Metric::Share => Err(Unexplained::NoLine(key.clone())),
        Metric::PerResident => population(reference, &key.city, year)
            .filter(|p| *p > 0.0)
            .map(|p| 1.0 / p)
            .ok_or_else(missing),
        Metric::Real { base } => match (cpi(reference, base), cpi(reference, year)) {
            (Some(b), Some(y)) if y > 0.0 => Ok(b / y / f64::from(unit)),
            _ => Err(missing()),
        },
    }
}

/// Explains the change from `from` to `to` (two years of a city, or two
/// city-years side by side) in the total (`category: None`) or a category.
pub fn explain(
    ds: &Dataset,
    from: &CityYear,
    to: &CityYear,
    category: Option<&CategoryId>,
    options: Options,
) -> Result<Explanation, Unexplained> {
    let budget = |key: &CityYear| {
        ds.document(&key.city, key.year)
            .and_then(|d: &Document| d.budget.as_ref())
            .ok_or_else(|| Unexplained::NoBudget(key.clone()))
    };
    let (a, b) = (budget(from)?, budget(to)?);
    let (sa, sb) = (
        Side::new(ds, a, category, options),
        Side::new(ds, b, category, options),
    );
    let top = |s: &Side<'_>| {
        let lines: Vec<&Line> = s.budget.lines.iter().collect();
        s.counted(&lines)
    };
    for (key, side) in [(from, &sa), (to, &sb)] {
        if !top(side).1 {
            return Err(Unexplained::NoLine(key.clone()));
        }
    }
    // Amounts in the budgets' unit when they share one, else in NT$.
    let unit = if a.unit == b.unit { a.unit } else { 1 };
    let (ka, kb) = (
        factor(ds, from, sa.total, options.metric, unit)? * f64::from(a.unit),
        factor(ds, to, sb.total, options.metric, unit)? * f64::from(b.unit),
    );

    let mut rows = Vec::new();
    let mut left: Leftovers<'_> = [Vec::new(), Vec::new()];
    let city = |key: &CityYear| {
        ds.document(&key.city, key.year)
            .map_or("", |d| d.city.name.zh_tw.as_str())
    };
    pair(
        (&a.lines, &b.lines),
        (city(from), city(to)),
        &[],
        &mut rows,
        &mut left,
    );
    pair_leftovers(left, &mut rows);
    let figure = |side: &Side<'_>, lines: &[&Line], k: f64| {
        let (amount, counted) = side.counted(lines);
        counted.then_some(amount as f64 * k)
    };
    let mut contributions: Vec<Contribution> = rows
        .into_iter()
        .filter_map(|row| {
            let (x, y) = (figure(&sa, &row.from, ka), figure(&sb, &row.to, kb));
            if x.is_none() && y.is_none() {
                return None;
            }
            let moved = category.is_some()
                && !row.from.is_empty()
                && !row.to.is_empty()
                && !same_set(&sa.categories(&row.from), &sb.categories(&row.to));
            // The line's own code and 說明, where the row is one line a side.
            let (la, lb) = (only(&row.from), only(&row.to));
            Some(Contribution {
                path: row.path,
                code: lb.or(la).and_then(|l| l.code.clone()),
                from: x,
                to: y,
                change: y.unwrap_or(0.0) - x.unwrap_or(0.0),
                note: lb
                    .and_then(|l| l.note.clone())
                    .or_else(|| la.and_then(|l| l.note.clone())),
                moved,
                lines: [row.from.len(), row.to.len()],
            })
        })
        .collect();
    let order = crate::core::order::sorted_order(contributions.len(), &|i, j| {
        contributions[j]
            .change
            .abs()
            .total_cmp(&contributions[i].change.abs())
            .then(i.cmp(&j))
    });
    contributions = order.iter().map(|&i| contributions[i].clone()).collect();

    let (from_total, to_total) = (top(&sa).0 as f64 * ka, top(&sb).0 as f64 * kb);
    let pass = |s: &Side<'_>| -> u64 {
        s.budget
            .lines
            .iter()
            .filter_map(|l| s.agg(l))
            .map(|g| g.pass)
            .sum()
    };
    let pass_through = category.is_none().then(|| PassThrough {
        included: options.pass_through,
        change: pass(&sb) as f64 * kb - pass(&sa) as f64 * ka,
        share: (
            crate::core::compare::pass_through_share(ds, from),
            crate::core::compare::pass_through_share(ds, to),
        ),
    });
    // The change in the other measures of size.
    let base = match options.metric {
        Metric::Real { base } => base,
        _ => default_real_base(ds),
    };
    let metrics = [Metric::Amount, Metric::PerResident, Metric::Real { base }];
    let sizes = metrics
        .into_iter()
        .filter_map(|metric| {
            let k = |key, s: &Side<'_>, unit_of: u32| {
                factor(ds, key, s.total, metric, unit)
                    .ok()
                    .map(|f| f * f64::from(unit_of))
            };
            Some(Size {
                metric,
                from: top(&sa).0 as f64 * k(from, &sa, a.unit)?,
                to: top(&sb).0 as f64 * k(to, &sb, b.unit)?,
            })
        })
        .collect();
    Ok(Explanation {
        from: from.clone(),
        to: to.clone(),
        category: category.cloned(),
        options,
        unit,
        from_total,
        to_total,
        change: to_total - from_total,
        contributions,
        caveats: caveats(a, b, options.lens),
        stages: (a.stage, b.stage),
        pass_through,
        sizes,
    })
}
