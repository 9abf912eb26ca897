// What every browser test needs: the real `mcsurvey serve` on a temporary SQLite database and a free
// port, Debian's Chromium driven by playwright-core, an API token to read back what was stored, and
// axe-core injected from node_modules (never a CDN: the pages' CSP forbids it anyway).
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../../..');
export const binary = process.env.MCS_BINARY || path.join(repo, 'build/mcsurvey');

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts a server on a fresh database; returns { base, db, token(), stop() }.
export async function startServer(extraArgs = []) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-browser-'));
  const port = await freePort();
  const db = `sqlite:${tmp}/b.db`;
  const server = spawn(binary, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...extraArgs], {
    env: { ...process.env, MCSURVEY_ADMIN_PASSWORD: 'browser-test-password' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mcsurvey did not start')), 20000);
    server.on('exit', (code) => reject(new Error(`mcsurvey exited (${code})`)));
    server.stdout.on('data', (d) => {
      if (String(d).includes('serving at')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  let apiToken;
  return {
    base: `http://127.0.0.1:${port}`,
    db,
    // A bearer token of the owner account, made with the command line as an operator would.
    token() {
      if (!apiToken) {
        const out = execFileSync(binary, ['token', 'add', 'admin', '--db', db], { encoding: 'utf8' });
        apiToken = out.trim().split('\n').pop().trim();
      }
      return apiToken;
    },
    // Runs a `mcsurvey` subcommand on this server's database (it is read live: no restart needed).
    cli(...args) {
      return execFileSync(binary, [...args, '--db', db], { encoding: 'utf8' });
    },
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.on('exit', resolve));
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.MCS_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Every stored response of a form (partial ones too), as the JSON API gives them.
export async function storedResponses(srv, formId) {
  const res = await fetch(`${srv.base}/api/v1/forms/${formId}/responses?status=all`, {
    headers: { authorization: `Bearer ${srv.token()}` },
  });
  if (res.status !== 200) throw new Error(`API answered ${res.status}`);
  return res.json();
}

// Runs axe-core in the page at WCAG 2.1 A and AA; returns the violations (an empty list is a pass).
// Injected as a script element's text through the DevTools protocol, which CSP does not govern.
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary),
    }));
  });
  return result;
}

export function describeViolations(where, violations) {
  return `${where}: ` + violations.map((v) => `${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n  ');
}
