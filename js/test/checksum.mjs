// The checksum the server expects for a tag request (protocol.md §6), computed independently of
// the tag: MurmurHash3 x86 32 (seed 0) of the UTF-8 canonical string, in signed base 36.
import { parameters } from './fake_dom.mjs';

function murmur3(text) {
  const bytes = Buffer.from(text, 'utf8');
  const body = bytes.length & ~3;
  const mix = (k) => Math.imul(((k = Math.imul(k, 0xcc9e2d51)) << 15) | (k >>> 17), 0x1b873593);
  let hash = 0;
  for (let i = 0; i < body; i += 4) {
    hash ^= mix(bytes.readInt32LE(i));
    hash = (Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = bytes.length - 1; i >= body; i--) tail = (tail << 8) | bytes[i];
  if (bytes.length & 3) hash ^= mix(tail);
  hash ^= bytes.length;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}

// The expected `x` of a request URL.
export function murmur3Checksum(url) {
  const params = parameters(url).filter(([name]) => name !== 'x');
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return murmur3(params.map(([name, value]) => `${name}=${value},;`).join('')).toString(36);
}
