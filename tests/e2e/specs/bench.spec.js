import { test, expect } from "@playwright/test";
import { watchErrors, waitForApp } from "./helpers.js";

// /bench runs the six workloads (ResNet-8-mini training included) of the peer benchmark in the page and prints the peers' RESULT
// line; `make bench` reads that line. Figures are checked for being measured (finite, positive),
// never for speed (speed is `make bench`'s job, not a test's).
test("/bench runs every workload and prints the RESULT line", async ({ page }, info) => {
  test.setTimeout(5 * 60 * 1000);
  const { check } = watchErrors(page);
  await page.goto("/bench?autorun=1");
  await waitForApp(page);
  const pre = page.locator('[data-testid="bench-result"]');
  await pre.waitFor({ timeout: 4 * 60 * 1000 });
  const line = (await pre.textContent()).trim();
  expect(line.startsWith("RESULT {")).toBe(true);
  const r = JSON.parse(line.slice("RESULT ".length));
  expect(r.system).toBe("cnn-lab");
  expect(r.simd128).toBe(true);
  for (const k of ["train_ips", "infer_b1_ms", "infer_b64_ips", "conv_gflops", "pool_gbps", "resnet_train_ips"]) {
    expect(Number.isFinite(r.metrics[k]) && r.metrics[k] > 0, `${k} = ${r.metrics[k]}`).toBe(true);
    const shown = await page.locator(`[data-testid="${k}"]`).getAttribute("data-value");
    expect(Number(shown)).toBeCloseTo(r.metrics[k], 6);
  }
  for (const k of ["train_ips_5_batch_warmup", "conv_gflops_direct_gemm"]) {
    expect(Number.isFinite(r.info[k]) && r.info[k] > 0, `${k} = ${r.info[k]}`).toBe(true);
  }
  expect(Number(await page.locator('[data-testid="conv-direct"]').getAttribute("data-value")))
    .toBeCloseTo(r.info.conv_gflops_direct_gemm, 6);
  console.log(`/bench: ${JSON.stringify(r.metrics)} direct-GEMM conv ${r.info.conv_gflops_direct_gemm.toFixed(1)} GFLOP/s`);
  check();
});
