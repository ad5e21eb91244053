// Lighthouse's mobile preset (its default) on each address given, in Debian's Chromium; prints
// {address: {category: score 0-100}} as JSON.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const scores = {};
try {
  for (const address of process.argv.slice(2)) {
    const result = await lighthouse(address, { port: chrome.port, onlyCategories: CATEGORIES, logLevel: "error" });
    scores[address] = Object.fromEntries(
      CATEGORIES.map((name) => [name, Math.round(result.lhr.categories[name].score * 100)]),
    );
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(scores));
