// What the page checks and the screenshots share: Debian's Chromium ($CHROMIUM), started headless
// with the flags this machine needs, and the wait for every image of a page.
import { chromium } from "playwright-core";

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

export const launchChromium = () =>
  chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_FLAGS });

// Every image of the page, each scrolled to (a lazy one loads only then) and waited for, the web
// fonts too; then back to the top, where a full-page screenshot starts.
export const LOAD_IMAGES = async () => {
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
