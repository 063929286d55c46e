// Browser tests of the tag: Debian's Chromium, driven by playwright-core, loads pages served by
// this test that load the tag from the real collector; assertions read the published Avro files
// (python3-avro) and the request URLs the browser sent (issue 3, points 5 and 6).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { Collector, waitUntil } from './collector.mjs';
import { parameters } from './fake_dom.mjs';
import { murmur3Checksum } from './checksum.mjs';

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP *.divolte.test 127.0.0.1'],
  // The back/forward cache is what tag.md §7.2 is about; Playwright turns it off by default.
  ignoreDefaultArgs: ['--disable-back-forward-cache'],
};
const ORDER = ['p', 's', 'v', 'e', 'c', 'n', 'f', 'l', 'r', 'i', 'j', 'k', 'w', 'h', 't', 'u', 'x'];

let browser;
before(async () => {
  browser = await chromium.launch(LAUNCH);
});
after(async () => {
  await browser?.close();
});

// Serves the test's pages (and collects what pages report to /report).
class PageServer {
  constructor() {
    this.pages = new Map();
    this.reports = [];
  }
  async start() {
    this.server = http.createServer((request, response) => {
      const path = request.url.split('?')[0];
      if (path === '/report') {
        this.reports.push(decodeURIComponent(request.url.slice(request.url.indexOf('?') + 1)));
        response.end();
        return;
      }
      const page = this.pages.get(path);
      response.writeHead(page ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(page ?? '');
    });
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${this.server.address().port}`;
    return this;
  }
  add(path, { script, body = '', head = '' }) {
    this.pages.set(path, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${path}</title>
${head}${script ? `<script src="${script}" defer></script>` : ''}</head><body>${body}</body></html>`);
    return this.origin + path;
  }
  close() {
    this.server.close();
  }
}

// Runs `body` with a started collector, a page server and a fresh browser context whose event
// requests are captured; stops everything and returns the published records.
async function scenario({ source = '', server = '', contextOptions = {} }, body) {
  const collector = await new Collector({ source, server }).start();
  const pages = await new PageServer().start();
  const context = await browser.newContext({
    viewport: { width: 1111, height: 666 }, screen: { width: 1920, height: 1080 },
    deviceScaleFactor: 2, ...contextOptions,
  });
  const events = [];
  context.on('request', (request) => {
    // Event requests: to the collector, with a checksum (any prefix and event suffix).
    const url = request.url();
    if (url.startsWith(collector.origin) && /[?&]x=/.test(url)) events.push(url);
  });
  try {
    await body({ collector, pages, context, events });
  } finally {
    await context.close();
    pages.close();
    await collector.stop();
  }
  return { records: collector.records(), events };
}

// Resolves once every event signalled so far has been delivered (tag.md §9.2).
function committed(page) {
  return page.evaluate(() => new Promise((resolve) => window.divolte.whenCommitted(resolve)));
}

function param(url, name) {
  const found = parameters(url).find(([key]) => key === name);
  return found && found[1];
}

function browserFacts(page) {
  return page.evaluate(() => ({
    href: location.href, referrer: document.referrer, availWidth: screen.availWidth,
    availHeight: screen.availHeight, ratio: devicePixelRatio, width: innerWidth,
    height: innerHeight, userAgent: navigator.userAgent, partyId: divolte.partyId,
    sessionId: divolte.sessionId, pageViewId: divolte.pageViewId,
    isNewPartyId: divolte.isNewPartyId, isFirstInSession: divolte.isFirstInSession,
  }));
}

test('first page view: a new party and session, every field as the browser had it', async () => {
  let facts;
  const startedAt = Date.now();
  const { records, events } = await scenario({}, async ({ collector, pages, context }) => {
    pages.add('/from.html', { body: 'referrer' });
    const url = pages.add('/shop/item.html', { script: `${collector.origin}/divolte.js` });
    const page = await context.newPage();
    await page.goto(`${url}?q=a%20b&emoji=%F0%9F%98%80#frag`, { referer: `${pages.origin}/from.html` });
    await committed(page);
    facts = await browserFacts(page);
  });
  assert.equal(records.length, 1);
  const [record] = records;
  // uap-core's HeadlessChrome rule captures major.minor.patch (enrich.md §3.2).
  const chromeVersion = /HeadlessChrome\/(\d+\.\d+\.\d+)/.exec(facts.userAgent)[1];
  assert.equal(facts.isNewPartyId, true);
  assert.equal(facts.isFirstInSession, true);
  assert.deepEqual(record, {
    detectedDuplicate: false, detectedCorruption: false, firstInSession: true,
    timestamp: record.timestamp, clientTimestamp: parseInt(param(events[0], 'c'), 36),
    remoteHost: '127.0.0.1', referer: facts.referrer, location: facts.href,
    viewportPixelWidth: facts.width, viewportPixelHeight: facts.height,
    screenPixelWidth: facts.availWidth, screenPixelHeight: facts.availHeight,
    partyId: facts.partyId, sessionId: facts.sessionId, pageViewId: facts.pageViewId,
    eventType: 'pageView', userAgentString: facts.userAgent,
    // Headless Chromium on Linux, parsed and translated (enrich.md §3.3).
    userAgentName: 'HeadlessChrome', userAgentFamily: 'Chrome', userAgentVendor: 'Google Inc.',
    userAgentType: 'Browser', userAgentVersion: chromeVersion,
    userAgentDeviceCategory: 'Personal computer', userAgentOsFamily: 'Linux',
    userAgentOsVersion: '', userAgentOsVendor: '',
  });
  assert.ok(facts.referrer.endsWith('/from.html'));
  assert.equal(facts.width, 1111);
  assert.ok(record.timestamp >= startedAt && record.timestamp <= Date.now());
  assert.ok(Math.abs(record.clientTimestamp - record.timestamp) < 60000);

  // The request itself, against protocol.md §5.2 and tag.md §8.1: names, order and encoding.
  assert.equal(events.length, 1);
  const query = events[0].slice(events[0].indexOf('?') + 1);
  const names = query.split('&').map((pair) => pair.split('=')[0]);
  assert.deepEqual(names, ORDER.filter((name) => name !== 'u'));
  for (const pair of query.split('&')) {
    const value = pair.slice(pair.indexOf('=') + 1);
    assert.equal(value, encodeURIComponent(decodeURIComponent(value)), `${pair} is URI-encoded`);
  }
  assert.equal(param(events[0], 'l'), facts.href);
  assert.equal(param(events[0], 'i'), facts.availWidth.toString(36));
  assert.equal(param(events[0], 'j'), facts.availHeight.toString(36));
  assert.equal(param(events[0], 'k'), facts.ratio.toString(36));
  assert.equal(param(events[0], 'w'), facts.width.toString(36));
  assert.equal(param(events[0], 'h'), facts.height.toString(36));
  assert.equal(param(events[0], 'e'), `${facts.pageViewId}0`);
  assert.deepEqual([param(events[0], 'n'), param(events[0], 'f')], ['t', 't']);
  assert.equal(param(events[0], 'x'), murmur3Checksum(events[0]));
  assert.match(facts.partyId, /^0:[0-9a-z]+:[A-Za-z0-9~_]{32}$/, 'secure random ids');
});

test('a second page load keeps party and session and clears the flags', async () => {
  const facts = [];
  const { records } = await scenario({}, async ({ collector, pages, context }) => {
    const first = pages.add('/one.html', { script: `${collector.origin}/divolte.js` });
    const second = pages.add('/two.html', { script: `${collector.origin}/divolte.js` });
    const page = await context.newPage();
    for (const url of [first, second]) {
      await page.goto(url);
      await committed(page);
      facts.push(await browserFacts(page));
    }
  });
  assert.equal(records.length, 2);
  assert.deepEqual(records.map((r) => r.partyId), [facts[0].partyId, facts[0].partyId]);
  assert.deepEqual(records.map((r) => r.sessionId), [facts[0].sessionId, facts[0].sessionId]);
  assert.deepEqual(records.map((r) => r.firstInSession), [true, false]);
  assert.notEqual(records[0].pageViewId, records[1].pageViewId);
  assert.equal(facts[1].isNewPartyId, false);
  assert.equal(facts[1].isFirstInSession, false);
  assert.ok(records.every((r) => !r.detectedCorruption));
});

test('signal() with custom parameters arrives, decoded by mincode', async () => {
  let eventId;
  const { records, events } = await scenario({}, async ({ collector, pages, context }) => {
    const page = await context.newPage();
    await page.goto(pages.add('/basket.html', { script: `${collector.origin}/divolte.js` }));
    eventId = await page.evaluate(() =>
      divolte.signal('addToBasket', { sku: 'A-1', qty: 2, tags: ['x', 'y'], price: 9.95 }));
    await committed(page);
  });
  assert.equal(records.length, 2);
  const basket = records.find((r) => r.eventType === 'addToBasket');
  assert.equal(basket.detectedCorruption, false);
  assert.equal(basket.pageViewId, records[0].pageViewId);
  assert.equal(eventId, `${records[0].pageViewId}1`);
  // The server decodes exactly this value into {sku, qty, tags, price} (event/tag_compatibility_test.cc).
  assert.equal(param(events[1], 'u'), '(ssku!A-1!dqty!2!atags!sx!sy!.jprice!9.95!)');
  assert.equal(param(events[1], 'x'), murmur3Checksum(events[1]));
});

test('whenCommitted fires after delivery, or at its timeout', async () => {
  let outcome;
  const { records } = await scenario({
    source: 'http_response_delay = 1 second, javascript.event_timeout = 10 seconds',
  }, async ({ collector, pages, context }) => {
    const page = await context.newPage();
    await page.goto(pages.add('/slow.html', { script: `${collector.origin}/divolte.js` }));
    await committed(page);
    outcome = await page.evaluate(() => new Promise((resolve) => {
      const started = performance.now();
      let delivered = false;
      let timedOutEarly;
      divolte.signal('slow');
      divolte.whenCommitted(() => {
        timedOutEarly = !delivered;
      }, 50);
      divolte.whenCommitted(() => {
        delivered = true;
        resolve({ elapsed: performance.now() - started, timedOutEarly });
      });
    }));
  });
  assert.ok(outcome.elapsed >= 1000, `committed after ${outcome.elapsed} ms`);
  assert.equal(outcome.timedOutEarly, true, 'the 50 ms callback ran before delivery');
  assert.deepEqual(records.map((r) => r.eventType), ['pageView', 'slow']);
});

test('a hidden page sends nothing until it is shown', async () => {
  let shownAt;
  const { records } = await scenario({}, async ({ collector, pages }) => {
    // A background tab is a really hidden document. Tabs that Playwright attaches to are made
    // visible, so this browser context and its tabs are driven over the DevTools protocol.
    const report = (what) => `new Image().src = '/report?' + encodeURIComponent(${what});`;
    const visible = pages.add('/front.html', {});
    pages.add('/hidden.html', {
      body: `<script src="${collector.origin}/divolte.js"></script><script>
        ${report("'loaded:' + document.visibilityState + ':' + divolte.pageViewId")}
        document.addEventListener('visibilitychange', function () {
          setTimeout(function () { ${report("'shown:' + divolte.pageViewId")} }, 0);
        });</script>`,
    });
    const cdp = await browser.newBrowserCDPSession();
    const { browserContextId } = await cdp.send('Target.createBrowserContext');
    await cdp.send('Target.createTarget', { url: visible, browserContextId, newWindow: true });
    const { targetId } = await cdp.send('Target.createTarget', {
      url: `${pages.origin}/hidden.html`, browserContextId, background: true,
    });
    await waitUntil(() => pages.reports.find((r) => r.startsWith('loaded:')),
      { message: 'the hidden page to load' });
    assert.equal(pages.reports[0], 'loaded:hidden:null', 'no page view while hidden');
    shownAt = Date.now();
    await cdp.send('Target.activateTarget', { targetId });
    await waitUntil(() => pages.reports.find((r) => r.startsWith('shown:0:')),
      { message: 'the page view to start when shown' });
    await waitUntil(async () => (await collector.metricsText()).includes(
      'divolte_events_received_total{source="browser"} 1'), { message: 'the page view event' });
    await cdp.send('Target.disposeBrowserContext', { browserContextId });
  });
  assert.equal(records.length, 1);
  assert.ok(records[0].location.endsWith('/hidden.html'));
  assert.ok(records[0].timestamp >= shownAt, 'sent only after the page was shown');
});

test('a page restored from the back/forward cache starts a new page view', async () => {
  let restored;
  const { records } = await scenario({}, async ({ collector, pages, context }) => {
    pages.add('/elsewhere.html', { body: 'elsewhere' });
    const url = pages.add('/cached.html', {
      script: `${collector.origin}/divolte.js`,
      head: `<script>window.shows = [];
        addEventListener('pageshow', function (e) { shows.push(e.persisted); });</script>`,
      body: '<a id="away" href="/elsewhere.html">away</a>',
    });
    const page = await context.newPage();
    await page.goto(url);
    await committed(page);
    const first = await page.evaluate(() => divolte.pageViewId);
    await Promise.all([page.waitForURL('**/elsewhere.html'), page.click('#away')]);
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction((id) => window.divolte && divolte.pageViewId !== id, first,
      { timeout: 10000 });
    await committed(page);
    restored = await page.evaluate(() => ({ shows: window.shows, pageViewId: divolte.pageViewId }));
  });
  assert.deepEqual(restored.shows, [false, true], 'restored from the cache, not reloaded');
  assert.deepEqual(records.map((r) => r.eventType), ['pageView', 'pageView']);
  assert.equal(records[1].pageViewId, restored.pageViewId);
  assert.notEqual(records[0].pageViewId, records[1].pageViewId);
  assert.equal(records[0].sessionId, records[1].sessionId);
  assert.equal(records[1].firstInSession, false);
});

test('a server-supplied page-view id is used', async () => {
  const { records, events } = await scenario({}, async ({ collector, pages, context }) => {
    const page = await context.newPage();
    await page.goto(pages.add('/server.html', {
      script: `${collector.origin}/divolte.js#0:ServerPageView42`,
    }));
    await page.evaluate(() => divolte.signal('next'));
    await committed(page);
    assert.equal(await page.evaluate(() => divolte.isServerPageView), true);
  });
  assert.deepEqual(records.map((r) => r.pageViewId), ['0:ServerPageView42', '0:ServerPageView42']);
  assert.deepEqual(events.map((url) => param(url, 'e')), ['0:ServerPageView420', '0:ServerPageView421']);
});

test('an expired session cookie gives a new session', async () => {
  const { records } = await scenario({ source: 'session_timeout = 2 seconds' },
    async ({ collector, pages, context }) => {
      const page = await context.newPage();
      await page.goto(pages.add('/expiry.html', { script: `${collector.origin}/divolte.js` }));
      await committed(page);
      await page.waitForFunction(() => !/(^|;\s*)_dvs=/.test(document.cookie), null,
        { timeout: 15000 });
      await page.evaluate(() => divolte.signal('afterExpiry'));
      await committed(page);
    });
  assert.deepEqual(records.map((r) => r.eventType), ['pageView', 'afterExpiry']);
  assert.notEqual(records[1].sessionId, records[0].sessionId);
  assert.equal(records[1].firstInSession, true);
  assert.equal(records[1].partyId, records[0].partyId);
  assert.equal(records[1].pageViewId, records[0].pageViewId);
});

test('cookie attributes match the configuration', async () => {
  let cookies;
  let loadedAt;
  await scenario({
    source: `party_cookie = p_c, session_cookie = s_c, session_timeout = 10 minutes,
      cookie_same_site = Strict, cookie_secure = true`,
  }, async ({ collector, pages, context }) => {
    const page = await context.newPage();
    loadedAt = Date.now() / 1000;
    await page.goto(pages.add('/cookies.html', { script: `${collector.origin}/divolte.js` }));
    await committed(page);
    cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  });
  const { p_c: party, s_c: session } = cookies;
  for (const cookie of [party, session]) {
    assert.equal(cookie.domain, '127.0.0.1');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, true);
    assert.equal(cookie.httpOnly, false);
    assert.equal(cookie.sameSite, 'Strict');
  }
  assert.ok(Math.abs(session.expires - (loadedAt + 600)) < 60, 'session: 10 minutes, sliding');
  // Chromium caps cookie lifetimes at 400 days; the tag asks for 730.
  assert.ok(party.expires > loadedAt + 399 * 86400);
  assert.match(party.value, /^0:[0-9a-z]+:/);
});

test('a cookie domain makes the cookies domain cookies', async () => {
  let cookies;
  await scenario({ source: 'cookie_domain = "divolte.test"' }, async ({ collector, pages, context }) => {
    pages.add('/domain.html', { script: `${collector.origin}/divolte.js` });
    const page = await context.newPage();
    await page.goto(`${pages.origin.replace('127.0.0.1', 'www.divolte.test')}/domain.html`);
    await committed(page);
    cookies = await context.cookies();
  });
  assert.deepEqual(cookies.map((c) => [c.name, c.domain, c.secure, c.sameSite]).sort(), [
    ['_dvp', '.divolte.test', false, 'Lax'], ['_dvs', '.divolte.test', false, 'Lax']]);
});

test('a custom javascript.name and prefix work', async () => {
  const { records, events } = await scenario({
    source: 'prefix = /t, javascript.name = tag-2.js, event_suffix = ev',
  }, async ({ collector, pages, context }) => {
    const page = await context.newPage();
    await page.goto(pages.add('/custom.html', { script: `${collector.origin}/t/tag-2.js` }));
    await committed(page);
  });
  assert.equal(records.length, 1);
  assert.equal(new URL(events[0]).pathname, '/t/ev');
});

test("the collector's test page loads the tag and signals a click", async () => {
  const { records, events } = await scenario({}, async ({ collector, context }) => {
    const page = await context.newPage();
    await page.goto(`${collector.origin}/`);
    await committed(page);
    await page.click('button');
    await committed(page);
  });
  assert.deepEqual(records.map((r) => r.eventType), ['pageView', 'bannerClick']);
  assert.match(param(events[1], 'u'), /^\(stext!.+!\)$/);
  assert.ok(records.every((r) => !r.detectedCorruption));
});
