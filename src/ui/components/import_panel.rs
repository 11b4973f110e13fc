//! 加入年度 / Add a year, in the lazily loaded module (`crate::extras`): a
//! reader chooses or drops a budget table (.xls, .xlsx, .ods, CSV in UTF-8
//! or Big5) or a contract JSON document; [`import_file`] reads it here, in
//! the page, with the same code as `budget-compare import`. Nothing is
//! uploaded and no request is made. What it gives is handed to the widget
//! (which shows it beside the published documents, marked 自行匯入 /
//! imported by you) and can be downloaded as contract JSON with its
//! provenance; what it refuses is listed here, the unmapped lines with
//! their suggested categories.

use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::core::dataset::as_imported;
use crate::core::format::Lang;
use crate::core::import::budget_table::{document_file_name, to_json};
use crate::core::import::source::check_size;
use crate::core::import::{import_file, known_documents, FileImport, ImportError};
use crate::core::model::Stage;
use crate::ui::browser;
use crate::ui::hooks::SharedDataset;
use crate::ui::view::explain::text;

const HELP: [&str; 2] = [
    "選擇或拖放城市公布的歲出機關別預算表（.xls、.xlsx、.ods，或 UTF-8、Big5 的 CSV），或 budget-compare 的 JSON 文件。檔案只在這個頁面裡讀取，不會上傳；重新載入頁面後，匯入的年度就不在了。",
    "Choose or drop a city's published 歲出機關別預算表 (.xls, .xlsx, .ods, or CSV in UTF-8 or Big5), or a budget-compare JSON document. The file is read in this page only and never uploaded; reloading the page drops the imported years.",
];
const FILE: [&str; 2] = ["檔案", "File"];
const YEAR: [&str; 2] = [
    "年度（民國，檔案未載明時）",
    "Fiscal year (ROC, where the file does not state it)",
];
const STAGE: [&str; 2] = ["本年度預算數是", "Its 本年度 column is"];
const STAGES: [(&str, [&str; 2]); 3] = [
    (
        "",
        [
            "表格標題（或對應表）所說的",
            "what its title (or the city's mapping) says",
        ],
    ),
    (
        "proposed",
        ["預算案（送議會審議的草案）", "the draft (預算案)"],
    ),
    (
        "enacted",
        ["法定預算（議會通過）", "the enacted budget (法定預算)"],
    ),
];
const WORKING: [&str; 2] = ["匯入中：", "Importing: "];
const ADDED: [&str; 2] = [
    "已加入（自行匯入，僅限本次瀏覽；在上方勾選年度即可比較）：",
    "Added (imported by you, for this visit only; tick its year above to compare): ",
];
const READ_AS: [&str; 2] = ["讀取方式：", "Read as: "];
const DOWNLOAD: [&str; 2] = ["下載 JSON：", "Download JSON: "];
const REFUSED: [&str; 2] = ["無法匯入：", "Could not import: "];
const UNMAPPED: [&str; 2] = [
    "下列項目沒有分類規則，匯入已停止；建議的分類只是建議，不會自動套用。請把清單交給維護資料的人，或用命令列 budget-compare import --accept-suggestions 產生對應表草稿（見 README「Add this year's budget」）。",
    "These lines have no category rule, so the import stopped; the suggested categories are suggestions only and are not applied. Hand the list to whoever keeps the data, or draft the rules with budget-compare import --accept-suggestions (README, \"Add this year's budget\").",
];

/// Where an import is.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Working(String),
    Done(Rc<FileImport>),
    Failed(Rc<ImportError>),
}

/// What the panel imports against, and where the documents go.
#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    /// The published data set: its taxonomy checks a JSON document, its
    /// documents suggest categories for unmapped lines.
    pub dataset: SharedDataset,
    /// The language.
    pub lang: Lang,
    /// Where the imported documents go.
    pub on_import: Callback<Rc<FileImport>>,
}

/// The reader's file: its name and bytes.
async fn read(file: web_sys::File) -> Result<(String, Vec<u8>), String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        e.as_string()
            .unwrap_or_else(|| "the file could not be read".to_owned())
    })?;
    Ok((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// The panel.
#[function_component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let lang = props.lang;
    let status = use_state(|| Status::Idle);
    let year = use_node_ref();
    let stage = use_node_ref();
    let start = {
        let (status, year, stage, ds, on_import) = (
            status.clone(),
            year.clone(),
            stage.clone(),
            props.dataset.clone(),
            props.on_import.clone(),
        );
        Callback::from(move |file: web_sys::File| {
            let (status, ds, on_import) = (status.clone(), ds.clone(), on_import.clone());
            let given = year
                .cast::<web_sys::HtmlInputElement>()
                .and_then(|y| y.value().trim().parse::<u16>().ok());
            // (The default option's value, empty, names no stage.)
            let stage = stage
                .cast::<web_sys::HtmlSelectElement>()
                .and_then(|s| Stage::from_id(&s.value()));
            // A file too large is refused before it is read.
            if let Err(e) = check_size(&file.name(), file.size() as usize) {
                status.set(Status::Failed(Rc::new(e)));
                return;
            }
            status.set(Status::Working(file.name()));
            wasm_bindgen_futures::spawn_local(async move {
                let (name, bytes) = match read(file).await {
                    Ok(read) => read,
                    Err(e) => {
                        status.set(Status::Failed(Rc::new(ImportError::new("", "", e))));
                        return;
                    }
                };
                browser::mark("budget-compare:import-start");
                let known = known_documents(&ds);
                let result = import_file(&name, &bytes, given, stage, &ds.taxonomy, &known);
                browser::mark("budget-compare:import-done");
                match result {
                    Ok(got) => {
                        let got = Rc::new(got);
                        on_import.emit(got.clone());
                        status.set(Status::Done(got));
                    }
                    Err(e) => status.set(Status::Failed(Rc::new(e))),
                }
            });
        })
    };
    let onchange = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                start.emit(file);
            }
            // The same file chosen again imports again.
            input.set_value("");
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        if let Some(file) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            start.emit(file);
        }
    });
    html! {
        <div class="bc-import-panel" {ondragover} {ondrop}>
            <p class="bc-muted">{ text(lang, HELP) }</p>
            <div class="bc-import-fields">
                <label>{ text(lang, FILE) }
                    <input type="file" class="bc-import-file" {onchange}
                        accept=".xls,.xlsx,.ods,.csv,.json,text/csv,application/json,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet" />
                </label>
                <label>{ text(lang, YEAR) }
                    <input type="text" class="bc-import-year" inputmode="numeric" size="4" maxlength="3" ref={year} />
                </label>
                <label>{ text(lang, STAGE) }
                    <select class="bc-import-stage" ref={stage}>
                        // (`selected` said: Yew inserts the options last first, and
                        // the browser would select the first one inserted.)
                        { for STAGES.iter().map(|(value, label)| html! {
                            <option value={*value} selected={value.is_empty()}>{ text(lang, *label) }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div role="status">
                { match &*status {
                    Status::Idle => html! {},
                    Status::Working(name) => html! { <p>{ text(lang, WORKING) }{ name }</p> },
                    Status::Done(got) => html! { <Done got={got.clone()} {lang} /> },
                    Status::Failed(_) => html! {},
                } }
            </div>
            if let Status::Failed(e) = &*status {
                <div class="bc-error" role="alert">
                    <p>{ text(lang, REFUSED) }{ e.to_string().lines().next().unwrap_or_default().to_owned() }</p>
                    if !e.unmapped.is_empty() {
                        <p>{ text(lang, UNMAPPED) }</p>
                    }
                    <ul class="bc-diagnostics">
                        { for e.to_string().lines().skip(1).map(|l| html! { <li><code>{ l.trim().to_owned() }</code></li> }) }
                    </ul>
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DoneProps {
    got: Rc<FileImport>,
    lang: Lang,
}

/// What an import added, how the file was read, and its downloads.
#[function_component]
fn Done(props: &DoneProps) -> Html {
    let (got, lang) = (&props.got, props.lang);
    let added: Vec<String> = got
        .documents
        .iter()
        .map(|d| {
            // Named as the widget lists it: `臺中市（自行匯入）`.
            let marked = as_imported(d.clone());
            format!(
                "{} {}",
                crate::ui::view::local(&marked.city.name, lang),
                crate::core::format::year(d.fiscal_year, lang)
            )
        })
        .collect();
    html! {
        <>
            <p class="bc-import-added">{ text(lang, ADDED) }{ added.join(text(lang, ["、", ", "])) }</p>
            <p class="bc-muted">{ text(lang, READ_AS) }{ got.read_as.clone() }</p>
            if !got.notes.is_empty() {
                <ul class="bc-caveats">{ for got.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            }
            <p class="bc-import-downloads">{ text(lang, DOWNLOAD) }
                { for got.documents.iter().map(|d| {
                    let name = document_file_name(d);
                    let json = to_json(d);
                    let onclick = {
                        let name = name.clone();
                        Callback::from(move |_| {
                            if let Err(e) = browser::download_text(&name, "application/json", &json) {
                                web_sys::console::error_1(&format!("budget-compare: {e}").into());
                            }
                        })
                    };
                    html! { <button type="button" class="bc-button" {onclick}>{ name }</button> }
                }) }
            </p>
        </>
    }
}

/// The documents of an import as the widget takes them: contract JSON
/// texts, marked as the reader's ([`as_imported`]).
pub fn as_json(got: &FileImport) -> js_sys::Array {
    got.documents
        .iter()
        .map(|d| wasm_bindgen::JsValue::from_str(&to_json(&as_imported(d.clone()))))
        .collect()
}
