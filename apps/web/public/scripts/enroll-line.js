// Asks where she stands in line every two seconds and sends her to checkout when it is open (see line.astro).
(() => {
  const section = document.querySelector("[data-status-url]");
  if (!section) return;
  const ahead = section.querySelector(".ahead");
  const wait = section.querySelector(".wait");
  const look = async () => {
    try {
      const response = await fetch(section.dataset.statusUrl, { headers: { accept: "application/json" } });
      const body = await response.json();
      if (response.status === 200 && body.checkoutUrl) return location.assign(body.checkoutUrl);
      if (response.status !== 202) return location.reload();
      const n = body.ahead;
      ahead.textContent =
        n === 0 ? "You're next." : `${n.toLocaleString("en-GB")} ${n === 1 ? "person is" : "people are"} ahead of you.`;
      wait.textContent = `About ${body.waitSeconds} ${body.waitSeconds === 1 ? "second" : "seconds"} to go.`;
    } catch {
      // A dropped connection: ask again at the next turn.
    }
    setTimeout(look, 2000);
  };
  setTimeout(look, 2000);
})();
