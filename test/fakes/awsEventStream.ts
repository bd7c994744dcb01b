/**
 * AWS event-stream frames as Bedrock's invoke-with-response-stream sends them, for the fake Bedrock
 * (test/fakes/fakePlatforms.ts): [total length u32][headers length u32][prelude CRC32 u32][headers]
 * [payload][message CRC32 u32], each header [name length u8][name][type u8, 7 = string][value
 * length u16][value], big-endian, CRC32 as in zlib. The Anthropic SDK for Bedrock decodes them with
 * AWS's own codec, which rejects a frame whose lengths or checksums are wrong.
 */
import { Buffer } from 'node:buffer';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, reflected, as zlib computes it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function headers(fields: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + n.length + 1 + 2);
    head.writeUInt8(n.length, 0);
    n.copy(head, 1);
    head.writeUInt8(7, 1 + n.length);
    head.writeUInt16BE(v.length, 2 + n.length);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

/** One event-stream message with string headers. */
export function frame(fields: Record<string, string>, payload: Buffer): Buffer {
  const h = headers(fields);
  const total = 12 + h.length + payload.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(h.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude), 0);
  const body = Buffer.concat([prelude, preludeCrc, h, payload]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([body, crc]);
}

/** One Anthropic stream event as Bedrock wraps it: a `chunk` event whose JSON payload has the event, base64, in `bytes`. */
export function chunkFrame(event: object): Buffer {
  const bytes = Buffer.from(JSON.stringify(event), 'utf8').toString('base64');
  return frame({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, Buffer.from(JSON.stringify({ bytes }), 'utf8'));
}
