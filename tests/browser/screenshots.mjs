// Takes full-page screenshots of pages of a served site in headless Chromium: for each page and each
// width, <out>/<name>-<width>.png, with every image loaded (a lazy one too), the web fonts ready and
// motion reduced, at one device pixel per CSS pixel. Prints the files written, one a line.
// Usage: node screenshots.mjs '{"base": "http://127.0.0.1:8000", "shots": [{"path": "/tr/", "name":
//   "home-tr"}, ...], "widths": [390, 1280], "out": "docs/screenshots"}'
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { LOAD_IMAGES, launchChromium } from "./chromium.mjs";

// A phone's height under 600 px wide (an iPhone 12-15 is 390 × 844), a laptop's above.
const viewport = (width) => ({ width, height: width < 600 ? 844 : 900 });


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
const browser = await launchChromium();
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
