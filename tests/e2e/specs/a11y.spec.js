import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { waitForApp, routeTable, shot, slug, chunk } from "./helpers.js";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

// axe is injected as a script tag; the app's CSP would (rightly) refuse it.
test.use({ bypassCSP: true });

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      // Only violations are read: axe skips building the (large) passes and incomplete lists.
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
}

// The long loops over every route run as CHUNKS tests in parallel.
const CHUNKS = 3;
const mine = (routes, c) => chunk(routes, c, CHUNKS);
test.describe.configure({ mode: "parallel" });

for (let c = 0; c < CHUNKS; c++) test(`axe: no serious or critical violations on any route, normal and presenter mode (routes ${c} mod ${CHUNKS})`, { tag: "@phone" }, async ({ page }, info) => {
  test.setTimeout(10 * 60 * 1000);
  const routes = mine(await routeTable(page), c);
  const report = [];
  for (const route of routes) {
    for (const q of ["", "?present=1"]) {
      await page.goto(route + q);
      await waitForApp(page);
      await page.waitForTimeout(300);
      const v = await axe(page);
      const bad = v.filter((x) => x.impact === "serious" || x.impact === "critical");
      report.push(`${route}${q}: ${v.length} violation(s), ${bad.length} serious/critical`);
      expect(bad, `${route}${q}\n${JSON.stringify(bad, null, 2)}`).toEqual([]);
    }
  }
  console.log(`axe (${info.project.name}):\n  ` + report.join("\n  "));
});

// Presenter mode at a phone, a laptop and a projector: every route screenshotted (screenshots/
// present<width>-<route>.png, looked at by a person) and checked for the one layout fault a
// projector shows at once: a page wider than the screen (sideways scrolling).
for (const [w, h] of [[375, 812], [1280, 800], [1920, 1080]]) {
  test(`presenter mode at ${w}x${h}: every route fits the width; screenshots`, async ({ page }, info) => {
    test.setTimeout(5 * 60 * 1000);
    await page.setViewportSize({ width: w, height: h });
    const wide = [];
    for (const route of await routeTable(page)) {
      await page.goto(route + "?present=1");
      await waitForApp(page);
      await page.waitForTimeout(200);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 1) wide.push(`${route}: ${over}px too wide`);
      await shot(page, `present${w}-${slug(route)}`);
    }
    expect(wide, wide.join("\n")).toEqual([]);
  });
}

for (let c = 0; c < CHUNKS; c++) test(`keyboard: every control is reachable with Tab and shows a visible focus (routes ${c} mod ${CHUNKS})`, async ({ page }, info) => {
  test.setTimeout(5 * 60 * 1000);
  for (const route of mine(await routeTable(page), c)) {
    await page.goto(route);
    await waitForApp(page);
    const controls = await page.locator("main button:visible, main input:visible, main select:visible, main a[href]:visible, main [tabindex='0']:visible").count();
    const seen = new Set();
    for (let i = 0; i < Math.min(controls + 15, 150); i++) {
      await page.keyboard.press("Tab");
      const info2 = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        let visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
        if (!visible && el instanceof SVGElement) {
          // SVG groups show focus on their shapes: compare the shapes' look focused vs blurred.
          const look = () => [el, ...el.querySelectorAll("*")].map((n) => {
            const c = getComputedStyle(n);
            return [c.stroke, c.strokeWidth, c.fill, c.outlineStyle, c.opacity].join("|");
          }).join(";");
          const focused = look();
          el.blur();
          const blurred = look();
          el.focus();
          visible = focused !== blurred;
        }
        return { key: el.outerHTML.slice(0, 80), inMain: !!el.closest("main"), visible };
      });
      if (info2 && info2.inMain) {
        // Focus came back round to the first control: every reachable control has been seen.
        if (seen.has(info2.key) && seen.size >= controls) break;
        seen.add(info2.key);
        expect(info2.visible, `no visible focus on ${route}: ${info2.key}`).toBeTruthy();
      }
    }
    expect(seen.size, `${route}: ${seen.size} of ${controls} controls reached by Tab`).toBeGreaterThanOrEqual(Math.min(controls, 1));
  }
});
