// A host page that builds its own UI: mounts the widget with the JS API and
// records every change event (for tests/playwright/embedding.spec.mjs).
import { mount } from '/budget-compare.js';

window.__events = [];
const element = document.querySelector('#w');
element.addEventListener('budget-compare:change', (event) => {
  window.__events.push(event.detail);
});
window.__bc = await mount(element, { src: '/data/index.json', view: 'table', lang: 'en' });
window.__ready = true;
