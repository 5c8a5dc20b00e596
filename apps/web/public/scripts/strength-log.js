// Helps her fill a strength log without ever changing what she typed (see StrengthLogForm.astro): the load she
// types for set 1 is shown in the later sets she has left empty as a suggestion (a placeholder, so typing there
// starts afresh), and only when she saves are the sets still empty given that load.
const firstLoadOf = (input) => input.form?.querySelector(`[data-first-load="${input.dataset.loadOf}"]`);

document.addEventListener("input", (event) => {
  const first = event.target;
  if (!(first instanceof HTMLInputElement) || !first.dataset.firstLoad || !first.form) return;
  for (const later of first.form.querySelectorAll(`[data-load-of="${first.dataset.firstLoad}"]`)) {
    later.dataset.placeholder ??= later.placeholder;
    later.placeholder = first.value === "" ? later.dataset.placeholder : first.value;
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  for (const later of form.querySelectorAll("[data-load-of]")) {
    const first = firstLoadOf(later);
    if (later.value === "" && first && first.value !== "") later.value = first.value;
  }
});
