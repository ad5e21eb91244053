// The search page: reads ?q=, asks Pagefind's index of this page's language, lists the results.
// The query is folded as the index was (unionsite's search.py): the four Turkish i's (I, İ, ı, i)
// are one letter, so İŞBİRLİĞİ, Işbirliği and işbirliği find the same pages.
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");

export function fold(text) {
  return text.normalize("NFC").replace(/[Iİı]/g, "i").replace(/\u0307/g, "");
}

function say(template, values = {}) {
  status.textContent = Object.entries(values).reduce(
    (text, [name, value]) => text.replaceAll(`{${name}}`, value),
    template,
  );
}

function item(result) {
  const entry = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title || result.url;
  entry.append(link);
  if (result.meta.description) {
    const description = document.createElement("p");
    description.textContent = result.meta.description;
    entry.append(description);
  }
  return entry;
}

async function search() {
  const query = (new URLSearchParams(location.search).get("q") || "").trim();
  const box = document.getElementById("site-search-query");
  if (box) box.value = query;
  if (!query) {
    say(status.dataset.empty);
    return;
  }
  say(status.dataset.searching);
  try {
    const pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
    const found = await pagefind.search(fold(query));
    const pages = await Promise.all(found.results.map((result) => result.data()));
    results.replaceChildren(...pages.map(item));
    say(pages.length ? status.dataset.found : status.dataset.none, { query, count: pages.length });
  } catch (error) {
    say(status.dataset.failed);
    throw error;
  }
}

if (status && results) search();
