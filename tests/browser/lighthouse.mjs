// Lighthouse's mobile preset (its default) on each address given, in Debian's Chromium; prints as
// JSON {address: {scores: {category: score 0-100}, lost: [...]}}, where `lost` names each audit
// that cost its category points (its weight, its score 0-1 and what it measured), so that a score
// under the floor says why, and `metrics` gives the performance metrics as measured.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const report = {};
try {
  for (const address of process.argv.slice(2)) {
    const { lhr } = await lighthouse(address, { port: chrome.port, onlyCategories: CATEGORIES, logLevel: "error" });
    report[address] = {
      scores: Object.fromEntries(CATEGORIES.map((name) => [name, Math.round(lhr.categories[name].score * 100)])),
      lost: CATEGORIES.flatMap((name) =>
        lhr.categories[name].auditRefs
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
          .map((ref) => {
            const audit = lhr.audits[ref.id];
            return `${name}: ${ref.id} (weight ${ref.weight}) scored ${audit.score} ${audit.displayValue || ""}`.trim();
          }),
      ),
      metrics: Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id].displayValue])),
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(report));
