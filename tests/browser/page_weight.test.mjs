// Page weight: every page of a questionnaire, with the stylesheet and scripts it loads, reaches the
// browser in under 60 KB (gzip), measured in Chromium from the bytes on the wire; and the headers
// that make this so (Content-Encoding, Vary, cacheable assets revalidated with a 304).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './lib/harness.mjs';
import { plans, runJourney } from './lib/journeys.mjs';

const LIMIT = 60 * 1024;
let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const report = [];
describe('page weight', { concurrency: 4 }, () => {
  after(() => console.log('page weight (document + CSS + JS, gzip, with headers):\n  ' + report.join('\n  ')));
  for (const formId of Object.keys(plans)) {
    test(`${formId}: every page with its CSS and JavaScript is under 60 KB transferred`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sizes = new Map();  // URL → bytes on the wire (headers and encoded body), first load
      page.on('requestfinished', async (req) => {
        const s = await req.sizes();
        const url = req.url().split('#')[0];
        if (!sizes.has(url) || req.resourceType() === 'document') sizes.set(url, s.responseHeadersSize + s.responseBodySize);
      });
      let heaviest = { bytes: 0 };
      await runJourney(page, srv.base, formId, plans[formId][0], {
        js: true,
        onPage: async (p, where) => {
          const assets = await p.$$eval('link[rel=stylesheet], script[src]', (els) => els.map((e) => e.href || e.src));
          await p.waitForLoadState('load');
          const doc = sizes.get(p.url()) || 0;
          let bytes = doc;
          for (const a of assets) {
            assert.ok(sizes.has(a), `${a} was not loaded`);
            bytes += sizes.get(a);
          }
          assert.ok(doc > 0, `${formId} ${where}: the document's size was not measured`);
          if (bytes > heaviest.bytes) heaviest = { bytes, where };
        },
      });
      await context.close();
      report.push(`${formId}: heaviest ${heaviest.where} ${(heaviest.bytes / 1024).toFixed(1)} KB`);
      assert.ok(heaviest.bytes < LIMIT, `${formId} ${heaviest.where}: ${heaviest.bytes} bytes`);
    });
  }
});

test('pages and assets are sent gzip-compressed with Vary, assets revalidate with 304', async () => {
  const gz = { 'accept-encoding': 'gzip' };
  for (const path of ['/s/employers', '/static/mcsurvey.css', '/static/mcsurvey.js', '/static/mcsurvey-xpath.js']) {
    const res = await fetch(srv.base + path, { headers: gz });
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-encoding'), 'gzip', path);
    assert.match(res.headers.get('vary') || '', /Accept-Encoding/, path);
    await res.arrayBuffer();
    const plain = await fetch(srv.base + path, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null, path);
    await plain.arrayBuffer();
  }
  const css = await fetch(srv.base + '/static/mcsurvey.css');
  assert.match(css.headers.get('cache-control'), /public, max-age=\d+/);
  const etag = css.headers.get('etag');
  assert.ok(etag, 'no ETag on a static asset');
  const again = await fetch(srv.base + '/static/mcsurvey.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  // The logic script is versioned in its address, so it is cached for good.
  const html = await (await fetch(srv.base + '/s/employers')).text();
  const logic = html.match(/src="(\/s\/employers\/logic\.js\?v=[^"]+)"/)[1].replace(/&amp;/g, '&');
  const l = await fetch(srv.base + logic, { headers: gz });
  assert.equal(l.headers.get('content-encoding'), 'gzip');
  assert.match(l.headers.get('cache-control'), /immutable/);
});
