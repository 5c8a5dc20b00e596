// Ticks the server-rendered countdown down (see Countdown.astro) and reloads the page at zero.
(() => {
  const el = document.querySelector(".countdown[data-target]");
  if (!el) return;
  const left0 = Date.parse(el.dataset.target) - Date.parse(el.dataset.now);
  const start = performance.now();
  const units = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  const tick = () => {
    let s = Math.max(0, Math.floor((left0 - (performance.now() - start)) / 1000));
    if (s === 0) return location.reload();
    const parts = [];
    for (const [size, name] of units) {
      const n = Math.floor(s / size);
      s -= n * size;
      if (n > 0 || parts.length) parts.push(`${n} ${name}${n === 1 ? "" : "s"}`);
      if (parts.length === 2) break;
    }
    el.textContent = parts.filter((part) => !part.startsWith("0 ")).join(", ");
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();
