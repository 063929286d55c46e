// Unit tests of the tag in a DOM emulation with controlled time and randomness (tag.md §11).
// Every scenario runs against both variants; the spec's worked examples (§8.2) run against the
// readable variant with the digest stubbed, and both variants must then produce the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FakePage, parameters, render, template } from './fake_dom.mjs';
import { murmur3Checksum as expectedChecksum } from './checksum.mjs';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~_';
const VARIANTS = ['readable', 'minified'];

function unique(time, href, random) {
  const digest = createHash('sha256')
    .update(Buffer.concat([Buffer.from(time.toString(36) + href, 'utf8'), Buffer.from(random)]))
    .digest();
  return [...digest].map((byte) => ALPHABET[byte & 0x3f]).join('');
}

async function load(variant, options = {}, constants = {}) {
  const page = new FakePage(options);
  page.module = page.run(render(await template(variant), constants));
  return page;
}

function param(url, name) {
  const found = parameters(url).find(([key]) => key === name);
  return found && found[1];
}

// ---- §8.2 worked examples, byte for byte -------------------------------------------------

const EXAMPLE_1 = 'p=0%3Ai2m3pfsw%3APartyPartyPartyPartyPartyParty01&s=0%3Ai2m3pfsw%3ASessionSessionSessionSessionSe01&v=0%3APageViewPageViewPageViewPageVi01&e=0%3APageViewPageViewPageViewPageVi010&c=i2m3pfsw&n=t&f=t&l=https%3A%2F%2Fwww.example.com%2Fproducts%2F42%3Futm_source%3Dnews%23top&r=https%3A%2F%2Fwww.google.com%2F&i=1hc&j=u0&k=2&w=zk&h=k0&t=pageView&x=-4so5uo';
const EXAMPLE_2 = 'p=0%3Ai2m3pfsw%3APartyPartyPartyPartyPartyParty01&s=0%3Ai2m3pfsw%3ASessionSessionSessionSessionSe01&v=0%3APageViewPageViewPageViewPageVi01&e=0%3APageViewPageViewPageViewPageVi011&c=i2m3pgyk&n=f&f=f&l=https%3A%2F%2Fwww.example.com%2Fproducts%2F42%3Futm_source%3Dnews%23top&r=https%3A%2F%2Fwww.google.com%2F&i=1hc&j=u0&k=1.i&w=zk&h=k0&t=addToCart&u=(sproductId!42!dquantity!2!)&x=-7si96u';

// Replaces the digest so that identifiers get the spec's example unique parts, in order.
function withStubbedDigest(code, uniques) {
  const marker = 'function sha256(bytes) {';
  assert.equal(code.split(marker).length, 2, 'the readable tag defines sha256 once');
  const digests = JSON.stringify(uniques.map((text) => [...text].map((c) => ALPHABET.indexOf(c))));
  return code.replace(marker, `var stubbed = ${digests}; function sha256(bytes) {
    return stubbed.shift(); }; function unusedSha256(bytes) {`);
}

const EXAMPLE_PAGE = {
  time: 1416245000000,
  href: 'https://www.example.com/products/42?utm_source=news#top',
  referrer: 'https://www.google.com/',
  screen: { availWidth: 1920, availHeight: 1080 },
  viewport: { width: 1280, height: 720 },
  devicePixelRatio: 2,
};

test('the worked examples of tag.md §8.2 are produced byte for byte', async () => {
  const code = withStubbedDigest(render(await template('readable')), [
    'PartyPartyPartyPartyPartyParty01', 'SessionSessionSessionSessionSe01',
    'PageViewPageViewPageViewPageVi01']);
  const page = new FakePage(EXAMPLE_PAGE);
  const divolte = page.run(code);
  assert.equal(page.requests.length, 1);
  assert.equal(page.requests[0], `https://track.example.com/csc-event?${EXAMPLE_1}`);
  page.finishNext();
  page.clock.advance(1500);
  page.window.devicePixelRatio = 1.5;
  const eventId = divolte.signal('addToCart', { productId: '42', quantity: 2 });
  assert.equal(eventId, '0:PageViewPageViewPageViewPageVi011');
  assert.equal(page.requests[1], `https://track.example.com/csc-event?${EXAMPLE_2}`);
  assert.equal(expectedChecksum(page.requests[0]), '-4so5uo');
});

test('both variants produce identical requests and cookies', async () => {
  const runs = [];
  for (const variant of VARIANTS) {
    const page = await load(variant, { ...EXAMPLE_PAGE, random: new Uint8Array(32).fill(42) });
    page.finishNext();
    page.clock.advance(1000);
    page.module.signal('click', { a: [1, 2.5, 'x!~'], b: { c: null, d: true } });
    page.clock.advance(5000);
    page.module.signal('later');
    runs.push({ requests: page.requests, cookies: page.jar.writes });
  }
  assert.deepEqual(runs[0], runs[1]);
});

for (const variant of VARIANTS) {
  test(`${variant}: identifiers come from SHA-256 of time, location and secure random`, async () => {
    const random = new Uint8Array(32).map((_, i) => i * 7 + 3);
    const page = await load(variant, { ...EXAMPLE_PAGE, random });
    const expected = unique(EXAMPLE_PAGE.time, EXAMPLE_PAGE.href, random);
    const divolte = page.module;
    assert.equal(divolte.partyId, `0:i2m3pfsw:${expected}`);
    assert.equal(divolte.sessionId, `0:i2m3pfsw:${expected}`);
    assert.equal(divolte.pageViewId, `0:${expected}`);
    assert.equal(divolte.isNewPartyId, true);
    assert.equal(divolte.isFirstInSession, true);
    assert.equal(divolte.isServerPageView, false);
    assert.match(divolte.partyId, /^0:[0-9a-z]+:[A-Za-z0-9~_]{32}$/);
  });

  test(`${variant}: without secure random, ids are marked weak with '!'`, async () => {
    const page = await load(variant, { random: null });
    assert.match(page.module.partyId, /^0:[0-9a-z]+:[A-Za-z0-9~_]{32}!$/);
    assert.match(page.module.pageViewId, /^0:[A-Za-z0-9~_]{32}!$/);
  });

  test(`${variant}: parameters, order, encodings and checksum of every event`, async () => {
    const page = await load(variant, {
      ...EXAMPLE_PAGE, href: 'https://shop.example/ü?q=a b&x=1', referrer: '',
    });
    const params = (url) => parameters(url).map(([name]) => name).join('');
    assert.equal(params(page.requests[0]), 'psvecnflijkwhtx', 'no r: the referrer is empty');
    page.finishNext();
    page.module.signal('ụñ⚕©ºḌℨ 😀', { emoji: '😀', bang: 'a!b', tilde: '~', deep: { x: [1e21, -0.5] },
      date: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)) });
    const url = page.requests[1];
    assert.equal(params(url), 'psvecnflijkwhtux');
    assert.equal(param(url, 't'), 'ụñ⚕©ºḌℨ 😀');
    assert.equal(param(url, 'l'), 'https://shop.example/ü?q=a b&x=1');
    assert.equal(param(url, 'u'),
      '(semoji!😀!sbang!a~!b!stilde!~~!(deep!ax!j1e+21!j-0.5!.)sdate!2020-01-02T03:04:05.006Z!)');
    for (const request of page.requests) assert.equal(param(request, 'x'), expectedChecksum(request));
    assert.ok(!url.includes(' '), 'values are URI-encoded');
  });

  test(`${variant}: lone surrogates are sent as U+FFFD and still checksum`, async () => {
    const page = await load(variant);
    page.finishNext();
    page.module.signal('a\ud800b', { k: '\udc00' });
    const url = page.requests[1];
    assert.equal(param(url, 't'), 'a\ufffdb');
    assert.equal(param(url, 'x'), expectedChecksum(url));
  });

  test(`${variant}: mincode examples of protocol.md §7.3`, async () => {
    const page = await load(variant);
    const examples = [
      [{ foo: 'hello', bar: 42 }, '(sfoo!hello!dbar!16!)'],
      ['a!b~c', 'sa~!b~~c!'],
      [[1, 'x', true, null, undefined], 'ad1!sx!tnn.'],
      [{ a: { b: [1.5, -3] } }, '((a!ab!j1.5!d-3!.))'],
      [1e21, 'j1e+21!'], [0.1, 'j0.1!'], [123456789, 'd21i3v9!'], [1000000, 'dlfls!'],
      [-0.5, 'j-0.5!'], [2.5e-7, 'j2.5e-7!'],
      [{ d: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)) }, '(sd!2020-01-02T03:04:05.006Z!)'],
      [{ n: NaN, u: undefined, e: {}, l: [] }, '(nn!(e!)al!.)'],
      [{ 'we!rd~': 'x' }, '(swe~!rd~~!x!)'],
      [{ f: false, t: true, z: null }, '(ff!tt!nz!)'],
    ];
    for (const [value, expected] of examples) {
      page.finishNext();
      page.module.signal('e', value);
      assert.equal(param(page.requests.at(-1), 'u'), expected, JSON.stringify(value));
    }
  });

  test(`${variant}: unencodable parameters throw and leave no trace`, async () => {
    const page = await load(variant);
    page.finishNext();
    const writes = page.jar.writes.length;
    assert.throws(() => page.module.signal('e', { f() {} }), (e) => e === 'Cannot encode of type: function');
    assert.throws(() => page.module.signal('e', [Symbol('s')]), (e) => e === 'Cannot encode of type: symbol');
    assert.equal(page.requests.length, 1);
    assert.equal(page.jar.writes.length, writes);
    assert.equal(page.module.signal('e'), page.module.pageViewId + '1', 'the counter did not move');
  });

  test(`${variant}: signal without a type returns null and sends nothing`, async () => {
    const page = await load(variant);
    for (const type of [undefined, null, '', 0, false]) assert.equal(page.module.signal(type), null);
    assert.equal(page.requests.length, 1);
    page.finishNext();
    assert.equal(page.module.signal('x', undefined), page.module.pageViewId + '1');
    assert.equal(param(page.requests[1], 'u'), undefined);
  });

  test(`${variant}: cookies are written session first with sliding expiry`, async () => {
    const page = await load(variant, { time: 1416245000000 });
    const [session, party] = page.jar.writes;
    const { sessionId, partyId } = page.module;
    assert.equal(session, `_dvs=${sessionId}; path=/; expires=${new Date(1416245000000 + 1800e3).toUTCString()}; max-age=1800`);
    assert.equal(party, `_dvp=${partyId}; path=/; expires=${new Date(1416245000000 + 63072000e3).toUTCString()}; max-age=63072000`);
    page.finishNext();
    page.clock.advance(60000);
    page.module.signal('later');
    assert.equal(page.jar.writes[2], `_dvs=${sessionId}; path=/; expires=${new Date(1416245060000 + 1800e3).toUTCString()}; max-age=1800`);
  });

  test(`${variant}: configured cookie names, domain, SameSite and Secure`, async () => {
    const page = await load(variant, {}, {
      PARTY_COOKIE_NAME: 'pc', SESSION_COOKIE_NAME: 'sc', COOKIE_DOMAIN: '.example.com',
      COOKIE_SAME_SITE: 'Strict', COOKIE_SECURE: true, SESSION_ID_TIMEOUT_SECONDS: 60,
    });
    assert.match(page.jar.writes[0], /^sc=0:[^;]+; path=\/; expires=[^;]+; max-age=60; domain=\.example\.com; samesite=Strict; secure$/);
    assert.match(page.jar.writes[1], /^pc=0:[^;]+; path=\/; expires=[^;]+; max-age=63072000; domain=\.example\.com; samesite=Strict; secure$/);
  });

  test(`${variant}: existing cookies are read (last occurrence, whitespace) and flags are false`, async () => {
    const page = new FakePage({
      cookieText: 'x=1;_dvp=old; other=2 ;  _dvp = 0:abc:party ; _dvs=0:abc:session',
    });
    const divolte = page.run(render(await template(variant)));
    assert.equal(divolte.partyId, '0:abc:party ');
    assert.equal(divolte.sessionId, '0:abc:session');
    assert.equal(divolte.isNewPartyId, false);
    assert.equal(divolte.isFirstInSession, false);
    assert.equal(param(page.requests[0], 'n'), 'f');
    assert.equal(param(page.requests[0], 'f'), 'f');
  });

  test(`${variant}: an empty cookie value counts as missing`, async () => {
    const page = await load(variant, { cookies: { _dvp: '', _dvs: '0:abc:s' } });
    assert.equal(page.module.isNewPartyId, true);
    assert.equal(page.module.isFirstInSession, false);
  });

  test(`${variant}: flags are true only on the first event`, async () => {
    const page = await load(variant);
    page.finishNext();
    page.module.signal('second');
    assert.deepEqual([param(page.requests[0], 'n'), param(page.requests[0], 'f')], ['t', 't']);
    assert.deepEqual([param(page.requests[1], 'n'), param(page.requests[1], 'f')], ['f', 'f']);
    assert.equal(page.module.isNewPartyId, true, 'module flags keep their initial values');
  });

  test(`${variant}: session renewal follows the example of tag.md §6`, async () => {
    const start = Date.UTC(2026, 0, 1, 10, 0, 0);
    const page = await load(variant, { time: start });
    const first = page.module.sessionId;
    page.finishNext();
    page.clock.advance(10 * 60e3);
    page.module.signal('click');
    page.finishNext();
    assert.equal(param(page.requests[1], 's'), first);
    assert.equal(param(page.requests[1], 'f'), 'f');
    page.clock.advance(50 * 60e3);
    assert.equal(page.jar.value('_dvs'), undefined, 'the session cookie expired at 10:40');
    const pageViewId = page.module.pageViewId;
    page.module.signal('click');
    const renewed = page.requests[2];
    assert.notEqual(param(renewed, 's'), first);
    assert.equal(param(renewed, 's'), page.module.sessionId);
    assert.ok(page.module.sessionId.startsWith(`0:${(start + 60 * 60e3).toString(36)}:`));
    assert.equal(param(renewed, 'f'), 't');
    assert.equal(param(renewed, 'n'), 'f');
    assert.equal(param(renewed, 'v'), pageViewId, 'the page view continues');
    assert.equal(page.jar.value('_dvs'), page.module.sessionId);
  });

  test(`${variant}: a session idle longer than the timeout renews even if the cookie survived`, async () => {
    const page = await load(variant, {}, { SESSION_ID_TIMEOUT_SECONDS: 60 });
    const first = page.module.sessionId;
    page.finishNext();
    page.jar.set('_dvs', first); // e.g. a browser that has not purged it yet
    page.clock.advance(61e3);
    page.module.signal('late');
    assert.notEqual(param(page.requests[1], 's'), first);
    assert.equal(param(page.requests[1], 'f'), 't');
  });

  test(`${variant}: ids written by another tab are adopted without f=t`, async () => {
    const page = await load(variant);
    page.finishNext();
    page.jar.set('_dvs', '0:abc:otherSession');
    page.jar.set('_dvp', '0:abc:otherParty');
    page.module.signal('click');
    assert.equal(param(page.requests[1], 's'), '0:abc:otherSession');
    assert.equal(param(page.requests[1], 'p'), '0:abc:otherParty');
    assert.equal(param(page.requests[1], 'f'), 'f');
    assert.equal(page.module.sessionId, '0:abc:otherSession');
    assert.equal(page.module.partyId, '0:abc:otherParty');
    page.jar.delete('_dvp');
    page.finishNext();
    page.module.signal('again');
    assert.equal(param(page.requests[2], 'p'), '0:abc:otherParty', 'a deleted party cookie is rewritten');
    assert.equal(page.jar.value('_dvp'), '0:abc:otherParty');
  });

  test(`${variant}: delivery is serial with a per-event timeout`, async () => {
    const page = await load(variant, {}, { EVENT_TIMEOUT_SECONDS: 0.5 });
    page.module.signal('a');
    page.module.signal('b');
    assert.equal(page.requests.length, 1, 'one request at a time');
    page.clock.advance(499);
    assert.equal(page.requests.length, 1);
    page.clock.advance(1);
    assert.equal(page.requests.length, 2, 'the timeout moves the queue on');
    page.finishNext(); // the timed-out pageView image loading late changes nothing
    assert.equal(page.requests.length, 2);
    page.finishNext(true); // 'a' fails: no retry
    assert.equal(page.requests.length, 3);
    assert.equal(param(page.requests[2], 't'), 'b');
    assert.equal(page.images[0].width, 1);
    assert.equal(page.images[0].height, 1);
  });

  test(`${variant}: whenCommitted runs after earlier events, once, or at its timeout`, async () => {
    const page = await load(variant);
    const calls = [];
    page.module.signal('a');
    page.module.whenCommitted(() => calls.push('first'));
    page.module.whenCommitted(() => calls.push('timed'), 100);
    page.module.signal('b');
    page.module.whenCommitted(() => calls.push('last'));
    page.finishNext();
    assert.deepEqual(calls, []);
    page.clock.advance(100);
    assert.deepEqual(calls, ['timed'], 'the timeout fires before delivery');
    page.finishNext();
    assert.deepEqual(calls, ['timed', 'first'], 'the timed callback never runs twice');
    page.finishNext();
    assert.deepEqual(calls, ['timed', 'first', 'last']);
    page.module.whenCommitted(() => calls.push('idle'));
    assert.deepEqual(calls.at(-1), 'idle', 'an idle queue runs the callback at once');
  });

  test(`${variant}: a failing whenCommitted callback does not stop the queue`, async () => {
    const page = await load(variant);
    page.module.whenCommitted(() => {
      throw new Error('boom');
    });
    page.module.signal('after');
    page.finishNext();
    assert.equal(page.requests.length, 2);
  });

  test(`${variant}: a hidden page sends nothing until it is shown`, async () => {
    for (const prefixedVisibility of [false, true]) {
      const page = await load(variant, { hidden: true, prefixedVisibility });
      assert.equal(page.requests.length, 0);
      assert.equal(page.module.pageViewId, null);
      page.setHidden(false);
      assert.equal(page.requests.length, 1);
      assert.equal(param(page.requests[0], 't'), 'pageView');
      assert.equal(page.document.listenerCount(page.visibilityEvent), 0, 'listener removed');
      page.setHidden(true);
      page.setHidden(false);
      assert.equal(page.requests.length, 1);
    }
  });

  test(`${variant}: signal on a hidden page starts the page view first`, async () => {
    const page = await load(variant, { hidden: true });
    page.module.signal('early');
    page.finishNext();
    assert.deepEqual(page.requests.map((url) => param(url, 't')), ['pageView', 'early']);
    page.setHidden(false);
    assert.equal(page.requests.length, 2, 'no second page view when shown');
  });

  test(`${variant}: a page shown from the back/forward cache starts a new page view`, async () => {
    const page = await load(variant);
    const first = page.module.pageViewId;
    page.finishNext();
    page.window.dispatch('pageshow');
    assert.equal(page.requests.length, 1, 'pageshow before any pagehide is ignored');
    page.window.dispatch('pagehide');
    page.module.signal('during');
    assert.equal(param(page.requests[1], 'v'), first, 'events after pagehide keep the page view');
    page.finishNext();
    page.clock.advance(1000);
    page.window.dispatch('pageshow', { persisted: true });
    const second = page.module.pageViewId;
    assert.notEqual(second, first);
    assert.equal(param(page.requests[2], 't'), 'pageView');
    assert.equal(param(page.requests[2], 'e'), `${second}0`, 'the counter restarts');
  });

  test(`${variant}: a server-supplied page-view id is used and never reset`, async () => {
    const page = await load(variant, { scriptSrc: 'https://t.example.com/x/divolte.js?v=2#srvPV1' });
    assert.equal(page.module.pageViewId, 'srvPV1');
    assert.equal(page.module.isServerPageView, true);
    assert.ok(page.requests[0].startsWith('https://t.example.com/x/csc-event?'));
    assert.equal(param(page.requests[0], 'e'), 'srvPV10');
    page.finishNext();
    page.window.dispatch('pagehide');
    page.window.dispatch('pageshow');
    assert.equal(param(page.requests[1], 'v'), 'srvPV1');
    assert.equal(param(page.requests[1], 'e'), 'srvPV11', 'the counter is not reset');
  });

  test(`${variant}: a page-view id with a slash is refused`, async () => {
    const page = new FakePage({ scriptSrc: 'https://t.example.com/divolte.js#a/b' });
    const code = render(await template(variant));
    assert.throws(() => page.run(code),
      (e) => e === 'DVT not initialized correctly; page view ID may not contain a slash (\'/\').');
  });

  test(`${variant}: without currentScript the script is found by name`, async () => {
    const code = render(await template(variant), { SCRIPT_NAME: 'my-tag.js' });
    const found = new FakePage({ currentScript: false,
      scripts: ['https://cdn.example/jquery.js', 'https://t.example.com/p/my-tag.js?x#pv9'] });
    const divolte = found.run(code);
    assert.equal(divolte.pageViewId, 'pv9');
    assert.ok(found.requests[0].startsWith('https://t.example.com/p/csc-event?'));
    for (const [scripts, reason] of [
      [['https://t.example.com/other.js'], 'could not locate script'],
      [['https://a.example/my-tag.js', 'https://b.example/my-tag.js'], 'found several scripts'],
      [['https://t.example.com/my-tagXjs'], 'could not locate script'],
    ]) {
      assert.throws(() => new FakePage({ currentScript: false, scripts }).run(code),
        (e) => e === 'Divolte could not initialize itself.');
      const logging = render(await template(variant), { SCRIPT_NAME: 'my-tag.js', LOGGING: true });
      assert.throws(() => new FakePage({ currentScript: false, scripts }).run(logging),
        (e) => e === `Divolte could not initialize itself; ${reason} with src=".../my-tag.js".`);
    }
  });

  test(`${variant}: the event URL is derived from the script URL with a custom suffix`, async () => {
    const page = await load(variant, { scriptSrc: 'https://t.example.com/x/divolte.js?v=2#' },
      { EVENT_SUFFIX: 'ev' });
    assert.ok(page.requests[0].startsWith('https://t.example.com/x/ev?p='));
    assert.equal(page.module.isServerPageView, false, 'an empty fragment is no page-view id');
  });

  test(`${variant}: an existing window.divolte object is left alone`, async () => {
    const existing = { mine: true };
    const page = await load(variant, { preset: { divolte: existing } }, { LOGGING: true });
    assert.equal(page.window.divolte, existing);
    assert.equal(page.requests.length, 0);
    assert.ok(page.logs.some(([level]) => level === 'warn'));
  });

  test(`${variant}: AMD and CommonJS exports`, async () => {
    let defined;
    const define = (factory) => {
      defined = factory();
    };
    define.amd = {};
    const amd = await load(variant, { preset: { define } });
    assert.equal(amd.window.divolte, undefined);
    assert.equal(typeof defined.signal, 'function');
    assert.equal(typeof defined.whenCommitted, 'function');
    const commonjs = await load(variant, { preset: { module: { exports: {} } } });
    assert.equal(commonjs.window.divolte, undefined);
    assert.equal(typeof commonjs.window.module.exports.signal, 'function');
  });

  test(`${variant}: no automatic page view when disabled; logging only when enabled`, async () => {
    const quiet = await load(variant, {}, { AUTO_PAGE_VIEW_EVENT: false });
    assert.equal(quiet.requests.length, 0);
    assert.notEqual(quiet.module.pageViewId, null, 'the page view started without an event');
    assert.deepEqual(quiet.logs, []);
    const chatty = await load(variant, {}, { LOGGING: true });
    assert.ok(chatty.logs.length > 0);
  });
}

test('both variants are ES5 and the minified one fits the size budget (tag.md §1)', async () => {
  const { parse } = await import('acorn');
  const { gzipSync } = await import('node:zlib');
  for (const variant of VARIANTS) {
    const code = render(await template(variant));
    parse(code, { ecmaVersion: 5, sourceType: 'script' });
    assert.ok(!/__DIVOLTE_/.test(code));
  }
  const minified = render(await template('minified'));
  assert.ok(minified.length <= 12 * 1024, `minified: ${minified.length} bytes`);
  const gzipped = gzipSync(minified, { level: 9 }).length;
  assert.ok(gzipped <= 4500, `gzipped: ${gzipped} bytes`);
});
