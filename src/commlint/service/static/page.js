"use strict";
// The commlint page: check a draft against the service (or show one embedded report) and
// render the draft with its findings and strengths, a bar per dimension and a list by dimension.
(() => {
  const $ = (id) => document.getElementById(id);
  const draft = $("draft");
  const kind = $("kind");
  const button = $("check");
  const fixAll = $("fix-all");
  const tip = $("tip");
  const TOKEN_KEY = "commlint-token";
  let checked = null; // the text of the last check: offsets in its report point into it
  const spans = new Map(); // mark element -> the observations it shows

  const say = (message) => { $("status").textContent = message; };
  const words = (name) => name.replace(/_/g, " ");
  const quote = (text) => (text === "" ? "remove it" : `“${text}”`);

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  // Python counts offsets in code points, JavaScript strings in UTF-16 units.
  function utf16Offsets(text) {
    const offsets = [0];
    for (const ch of text) offsets.push(offsets[offsets.length - 1] + ch.length);
    return offsets;
  }

  // `start`/`end` point into the checked text; `line`/`column` into the input as sent. The
  // editor shows the input (a quoted reply or signature may have been left out of the check),
  // the standalone page shows the checked text.
  let inputShown = false;
  function place(text) {
    if (!inputShown) return (o) => [o.start, o.end];
    const lineStarts = [0];
    Array.from(text).forEach((ch, i) => { if (ch === "\n") lineStarts.push(i + 1); });
    return (o) => {
      const start = lineStarts[o.line - 1] + o.column - 1;
      return [start, start + o.end - o.start];
    };
  }

  function observations(text, report) {
    const where = place(text);
    const all = [
      ...report.findings.map((o) => ({ ...o, type: "finding" })),
      ...report.strengths.map((o) => ({ ...o, type: "strength" })),
    ];
    return all.map((o) => { const [from, to] = where(o); return { ...o, from, to }; });
  }

  // The band limits and pass marks the verdict was decided by, from the Python side.
  const scale = JSON.parse($("commlint-scale").textContent);
  const meaning = (band) => (scale.bands.find((b) => b.name === band) || { meaning: "" }).meaning;
  const floor = (name) => scale.min_dimension[name] ?? scale.dimension_floor;
  const counts = (weight) => `counts ×${Number(weight.toFixed(2))}`;
  const notAsked = (kind) => `not asked of ${scale.kinds[kind] || `a ${words(kind)}`}`;
  const placeAt = (node, value) => { node.style.left = `${value}%`; return node; };

  // A 0-100 bar: the fill coloured by band, a thin tick at each band limit, and the pass line
  // (none for a dimension that does not count).
  function meter(score, band, pass, props) {
    const fill = el("div", { class: `fill ${band}` });
    fill.style.width = `${score}%`;
    const mark = (kind, value) => placeAt(el("span", { class: kind, "aria-hidden": "true", "data-value": String(value) }), value);
    const ticks = scale.bands.filter((b) => b.min > 0 && b.min < 100 && b.min !== pass).map((b) => mark("tick", b.min));
    const line = pass === null ? [] : [mark("pass-line", pass)];
    return el("div", {
      class: "bar", role: "meter", "data-band": band, ...(pass === null ? {} : { "data-pass": String(pass) }),
      "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(score), ...props,
    }, fill, ...ticks, ...line);
  }

  // The band names over the bars, each over its stretch of the scale.
  function scaleRow() {
    const names = el("div", { class: "scale", "aria-hidden": "true" });
    let top = 100;
    for (const b of scale.bands) {
      const name = el("span", { class: "scale-name", title: `${b.min}-${top}: ${b.meaning}`, text: b.name });
      name.style.left = `${b.min}%`;
      name.style.width = `${top - b.min}%`;
      names.append(name);
      top = b.min - 1;
    }
    return [el("span"), names, el("span"), el("span")];
  }

  function renderScores(report) {
    const send = report.verdict === "send";
    const overall = el(
      "div", { class: "overall" },
      el("span", { class: "total", id: "overall-score", text: String(report.score) }),
      el("span", { text: "/ 100" }),
      el("span", {
        class: `band-name ${report.band}`, id: "overall-band", text: `${report.band}: ${meaning(report.band)}`,
      }),
      el("span", {
        class: `verdict ${report.verdict}`, id: "verdict", "data-verdict": report.verdict,
        text: send ? "Send" : "Revise before sending",
      }),
      el("span", { class: "hint", text: `kind: ${words(report.kind)} (${report.kind_source})` }),
    );
    const reasons = el("div", { id: "reasons", class: "reasons" });
    if (!send && report.reasons.length) {
      reasons.append(
        el("p", { text: "Why revise:" }),
        el("ul", {}, ...report.reasons.map((reason) => el("li", { text: reason }))),
      );
    }
    const bars = el("div", { class: "bars" }, ...scaleRow());
    bars.append(
      el("span", { id: "label-overall", class: "bar-label overall-label", text: "overall" }),
      meter(report.score, report.band, scale.min_score, {
        id: "overall-bar", "aria-labelledby": "label-overall",
        "aria-valuetext": `${report.score}, ${report.band}: ${meaning(report.band)}; pass line ${scale.min_score}`,
      }),
      el("span", { class: "bar-value", text: String(report.score) }),
      el("span", { class: "bar-note", text: `pass line ${scale.min_score}` }),
    );
    for (const [name, dimension] of Object.entries(report.dimensions)) {
      const pass = dimension.applies ? floor(name) : null;
      const note = dimension.applies
        ? `${dimension.band}, ${counts(dimension.weight)}`
        : notAsked(report.kind);
      const row = [
        el("span", { id: `label-${name}`, class: "bar-label", text: words(name) }),
        meter(dimension.score, dimension.applies ? dimension.band : "na", pass, {
          "data-dimension": name, "data-applies": String(dimension.applies), "aria-labelledby": `label-${name}`,
          "aria-valuetext": `${dimension.score}, ${note}` + (dimension.applies ? `; pass line ${pass}` : ""),
        }),
        el("span", { class: "bar-value", text: String(dimension.score) }),
        el(
          "span", { class: "bar-note", "data-note": name, title: dimension.applies ? meaning(dimension.band) : "" },
          ...(dimension.applies
            ? [el("span", { class: `band-name ${dimension.band}`, text: dimension.band }), ` ${counts(dimension.weight)}`]
            : [note]),
        ),
      ];
      if (!dimension.applies) row.forEach((node) => node.classList.add("na"));
      bars.append(...row);
    }
    const legend = el(
      "p", { class: "hint legend-line" },
      el("span", { class: "key-pass", "aria-hidden": "true" }),
      ` pass line, the score to reach: overall ${scale.min_score}, each dimension ${scale.dimension_floor}`,
      ...(Object.keys(scale.min_dimension).length
        ? [` (${Object.entries(scale.min_dimension).map(([d, n]) => `${words(d)} ${n}`).join(", ")})`]
        : []),
      ". ",
      el("span", { class: "key-tick", "aria-hidden": "true" }, el("span")),
      " band limits.",
    );
    $("scores").replaceChildren(overall, reasons, bars, legend);
  }

  function applicable(covering) {
    return covering.find((o) => o.type === "finding" && o.suggestions.length > 0);
  }

  function renderView(text, report, editable) {
    const at = utf16Offsets(text);
    // a whole-message observation (reading grade, jargon wall) is listed, not painted over
    // the draft, where it would hide every other mark
    const whole = Array.from(text.trim()).length;
    const shown = observations(text, report).filter((o) => o.to > o.from && o.to - o.from < whole);
    const cuts = [...new Set([0, at.length - 1, ...shown.flatMap((o) => [o.from, o.to])])]
      .sort((a, b) => a - b);
    const view = $("view");
    view.replaceChildren();
    spans.clear();
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const [start, end] = [cuts[i], cuts[i + 1]];
      const piece = text.slice(at[start], at[end]);
      const covering = shown.filter((o) => o.from <= start && o.to >= end);
      if (covering.length === 0) {
        view.append(piece);
        continue;
      }
      const type = covering.some((o) => o.type === "finding") ? "finding" : "strength";
      const mark = el("mark", { class: type, tabindex: "0", "data-rules": covering.map((o) => o.rule).join(" ") }, piece);
      if (editable && applicable(covering)) mark.classList.add("applicable");
      spans.set(mark, covering);
      view.append(mark);
    }
  }

  function suggestionButtons(finding, editable) {
    if (!editable) return finding.suggestions.map((s) => el("span", { class: "fix", text: ` Suggest: ${quote(s)}.` }));
    return finding.suggestions.slice(0, 3).map((s) => {
      const apply = el("button", { type: "button", class: "suggestion", text: s === "" ? "Remove it" : `Use ${quote(s)}` });
      apply.addEventListener("click", () => replace(finding, s));
      return apply;
    });
  }

  function findingItem(f, editable) {
    const line = f.text ? ` (line ${f.line}, column ${f.column})` : "";
    return el(
      "li", { class: "finding", "data-rule": f.rule },
      el("span", { class: `badge ${f.severity}`, text: f.severity }),
      el("span", { text: `${f.message}${line}. ` }),
      el("span", { class: "rule", text: f.dimension ? `${f.rule} ${f.impact} points` : f.rule }),
      ...(f.fix ? [el("div", { class: "fix", text: f.fix })] : []),
      el("div", {}, ...suggestionButtons(f, editable)),
    );
  }

  function renderList(text, report, editable) {
    const where = place(text);
    const list = $("list");
    list.replaceChildren();
    const located = (index) => {
      const [from, to] = where(report.findings[index]);
      return { ...report.findings[index], from, to };
    };
    // Findings of an unscored pack (security) belong to no dimension: they get a section first.
    const unscored = report.findings.map((f, index) => [f, index]).filter(([f]) => !f.dimension);
    if (unscored.length) {
      list.append(el(
        "section", { "data-dimension": "security" },
        el("h3", {}, el("span", { class: "dimension-name", text: "Security" }), ": fix before sending"),
        el("ul", { class: "observations" }, ...unscored.map(([, index]) => findingItem(located(index), editable))),
      ));
    }
    for (const [name, dimension] of Object.entries(report.dimensions)) {
      const items = el("ul", { class: "observations" });
      for (const index of dimension.findings) items.append(findingItem(located(index), editable));
      for (const index of dimension.strengths) {
        const s = report.strengths[index];
        items.append(el(
          "li", { class: "strength", "data-rule": s.rule },
          el("span", { class: "badge strength", text: "strength" }),
          el("span", { text: `${s.message}. ` }),
          el("span", { class: "rule", text: `${s.rule} +${s.impact} points` }),
        ));
      }
      if (!items.children.length) items.append(el("li", { class: "strength", text: "Nothing to note." }));
      const heading = dimension.applies
        ? `: ${dimension.score}, ${dimension.band}`
        : `: ${dimension.score} (${notAsked(report.kind)})`;
      list.append(el(
        "section", { "data-dimension": name, class: dimension.applies ? "" : "na" },
        el("h3", {}, el("span", { class: "dimension-name", text: words(name) }), heading),
        items,
      ));
    }
  }

  function render(text, report, editable) {
    checked = text;
    renderScores(report);
    renderView(text, report, editable);
    renderList(text, report, editable);
    $("result").hidden = false;
    $("view-hint").hidden = !editable;
  }

  function showTip(mark) {
    const covering = spans.get(mark);
    if (!covering) return;
    const editable = !$("editor").hidden;
    tip.replaceChildren(...covering.map((o) => {
      const lines = [el("strong", { text: o.type === "finding" ? o.message : `Strength: ${o.message}` })];
      if (o.type === "finding" && o.fix) lines.push(el("p", { text: o.fix }));
      if (o.type === "finding" && o.suggestions.length) {
        const hint = editable ? "Click or press Enter to use " : "Suggest ";
        lines.push(el("p", { text: `${hint}${quote(o.suggestions[0])}.` }));
      }
      return el("p", {}, ...lines);
    }));
    const box = mark.getBoundingClientRect();
    tip.style.left = `${Math.max(8, box.left + window.scrollX)}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
    tip.hidden = false;
    mark.setAttribute("aria-describedby", "tip");
  }

  function hideTip(mark) {
    tip.hidden = true;
    if (mark) mark.removeAttribute("aria-describedby");
  }

  function replace(finding, suggestion) {
    if (draft.value !== checked) {
      say("The draft changed since the last check; press Check again before applying a suggestion.");
      return;
    }
    const at = utf16Offsets(checked);
    draft.value = checked.slice(0, at[finding.from]) + suggestion + checked.slice(at[finding.to]);
    hideTip(null);
    check();
  }

  function post(path, text) {
    const headers = { "Content-Type": "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    return fetch(path, { method: "POST", headers, body: JSON.stringify({ text, kind: kind.value || null }) });
  }

  // The draft changes only here and in `replace`: on the writer's click, never by itself.
  async function applySafeFixes() {
    if (draft.value !== checked) {
      say("The draft changed since the last check; press Check again before applying fixes.");
      return;
    }
    fixAll.disabled = true;
    say("Applying the safe fixes…");
    try {
      const response = await post("v1/fix", checked);
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        say(`Not fixed: ${body.error || body.detail || response.statusText}`);
        return;
      }
      draft.value = body.text;
      await check();
      const left = body.not_fixed.length ? ` (${body.not_fixed.length} left for you: they would bring a new finding or cannot be written back)` : "";
      say(`Applied ${body.fixed} safe ${body.fixed === 1 ? "fix" : "fixes"}${left}. ${$("status").textContent}`);
    } catch (error) {
      say(`Not fixed: the service did not answer (${error.message}).`);
    } finally {
      fixAll.disabled = false;
    }
  }

  async function check() {
    const text = draft.value;
    if (!text.trim()) {
      say("Paste a draft first.");
      draft.focus();
      return;
    }
    button.disabled = true;
    say("Checking…");
    let response;
    try {
      response = await post("v1/check", text);
    } catch (error) {
      say(`Not checked: the service did not answer (${error.message}).`);
      button.disabled = false;
      return;
    }
    try {
      const body = await response.json().catch(() => ({}));
      if (response.status === 401) {
        $("token-field").hidden = false;
        $("token").focus();
        say("This service needs a token: enter it, then press Check again.");
      } else if (!response.ok) {
        say(`Not checked: ${body.error || body.detail || response.statusText}`);
      } else {
        inputShown = true;
        render(text, body, true);
        fixAll.hidden = !body.findings.some((f) => f.safe);
        const seen = `${body.findings.length} findings, ${body.strengths.length} strengths`;
        const verdict = body.verdict === "send" ? "send" : "revise before sending";
        say(`Score ${body.score}/100 (${body.band}), ${verdict}: ${seen}.`);
      }
    } finally {
      button.disabled = false;
    }
  }

  const view = $("view");
  view.addEventListener("mouseover", (e) => { if (e.target.tagName === "MARK") showTip(e.target); });
  view.addEventListener("mouseout", (e) => { if (e.target.tagName === "MARK") hideTip(e.target); });
  view.addEventListener("focusin", (e) => { if (e.target.tagName === "MARK") showTip(e.target); });
  view.addEventListener("focusout", (e) => { if (e.target.tagName === "MARK") hideTip(e.target); });
  const activate = (mark) => {
    const finding = $("editor").hidden ? null : applicable(spans.get(mark) || []);
    if (finding) replace(finding, finding.suggestions[0]);
  };
  view.addEventListener("click", (e) => { if (e.target.tagName === "MARK") activate(e.target); });
  view.addEventListener("keydown", (e) => {
    if (e.target.tagName !== "MARK") return;
    if (e.key === "Enter") activate(e.target);
    if (e.key === "Escape") hideTip(e.target);
  });
  $("editor").addEventListener("submit", (e) => { e.preventDefault(); check(); });
  fixAll.addEventListener("click", applySafeFixes);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !$("editor").hidden) {
      e.preventDefault();
      check();
    }
  });
  $("token").addEventListener("change", (e) => sessionStorage.setItem(TOKEN_KEY, e.target.value));

  const embedded = JSON.parse($("commlint-data").textContent);
  if (embedded) {
    $("editor").hidden = true;
    $("intro").textContent = embedded.report.source ? `Report for ${embedded.report.source}` : "Report";
    render(embedded.text, embedded.report, false);
  }
})();
