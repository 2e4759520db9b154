// Measurements in the same browser set-up as the tests (`make train-targets`): they print figures
// and assert no timings. `npx playwright test -c measure.config.js`.
import base from "./playwright.config.js";

export default {
  ...base,
  testDir: "./measure",
  retries: 0,
  projects: [base.projects[0]],
};
