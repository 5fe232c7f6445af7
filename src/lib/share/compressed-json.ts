/**
 * JSON carried in a URL fragment: gzip with the platform's CompressionStream (browsers and Node
 * alike, so no compression library ships), then base64url without padding. Fragments are never
 * sent to a server. Unpacking stops past a size limit, so a short link cannot unpack into
 * something huge. Used by the assessment's share links and the rule builder's.
 *
 * Why gzip and not bare deflate: gzip ends with a CRC-32 and the length of what it packed, so a
 * link with a character changed or cut off is refused instead of unpacking into other, valid-looking
 * data (with bare deflate, about one change in six did). Links made before (bare deflate-raw, which
 * never starts with gzip's two magic bytes) still open, without that check.
 */

async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(code: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(code)) return undefined;
  try {
    const binary = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** A value as a compressed, URL-safe code. */
export async function encodeJsonCode(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const compressed = await collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip')), Infinity);
  return toBase64Url(compressed!);
}

/** Why a code could not be read: damaged (changed or cut short) or unpacking past the limit. */
export type JsonCodeResult = { ok: true; value: unknown } | { ok: false; problem: 'damaged' | 'too-big' };

/** Reads a code back into a JSON value; never throws. */
export async function decodeJsonCode(code: string, limitBytes: number): Promise<JsonCodeResult> {
  const bytes = fromBase64Url(code.trim());
  if (!bytes || bytes.length === 0) return { ok: false, problem: 'damaged' };
  // gzip's magic bytes 1f 8b; anything else is a link from before gzip.
  const format = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? 'gzip' : 'deflate-raw';
  let json: Uint8Array | undefined;
  try {
    json = await collect(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream(format)), limitBytes);
  } catch {
    return { ok: false, problem: 'damaged' };
  }
  if (!json) return { ok: false, problem: 'too-big' };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) };
  } catch {
    return { ok: false, problem: 'damaged' };
  }
}

/** The code in a pasted link, fragment or bare code: `https://…/#k=CODE`, `#k=CODE` or `CODE`. */
export function codeFromLink(input: string, key: string): string {
  const trimmed = input.trim();
  const hash = trimmed.indexOf('#');
  const fragment = hash >= 0 ? trimmed.slice(hash + 1) : trimmed;
  const params = new URLSearchParams(fragment);
  return params.get(key) ?? (fragment.startsWith(`${key}=`) ? fragment.slice(key.length + 1) : fragment);
}
