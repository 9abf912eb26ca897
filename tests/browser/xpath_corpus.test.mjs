// The expression corpus (tests/xpath/*.tsv) on the browser side:
//  1. through mcsurvey-xpath.js and the JavaScript generated from the server's syntax trees, under
//     node and in headless Chromium: it must give the server's value on every row;
//  2. through Enketo's evaluator (openrosa-xpath-evaluator) in headless Chromium, on an XML
//     instance holding the same answers: every row where it gives another value must be listed,
//     with the reason, in tests/xpath/enketo_differences.md.
//
// The generated JavaScript comes from the unit test binary (XPathCorpus.WritesJavaScript), so
// build it first: cmake --build build --target unit_tests. MCS_UNIT_TESTS names another binary.
// MCS_UPDATE_DIFFERENCES=1 rewrites enketo_differences.md from the current run (review the diff).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify, CATEGORIES } from './enketo_reasons.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const runtimePath = path.join(repo, 'src/web/assets/mcsurvey-xpath.js');
const differencesPath = path.join(repo, 'tests/xpath/enketo_differences.md');
const unitTests = process.env.MCS_UNIT_TESTS || path.join(repo, 'build/tests/unit_tests');

let corpus;  // {context, functions, rows: [{file, line, expr, js, answers, expected}]}
let browser;

function loadCorpus() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-corpus-')), 'corpus.json');
  execFileSync(unitTests, ['--gtest_filter=XPathCorpus.WritesJavaScript'], {
    env: { ...process.env, MCS_CORPUS_JS_OUT: out },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return doc;
}

// The same context as CorpusContext in tests/unit/xpath_corpus_test.cpp. Runs in node and, as
// source text, in the page (so it may use nothing from its closure).
function makeContext(R, base, overrides) {
  const answers = Object.assign({}, base.answers);
  const nodesets = Object.assign({}, base.nodesets || {});
  let offset = 0;
  for (const k of Object.keys(overrides)) {
    if (k === '@utc_offset') offset = overrides[k];
    else if (Array.isArray(overrides[k])) nodesets[k] = overrides[k];
    else answers[k] = overrides[k];
  }
  let next = 0;
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const resolve = (name) => {
    if (has(answers, name)) return answers[name];
    if (has(nodesets, name)) return nodesets[name].length > 0 ? nodesets[name][0] : '';
    if (has(base.repeats, name) && base.repeats[name].length > 0) return base.repeats[name][0];
    return '';
  };
  return R.context({
    resolve,
    resolveAll: (name) =>
      has(nodesets, name) ? nodesets[name].slice() : has(base.repeats, name) ? base.repeats[name].slice() : [resolve(name)],
    isNodeSet: (name) => has(nodesets, name),
    current: () => base.current,
    choiceLabel: (name, choice) =>
      has(base.choice_labels, name) && has(base.choice_labels[name], choice) ? base.choice_labels[name][choice] : '',
    nowMs: () => base.now_ms,
    utcOffsetMinutes: () => offset,
    random: () => base.random[next++ % base.random.length],
    position: () => base.position,
  });
}

// Runs every row through the runtime; returns the string() of each result (or the error).
function runRows(R, base, rows, makeCtx) {
  return rows.map((row) => {
    try {
      // eslint-disable-next-line no-new-func -- tests only; pages load generated logic.js instead
      const f = new Function('R', 'c', 'return ' + row.js + ';');
      return R.str(f(R, makeCtx(R, base, row.answers)));
    } catch (e) {
      return 'ERROR: ' + e.message;
    }
  });
}

function mismatches(rows, got) {
  const out = [];
  rows.forEach((row, i) => {
    if (got[i] !== row.expected) out.push(`${row.file}:${row.line}: ${row.expr}\n    server:  ${JSON.stringify(row.expected)}\n    browser: ${JSON.stringify(got[i])}`);
  });
  return out;
}

before(async () => {
  corpus = loadCorpus();
});

after(async () => {
  if (browser) await browser.close();
});

test('the corpus has at least 2000 rows and calls every function', () => {
  assert.ok(corpus.rows.length >= 2000, `only ${corpus.rows.length} rows`);
  const R = require(runtimePath);
  for (const name of corpus.functions) assert.equal(typeof R.fn[name], 'function', `R.fn["${name}"] is missing`);
});

test('mcsurvey-xpath.js under node agrees with the server on every row', () => {
  const R = require(runtimePath);
  const got = runRows(R, corpus.context, corpus.rows, makeContext);
  const bad = mismatches(corpus.rows, got);
  assert.equal(bad.length, 0, `${bad.length} of ${corpus.rows.length} rows differ:\n` + bad.slice(0, 40).join('\n'));
});

// ---------------------------------------------------------------------------------------------
// Headless Chromium: the runtime in a real browser, and Enketo's evaluator on a real XPath DOM.

async function launch() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.MCS_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// openrosa-xpath-evaluator is CommonJS; a minimal require() loads its files in the page.
function enketoSources() {
  const root = path.join(here, 'node_modules/openrosa-xpath-evaluator/src');
  const files = {};
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) files['/' + path.relative(root, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return files;
}

// Time zones to run Enketo's rows in, by the row's @utc_offset: Enketo reads the browser's zone.
const ZONES = { 0: 'UTC', 60: 'Etc/GMT-1', 330: 'Asia/Kolkata', '-300': 'Etc/GMT+5', 720: 'Etc/GMT-12', '-420': 'America/Phoenix' };

// In the page: evaluates rows with Enketo against an instance built from the answers.
function enketoInPage({ sources, base, rows }) {
  const cache = {};
  const req = (from) => (name) => {
    if (!name.startsWith('.')) throw new Error(`Cannot find module '${name}'`);
    const parts = from.split('/').slice(0, -1);
    for (const seg of name.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    let p = parts.join('/');
    if (!p.endsWith('.js')) p += '.js';
    if (cache[p]) return cache[p].exports;
    const module = { exports: {} };
    cache[p] = module;
    // eslint-disable-next-line no-new-func
    new Function('module', 'exports', 'require', sources[p])(module, module.exports, req(p));
    return module.exports;
  };
  const evaluator = req('/index.js')('./openrosa-xpath.js')();
  const evaluate = (...args) => evaluator.evaluate(...args);

  // ${name} → an XPath path into the instance: /data/name, or /data/hh/name for the repeat's.
  const repeatNames = Object.keys(base.repeats);
  const toXPath = (expr) => {
    let out = '';
    for (let i = 0; i < expr.length; ) {
      const ch = expr[i];
      if (ch === '\'' || ch === '"') {
        const end = expr.indexOf(ch, i + 1);
        const stop = end < 0 ? expr.length : end + 1;
        out += expr.substring(i, stop);
        i = stop;
      } else if (ch === '$' && expr[i + 1] === '{') {
        const end = expr.indexOf('}', i);
        const name = expr.substring(i + 2, end);
        out += name === 'hh' ? '/data/hh' : repeatNames.includes(name) ? '/data/hh/' + name : '/data/' + name;
        i = end + 1;
      } else {
        out += ch;
        i++;
      }
    }
    return out;
  };
  const names = (expr) => {
    const out = [];
    const re = /\$\{([^}]+)\}/g;
    let m;
    while ((m = re.exec(expr))) out.push(m[1]);
    return out;
  };
  // <data> with one element per answer, a repeat hh with one instance per repeat value, and the
  // context node '.' (value "5") in the second instance so that position(..) is 2.
  const instance = (row) => {
    const doc = document.implementation.createDocument(null, 'data', null);
    const data = doc.documentElement;
    const answers = Object.assign({}, base.answers);
    const nodesets = Object.assign({}, base.nodesets || {});
    delete nodesets.hh;  // the repeat built below
    for (const k of Object.keys(row.answers)) {
      if (k === '@utc_offset') continue;
      if (Array.isArray(row.answers[k])) nodesets[k] = row.answers[k];
      else answers[k] = row.answers[k];
    }
    for (const n of names(row.expr)) {
      if (!(n in answers) && !(n in nodesets) && !repeatNames.includes(n) && n !== 'hh') answers[n] = '';
    }
    for (const [k, v] of Object.entries(answers)) {
      const el = doc.createElement(k);
      el.textContent = v;
      data.appendChild(el);
    }
    // A node-set: one element per value (none for an empty one).
    for (const [k, values] of Object.entries(nodesets)) {
      for (const v of values) {
        const el = doc.createElement(k);
        el.textContent = v;
        data.appendChild(el);
      }
    }
    const count = Math.max(...repeatNames.map((n) => base.repeats[n].length));
    let current = null;
    for (let i = 0; i < count; i++) {
      const hh = doc.createElement('hh');
      for (const n of repeatNames) {
        if (i < base.repeats[n].length) {
          const el = doc.createElement(n);
          el.textContent = base.repeats[n][i];
          hh.appendChild(el);
        }
      }
      if (i === base.position - 1) {
        current = doc.createElement('cur');
        current.textContent = base.current;
        hh.appendChild(current);
      }
      data.appendChild(hh);
    }
    return current;
  };
  return rows.map((row) => {
    let next = 0;
    Math.random = () => base.random[next++ % base.random.length];
    try {
      const context = instance(row);
      const result = evaluate(toXPath(row.expr), context, null, XPathResult.STRING_TYPE, null);
      return result.stringValue;
    } catch (e) {
      return 'ERROR: ' + String(e && e.message ? e.message : e).split('\n')[0];
    }
  });
}

async function newPage(timezoneId) {
  if (!browser) browser = await launch();
  const context = await browser.newContext({ timezoneId });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(corpus.context.now_ms));
  return page;
}

test('mcsurvey-xpath.js in headless Chromium agrees with the server on every row', async () => {
  const page = await newPage('UTC');
  await page.addScriptTag({ content: fs.readFileSync(runtimePath, 'utf8') });
  const got = await page.evaluate(
    ({ rows, base, makeContextSource, runRowsSource }) => {
      // eslint-disable-next-line no-new-func
      const makeCtx = new Function('return ' + makeContextSource)();
      // eslint-disable-next-line no-new-func
      const run = new Function('return ' + runRowsSource)();
      return run(window.MCSXPath, base, rows, makeCtx);
    },
    { rows: corpus.rows, base: corpus.context, makeContextSource: makeContext.toString(), runRowsSource: runRows.toString() },
  );
  const bad = mismatches(corpus.rows, got);
  assert.equal(bad.length, 0, `${bad.length} of ${corpus.rows.length} rows differ:\n` + bad.slice(0, 40).join('\n'));
});

// enketo_differences.md: one table row per difference, "| file:line | `expr` | ours | Enketo's |
// reason |" under a heading per reason; the test compares (expression, answers, ours, Enketo's).
// Categories marked unstable (random values) are listed without Enketo's value.
function differenceKey(d) {
  const unstable = CATEGORIES[d.category] && CATEGORIES[d.category].unstable;
  return JSON.stringify([d.expr, d.answers, d.ours, unstable ? '*' : d.enketo]);
}

function cell(s) {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/`/g, '\\`');
}

function parseDifferences(text) {
  const keys = new Set();
  for (const line of text.split('\n')) {
    const m = line.match(/^<!-- diff (.*) -->$/);
    if (m) keys.add(m[1]);
  }
  return keys;
}

function renderDifferences(diffs, total) {
  const byCategory = new Map();
  for (const d of diffs) {
    if (!byCategory.has(d.category)) byCategory.set(d.category, []);
    byCategory.get(d.category).push(d);
  }
  const lines = [
    '# Where mcsurvey and Enketo evaluate the corpus differently',
    '',
    'Written by `tests/browser/xpath_corpus.test.mjs` (`MCS_UPDATE_DIFFERENCES=1`), checked by it on every',
    'run: each row of the corpus (`tests/xpath/*.tsv`) is evaluated by mcsurvey (the server engine, and',
    'the same value from the generated JavaScript in the browser) and by Enketo\'s',
    '`openrosa-xpath-evaluator` in headless Chromium, on an XML instance holding the same answers',
    '(`${name}` becomes `/data/name`, repeat answers `/data/hh/name`, `.` a node in the second `hh`).',
    'Every row where the two differ must be listed here with its reason; a difference not listed fails',
    'the test. Reasons are kept in `tests/browser/enketo_reasons.mjs`.',
    '',
    `Rows compared: ${total}. Rows that differ: ${diffs.length}.`,
    '',
    '## Reasons',
    '',
  ];
  for (const [id, cat] of Object.entries(CATEGORIES)) {
    const n = (byCategory.get(id) || []).length;
    if (n) lines.push(`- **${cat.title}** (${n} rows): ${cat.reason}`);
  }
  for (const [id, cat] of Object.entries(CATEGORIES)) {
    const list = byCategory.get(id);
    if (!list) continue;
    lines.push('', `## ${cat.title}`, '', cat.reason, '', '| row | expression | answers | mcsurvey | Enketo |', '| --- | --- | --- | --- | --- |');
    for (const d of list) {
      lines.push(`| ${d.where} | \`${cell(d.expr)}\` | ${Object.keys(d.answers).length ? '`' + cell(JSON.stringify(d.answers)) + '`' : ''} | \`${cell(d.ours)}\` | \`${cell(d.enketo)}\` |`);
      lines.push(`<!-- diff ${differenceKey(d)} -->`);
    }
  }
  const unexplained = byCategory.get('unexplained');
  if (unexplained) lines.push('', `${unexplained.length} rows have no reason yet.`);
  return lines.join('\n') + '\n';
}

test('every difference from Enketo is listed with its reason', async () => {
  const sources = enketoSources();
  sources['/index.js'] = '';
  const groups = new Map();
  corpus.rows.forEach((row, i) => {
    const offset = row.answers['@utc_offset'] || 0;
    const zone = ZONES[offset];
    const key = zone || 'none';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  });
  const enketo = new Array(corpus.rows.length);
  for (const [zone, indexes] of groups) {
    if (zone === 'none') {
      for (const i of indexes) enketo[i] = 'NOT RUN: no IANA time zone has this offset all year';
      continue;
    }
    const page = await newPage(zone);
    const results = await page.evaluate(enketoInPage, { sources, base: corpus.context, rows: indexes.map((i) => corpus.rows[i]) });
    indexes.forEach((i, k) => { enketo[i] = results[k]; });
    await page.context().close();
  }
  const diffs = [];
  corpus.rows.forEach((row, i) => {
    if (enketo[i] === row.expected) return;
    const d = { where: `${row.file}:${row.line}`, expr: row.expr, answers: row.answers, ours: row.expected, enketo: enketo[i] };
    d.category = classify(d);
    diffs.push(d);
  });
  if (process.env.MCS_UPDATE_DIFFERENCES) fs.writeFileSync(differencesPath, renderDifferences(diffs, corpus.rows.length));
  const listed = fs.existsSync(differencesPath) ? parseDifferences(fs.readFileSync(differencesPath, 'utf8')) : new Set();
  const missing = diffs.filter((d) => !listed.has(differenceKey(d)));
  const unexplained = diffs.filter((d) => d.category === 'unexplained');
  const agree = corpus.rows.length - diffs.length;
  console.log(`# Enketo agrees on ${agree} of ${corpus.rows.length} rows; ${diffs.length} differences`);
  assert.equal(unexplained.length, 0, `differences without a reason:\n` + unexplained.slice(0, 40).map((d) => `${d.where}: ${d.expr}  ours=${JSON.stringify(d.ours)} enketo=${JSON.stringify(d.enketo)}`).join('\n'));
  assert.equal(missing.length, 0, `differences not listed in tests/xpath/enketo_differences.md (MCS_UPDATE_DIFFERENCES=1 rewrites it):\n` +
    missing.slice(0, 40).map((d) => `${d.where}: ${d.expr}  ours=${JSON.stringify(d.ours)} enketo=${JSON.stringify(d.enketo)}`).join('\n'));
});
