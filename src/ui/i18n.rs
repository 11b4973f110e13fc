//! Every user-visible string of the widget, in zh-TW and English, in one place.

use crate::core::format::Lang;

macro_rules! strings {
    ($($key:ident => $zh:expr, $en:expr;)*) => {
        /// A user-visible string: its zh-TW and English text. Each key is a
        /// constant, inlined where it is used, so a module carries only the
        /// strings its code can reach: the lazily loaded views' strings stay
        /// out of the widget's module (an index into one table of every
        /// string kept them all in both).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Key(&'static [&'static str; 2]);

        #[allow(non_upper_case_globals, missing_docs)]
        impl Key {
            $(pub const $key: Key = Key(&[$zh, $en]);)*

            /// Every key, for the completeness test.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }
    };
}

/// The string in a language.
pub fn t(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::ZhTw => key.0[0],
        Lang::En => key.0[1],
    }
}

strings! {
    Loading => "載入資料中…", "Loading data…";
    LoadingMore => "其餘年度的文件載入中：", "Loading the other years' documents: ";
    LoadFailed => "無法載入資料", "The data could not be loaded";
    NotLoaded => "無法載入：", "Could not be loaded: ";
    FileNotLoaded => "資料檔無法載入（見上方說明）", "its file could not be loaded (see above)";
    DocumentsRefused => "下列文件無法使用，其餘照常顯示：", "These documents could not be used; the others are shown:";
    ReferenceRefused => "參考資料（物價指數、人口）無法使用，實質金額與每人金額無法計算：", "The reference data (consumer prices, population) could not be used, so figures in real terms and per resident cannot be computed:";
    Warnings => "資料檢查提醒", "Data check warnings";
    CityYears => "城市與年度", "Cities and years";
    NoBudget => "無預算資料", "no budget data";
    NoData => "無資料", "no data";
    NoLine => "無對應項目", "no line in this category";
    NoReference => "缺參考數據", "reference figure missing";
    PassThrough => "包含社會保險補助（轉付款項）", "Include social-insurance subsidies (pass-through)";
    PassThroughNote => "社會保險補助是市府代為支付的健保、勞保保費，屬轉付款項，預設不列入比較。",
        "Social-insurance subsidies are health and labour insurance premiums the city pays on, money passed through, so the default view leaves them out.";
    PassThroughShares => "占勞工局預算", "Share of the Labor Bureau budget";
    StageColumn => "預算階段", "Stage";
    ChartTitle => "勞工局預算：依共同分類比較", "Labor Bureau budgets by shared category";
    SubtitleAmount => "預算數，新臺幣", "Budget, NT$";
    SubtitleAmountFinal => "預算數與決算數，新臺幣", "Budget and final accounts, NT$";
    StagePublished => "預算", "budget";
    StageProposed => "預算案", "draft budget";
    StageEnacted => "法定預算", "enacted budget";
    StageFinal => "決算", "final accounts";
    StagePublishedText => "預算表所列的預算數，來源未說明是預算案還是法定預算。", "the budget as printed in the budget table; the source does not say whether it is the draft or the enacted budget.";
    StageProposedText => "市府送議會審議的預算草案，議會可能刪減。", "the draft the city government put to the council, which may cut it.";
    StageEnactedText => "議會通過的預算。", "the budget as passed by the council.";
    StageFinalText => "實際支出的金額（決算），不是預算；與預算相比，差額也包含編了沒有用掉的錢。", "the money actually spent, not a budget: set against a budget, the difference also includes money budgeted and not spent.";
    Stages => "預算階段", "Budget stages";
    StagesIntro => "每個數字都標明它屬於哪個階段；不同階段的數字不宜直接比較，圖表與表格會標出階段改變之處。", "Every figure says which stage it is; figures of different stages do not compare like for like, and the charts and tables mark where the stage changes.";
    StageChange => "預算階段不同", "different budget stages";
    CapitalChange => "資本門改列：前一年經資門併計，本年資本門自成一類，各類別增減也反映這項改列", "capital moved: the year before put capital spending inside each work plan, this year has it in a category of its own, so every category's change reflects that too";
    AcrossStages => "跨不同預算階段", "across different budget stages";
    CapitalShort => "資本門改列", "capital moved";
    CapitalInChange => "含資本門改列的影響", "includes capital moving to a category of its own";
    FunctionShort => "職能歸屬基礎不同", "function basis changed";
    FunctionInChange => "含職能歸屬基礎改變的影響", "includes a change in what counts by function";
    FunctionChange => "職能歸屬基礎不同：一年的預算表有單位別，單一職能單位的行政與建築費用計入其職能；另一年沒有單位別，這些費用仍列行政管理", "function basis changed: one year's table has units, so a single-function unit's running costs and buildings count in its function; the other year's has none, so they stay in administration";
    Lens => "歸類方式", "Counted";
    LensFunction => "依職能", "by function";
    LensBudgeted => "依預算科目", "as budgeted";
    LensFunctionText => "依職能：只有單一職能的單位（如勞動檢查處），其一般行政（人事、辦公）與建築設備費用計入該職能；職能多元的單位（如局本部）仍列行政管理。", "By function: a unit with a single function (such as the labour inspection office) counts its administration (staff, office) and buildings in that function; a unit with several functions (such as the bureau headquarters) keeps them in administration.";
    LensBudgetedText => "依預算科目：每一預算項目照其科目歸類，各單位的人事與辦公費用都列在行政管理。", "As budgeted: each budget line in its own category, so every unit's staff and office costs sit in administration.";
    CapitalBases => "資本門編列方式不同", "Capital on different bases";
    CapitalInside => "經資門併計（資本門含在各工作計畫內）", "capital inside each work plan (經資門併計)";
    CapitalApart => "資本門自成一類", "capital in a category of its own";
    CpiDerived => "年物價指數為推算值（±0.01）", " CPI derived (±0.01)";
    LinesKey => "空心點為決算（實際支出）；虛線連接預算階段或資本門編列方式不同的年度，不宜直接比較。", "Hollow dots are final accounts (money spent); dashed lines join years of different budget stages or capital bases, which do not compare like for like.";
    BudgetNotes => "預算說明", "Notes on the budgets";
    NoPopulation => "無人口資料", "no population data";
    NoCpi => "無物價指數", "no price index";
    SummaryMore => "較多", "more";
    BureauTotal => "勞工局預算合計", "the Labor Bureau total";
    ExcludingPassThrough => "不含社會保險補助", "excluding social-insurance subsidies";
    IncludingPassThrough => "含社會保險補助", "including social-insurance subsidies";
    Source => "資料來源", "Source";
    Category => "分類", "Category";
    Total => "合計", "Total";
    TableCaption => "圖表數據", "The figures behind the chart";
    UnitPercent => "百分比", "percent";
    UnitPerResident => "元／人", "NT$ per resident";
    Language => "語言", "Language";
    HoverHintLines => "將游標移到資料點上，或在圖上用方向鍵移動，查看確切數字；下表列出每一年。", "Point at a dot, or move along the chart with the arrow keys, for the exact figure; the tables below list every year.";
    CompareFigures => "比較數據", "The Compare figures";
    HoverHint => "將游標移到長條上、在圖上用方向鍵移動，或看表格，查看確切數字；Enter 開啟該分類。", "Point at a bar, move along the chart with the arrow keys, or read the table, for the exact figure; Enter opens the category.";
    NothingSelected => "請至少選擇一個有預算資料的城市年度。", "Select at least one city-year with budget data.";
    SummaryLargest => "最大的分類是", "The largest category is";
    ChartAlt => "長條圖：各城市年度依共同分類的預算", "Bar chart: budgets of each city-year by shared category";
    PlanPanel => "施政計畫：各分類的重要計畫數", "Plans: key programmes per category";
    NoPlan => "無施政計畫資料", "no plan data";
    Programs => "施政計畫", "Plan programmes";
    BudgetLines => "預算項目", "Budget lines";
    NoProgramsHere => "此分類無計畫", "no programme in this category";
    NoLinesHere => "此分類無預算項目", "no budget line in this category";
    Back => "返回比較", "Back to the comparison";
    DrillHint => "點選長條、表格或分類名稱，查看該分類的預算項目與計畫。", "Click a bar, a table row or a category name to see its budget lines and programmes.";
    Targets => "目標", "Targets";
    Funded => "經費來源", "Funded by";
    Note => "附註", "Note";
    TabCompare => "比較", "Compare";
    TabOverTime => "歷年趨勢", "Over time";
    TabPlans => "施政計畫", "Plans";
    TabTable => "數據表", "Table";
    TabAbout => "關於資料", "About the data";
    Views => "檢視", "Views";
    Metric => "指標", "Measure";
    MetricAmount => "預算金額", "Amount";
    MetricShare => "占總預算比例", "Share of the total";
    MetricPerResident => "每人預算", "Per resident";
    MetricReal => "實質金額（消除物價變動）", "Real terms (inflation-adjusted)";
    BaseYear => "基準年", "Base year";
    SubtitleShare => "占各城市年度預算合計之百分比", "Percent of each city-year's total";
    SubtitlePerResident => "每位設籍居民（年底人口）新臺幣", "NT$ per registered resident (year-end population)";
    SubtitleReal => "以基準年物價計算之新臺幣", "NT$ at base-year prices";
    PopulationSource => "人口", "Population";
    CpiSource => "物價指數", "Price index";
    Other => "其他", "Other";
    OverTimeTitle => "勞工局預算歷年變化", "Labor Bureau budgets over time";
    TotalBudget => "預算合計", "Total budget";
    Year => "年度", "Fiscal year";
    Change => "增減", "Change";
    PercentChange => "增減率", "% change";
    Cagr => "年均複合成長率", "Compound annual growth";
    SeriesCategory => "分類", "Category";
    Increase => "增加", "higher";
    Decrease => "減少", "lower";
    Unchanged => "持平", "unchanged";
    NoComparableYears => "所選分類沒有可比較的連續年度。", "The selected category has no two comparable years.";
    Search => "搜尋計畫", "Search the plans";
    SearchHint => "輸入關鍵字，例如 移工、青年、職災", "Type a word, e.g. 移工, youth, safety";
    Matches => "筆符合", "matching programmes";
    PlanLeft => "左側計畫", "Left plan";
    PlanRight => "右側計畫", "Right plan";
    NoneChosen => "（未選）", "(none)";
    Goals => "施政目標", "Goals";
    SortBy => "依此欄排序", "Sort by this column";
    Sources => "資料來源", "Sources";
    Taxonomy => "共同分類", "Shared categories";
    Mapping => "各城市預算項目對應", "How each city's lines map onto them";
    NoWarnings => "資料檢查沒有發現問題。", "The data checks found nothing to report.";
    PassThroughFlag => "轉付款項，預設不列入", "pass-through, left out by default";
    DownloadPng => "下載 PNG", "Download PNG";
    DownloadSvg => "下載 SVG", "Download SVG";
    DownloadCsv => "下載 CSV", "Download CSV";
    CopyLink => "複製連結", "Copy link";
    Copied => "已複製連結", "Link copied";
    Embed => "嵌入碼", "Embed code";
    Unit => "單位", "Unit";
    UnitThousand => "新臺幣千元", "NT$ thousand";
    Theme => "主題", "Theme";
    WhyDifferent => "為什麼不同？", "Why the difference? ";
    AddYear => "加入年度（匯入預算表）", "Add a year (import a table)";
    WidgetFailed => "圖表發生錯誤，無法顯示。請重新整理頁面；若問題持續，請通知網站管理者。", "The chart ran into an error and cannot be shown. Reload the page; if it persists, tell the site's maintainers.";
}

/// A lens's short name: `依職能` / `by function`.
pub fn lens_name(lang: Lang, lens: crate::core::model::Lens) -> &'static str {
    use crate::core::model::Lens;
    t(
        lang,
        match lens {
            Lens::Function => Key::LensFunction,
            Lens::Budgeted => Key::LensBudgeted,
        },
    )
}

/// A budget stage's name: `預算案` / `draft budget`.
pub fn stage_name(lang: Lang, stage: crate::core::model::Stage) -> &'static str {
    use crate::core::model::Stage;
    t(
        lang,
        match stage {
            Stage::Published => Key::StagePublished,
            Stage::Proposed => Key::StageProposed,
            Stage::Enacted => Key::StageEnacted,
            Stage::Final => Key::StageFinal,
        },
    )
}

/// What a budget stage means, in a sentence.
pub fn stage_text(lang: Lang, stage: crate::core::model::Stage) -> &'static str {
    use crate::core::model::Stage;
    t(
        lang,
        match stage {
            Stage::Published => Key::StagePublishedText,
            Stage::Proposed => Key::StageProposedText,
            Stage::Enacted => Key::StageEnactedText,
            Stage::Final => Key::StageFinalText,
        },
    )
}

/// `標籤：值` / `Label: value`.
pub fn labelled(
    lang: Lang,
    label: impl std::fmt::Display,
    value: impl std::fmt::Display,
) -> String {
    match lang {
        Lang::ZhTw => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// The separator between items of a list: `；` / `; `.
pub fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhTw => "；",
        Lang::En => "; ",
    }
}

/// `（附註）` / ` (note)`.
pub fn bracketed(lang: Lang, text: impl std::fmt::Display) -> String {
    match lang {
        Lang::ZhTw => format!("（{text}）"),
        Lang::En => format!(" ({text})"),
    }
}

/// The other language's name, for the language switch.
pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhTw => "中文",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_both_languages() {
        for &key in Key::ALL {
            for lang in [Lang::ZhTw, Lang::En] {
                assert!(
                    !t(lang, key).trim().is_empty(),
                    "{key:?} missing in {lang:?}"
                );
            }
            assert_ne!(
                t(Lang::ZhTw, key),
                t(Lang::En, key),
                "{key:?} not translated"
            );
        }
    }
}
