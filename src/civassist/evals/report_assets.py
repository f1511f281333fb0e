"""The CSS and script inlined into report.html and compare.html (the pages work offline)."""

CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1400px;color:#222}
h1{font-size:1.4em} h2{margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0} .charts{display:flex;flex-wrap:wrap;gap:1em}
td,th{border:1px solid #ccc;padding:3px 7px;vertical-align:top;font-size:13px;text-align:left}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
.ci{color:#666;font-size:12px} .better{color:#176c2c;font-weight:bold}
.worse{color:#b3261e;font-weight:bold} .low{background:#fde8e6} .perfect{background:#eef7ee}
#questions th{cursor:pointer;user-select:none;white-space:nowrap}
#questions td:nth-child(4){min-width:22em}
#questions th[aria-sort=ascending]::after{content:" ▲"}
#questions th[aria-sort=descending]::after{content:" ▼"}
#questions tr.q:hover{background:#f5f9ff;cursor:pointer} #questions tr.q.open{background:#e8f0fe}
.filters{display:flex;gap:1em;align-items:center;flex-wrap:wrap;margin:.6em 0}
.detail>td{background:#fafafa;padding:.8em 1.2em} .detail h3{margin:.2em 0 .4em}
.detail h4{margin:.8em 0 .3em} .passage{white-space:pre-wrap;font-size:12.5px;margin:.2em 0 .6em;
padding:.4em .6em;border-left:3px solid #ccc;background:#fff}
.passage.gold{border-left-color:#2e7d32} .badge{font-size:11px;padding:0 5px;border-radius:3px;
background:#2e7d32;color:#fff;margin-left:.4em} mark{background:#fff0a0}
a.cite{text-decoration:none;font-weight:bold} .flash{outline:2px solid #f0a000}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1em} .side>div{background:#fafafa;padding:.5em}
.muted{color:#777}
"""

SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById('eval-data').textContent);
  const tbody = document.querySelector('#questions tbody');
  const opened = new Set();
  let sortCol = null, sortDir = 1;
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined) return '–';
    return typeof v === 'number' ? v.toFixed(3) : String(v);
  }
  function value(row, col) {
    if (col === 'id') return row.id;
    if (col === 'kind') return row.kind;
    if (col === 'split') return row.split || '';
    if (col === 'question') return row.q;
    if (col === 'ms') return row.t.total === undefined ? null : row.t.total;
    const v = row.m[col];
    return v === undefined ? null : v;
  }
  function failing(row) {
    return data.metrics.filter(n => typeof row.m[n] === 'number' && row.m[n] < 1);
  }
  function passageBlock(key, quote, gold) {
    const p = data.passages[key] || {source: '?', section: '', text: ''};
    const box = el('div', 'passage' + (gold ? ' gold' : ''));
    const head = el('div', 'muted', p.source + (p.section ? ' › ' + p.section : ''));
    if (gold) head.append(el('span', 'badge', 'gold'));
    box.append(head);
    const at = quote ? p.text.indexOf(quote) : -1;
    if (at < 0) { box.append(document.createTextNode(p.text)); return box; }
    box.append(document.createTextNode(p.text.slice(0, at)), el('mark', null, quote),
               document.createTextNode(p.text.slice(at + quote.length)));
    return box;
  }
  function detail(row, index) {
    const tr = el('tr', 'detail'), td = el('td');
    td.colSpan = 5 + data.metrics.length;
    td.append(el('h3', null, row.q));
    if (row.sq && row.sq !== row.q) td.append(el('p', 'muted', 'Understood as: ' + row.sq));
    if (row.error) td.append(el('p', 'worse', 'Error: ' + row.error));
    if (row.notice) td.append(el('p', 'muted', 'Notice: ' + row.notice));
    td.append(el('h4', null, row.abstained ? 'Answer (abstained)' : 'Answer'));
    const answer = el('p', 'answer');
    if (row.sentences.length) {
      for (const s of row.sentences) {
        answer.append(document.createTextNode(s.t + ' '));
        for (const n of s.c) {
          const a = el('a', 'cite', '[' + n + ']');
          a.href = '#cite-' + index + '-' + n;
          a.addEventListener('click', () => {
            const target = document.getElementById('cite-' + index + '-' + n);
            if (!target) return;
            target.classList.add('flash');
            setTimeout(() => target.classList.remove('flash'), 1500);
          });
          answer.append(a, document.createTextNode(' '));
        }
      }
    } else { answer.textContent = row.answer; }
    td.append(answer);
    if (row.citations.length) {
      td.append(el('h4', null, 'Cited passages (the quote highlighted)'));
      for (const c of row.citations) {
        const box = el('div', 'citation');
        box.id = 'cite-' + index + '-' + c.id;
        box.append(el('strong', null, '[' + c.id + ']'), passageBlock(c.p, c.quote, false));
        td.append(box);
      }
    }
    td.append(el('h4', null, 'Top passages (gold marked)'));
    const list = el('ol');
    for (const p of row.top) {
      const li = el('li');
      li.append(el('span', 'muted', 'score ' + fmt(p.score)), passageBlock(p.p, null, p.gold));
      list.append(li);
    }
    td.append(list);
    td.append(el('h4', null, 'Metrics'));
    const table = el('table', 'metrics');
    const head = el('tr');
    for (const h of ['metric', 'value', 'baseline', 'reason']) head.append(el('th', null, h));
    table.append(head);
    for (const [name, v] of Object.entries(row.m)) {
      const tr2 = el('tr', v < 1 ? 'low' : '');
      tr2.append(el('td', null, name), el('td', 'num', fmt(v)),
                 el('td', 'num', row.base ? fmt(row.base[name]) : ''),
                 el('td', null, row.r[name] || ''));
      table.append(tr2);
    }
    td.append(table);
    td.append(el('h4', null, 'Timings (ms)'));
    td.append(el('p', null, Object.entries(row.t).map(([k, v]) => k + ' ' + fmt(v)).join(' · ')));
    tr.append(td);
    return tr;
  }
  function render() {
    const kind = document.getElementById('f-kind').value;
    const split = document.getElementById('f-split').value;
    const fail = document.getElementById('f-fail').value;
    const changed = document.getElementById('f-changed').checked;
    const text = document.getElementById('f-text').value.toLowerCase();
    let rows = data.rows.map((row, index) => [row, index]).filter(([row]) =>
      (!kind || row.kind === kind) && (!split || row.split === split) &&
      (!fail || (fail === '*' ? failing(row).length > 0 : failing(row).includes(fail))) &&
      (!changed || row.changed) && (!text || (row.id + ' ' + row.q).toLowerCase().includes(text)));
    if (sortCol) {
      rows.sort(([a], [b]) => {
        const x = value(a, sortCol), y = value(b, sortCol);
        if (x === null) return y === null ? 0 : 1;
        if (y === null) return -1;
        return (x < y ? -1 : x > y ? 1 : 0) * sortDir;
      });
    }
    tbody.replaceChildren();
    for (const [row, index] of rows) {
      const tr = el('tr', 'q' + (opened.has(index) ? ' open' : ''));
      tr.dataset.id = row.id;
      tr.append(el('td', null, row.id), el('td', null, row.kind), el('td', null, row.split || ''),
                el('td', null, row.q));
      for (const n of data.metrics) {
        const v = row.m[n];
        const cls = typeof v !== 'number' ? 'num' : v < 1 ? 'num low' : 'num perfect';
        tr.append(el('td', cls, v === undefined ? '' : fmt(v)));
      }
      tr.append(el('td', 'num', fmt(row.t.total)));
      tr.addEventListener('click', () => {
        if (opened.has(index)) opened.delete(index); else opened.add(index);
        render();
      });
      tbody.append(tr);
      if (opened.has(index)) tbody.append(detail(row, index));
    }
    document.getElementById('shown').textContent =
      rows.length + ' of ' + data.rows.length + ' questions shown';
  }
  for (const th of document.querySelectorAll('#questions th[data-col]')) {
    th.addEventListener('click', () => {
      const col = th.dataset.col;
      sortDir = sortCol === col ? -sortDir : 1;
      sortCol = col;
      for (const other of document.querySelectorAll('#questions th')) {
        other.removeAttribute('aria-sort');
      }
      th.setAttribute('aria-sort', sortDir === 1 ? 'ascending' : 'descending');
      render();
    });
  }
  for (const id of ['f-kind', 'f-split', 'f-fail', 'f-changed', 'f-text']) {
    document.getElementById(id).addEventListener('input', render);
  }
  render();
})();
"""
