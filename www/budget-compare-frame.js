// For pages that embed the widget in an iframe: sizes each
// <iframe data-budget-compare-frame> to its content, so it never scrolls.
//
//   <iframe data-budget-compare-frame title="勞工局預算比較" width="100%"
//     src="https://example.org/budget-compare/embed.html?src=data/index.json&view=compare"></iframe>
//   <script type="module" src="https://example.org/budget-compare/budget-compare-frame.js"></script>
addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "budget-compare:height" || !(data.height > 0)) return;
  for (const frame of document.querySelectorAll("iframe[data-budget-compare-frame]")) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(data.height)}px`;
  }
});
