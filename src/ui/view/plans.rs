//! The Plans view: two city-years' programmes side by side, grouped by
//! category, filtered and highlighted by the search.

use crate::core::compare::CityYear;
use crate::core::dataset::Dataset;
use crate::core::format;
use crate::core::model::{Document, Program};
use crate::core::search::Query;
use crate::ui::i18n::{t, Key};
use crate::ui::state::State;
use crate::ui::view::{city_year_label, local};

/// Text split into `(piece, is_match)` runs.
pub type Marked = Vec<(String, bool)>;

/// A programme as the Plans view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProgram {
    /// Its title, marked.
    pub title: Marked,
    /// Its work plan.
    pub work_plan: String,
    /// Its text, marked.
    pub text: Marked,
    /// Its targets as written.
    pub targets: Vec<String>,
    /// The budget lines that fund it: `name（amount）`.
    pub funded_by: Vec<String>,
    /// A note on damaged source text.
    pub note: Option<String>,
}

/// A category's programmes on one side.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanGroup {
    /// The category's name.
    pub category: String,
    /// Its programmes (each under its first category).
    pub programs: Vec<PlanProgram>,
}

/// One side of the Plans view.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSide {
    /// `臺中市 109年 (2020)`.
    pub label: String,
    /// How many programmes match of how many.
    pub count: String,
    /// Programmes by category, taxonomy order.
    pub groups: Vec<PlanGroup>,
}

/// Everything the Plans view renders.
#[derive(Debug, Clone, PartialEq)]
pub struct PlansView {
    /// The city-years that have a plan, for the two pickers.
    pub choices: Vec<(CityYear, String)>,
    /// The two sides (`None` where nothing is chosen or it has no plan).
    pub sides: [Option<PlanSide>; 2],
}

fn funded_by(doc: &Document, program: &Program, lang: crate::core::format::Lang) -> Vec<String> {
    let Some(budget) = &doc.budget else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for id in &program.budget_lines {
        budget.for_each_line(|line| {
            if &line.id == id {
                out.push(format!(
                    "{}（{}）",
                    line.name,
                    format::thousands(line.amount.0 as f64 * f64::from(budget.unit), lang)
                ));
            }
        });
    }
    out
}

/// A programme of `doc` as the views show it, with `query`'s matches marked.
pub fn plan_program(
    doc: &Document,
    p: &Program,
    query: &Query,
    lang: crate::core::format::Lang,
) -> PlanProgram {
    PlanProgram {
        title: query.highlight(&p.title),
        work_plan: p.work_plan.clone().unwrap_or_default(),
        text: query.highlight(&p.text),
        targets: p.targets.iter().map(|t| t.text.clone()).collect(),
        funded_by: funded_by(doc, p, lang),
        note: p.note.clone(),
    }
}

fn side(ds: &Dataset, key: &CityYear, query: &Query, state: &State) -> Option<PlanSide> {
    let lang = state.lang;
    let doc = ds.document(&key.city, key.year)?;
    let plan = doc.plan.as_ref()?;
    let mut groups: Vec<PlanGroup> = Vec::new();
    let mut shown = 0;
    for category in &ds.taxonomy.categories {
        let programs: Vec<PlanProgram> = plan
            .programs
            .iter()
            .filter(|p| p.categories.first() == Some(&category.id))
            .filter(|p| {
                let names: Vec<String> = p
                    .categories
                    .iter()
                    .filter_map(|c| ds.category(c))
                    .flat_map(|c| [c.name.zh_tw.clone(), c.name.en_or_zh().to_owned()])
                    .collect();
                let mut texts: Vec<&str> = vec![&p.title, &p.text];
                texts.extend(p.work_plan.as_deref());
                texts.extend(p.targets.iter().map(|t| t.text.as_str()));
                texts.extend(names.iter().map(String::as_str));
                query.matches(&texts)
            })
            .map(|p| plan_program(doc, p, query, lang))
            .collect();
        shown += programs.len();
        if !programs.is_empty() {
            groups.push(PlanGroup {
                category: local(&category.name, lang).to_owned(),
                programs,
            });
        }
    }
    Some(PlanSide {
        label: city_year_label(ds, key, lang),
        count: format!(
            "{shown} / {} {}",
            plan.programs.len(),
            t(lang, Key::Matches)
        ),
        groups,
    })
}

/// Builds the Plans view for a state.
pub fn plans_view(ds: &Dataset, state: &State) -> PlansView {
    let query = Query::new(&state.query);
    let choices = ds
        .documents
        .iter()
        .filter(|d| d.plan.is_some())
        .map(|d| {
            let key = CityYear {
                city: d.city.id.clone(),
                year: d.fiscal_year,
            };
            let label = city_year_label(ds, &key, state.lang);
            (key, label)
        })
        .collect();
    let pick = |i: usize| {
        state.plans[i]
            .as_ref()
            .and_then(|k| side(ds, k, &query, state))
    };
    PlansView {
        choices,
        sides: [pick(0), pick(1)],
    }
}
