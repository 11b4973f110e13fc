//! The data contract, version 1: the types every data file is read into.
//!
//! A data set is a manifest (`index.json`) naming a taxonomy file, an optional
//! reference file (CPI, population) and one document per city and fiscal year,
//! each in a file of its own or several in a [`Collection`] file.
//! These types are the public contract: the JSON Schema in
//! `www/schema/budget-compare-1.schema.json` is generated from them
//! ([`crate::core::schema`]). Field names never change within version 1.
//!
//! Reading ([`FromJson`], see [`crate::core::json`]) only checks shape (types,
//! required fields, the format tag, non-negative amounts); the rules that span
//! the document (unique ids, known categories, sums) live in
//! [`crate::core::validate`]. The serde `Serialize` derives write documents
//! (the importer) and their attributes shape the JSON Schema.

use std::fmt;

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::core::json::{
    expected, from_json_struct, one_of, unsigned, At, FromJson, ShapeError, Value,
};

/// The format tag every file of contract version 1 carries.
pub const FORMAT: &str = "budget-compare/1";

/// The `"format": "budget-compare/1"` tag; any other value is refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormatTag;

impl Serialize for FormatTag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(FORMAT)
    }
}

impl FromJson for FormatTag {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        match value {
            Value::String(s) if *s == FORMAT => Ok(FormatTag),
            _ => Err(expected(&format!("\"{FORMAT}\""), value, at)),
        }
    }
}

impl JsonSchema for FormatTag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatTag".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The contract version tag.",
            "const": FORMAT
        })
    }
}

/// An amount of money: a non-negative whole number in the budget's `unit`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Amount(pub u64);

impl FromJson for Amount {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        unsigned(value, at, "a non-negative integer").map(Amount)
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A non-negative whole number in the budget's unit (e.g. 千元 when unit is 1000).",
            "type": "integer",
            "minimum": 0
        })
    }
}

/// A fiscal year in the ROC calendar (Gregorian = ROC + 1911; Taiwan's fiscal
/// year is the calendar year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct FiscalYear(#[schemars(range(min = 1, max = 300))] pub u16);

impl FiscalYear {
    /// Years this contract accepts (ROC 1 = 1912 … ROC 300 = 2211).
    pub const RANGE: std::ops::RangeInclusive<u16> = 1..=300;

    /// The Gregorian calendar year.
    pub fn gregorian(self) -> u16 {
        self.0 + 1911
    }
}

/// The cities of `city_years`, in their order of first appearance, each with
/// its years, and the latest year they all have (`None` with fewer than two
/// cities or no shared year). One pass over the pairs: a large data set has
/// hundreds of documents.
pub fn latest_shared_year<'a>(
    city_years: impl Iterator<Item = (&'a CityId, FiscalYear)>,
) -> (Vec<&'a CityId>, Option<FiscalYear>) {
    let mut by_city: Vec<(&CityId, Vec<FiscalYear>)> = Vec::new();
    for (city, year) in city_years {
        match by_city.iter_mut().rev().find(|(c, _)| *c == city) {
            Some((_, years)) => years.push(year),
            None => by_city.push((city, vec![year])),
        }
    }
    let shared = match (by_city.as_slice(), by_city.len() >= 2) {
        ([(_, first), ..], true) => first
            .iter()
            .filter(|y| by_city.iter().all(|(_, years)| years.contains(y)))
            .max()
            .copied(),
        _ => None,
    };
    (by_city.into_iter().map(|(c, _)| c).collect(), shared)
}

impl FromJson for FiscalYear {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        u16::from_json(value, at).map(Self)
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema,
        )]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl FromJson for $name {
            fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
                String::from_json(value, at).map(Self)
            }
        }
    };
}

string_id!(
    /// A city's id, e.g. `kaohsiung`.
    CityId
);
string_id!(
    /// A shared taxonomy category's id, e.g. `inspection-safety`.
    CategoryId
);

/// What the id of a city ends with in a reader's own import of its
/// documents (`taichung~imported`): shown beside the published ones,
/// never mixed with them ([`crate::core::dataset::as_imported`]).
pub const IMPORTED_SUFFIX: &str = "~imported";

impl CityId {
    /// The id of a reader's own import of this city's documents.
    pub fn imported(&self) -> CityId {
        CityId(format!("{}{IMPORTED_SUFFIX}", self.origin()))
    }

    /// The city the id is of: `taichung` for `taichung~imported` too.
    pub fn origin(&self) -> &str {
        self.0.strip_suffix(IMPORTED_SUFFIX).unwrap_or(&self.0)
    }

    /// Whether the id is of a reader's own import.
    pub fn is_imported(&self) -> bool {
        self.0.ends_with(IMPORTED_SUFFIX)
    }
}

/// A city and fiscal year: one document of a data set, one column of a
/// comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CityYear {
    /// The city.
    pub city: CityId,
    /// The fiscal year (ROC).
    pub year: FiscalYear,
}

impl CityYear {
    /// A city-year.
    pub fn new(city: &str, year: u16) -> Self {
        Self {
            city: CityId(city.to_owned()),
            year: FiscalYear(year),
        }
    }
}

/// `kaohsiung.106`: how options, permalinks and the command line name a
/// city-year (read back by `ui::permalink::parse_key`).
impl fmt::Display for CityYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.city, self.year)
    }
}

/// Text in Traditional Chinese (required) and English (optional: a page that
/// only has Chinese still works; English falls back to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Localized {
    /// Traditional Chinese.
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Localized {
    /// Both languages.
    pub fn new(zh_tw: &str, en: &str) -> Self {
        Self {
            zh_tw: zh_tw.to_owned(),
            en: Some(en.to_owned()),
        }
    }

    /// The English text, or the Chinese where there is none.
    pub fn en_or_zh(&self) -> &str {
        self.en.as_deref().unwrap_or(&self.zh_tw)
    }
}

/// The manifest (`index.json`): what a data set consists of.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Manifest {
    /// Always `budget-compare/1`.
    pub format: FormatTag,
    /// The data set's title.
    pub title: Localized,
    /// The taxonomy file, relative to the manifest.
    pub taxonomy: String,
    /// The reference series file (CPI, population), relative to the manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// One entry per document.
    pub documents: Vec<DocumentRef>,
}

/// A manifest entry: where one city-year document is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DocumentRef {
    /// The document's URL, relative to the manifest.
    pub href: String,
    /// The city the document is about (must match the document).
    pub city: CityId,
    /// The fiscal year (ROC) the document is about (must match the document).
    pub fiscal_year: FiscalYear,
}

/// The shared categories both cities are compared on (`taxonomy.json`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Taxonomy {
    /// Always `budget-compare/1`.
    pub format: FormatTag,
    /// The categories, in display order.
    pub categories: Vec<Category>,
}

/// One shared category.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Category {
    /// A stable id, e.g. `employment-services`.
    pub id: CategoryId,
    /// The category's name.
    pub name: Localized,
    /// One line on what belongs here.
    pub description: Localized,
    /// The COFOG (Classification of the Functions of Government) code, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cofog: Option<String>,
    /// A CSS colour for the category, e.g. `#0072B2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Money the bureau only passes on (e.g. health and labour insurance
    /// subsidies); left out of the default view.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pass_through: bool,
}

/// The taxonomy's categories with a short key of each id: where a line's or
/// a plan's category is in the taxonomy, for the checks and the comparison.
pub struct CategoryIndex<'t> {
    categories: &'t [Category],
    keys: Vec<IdKey>,
}

/// An id's length and its first and last eight bytes (zero-padded): equal
/// for equal ids, and for ids of up to 16 bytes only for equal ids, so
/// most ids are told apart by comparing three numbers.
#[derive(Clone, Copy, PartialEq, Eq)]
struct IdKey(usize, u64, u64);

impl IdKey {
    fn of(id: &str) -> Self {
        let bytes = id.as_bytes();
        let eight = |at: usize| {
            bytes
                .get(at..at + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_le_bytes)
        };
        match (eight(0), bytes.len().checked_sub(8).and_then(eight)) {
            (Some(first), Some(last)) => IdKey(bytes.len(), first, last),
            // Shorter than eight bytes: all of it, zero-padded.
            _ => {
                let mut w = [0u8; 8];
                for (to, from) in w.iter_mut().zip(bytes) {
                    *to = *from;
                }
                IdKey(bytes.len(), u64::from_le_bytes(w), 0)
            }
        }
    }
}

impl<'t> CategoryIndex<'t> {
    /// The index of the taxonomy's `categories`.
    pub fn new(categories: &'t [Category]) -> Self {
        let keys = categories
            .iter()
            .map(|c| IdKey::of(c.id.as_str()))
            .collect();
        CategoryIndex { categories, keys }
    }

    /// The categories indexed.
    pub fn categories(&self) -> &'t [Category] {
        self.categories
    }

    /// Where `id` is in the taxonomy.
    pub fn position(&self, id: &CategoryId) -> Option<usize> {
        let key = IdKey::of(id.as_str());
        self.keys
            .iter()
            .zip(self.categories)
            .position(|(k, c)| *k == key && (key.0 <= 16 || c.id == *id))
    }
}

/// One city, one fiscal year: its sources, budget and plan.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Document {
    /// Always `budget-compare/1`.
    pub format: FormatTag,
    /// The city.
    pub city: City,
    /// The agency whose budget and plan this is.
    pub agency: Localized,
    /// The fiscal year (ROC).
    pub fiscal_year: FiscalYear,
    /// Where the figures and text come from.
    pub sources: Vec<Source>,
    /// The budget, where one is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// The plan, where one is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
}

/// Several documents in one file (e.g. every city's newest year), so that a
/// large data set needs few requests. Manifest entries name it as their
/// `href` like any document file; each entry's document is the one in
/// `documents` with the entry's city and fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Collection {
    /// Always `budget-compare/1`.
    pub format: FormatTag,
    /// The documents, each a whole document as it would be in a file of its own.
    pub documents: Vec<Document>,
}

/// A city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct City {
    /// Its id, e.g. `taichung`.
    pub id: CityId,
    /// Its name.
    pub name: Localized,
}

/// A source a document's figures or text come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Source {
    /// Id that lines refer to in their `source`.
    pub id: String,
    /// The source's title as published.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where it is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The file it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// What kind of figures it gives, e.g. "budget as published in the 歲出機關別預算表".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A budget: a tree of lines whose leaves carry a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Budget {
    /// The currency, `TWD`.
    pub currency: String,
    /// What one unit of `amount` is in the currency: 1000 for 千元.
    pub unit: u32,
    /// The total as stated by the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// The recurrent (經常門) part of the total, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<Amount>,
    /// The capital (資本門) part of the total, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital: Option<Amount>,
    /// Which stage of the budget cycle the figures are: `proposed` (預算案),
    /// `enacted` (法定預算), `final` (決算) or `published` (as printed, the
    /// source does not say). An addition within version 1: absent means
    /// `published`.
    #[serde(default)]
    pub stage: Stage,
    /// Whether capital (資本門) spending is in lines of its own (`true`) or
    /// inside each work plan's lines (`false`: 經資門併計), where known. Two
    /// years that differ here do not compare category by category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital_separate: Option<bool>,
    /// A note on the budget as a whole: what the figures include or leave out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The top-level lines.
    pub lines: Vec<Line>,
}

/// A budget line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Line {
    /// Unique within the document.
    pub id: String,
    /// The name as printed.
    pub name: String,
    /// The official code, e.g. `750100`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The amount in the budget's unit.
    pub amount: Amount,
    /// The taxonomy category (leaves; inherited from the nearest parent that has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryId>,
    /// The category by function, where it differs from `category`: for this
    /// line and the lines under it, in the functional lens ([`Lens::Function`]).
    /// A unit with a single function counts its own running costs
    /// (一般行政) and buildings (一般建築及設備) in that function. An addition
    /// within version 1: absent means the line's function is its category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<CategoryId>,
    /// A note: the source's explanation, or where the source is damaged or ambiguous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The id of the document source this line comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Sub-lines; comparisons add up leaves only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Line>,
}

/// A plan: goals and programmes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Plan {
    /// The plan's goals or highlights.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// The plan's programmes.
    #[serde(default)]
    pub programs: Vec<Program>,
}

/// A plan goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Goal {
    /// Unique within the document.
    pub id: String,
    /// The title.
    pub title: String,
    /// The text.
    pub text: String,
    /// Taxonomy categories it belongs to.
    #[serde(default)]
    pub categories: Vec<CategoryId>,
    /// A note on damaged or ambiguous source text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A plan programme.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Program {
    /// Unique within the document.
    pub id: String,
    /// The work plan (工作計畫) it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_plan: Option<String>,
    /// The title.
    pub title: String,
    /// The text.
    pub text: String,
    /// Taxonomy categories it belongs to (one or more).
    #[serde(default)]
    pub categories: Vec<CategoryId>,
    /// Ids of the budget lines that fund it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget_lines: Vec<String>,
    /// Numeric targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// A note on damaged or ambiguous source text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A numeric target of a programme, e.g. 職災千人率 ≤ 3.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Target {
    /// The target as written.
    pub text: String,
    /// The number.
    pub value: f64,
    /// Its unit, e.g. `人`.
    pub unit: String,
    /// Which way the target points.
    pub direction: Direction,
}

/// Which way a target points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The value must not exceed the target.
    AtMost,
    /// The value must reach at least the target.
    AtLeast,
    /// The value is the target.
    Exactly,
}

/// The stage of the budget cycle a document's figures come from. Figures of
/// different stages are never joined without saying so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// As printed; the source does not say whether draft or enacted.
    #[default]
    Published,
    /// The draft put to the council (預算案).
    Proposed,
    /// The budget as enacted (法定預算).
    Enacted,
    /// Final accounts: money actually spent (決算).
    Final,
}

impl Stage {
    /// Every stage, in the order of the budget cycle after `published`.
    pub const ALL: [Stage; 4] = [
        Stage::Published,
        Stage::Proposed,
        Stage::Enacted,
        Stage::Final,
    ];

    /// The stage a contract name (`proposed`…) names.
    pub fn from_id(id: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The name used in the contract.
    pub fn id(self) -> &'static str {
        match self {
            Stage::Published => "published",
            Stage::Proposed => "proposed",
            Stage::Enacted => "enacted",
            Stage::Final => "final",
        }
    }
}

/// How budget lines are read into categories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lens {
    /// By function (the default): a line counts in its `function` where it
    /// has one (own or inherited), else in its category. A unit with a
    /// single function carries its own running costs and buildings.
    #[default]
    Function,
    /// As budgeted: each line in its own category, line by line.
    Budgeted,
}

impl Lens {
    /// Both lenses, the default first.
    pub const ALL: [Lens; 2] = [Lens::Function, Lens::Budgeted];

    /// The name in options, permalinks and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Lens::Function => "function",
            Lens::Budgeted => "budgeted",
        }
    }

    /// The lens named `id`.
    pub fn from_id(id: &str) -> Option<Lens> {
        Lens::ALL.into_iter().find(|l| l.id() == id)
    }
}

/// Reference series for adjusted figures (`reference.json`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reference {
    /// Always `budget-compare/1`.
    pub format: FormatTag,
    /// Consumer price index by calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpi: Option<CpiSeries>,
    /// Registered population at year end, by city and calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<PopulationSeries>,
}

/// A price index series.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CpiSeries {
    /// Where the series comes from.
    pub source: Source,
    /// The index base, e.g. "2021 = 100".
    pub base: String,
    /// Caveats to show with adjusted figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One value per calendar year.
    pub values: Vec<YearValue>,
}

/// A population series.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PopulationSeries {
    /// Where the series comes from.
    pub source: Source,
    /// Caveats to show with per-resident figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One value per city and calendar year.
    pub values: Vec<CityYearValue>,
}

/// A value for a calendar (Gregorian) year.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct YearValue {
    /// Gregorian calendar year.
    pub year: u16,
    /// The value.
    pub value: f64,
    /// Where this value is not like the rest of the series (e.g. derived
    /// rather than published): shown with every figure that uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A value for a city and calendar (Gregorian) year.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CityYearValue {
    /// The city.
    pub city: CityId,
    /// Gregorian calendar year.
    pub year: u16,
    /// The value.
    pub value: f64,
}

from_json_struct!(Localized { zh_tw @ "zh-TW": req, en: opt });
from_json_struct!(Manifest {
    format: req,
    title: req,
    taxonomy: req,
    reference: opt,
    documents: req
});
from_json_struct!(DocumentRef {
    href: req,
    city: req,
    fiscal_year: req
});
from_json_struct!(Taxonomy {
    format: req,
    categories: req
});
from_json_struct!(Category {
    id: req,
    name: req,
    description: req,
    cofog: opt,
    color: opt,
    pass_through: or_default
});
from_json_struct!(Document {
    format: req,
    city: req,
    agency: req,
    fiscal_year: req,
    sources: req,
    budget: opt,
    plan: opt
});
from_json_struct!(City { id: req, name: req });
from_json_struct!(Source {
    id: req,
    title: req,
    publisher: opt,
    url: opt,
    file: opt,
    kind: opt
});
from_json_struct!(Budget {
    currency: req,
    unit: req,
    total: opt,
    recurrent: opt,
    capital: opt,
    stage: or_default,
    capital_separate: opt,
    note: opt,
    lines: req
});
from_json_struct!(Line {
    id: req,
    name: req,
    code: opt,
    amount: req,
    category: opt,
    function: opt,
    note: opt,
    source: opt,
    children: or_default
});
from_json_struct!(Plan {
    goals: or_default,
    programs: or_default
});
from_json_struct!(Goal {
    id: req,
    title: req,
    text: req,
    categories: or_default,
    note: opt
});
from_json_struct!(Program {
    id: req,
    work_plan: opt,
    title: req,
    text: req,
    categories: or_default,
    budget_lines: or_default,
    targets: or_default,
    note: opt
});
from_json_struct!(Target {
    text: req,
    value: req,
    unit: req,
    direction: req
});
from_json_struct!(Reference {
    format: req,
    cpi: opt,
    population: opt
});
from_json_struct!(CpiSeries {
    source: req,
    base: req,
    note: opt,
    values: req
});
from_json_struct!(PopulationSeries {
    source: req,
    note: opt,
    values: req
});
from_json_struct!(YearValue {
    year: req,
    value: req,
    note: opt
});
from_json_struct!(CityYearValue {
    city: req,
    year: req,
    value: req
});

impl FromJson for Stage {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        let ids = Stage::ALL.map(Stage::id);
        let i = one_of(value, at, &ids)?;
        Ok(Stage::ALL[i])
    }
}

impl FromJson for Direction {
    fn from_json(value: &Value<'_>, at: At<'_>) -> Result<Self, ShapeError> {
        const ALL: [Direction; 3] = [Direction::AtMost, Direction::AtLeast, Direction::Exactly];
        let i = one_of(value, at, &["at_most", "at_least", "exactly"])?;
        Ok(ALL[i])
    }
}

impl Line {
    /// Whether the line has no children (only leaves are added up).
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

impl Document {
    /// The budget stage of the document's figures; `None` without a budget.
    pub fn stage(&self) -> Option<Stage> {
        self.budget.as_ref().map(|b| b.stage)
    }
}

impl Budget {
    /// Visits every leaf with its effective category (own or inherited) and
    /// its path of ancestors (outermost first, the leaf last), as budgeted.
    pub fn for_each_leaf<'a>(&'a self, f: impl FnMut(&[&'a Line], Option<&'a CategoryId>)) {
        self.for_each_leaf_in(Lens::Budgeted, f);
    }

    /// Visits every leaf with its category in a lens and its path of
    /// ancestors (outermost first, the leaf last). In the functional lens a
    /// leaf's category is the nearest `function` on its path, else its
    /// category as budgeted.
    pub fn for_each_leaf_in<'a>(
        &'a self,
        lens: Lens,
        mut f: impl FnMut(&[&'a Line], Option<&'a CategoryId>),
    ) {
        self.for_each_leaf_in_both(|path, budgeted, by_function| {
            f(
                path,
                match lens {
                    Lens::Function => by_function,
                    Lens::Budgeted => budgeted,
                },
            );
        });
    }

    /// Visits every leaf with its path and its category in both lenses:
    /// as budgeted (own or inherited `category`) and by function (the
    /// nearest `function` on its path, else the budgeted one).
    pub fn for_each_leaf_in_both<'a>(
        &'a self,
        mut f: impl FnMut(&[&'a Line], Option<&'a CategoryId>, Option<&'a CategoryId>),
    ) {
        /// The categories a line passes down: as budgeted, by function.
        type Inherited<'a> = (Option<&'a CategoryId>, Option<&'a CategoryId>);
        type Visit<'f, 'a> =
            dyn FnMut(&[&'a Line], Option<&'a CategoryId>, Option<&'a CategoryId>) + 'f;
        fn walk<'a>(
            line: &'a Line,
            (category, function): Inherited<'a>,
            path: &mut Vec<&'a Line>,
            f: &mut Visit<'_, 'a>,
        ) {
            path.push(line);
            let here = (
                line.category.as_ref().or(category),
                line.function.as_ref().or(function),
            );
            if line.is_leaf() {
                f(path, here.0, here.1.or(here.0));
            } else {
                for child in &line.children {
                    walk(child, here, path, f);
                }
            }
            path.pop();
        }
        let mut path = Vec::new();
        for line in &self.lines {
            walk(line, (None, None), &mut path, &mut f);
        }
    }

    /// Whether any line is counted by function (has a `function`).
    pub fn has_functions(&self) -> bool {
        let mut any = false;
        self.for_each_line(|l| any |= l.function.is_some());
        any
    }

    /// Visits every line, parents before their children.
    pub fn for_each_line<'a>(&'a self, mut f: impl FnMut(&'a Line)) {
        fn walk<'a>(line: &'a Line, f: &mut dyn FnMut(&'a Line)) {
            f(line);
            for child in &line.children {
                walk(child, f);
            }
        }
        for line in &self.lines {
            walk(line, &mut f);
        }
    }

    /// The sum of the leaves, in the budget's unit.
    pub fn leaf_total(&self) -> u64 {
        let mut sum = 0u64;
        self.for_each_leaf(|path, _| {
            if let Some(leaf) = path.last() {
                sum = sum.saturating_add(leaf.amount.0);
            }
        });
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json;

    #[test]
    fn a_leaf_category_is_found_by_its_whole_id() {
        // Ids of 1, 8, 9, 16 and 17+ bytes; the long ones share their
        // length and their first and last eight bytes.
        let ids = [
            "a",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh-ijklmno",
            "employment-A-services",
            "employment-B-services",
            "abcdefgh-ijklmnp",
        ];
        let categories: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"id":"{id}","name":{{"zh-TW":"x","en":"x"}},"description":{{"zh-TW":"x","en":"x"}}}}"#))
            .collect();
        let text = format!(
            r#"{{"format":"budget-compare/1","categories":[{}]}}"#,
            categories.join(",")
        );
        let taxonomy: Taxonomy = json::from_str(&text).expect("a taxonomy");
        let keys = CategoryIndex::new(&taxonomy.categories);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(keys.position(&CategoryId::from(*id)), Some(i), "{id}");
        }
        for id in [
            "",
            "b",
            "abcdefg",
            "abcdefgh-ijklmnq",
            "employment-C-services",
            "abcdefghi ",
        ] {
            assert_eq!(keys.position(&CategoryId::from(id)), None, "{id:?}");
        }
    }
}
