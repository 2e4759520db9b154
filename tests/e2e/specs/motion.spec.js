import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp } from "./helpers.js";

// prefers-reduced-motion: reduce. No CSS animation runs, no element has a transition, and no
// requestAnimationFrame loop keeps running on an idle page (the rolling counts and the animated
// figures jump straight to their final state).
test.use({ reducedMotion: "reduce" });

const routes = ["/", "/receptive-field", "/pooling", "/connectivity", "/inception", "/train"];

/** Elements with a running animation or a non-zero transition/animation duration. */
async function moving(page) {
  return page.evaluate(() => {
    const running = document.getAnimations()
      .filter((a) => a.playState === "running")
      .map((a) => `${a.constructor.name} ${a.animationName || a.transitionProperty || ""} on ${a.effect?.target?.tagName}.${a.effect?.target?.className?.baseVal ?? a.effect?.target?.className}`);
    const secs = (v) => Math.max(...v.split(",").map((s) => parseFloat(s) * (s.trim().endsWith("ms") ? 0.001 : 1)));
    const styled = [];
    for (const el of document.querySelectorAll("*")) {
      for (const pseudo of [null, "::before", "::after"]) {
        const cs = getComputedStyle(el, pseudo);
        const t = secs(cs.transitionDuration);
        const a = cs.animationName !== "none" ? secs(cs.animationDuration) : 0;
        if (t > 0 || a > 0) styled.push(`${el.tagName}.${el.className?.baseVal ?? el.className}${pseudo || ""}: transition ${cs.transitionDuration}, animation ${cs.animationName} ${cs.animationDuration}`);
      }
    }
    return [...running, ...styled.slice(0, 20)];
  });
}

test("reduced motion: no animation, no transition, no idle frame loop", async ({ page }, info) => {
  const w = watchErrors(page);
  // Count requestAnimationFrame calls, to catch JS-driven animation loops.
  await page.addInitScript(() => {
    window.__rafCalls = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { window.__rafCalls++; return raf(cb); };
  });
  for (const route of routes) {
    await page.goto(route);
    await waitForApp(page);
    expect(await page.evaluate(() => matchMedia("(prefers-reduced-motion: reduce)").matches)).toBe(true);
    if (route === "/pooling") {
      // The shift is the page's animated moment: it must land without motion.
      await page.locator('[data-testid="shift-right"]').click();
      await page.locator('[data-testid="replay"]').click();
    }
    if (route === "/connectivity") {
      // A rolling count: the new value shows at once.
      const n = page.locator('input[type="range"]').first();
      await n.focus();
      await page.keyboard.press("ArrowRight");
    }
    await page.waitForTimeout(300);
    expect(await moving(page), `${route}: moving elements`).toEqual([]);
    const before = await page.evaluate(() => window.__rafCalls);
    await page.waitForTimeout(1000);
    const frames = (await page.evaluate(() => window.__rafCalls)) - before;
    expect(frames, `${route}: requestAnimationFrame calls in 1 s idle`).toBeLessThan(5);
  }
  w.check();
});
