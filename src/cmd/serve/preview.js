// The brief's live preview: shows the pages of the last good build, follows
// rebuilds through server-sent events (no reload), shows the problems over
// the pages while the input is broken, and moves between pages.
"use strict";

const $ = (id) => document.getElementById(id);
let pages = [];
let current = 1;

function apply(state) {
  document.body.dataset.generation = String(state.generation);
  document.body.classList.toggle("broken", !state.ok && state.generation > 0);
  if (state.title) {
    $("title").textContent = `${state.title} · ${state.period}`;
    document.title = `${state.title} ${state.period} · brief preview`;
  }
  showPages(state.pages, state.generation);
  showOutline(state.outline);
  showProblems(state);
  const warnings = state.warnings.length ? ` · ${state.warnings.length} warning${state.warnings.length === 1 ? "" : "s"}` : "";
  if (state.generation === 0) {
    $("status").textContent = "building…";
  } else if (state.ok) {
    $("status").textContent = `build ${state.generation} · ${state.elapsed_ms} ms${warnings}`;
  } else {
    const n = state.errors.length;
    $("status").textContent = `build ${state.generation} · ${n} problem${n === 1 ? "" : "s"}`;
  }
}

function showPages(list, generation) {
  const main = $("pages");
  while (main.children.length > list.length) main.lastElementChild.remove();
  list.forEach((p, i) => {
    let figure = main.children[i];
    if (!figure) {
      figure = document.createElement("figure");
      figure.className = "page";
      figure.id = `page-${i + 1}`;
      const img = document.createElement("img");
      img.alt = `Page ${i + 1}`;
      figure.append(img);
      main.append(figure);
    }
    figure.style.aspectRatio = `${p.width} / ${p.height}`;
    figure.style.maxWidth = `${Math.round(p.width * 1.5)}px`;
    const img = figure.firstElementChild;
    if (img.dataset.hash === p.hash) return;
    const src = `/pages/${p.hash}.svg`;
    const first = !img.dataset.hash;
    img.dataset.hash = p.hash;
    if (first) {
      img.src = src;
      return;
    }
    // Load the new page before showing it, so the old one stays until then.
    const next = new Image();
    next.onload = () => {
      if (img.dataset.hash !== p.hash) return;
      img.src = src;
      figure.classList.remove("changed");
      void figure.offsetWidth;
      figure.classList.add("changed");
    };
    next.src = src;
  });
  pages = list;
  $("count").textContent = String(list.length);
  $("page").max = String(Math.max(1, list.length));
  if (list.length === 0 && generation > 0 && !main.querySelector("#empty")) {
    const empty = document.createElement("p");
    empty.id = "empty";
    empty.textContent = "No pages yet: the first build has not succeeded.";
    main.append(empty);
  }
}

function showOutline(entries) {
  const list = $("outline-list");
  list.replaceChildren(...entries.map((e) => {
    const li = document.createElement("li");
    li.className = `level-${Math.min(e.level, 3)}`;
    li.dataset.page = String(e.page);
    const button = document.createElement("button");
    button.type = "button";
    const title = document.createElement("span");
    title.className = "entry-title";
    title.textContent = e.title;
    const page = document.createElement("span");
    page.className = "entry-page";
    page.textContent = String(e.page);
    button.append(title, page);
    button.addEventListener("click", () => goTo(e.page));
    li.append(button);
    return li;
  }));
  markCurrent();
}

function showProblems(state) {
  const broken = !state.ok && state.generation > 0;
  $("overlay").hidden = !broken;
  $("errors").textContent = state.errors.join("\n");
  $("overlay-note").textContent = state.pages.length
    ? "The pages below are the last good build. Fix the problem and save: the preview updates by itself."
    : "Fix the problem and save: the preview updates by itself.";
  $("warnings").hidden = state.warnings.length === 0;
  $("warnings-title").textContent = `${state.warnings.length} warning${state.warnings.length === 1 ? "" : "s"}`;
  $("warnings-list").textContent = state.warnings.join("\n");
}

function goTo(n) {
  if (pages.length === 0) return;
  const page = Math.min(Math.max(1, n), pages.length);
  $(`page-${page}`).scrollIntoView({ block: "start" });
  setCurrent(page);
}

function setCurrent(n) {
  current = n;
  if (document.activeElement !== $("page")) $("page").value = String(n);
  markCurrent();
}

function markCurrent() {
  let best = null;
  for (const li of $("outline-list").children) {
    li.classList.remove("current");
    if (Number(li.dataset.page) <= current) best = li;
  }
  if (best) best.classList.add("current");
}

// The current page is the last one whose top has scrolled past the bar.
let ticking = false;
window.addEventListener("scroll", () => {
  if (ticking) return;
  ticking = true;
  requestAnimationFrame(() => {
    ticking = false;
    const line = $("bar").offsetHeight + 40;
    let n = 1;
    for (const figure of $("pages").querySelectorAll(".page")) {
      if (figure.getBoundingClientRect().top <= line) n = Number(figure.id.slice(5));
    }
    setCurrent(n);
  });
});

$("prev").addEventListener("click", () => goTo(current - 1));
$("next").addEventListener("click", () => goTo(current + 1));
$("page").addEventListener("change", () => goTo(Number($("page").value)));
document.addEventListener("keydown", (e) => {
  if (e.target instanceof HTMLInputElement || e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === "ArrowRight") goTo(current + 1);
  if (e.key === "ArrowLeft") goTo(current - 1);
  if (e.key === "Home") goTo(1);
  if (e.key === "End") goTo(pages.length);
});

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("state", (e) => apply(JSON.parse(e.data)));
  events.addEventListener("error", () => {
    $("status").textContent = "disconnected: is brief serve still running?";
  });
}

connect();
