// Searches the Pagefind index as she types; without it the form keeps asking the server (see search.astro).
const input = document.getElementById("search-q");
const form = input.form;
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const describe = (count, query) =>
  count === 0
    ? `No articles match “${query}”. Try a shorter or more general word.`
    : `${count === 1 ? "One article matches" : `${count} articles match`} “${query}”.`;
const resultItem = (hit) => {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = hit.url.replace(/\/$/, "");
  link.textContent = hit.meta.title;
  heading.append(link);
  const excerpt = document.createElement("p");
  // Pagefind escapes the page text and adds only <mark> around the matched words.
  excerpt.innerHTML = hit.excerpt;
  item.append(heading, excerpt);
  return item;
};
let pagefind;
try {
  pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({ excerptLength: 28 });
  await pagefind.init();
} catch {
  // No index (as under `astro dev`) or it failed to load: the form keeps asking the server.
  pagefind = undefined;
}
const search = async (query) => {
  const found = await pagefind.debouncedSearch(query, {}, 150);
  if (found === null || query !== input.value.trim()) return;
  const hits = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
  list.replaceChildren(...hits.map(resultItem));
  status.textContent = query ? describe(found.results.length, query) : "";
  history.replaceState(null, "", query ? `?q=${encodeURIComponent(query)}` : location.pathname);
};
if (pagefind) {
  document.querySelector("[data-search-browse]")?.remove();
  input.addEventListener("input", () => search(input.value.trim()).catch(() => {}));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // If the index fails mid-way, the plain form post still gets an answer from the server.
    search(input.value.trim()).catch(() => form.submit());
  });
}
