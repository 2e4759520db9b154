// Writes a copy of index.html at every route of the app (deep links work on a plain static host)
// and fills each copy's start-up message with its lesson's words: on a slow network the page
// shows the lesson's title, teaser and question, and a progress bar, while the wasm downloads,
// instead of a bare "Loading". Reads the routes as JSON lines (`routes --boot`) on stdin.
// Usage: node scripts/boot-pages.mjs <dist>
import fs from "node:fs";
import path from "node:path";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: node scripts/boot-pages.mjs <dist> < routes.jsonl");
  process.exit(1);
}
const template = fs.readFileSync(path.join(dist, "index.html"), "utf8");
const placeholder = "<p>Loading CNN Lab…</p>";
if (!template.includes(placeholder)) {
  console.error(`boot-pages: ${dist}/index.html has no ${placeholder} to fill`);
  process.exit(1);
}
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const lines = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.trim());
let n = 0;
for (const line of lines) {
  const { route, title, teaser, question } = JSON.parse(line);
  const words =
    `<h1 class="boot-title">${esc(title)}</h1>` +
    `<p class="boot-teaser">${esc(teaser)}</p>` +
    (question ? `<p class="boot-question">${esc(question)}</p>` : "") +
    `<p class="boot-loading">Loading the interactive lesson… <progress aria-label="Loading the interactive lesson"></progress></p>`;
  const html = template.replace(placeholder, words);
  const dir = route === "/" ? dist : path.join(dist, route);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "index.html"), html);
  n++;
}
// Unknown paths: the plain start-up message.
fs.writeFileSync(path.join(dist, "404.html"), template.replace(placeholder, `<p class="boot-loading">Loading CNN Lab… <progress aria-label="Loading CNN Lab"></progress></p>`));
console.log(`boot-pages: ${n} pages with their lesson's words while the app loads`);
