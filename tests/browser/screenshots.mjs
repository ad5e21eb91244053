// Takes full-page screenshots of pages of a served site in headless Chromium: for each page and each
// width, <out>/<name>-<width>.png, with every image loaded (a lazy one too), the web fonts ready and
// motion reduced, at one device pixel per CSS pixel. Prints the files written, one a line.
// Usage: node screenshots.mjs '{"base": "http://127.0.0.1:8000", "shots": [{"path": "/tr/", "name":
//   "home-tr"}, ...], "widths": [390, 1280], "out": "docs/screenshots"}'
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
// A phone's height under 600 px wide (an iPhone 12-15 is 390 × 844), a laptop's above.
const viewport = (width) => ({ width, height: width < 600 ? 844 : 900 });

// Every image of the page, each scrolled to (a lazy one loads only then) and waited for; then back
// to the top, where a full-page screenshot starts.
const LOAD_IMAGES = async () => {
  for (const image of document.querySelectorAll("img")) {
    image.scrollIntoView({ block: "center" });
    if (!image.complete) {
      await new Promise((done) => {
        image.addEventListener("load", done, { once: true });
        image.addEventListener("error", done, { once: true });
        setTimeout(done, 10000);
      });
    }
  }
  await document.fonts.ready;
  window.scrollTo(0, 0);
};

async function shoot(context, base, shot, width, out) {
  const page = await context.newPage();
  const response = await page.goto(base + shot.path, { waitUntil: "load" });
  if (!response.ok()) throw new Error(`${shot.path}: HTTP ${response.status()}`);
  await page.evaluate(LOAD_IMAGES);
  const file = join(out, `${shot.name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
  await page.close();
  return file;
}

const request = JSON.parse(process.argv[2]);
mkdirSync(request.out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: CHROMIUM_FLAGS,
});
try {
  for (const width of request.widths) {
    const context = await browser.newContext({
      viewport: viewport(width),
      deviceScaleFactor: 1,
      reducedMotion: "reduce",
    });
    for (const shot of request.shots) {
      process.stdout.write(`${await shoot(context, request.base, shot, width, request.out)}\n`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
