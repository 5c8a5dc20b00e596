// A "Copy link" button beside a read-only field (the dashboard's calendar link). Without JavaScript, or when the
// browser refuses the clipboard, the field is still there: a tap selects the whole link to copy by hand.
for (const field of document.querySelectorAll("input[data-select-all]")) {
  field.addEventListener("focus", () => field.select());
  field.addEventListener("click", () => field.select());
}
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = "Copied. Paste it into your calendar app's “subscribe by URL”.";
    } catch {
      field.focus();
      field.select();
      if (status) status.textContent = "Your browser didn't let us copy: the link is selected, copy it from the field.";
    }
  });
}
