// Page weight: every page of a questionnaire, with the stylesheet and scripts it loads, reaches the
// browser in under 60 KB (gzip), measured in Chromium from the bytes on the wire (lib/weight.mjs:
// the JavaScript-on journeys of journeys_js.test.mjs weigh each page as they pass, rather than a
// second walk through the same pages here); and the headers that make this so (Content-Encoding,
// Vary, cacheable assets revalidated with a 304).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/harness.mjs';

let srv;

before(async () => {
  srv = await startServer();
});

after(async () => {
  if (srv) await srv.stop();
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
