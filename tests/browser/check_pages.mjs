// Opens pages of a served site in headless Chromium and reports, as JSON on stdout:
// - axe-core's WCAG 2.0/2.1/2.2 A and AA violations of every page,
// - the width each page needs at a 320 px wide viewport (anything over 320 scrolls sideways),
// - at 1280 px, text squeezed into a box too narrow to read,
// - what the browser's console said (a Content-Security-Policy refusal shows up there),
// - for the pages asked to print: the PDF's size and whether the navigation is hidden in print,
// - for each search asked for (a search page and a query): the results' addresses and the status
//   line, and what the search page says with JavaScript turned off,
// - for the pages asked to show their images, at 1280 and at 320 px, each image: the address the
//   browser chose, its pixels once loaded, its width and height attributes, the box it is shown
//   in, and the box the page kept for it while no image had loaded (a box of another size moves
//   the page when the image comes: a layout shift).
// Usage: node check_pages.mjs '{"base": "http://127.0.0.1:8000", "pages": [...], "print": [...],
//   "search": [{"page": ..., "query": ...}], "images": [...]}'
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { LOAD_IMAGES, launchChromium } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// The elements of the main content whose own text (more than a few words) has been squeezed into
// a box too narrow to read at the page's width: a layout fault no validator or axe rule sees.
const SQUEEZED = () =>
  [...document.querySelectorAll("main *")]
    .filter((element) => {
      const own = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent)
        .join("")
        .trim();
      const box = element.getBoundingClientRect();
      return own.length > 20 && box.height > 0 && box.width < 120;
    })
    .map((element) => `${element.tagName.toLowerCase()}: ${element.textContent.trim().slice(0, 40)}`);

// Every image of the page, once loaded (LOAD_IMAGES): its pixels are those of the file the browser
// chose (naturalWidth is scaled by the srcset's density).
const IMAGES = async () => {
  const shown = [];
  for (const image of document.querySelectorAll("img")) {
    const file = new Image();
    file.src = image.currentSrc;
    await file.decode().catch(() => {});
    const box = image.getBoundingClientRect();
    shown.push({
      src: image.getAttribute("src"),
      current: image.currentSrc && new URL(image.currentSrc).pathname,
      webp_offered: Boolean(image.closest("picture")?.querySelector('source[type="image/webp"]')),
      natural_width: image.naturalWidth,
      pixels: [file.naturalWidth, file.naturalHeight],
      attributes: [image.getAttribute("width"), image.getAttribute("height")],
      box: [box.width, box.height],
    });
  }
  return shown;
};

// The box of every image while none has loaded.
const BOXES = () =>
  [...document.querySelectorAll("img")].map((image) => {
    const box = image.getBoundingClientRect();
    return [box.width, box.height];
  });

const request = JSON.parse(process.argv[2]);
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
let console_messages = [];
page.on("console", (message) => {
  if (message.type() === "error" || message.type() === "warning") console_messages.push(message.text());
});
page.on("pageerror", (error) => console_messages.push(String(error)));

const report = { pages: {}, print: {} };
for (const path of request.pages) {
  console_messages = [];
  await page.setViewportSize({ width: 1280, height: 800 });
  const response = await page.goto(request.base + path, { waitUntil: "load" });
  const console_on_load = [...console_messages]; // before axe, which does things no page of ours does
  // axe is evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const axe = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    WCAG_TAGS,
  );
  const squeezed = await page.evaluate(SQUEEZED);
  await page.setViewportSize({ width: 320, height: 640 });
  const width320 = await page.evaluate(() => document.documentElement.scrollWidth);
  report.pages[path] = {
    status: response.status(),
    violations: axe.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(" ")),
    })),
    width_at_320: width320,
    squeezed_at_1280: squeezed,
    console: console_on_load,
  };
}

for (const path of request.print) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(request.base + path, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const navigation_shown = await page.evaluate(() =>
    [...document.querySelectorAll("nav, .skip-link, form[role=search]")].some(
      (element) => getComputedStyle(element).display !== "none",
    ),
  );
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  report.print[path] = {
    pdf_bytes: pdf.length,
    pdf_pages: (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length,
    navigation_shown,
  };
  await page.emulateMedia({ media: "screen" });
}

report.search = {};
for (const { page: path, query } of request.search || []) {
  await page.goto(`${request.base}${path}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
  // search.js says "searching" before its first await, so once it says something else it is done
  await page.waitForFunction(() => {
    const status = document.getElementById("search-status");
    return status.textContent !== status.dataset.searching;
  });
  report.search[`${path}?q=${query}`] = {
    status: await page.evaluate(() => document.getElementById("search-status").textContent),
    results: await page.evaluate(() => [...document.querySelectorAll("#search-results a")].map((a) => a.getAttribute("href"))),
    box: await page.evaluate(() => document.getElementById("site-search-query").value),
  };
}
const without_script = await browser.newContext({ javaScriptEnabled: false });
report.without_javascript = {};
for (const { page: path, query } of request.search || []) {
  const plain = await without_script.newPage();
  await plain.goto(`${request.base}${path}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
  report.without_javascript[path] = await plain.evaluate(() => document.getElementById("search-status").textContent.trim());
  await plain.close();
}

// Each width in a context of its own, so that no image the other width chose is in the cache.
report.images = {};
for (const path of request.images || []) {
  report.images[path] = {};
  for (const width of [1280, 320]) {
    const viewport = { viewport: { width, height: 800 } };
    // First with the request of every image held back, once the stylesheet has laid the page out.
    // (Held, not refused: a refused image is broken, and a broken image shows its text instead.)
    const loading = await browser.newContext(viewport);
    const held = [];
    await loading.route("**/*", (route) =>
      route.request().resourceType() === "image" ? held.push(route) : route.continue(),
    );
    const before = await loading.newPage();
    await before.goto(request.base + path, { waitUntil: "domcontentloaded" });
    await before.waitForFunction(() =>
      [...document.querySelectorAll('link[rel="stylesheet"]')].every((link) => link.sheet !== null),
    );
    const boxes = await before.evaluate(BOXES);
    await Promise.all(held.map((route) => route.abort()));
    await loading.close();
    // Then as a visitor sees it, noting every image file fetched.
    const shown = await browser.newContext(viewport);
    const after = await shown.newPage();
    const requested = new Set();
    after.on("request", (sent) => {
      if (sent.resourceType() === "image") requested.add(new URL(sent.url()).pathname);
    });
    await after.goto(request.base + path, { waitUntil: "load" });
    await after.evaluate(LOAD_IMAGES);
    const images = await after.evaluate(IMAGES);
    await shown.close();
    report.images[path][width] = {
      requested: [...requested].sort(),
      images: images.map((image, index) => ({ ...image, box_while_loading: boxes[index] })),
    };
  }
}

await browser.close();
process.stdout.write(JSON.stringify(report));
