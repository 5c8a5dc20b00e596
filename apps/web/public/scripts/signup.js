// Joins without leaving the page when JavaScript runs; the plain form post works without it (see SignupForm.astro).
for (const form of document.querySelectorAll("form[data-enhance]")) {
  const section = form.closest(".signup");
  const status = section.querySelector(".joined");
  const email = form.elements.email;
  const error = section.querySelector(".error");
  const showError = (message) => {
    error.textContent = message;
    email.setAttribute("aria-invalid", "true");
    email.setAttribute("aria-describedby", error.id);
    status.classList.remove("shown");
    email.focus();
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(Object.fromEntries(new FormData(form))),
      });
      const body = await response.json();
      // A mistake, or too many joins (429): the message says what to do, next to the field.
      if (response.status === 422 || response.status === 429) {
        return showError(body.error.fields?.email ?? body.error.message);
      }
      if (!response.ok) throw new Error(body.error?.message);
      error.textContent = "";
      email.removeAttribute("aria-invalid");
      email.removeAttribute("aria-describedby");
      form.reset();
      // Emptied first, so that joining again is announced again.
      status.textContent = "";
      status.classList.add("shown");
      requestAnimationFrame(() => {
        status.textContent = body.message;
      });
    } catch {
      // Anything unexpected: fall back to the plain form post, which answers with a page.
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
}
