// Page weight: what one page of a questionnaire costs on the wire, the document with the stylesheet
// and scripts it loads (headers and encoded bodies, as Chromium measured them). The limit is 60 KB.
import assert from 'node:assert/strict';

export const LIMIT = 60 * 1024;

// Starts measuring every response of `page`; `onPage` (for runJourney) adds up each state's document
// and assets, `heaviest()` is the heaviest state seen: { bytes, where }.
export function weighPages(page, formId) {
  const sizes = new Map();  // URL → bytes on the wire (headers and encoded body), first load
  page.on('requestfinished', async (req) => {
    const s = await req.sizes();
    const url = req.url().split('#')[0];
    if (!sizes.has(url) || req.resourceType() === 'document') sizes.set(url, s.responseHeadersSize + s.responseBodySize);
    // With JavaScript a page comes as the answer to the enhanced post: weighed under the address it
    // stands for (X-MCS-Url), the one the page then shows.
    const standsFor = (await req.response())?.headers()['x-mcs-url'];
    if (standsFor) sizes.set(new URL(standsFor, req.url()).href, s.responseHeadersSize + s.responseBodySize);
  });
  let heaviest = { bytes: 0 };
  return {
    async onPage(p, where) {
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
    heaviest: () => heaviest,
  };
}
