// The civassist chat page's only script, served as a file so the page runs under a CSP without
// 'unsafe-inline' or 'unsafe-eval' for scripts (see civassist/web/guard.py).
//
// A citation link anywhere on the page (chat or panel) opens its passage: the chat's sanitizer
// removes inline handlers, so one capturing listener on the document writes the link's anchor
// into the hidden #cite-ref box, whose change the server answers with the sources panel.
// "Copy answer" copies the hidden #copy-text box, which every answer fills.
(() => {
  let clicks = 0;

  const field = (id) => document.querySelector(`#${id} textarea, #${id} input`);

  const setValue = (input, value) => {
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), "value").set;
    setter.call(input, value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };

  const copyByHand = (text) => {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  };

  const copy = (text, button) => {
    if (!text) return;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch(() => copyByHand(text));
    } else {
      copyByHand(text);
    }
    button.classList.add("copied");
    setTimeout(() => button.classList.remove("copied"), 1500);
  };

  document.addEventListener(
    "click",
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      const link = target.closest('a[href^="#cite-"], a[href^="#passage-"]');
      if (link) {
        event.preventDefault();
        event.stopPropagation();
        const ref = field("cite-ref");
        clicks += 1;
        if (ref) setValue(ref, `${link.getAttribute("href")}@${clicks}`);
        const side = document.getElementById("side");
        if (side && window.innerWidth < 900) side.scrollIntoView({ behavior: "smooth" });
        return;
      }
      const button = target.closest('#chat button[aria-label="Copy answer"]');
      const text = field("copy-text");
      if (button && text) copy(text.value, button);
    },
    true,
  );
})();
